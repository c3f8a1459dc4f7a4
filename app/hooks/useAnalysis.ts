/**
 * The analyses of the loaded file (modules, summary, findings), computed by the analysis worker
 * once per table and shared by every panel. Null until the worker answers (a few ms for a small
 * file, about 100 ms at 262,144 regions); the main thread only hands over the parse worker's copies
 * of the columns (app/workers/analysis-input.ts), by transfer.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { RegionIndex, RegionTable } from '../../src/internal';
import { smapsArrays, type AnalysisInput } from '../workers/analysis-input';
import {
  type Analysis,
  type AnalyzeRequest,
  type AnalyzeResponse,
  type AnswerObjects,
  joinAnswer,
} from '../workers/analyze-protocol';
import { resetExpandedModules } from '../state/module-collapse-store';

/** The analysis state of one table. */
export interface AnalysisState {
  table: RegionTable | null;
  analysis: Analysis | null;
  error: string | null;
}

let state: AnalysisState = { table: null, analysis: null, error: null };
const listeners = new Set<() => void>();
let worker: Worker | null = null;
let jobId = 0;
/** Parts of the running job's answer received so far (analyze-protocol.ts, PART_OBJECTS). */
let parts: AnswerObjects[] = [];

function setState(next: AnalysisState): void {
  state = next;
  for (const listener of listeners) listener();
}

function getWorker(): Worker {
  if (worker === null) {
    worker = new Worker(new URL('../workers/analyze.worker.ts', import.meta.url), { type: 'module', name: 'mapscope-analyze' });
    worker.onmessage = (event: MessageEvent<AnalyzeResponse>) => {
      const message = event.data;
      if (message.jobId !== jobId) return; // an older file's answer
      const startMs = performance.now();
      if (message.type === 'part') {
        parts.push(message);
        return;
      }
      if (message.type === 'failed') setState({ ...state, error: message.message });
      else {
        const { type: _type, jobId: _job, ...analysis } = message;
        const { modules, byModule } = joinAnswer(parts, { modules: analysis.modules, byModule: analysis.summary.byModule });
        setState({ ...state, analysis: { ...analysis, modules, summary: { ...analysis.summary, byModule } } });
      }
      parts = [];
      // The page's share of the work (the panels' render), beside the worker's own time: DevTools and tests read it.
      performance.measure('mapscope:analysis-apply', { start: startMs, end: performance.now() });
    };
    worker.onerror = (event) => setState({ ...state, error: event.message || 'the analysis worker failed' });
  }
  return worker;
}

/** The parse worker's copies of what the analysis of a table reads, until it starts. */
const offered = new WeakMap<RegionTable, AnalysisInput>();

/** Gives the analysis of `table` copies of what it reads (app/workers/analysis-input.ts), to post by transfer. */
export function offerAnalysisInput(table: RegionTable, input: AnalysisInput): void {
  offered.set(table, input);
}

/** Starts analysing `table` (once per table). */
export function analyze(table: RegionTable, index: RegionIndex): void {
  if (state.table === table) return;
  const startMs = performance.now();
  jobId++;
  parts = [];
  resetExpandedModules(); // module indexes of the previous file
  setState({ table, analysis: null, error: null });
  // The parse worker's copies go by transfer; without them the table's own columns and order are
  // copied (the page keeps using them). The smaps arrays are ours to give either way.
  const input = offered.get(table);
  offered.delete(table);
  const { columns, order, smaps } = input ?? { columns: table.columns, order: index.order, smaps: smapsArrays(table) };
  const request: AnalyzeRequest = { type: 'analyze', jobId, length: table.length, columns, pathnames: table.pathnames as string[], known: table.known, order, smaps };
  const given = input ? [...Object.values(columns), order] : [];
  if (smaps !== null) given.push(smaps.rss, smaps.pss, smaps.swap, smaps.bits);
  getWorker().postMessage(request, given.map((a) => a.buffer as ArrayBuffer));
  performance.measure('mapscope:analysis-post', { start: startMs, end: performance.now() });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The analysis of `table`, starting it when needed; null until it is ready (or for another table). */
export function useAnalysis(table: RegionTable, index: RegionIndex): AnalysisState {
  useEffect(() => analyze(table, index), [table, index]);
  const current = useSyncExternalStore(subscribe, () => state);
  return current.table === table ? current : { table, analysis: null, error: null };
}

/** The analysis state now, for code outside React (the lookup's module index); subscribeAnalysis tells of changes. */
export function getAnalysisState(): AnalysisState {
  return state;
}

/** Calls `listener` after every change of the analysis state; returns the unsubscribe. */
export function subscribeAnalysis(listener: () => void): () => void {
  return subscribe(listener);
}
