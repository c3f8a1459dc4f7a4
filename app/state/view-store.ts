/**
 * The view store: what the address-space view shows and what the user picked in it — scale,
 * colouring, visible window, selection and hover. A small external store (useSyncExternalStore),
 * so that other views (search, region table) can read and set the same selection. A state object
 * is never mutated: every change makes a new one, and listeners run after each change.
 */
import { useSyncExternalStore } from 'react';
import type { ScaleMode, Viewport } from '../../src/internal';

/** How regions are coloured. */
export type ColorMode = 'kind' | 'perms' | 'module';

export const COLOR_MODES: readonly ColorMode[] = ['kind', 'perms', 'module'];

/** What the pointer is over: a region (table row), an unmapped gap, or nothing. */
export type HoverTarget =
  /** `count`: regions merged into the hovered pixel column (1 when the region is drawn alone). */
  | { kind: 'region'; row: number; count: number; clientX: number; clientY: number }
  /** `begin`/`end`: the unmapped range (exact); `beforeRow`/`afterRow`: the regions around it. */
  | { kind: 'gap'; begin: bigint; end: bigint; beforeRow: number; afterRow: number; clientX: number; clientY: number };

/** What a hover target points at, ignoring where the pointer is: equal keys paint the same. */
export function hoverKey(hover: HoverTarget | null): string {
  if (hover === null) return '';
  return hover.kind === 'region' ? `r${hover.row}` : `g${hover.beforeRow}`;
}

export interface ViewState {
  /**
   * What the window and the selection belong to (the address-space view's model of the loaded
   * file); a new file replaces it, and views ignore a window that is not their file's.
   */
  owner: object | null;
  scaleMode: ScaleMode;
  colorMode: ColorMode;
  /** The visible window, in units of `scaleMode`'s scale; null until the view fits a file. */
  viewport: Viewport | null;
  /** The selected region's table row, or -1. */
  selectedRow: number;
  hover: HoverTarget | null;
}

export const INITIAL_VIEW: ViewState = {
  owner: null,
  scaleMode: 'compressed',
  colorMode: 'kind',
  viewport: null,
  selectedRow: -1,
  hover: null,
};

/** A view store: state, change, subscribe. */
export interface ViewStore {
  get(): ViewState;
  /** Merges `patch` into the state (no-op when nothing changes). */
  set(patch: Partial<ViewState>): void;
  subscribe(listener: () => void): () => void;
}

/** Creates a store (the app uses `viewStore`; tests and benchmarks may make their own). */
export function createViewStore(initial: ViewState = INITIAL_VIEW): ViewStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(patch) {
      let changed = false;
      for (const key of Object.keys(patch) as (keyof ViewState)[]) {
        if (patch[key] !== state[key]) changed = true;
      }
      if (!changed) return;
      state = { ...state, ...patch };
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The app's one view store. */
export const viewStore: ViewStore = createViewStore();

/** A slice of the view state; the component re-renders only when the slice changes. */
export function useViewState<T>(select: (state: ViewState) => T, store: ViewStore = viewStore): T {
  return useSyncExternalStore(
    store.subscribe,
    () => select(store.get()),
    () => select(store.get()),
  );
}

/** Selects a region by table row (-1 clears the selection). */
export function selectRow(row: number, store: ViewStore = viewStore): void {
  store.set({ selectedRow: row });
}
