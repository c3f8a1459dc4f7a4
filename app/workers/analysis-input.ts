/**
 * What the analysis worker reads of a file: copies of the table's columns and of the address
 * order, and the smaps fields it needs as arrays (analyze-protocol.ts). The parse worker makes
 * them next to the table, so that the page hands them on by transfer — posting the table's own
 * columns would copy ~13 MB on the page's main thread at 262,144 regions (~20 ms).
 */
import type { RegionColumns, RegionTable } from '../../src/internal';
import {
  SMAPS_FLAG_GD,
  SMAPS_FLAG_NH,
  SMAPS_HAS_FIELDS,
  SMAPS_HAS_VMFLAGS,
  SMAPS_PSS_DIRTY,
  SMAPS_RECORD,
  type AnalyzeRequest,
} from './analyze-protocol';

/** The arrays of an AnalyzeRequest; all of them the receiver's to transfer. */
export interface AnalysisInput {
  columns: RegionColumns;
  order: Uint32Array;
  smaps: AnalyzeRequest['smaps'];
}

/** What the analyses read of each smaps record, as arrays (see analyze-protocol.ts). */
export function smapsArrays(table: RegionTable): AnalyzeRequest['smaps'] {
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

/** Copies of what the analysis of `table` reads; `order` lists its rows ascending by begin. */
export function buildAnalysisInput(table: RegionTable, order: Uint32Array): AnalysisInput {
  const columns = {} as Record<keyof RegionColumns, RegionColumns[keyof RegionColumns]>;
  for (const [name, column] of Object.entries(table.columns) as [keyof RegionColumns, RegionColumns[keyof RegionColumns]][]) {
    columns[name] = column.slice(0, table.length) as typeof column;
  }
  return { columns: columns as RegionColumns, order: order.slice(), smaps: smapsArrays(table) };
}
