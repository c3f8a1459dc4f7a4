/**
 * The shown file's analysis and module index, as slices of the loaded file (store.ts): one
 * grouping (src/analyze/modules.ts, made by the parse worker after the table) for the Modules
 * panel, the map's module colouring, Region details and address lookup. Lookup's module index
 * (`libc.so.6+0x29d90`) is adopted with ModuleIndex.fromData in O(1) when it arrives, right after
 * the analysis (app/workers/parse-client.ts): the page never groups modules itself. Until then there is no
 * grouping; lookups say so (find-results.ts) and answer when it comes.
 */
import type { ModuleIndex, RegionIndex, RegionTable } from '../../src/internal';
import type { Analysis } from '../workers/analysis';
import { MODULES_PENDING, type ModuleIndexState } from './loaded-file';
import { getLoadedFile, useLoadedSlice } from './app-store';

export type { ModuleIndexState };

/** The module index of `table` when it is the loaded file's and its analysis has come, else null. */
export function moduleIndexOf(table: RegionTable): ModuleIndex | null {
  const file = getLoadedFile();
  return file.table === table && file.moduleIndex.status === 'ready' ? file.moduleIndex.modules : null;
}

/** The module index state of `index`'s file; re-renders when the analysis answers. */
export function useModuleIndex(index: RegionIndex): ModuleIndexState {
  return useLoadedSlice((file) => (file.table === index.table ? file.moduleIndex : MODULES_PENDING));
}

/**
 * The analysis of `table` while `enabled`, else null: a component that needs the grouping only
 * sometimes (module colouring, a selected region's details) re-renders on its arrival only then.
 */
export function useAnalysisOf(table: RegionTable, enabled = true): Analysis | null {
  return useLoadedSlice((file) => (enabled && file.table === table ? file.analysis : null));
}

/** Why the analysis of `table` failed while `enabled`, else null. */
export function useAnalysisErrorOf(table: RegionTable, enabled = true): string | null {
  return useLoadedSlice((file) => (enabled && file.table === table && file.moduleIndex.status === 'failed' ? file.moduleIndex.message : null));
}

/** The analysis of `table` and why it failed (both null while it runs). */
export function useAnalysis(table: RegionTable): { analysis: Analysis | null; error: string | null } {
  return { analysis: useAnalysisOf(table), error: useAnalysisErrorOf(table) };
}
