/**
 * Whether the region table shows each module (src/analyze/modules.ts) as one row, and which
 * modules the user opened again. A tiny external store; a new file starts with none opened.
 */
import { useSyncExternalStore } from 'react';

export interface ModuleCollapse {
  on: boolean;
  /** Indexes of the modules shown region by region although `on`. */
  expanded: ReadonlySet<number>;
}

let state: ModuleCollapse = { on: false, expanded: new Set() };
const listeners = new Set<() => void>();

function set(next: ModuleCollapse): void {
  state = next;
  for (const listener of listeners) listener();
}

/** Turns collapsing on or off; either way every module starts closed again. */
export function setCollapseModules(on: boolean): void {
  set({ on, expanded: new Set() });
}

/** Shows one module region by region (or folds it again). */
export function toggleModuleExpanded(module: number): void {
  const expanded = new Set(state.expanded);
  if (!expanded.delete(module)) expanded.add(module);
  set({ ...state, expanded });
}

/** Forgets opened modules (their indexes belong to the previous file). */
export function resetExpandedModules(): void {
  if (state.expanded.size > 0) set({ ...state, expanded: new Set() });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useModuleCollapse(): ModuleCollapse {
  return useSyncExternalStore(subscribe, () => state);
}
