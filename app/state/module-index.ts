/**
 * The page's modules, all from the analysis worker (app/workers/analyze.worker.ts), one grouping
 * (src/analyze/modules.ts) for the Modules panel, the map's module colouring, Region details and
 * address lookup. Lookup's module index (`libc.so.6+0x29d90`, module+offset in answers) is adopted
 * with ModuleBases.fromData in O(1): the page never groups modules itself — at 262,144 regions
 * that held the main thread 120–315 ms on the first module lookup. Until the worker answers
 * there is no grouping; lookups say so (find-results.ts) and answer when it comes.
 */
import { useSyncExternalStore } from 'react';
import { ModuleBases, type RegionIndex, type RegionTable } from '../../src/internal';
import { analyze, getAnalysisState, subscribeAnalysis } from '../hooks/useAnalysis';
import type { Analysis } from '../workers/analyze-protocol';

const adopted = new WeakMap<Analysis, ModuleBases>();

/** Where the module index of a table stands. */
export type ModuleIndexState = { status: 'ready'; modules: ModuleBases } | { status: 'pending' } | { status: 'failed'; message: string };

const PENDING: ModuleIndexState = { status: 'pending' };
const states = new WeakMap<ModuleBases, ModuleIndexState>();
let lastFailure: { message: string; state: ModuleIndexState } | null = null;

/** The module index of `table`, or null while the analysis runs (or failed). */
export function moduleIndexOf(table: RegionTable): ModuleBases | null {
  const { table: analysed, analysis } = getAnalysisState();
  if (analysed !== table || analysis === null) return null;
  let modules = adopted.get(analysis);
  if (modules === undefined) {
    const startMs = performance.now();
    modules = ModuleBases.fromData(table, analysis.moduleBases);
    adopted.set(analysis, modules);
    performance.measure('mapscope:modules', { start: startMs, end: performance.now() });
  }
  return modules;
}

/** The state of the module index of `table` (one object per state, so React can compare it). */
export function moduleIndexState(table: RegionTable): ModuleIndexState {
  const modules = moduleIndexOf(table);
  if (modules !== null) {
    let state = states.get(modules);
    if (state === undefined) states.set(modules, (state = { status: 'ready', modules }));
    return state;
  }
  const { table: analysed, error } = getAnalysisState();
  if (analysed !== table || error === null) return PENDING;
  if (lastFailure?.message !== error) lastFailure = { message: error, state: { status: 'failed', message: error } };
  return lastFailure.state;
}

/** The finished analysis of `table` (its module grouping, among others), or null. */
export function analysisOf(table: RegionTable): Analysis | null {
  const state = getAnalysisState();
  return state.table === table ? state.analysis : null;
}

/**
 * The analysis of `table` while `enabled`, else null: a component that needs the grouping only
 * sometimes (module colouring, a selected region's details) re-renders on the worker's answer
 * only then.
 */
export function useAnalysisOf(table: RegionTable, enabled = true): Analysis | null {
  const get = () => (enabled ? analysisOf(table) : null);
  return useSyncExternalStore(subscribeAnalysis, get, get);
}

/** Why the analysis of `table` failed while `enabled`, else null; re-renders when that changes. */
export function useAnalysisErrorOf(table: RegionTable, enabled = true): string | null {
  const get = () => {
    const state = getAnalysisState();
    return enabled && state.table === table ? state.error : null;
  };
  return useSyncExternalStore(subscribeAnalysis, get, get);
}

/** Starts the analysis of the file if nothing has (the region table and the Understand panel usually have). Call from events and effects, not renders. */
export function requestModuleIndex(index: RegionIndex): void {
  analyze(index.table, index);
}

/** The module index state of `index`'s file; re-renders when the analysis answers. */
export function useModuleIndex(index: RegionIndex): ModuleIndexState {
  return useSyncExternalStore(
    subscribeAnalysis,
    () => moduleIndexState(index.table),
    () => moduleIndexState(index.table),
  );
}
