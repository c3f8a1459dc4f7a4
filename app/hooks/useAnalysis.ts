/**
 * The analyses of the loaded file (modules, summary, findings), computed by the analysis worker
 * once per table and shared by every panel. Null until the worker answers (a few ms for a small
 * file, about 100 ms at 262,144 regions); the main thread only copies the columns over.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { RegionIndex, RegionTable } from '../../src/index';
import {
  SMAPS_FLAG_GD,
  SMAPS_FLAG_NH,
  SMAPS_HAS_FIELDS,
  SMAPS_HAS_VMFLAGS,
  SMAPS_PSS_DIRTY,
  SMAPS_RECORD,
  type Analysis,
  type AnalyzeRequest,
  type AnalyzeResponse,
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
      if (message.type === 'failed') setState({ ...state, error: message.message });
      else {
        const { type: _type, jobId: _job, ...analysis } = message;
        setState({ ...state, analysis });
      }
      // The page's share of the work (the panels' render), beside the worker's own time: DevTools and tests read it.
      performance.measure('mapscope:analysis-apply', { start: startMs, end: performance.now() });
    };
    worker.onerror = (event) => setState({ ...state, error: event.message || 'the analysis worker failed' });
  }
  return worker;
}

/** What the analyses read of each smaps record, as arrays (see analyze-protocol.ts). */
function smapsArrays(table: RegionTable): AnalyzeRequest['smaps'] {
  const smaps = table.smaps;
  if (smaps === null) return null;
  const n = table.length;
  const rss = new Float64Array(n);
  const pss = new Float64Array(n);
  const swap = new Float64Array(n);
  const bits = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const record = smaps[i];
    if (record === null) continue;
    const f = record.fields;
    let b = SMAPS_RECORD;
    rss[i] = f.Rss ?? NaN;
    pss[i] = f.Pss ?? NaN;
    swap[i] = f.Swap ?? NaN;
    for (const _ in f) {
      b |= SMAPS_HAS_FIELDS;
      break;
    }
    if (f.Pss_Dirty !== undefined) b |= SMAPS_PSS_DIRTY;
    const flags = record.vmFlags;
    if (flags !== null) {
      b |= SMAPS_HAS_VMFLAGS;
      if (flags.includes('nh')) b |= SMAPS_FLAG_NH;
      if (flags.includes('gd')) b |= SMAPS_FLAG_GD;
    }
    bits[i] = b;
  }
  return { rss, pss, swap, bits };
}

/** Starts analysing `table` (once per table). */
export function analyze(table: RegionTable, index: RegionIndex): void {
  if (state.table === table) return;
  const startMs = performance.now();
  jobId++;
  resetExpandedModules(); // module indexes of the previous file
  setState({ table, analysis: null, error: null });
  const smaps = smapsArrays(table);
  const request: AnalyzeRequest = { type: 'analyze', jobId, length: table.length, columns: table.columns, pathnames: table.pathnames as string[], known: table.known, order: index.order, smaps };
  // The columns and the order are copied (the page keeps using them); the smaps arrays are ours to give.
  getWorker().postMessage(request, smaps === null ? [] : [smaps.rss.buffer, smaps.pss.buffer, smaps.swap.buffer, smaps.bits.buffer]);
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
