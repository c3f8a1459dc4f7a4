/**
 * The analysis worker: analyses one table for the parse worker (analyzer.ts) — its columns shared,
 * read in place — and posts the answer back in parts (analysis.ts, postAnalysis); the parse worker
 * then ends it, and its heap (the modules' objects, the grouping) goes with it.
 */
import { RegionTable, sortRowsByBegin } from '../../src/internal';
import { analysisBuffers, postAnalysis } from './analysis';
import type { AnalyzerRequest } from './analyzer';

self.onmessage = (event: MessageEvent<AnalyzerRequest>) => {
  const { jobId, table: data } = event.data;
  const table = new RegionTable(data);
  // The same order as the index the parse worker builds meanwhile (RegionIndex.build sorts so): made here, not waited for.
  const order = sortRowsByBegin(table.columns.beginHi, table.columns.beginLo, table.length);
  postAnalysis((message) => self.postMessage(message, { transfer: analysisBuffers(message) }), jobId, table, order);
};
