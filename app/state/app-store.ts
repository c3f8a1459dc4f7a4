/**
 * The app's one store (create-store.ts): the loaded snapshots and which one is shown, and the
 * view, find and panel state of the shown one, each a slice. Components read slices (useStore and
 * the hooks below); the shell, the gestures and the panels change them through the functions here.
 */
import { useMemo } from 'react';
import type { SizeMetric } from '../../src/internal';
import { createStore, sliceOf, useStore, type Store } from './create-store';
import { INITIAL_FIND, type FindState } from './find-store';
import { IDLE, type LoadedFile } from './loaded-file';
import { INITIAL_SNAPSHOT_SET, type SnapshotSetState } from './snapshot-set';
import { INITIAL_VIEW, type ViewState } from './view-store';

/** The loaded snapshots. */
export interface FilesState {
  /**
   * The shown snapshot and, while a load runs, the one shown before it (shown again if the load
   * is cancelled). Every one has its own jobId. The other snapshots of a comparison or a series
   * are the `snapshotSet` slice's: their tables stay in the parse worker.
   */
  list: readonly LoadedFile[];
  /** jobId of the shown one (its status may be `loading`); 0 with none. */
  currentJobId: number;
}

/** Panel choices that outlive a selection. */
export interface PanelState {
  /** What the map shades regions by (MetricSwitch). */
  sizeMetric: SizeMetric;
  /** The region table shows each module as one row (ModuleList's switch)… */
  collapseModules: boolean;
  /** …except these modules (indexes into the shown file's modules), opened again. */
  expandedModules: ReadonlySet<number>;
  /** SmapsFields shows the full explanation under each field. */
  explainSmaps: boolean;
}

export interface AppState {
  files: FilesState;
  view: ViewState;
  find: FindState;
  panel: PanelState;
  /** The snapshots loaded together (snapshot-set.ts). */
  snapshotSet: SnapshotSetState;
}

const INITIAL_PANEL: PanelState = { sizeMetric: 'size', collapseModules: false, expandedModules: new Set(), explainSmaps: false };

export const appStore: Store<AppState> = createStore<AppState>({
  files: { list: [], currentJobId: 0 },
  view: INITIAL_VIEW,
  find: INITIAL_FIND,
  panel: INITIAL_PANEL,
  snapshotSet: INITIAL_SNAPSHOT_SET,
});
export const viewStore = sliceOf(appStore, 'view');
export const findStore = sliceOf(appStore, 'find');
export const panelStore = sliceOf(appStore, 'panel');
export const snapshotSetStore = sliceOf(appStore, 'snapshotSet');

// ── Loaded snapshots ──

function currentOf(files: FilesState): LoadedFile {
  return files.list.find((f) => f.jobId === files.currentJobId) ?? IDLE;
}

/** The shown snapshot (IDLE when there is none). */
export function getLoadedFile(): LoadedFile {
  return currentOf(appStore.get().files);
}

/** The snapshot of job `jobId`, shown or not, or undefined. */
export function findLoadedFile(jobId: number): LoadedFile | undefined {
  return appStore.get().files.list.find((f) => f.jobId === jobId);
}

/** Shows `file`; `keep` stays in the list beside it (the snapshot a running load would replace), the others go. */
export function showFile(file: LoadedFile, keep: LoadedFile | null = null): void {
  appStore.set({ files: { list: keep !== null && keep.jobId !== file.jobId ? [keep, file] : [file], currentJobId: file.jobId } });
}

/** Replaces the snapshot with `file`'s jobId (a load's progress, result or analysis). */
export function updateFile(file: LoadedFile): void {
  const { list, currentJobId } = appStore.get().files;
  if (!list.some((f) => f.jobId === file.jobId)) return;
  appStore.set({ files: { list: list.map((f) => (f.jobId === file.jobId ? file : f)), currentJobId } });
}

/** The shown snapshot, re-rendering when it changes. */
export function useLoadedFile(): LoadedFile {
  return useStore(appStore, (s) => currentOf(s.files));
}

/** A slice of the shown snapshot; the component re-renders only when the slice changes (Object.is). */
export function useLoadedSlice<T>(select: (file: LoadedFile) => T): T {
  return useStore(appStore, (s) => select(currentOf(s.files)));
}

// ── View, find and panel slices ──

/** A slice of the view state; the component re-renders only when it changes. */
export function useViewState<T>(select: (state: ViewState) => T, store: Store<ViewState> = viewStore): T {
  return useStore(store, select);
}

/** Selects a region by table row (-1 clears the selection). */
export function selectRow(row: number, store: Store<ViewState> = viewStore): void {
  store.set({ selectedRow: row });
}

/** A slice of the find state; the component re-renders only when it changes. */
export function useFindState<T>(select: (state: FindState) => T, store: Store<FindState> = findStore): T {
  return useStore(store, select);
}

/** A slice of the panel state. */
export function usePanelState<T>(select: (state: PanelState) => T): T {
  return useStore(panelStore, select);
}

/** Turns module collapsing on or off; either way every module starts closed again. */
export function setCollapseModules(on: boolean): void {
  panelStore.set({ collapseModules: on, expandedModules: new Set() });
}

/** Shows one module region by region (or folds it again). */
export function toggleModuleExpanded(module: number): void {
  const expanded = new Set(panelStore.get().expandedModules);
  if (!expanded.delete(module)) expanded.add(module);
  panelStore.set({ expandedModules: expanded });
}

/** Forgets opened modules (their indexes belong to the previous file). */
export function resetExpandedModules(): void {
  if (panelStore.get().expandedModules.size > 0) panelStore.set({ expandedModules: new Set() });
}

/** Module collapsing as the region table applies it: on, and the modules opened again. */
export function useModuleCollapse(): { on: boolean; expanded: ReadonlySet<number> } {
  const on = usePanelState((s) => s.collapseModules);
  const expanded = usePanelState((s) => s.expandedModules);
  return useMemo(() => ({ on, expanded }), [on, expanded]);
}

/** What the map shades regions by. */
export function useSizeMetric(): SizeMetric {
  return usePanelState((s) => s.sizeMetric);
}

export function setSizeMetric(metric: SizeMetric): void {
  panelStore.set({ sizeMetric: metric });
}
