/**
 * Two snapshots shown as one table: every region of the later one ("after"), then the regions of
 * the earlier one ("before") that are gone, at their own addresses — so that the map, the region
 * table and find show added, removed, changed and unchanged regions side by side — with, per row,
 * what changed, the before's row it was matched to and the rule that matched them (src/diff). Built
 * by the parse worker; the page receives the columns by transfer.
 */
import { RegionTable, type RegionColumns, type RegionTableData, type SmapsRecord } from '../../src/internal';
import { copyColumns } from './view-data';

/** What happened to a row of the comparison, by code. */
export const CHANGE = { unchanged: 0, added: 1, removed: 2, changed: 3 } as const;
export type ChangeName = keyof typeof CHANGE;
/** Change names by code. */
export const CHANGE_NAMES: readonly ChangeName[] = ['unchanged', 'added', 'removed', 'changed'];

/** The pairing of two tables, as the diff found it: rows of each side, by fate. */
export interface Pairing {
  /** Rows of the after with no counterpart. */
  added: Uint32Array;
  /** Rows of the before with no counterpart. */
  removed: Uint32Array;
  /** Matched pairs (before row, after row) and, per pair, the rule that matched them (index into `rules`) and whether anything differs. */
  pairBefore: Uint32Array;
  pairAfter: Uint32Array;
  pairRule: Uint8Array;
  /** Per pair: bit i set when `fields[i]` differs; 0 when the pair is unchanged. */
  pairWhat: Uint32Array;
  rules: string[];
  fields: string[];
  /** A sentence about how much matched (the diff's own), shown beside the counts. */
  summary: string;
  /** The diff's own counts (a split or merge is one change, however many regions it has). */
  counts: Record<ChangeName, number>;
}

/** What the page shows of a comparison: per row of the comparison table, and the before's own table. */
export interface ComparisonData {
  beforeName: string;
  afterName: string;
  /** Their places in the worker's set. */
  beforeIndex: number;
  afterIndex: number;
  /** Rows [0, afterRows) are the after's rows, in its order; the rest are removed rows of the before. */
  afterRows: number;
  /** Per row: CHANGE code. */
  change: Uint8Array;
  /** Per row: the before's row (-1: added). */
  beforeRow: Int32Array;
  /** Per row: index into `rules` of the rule that matched it (255: none). */
  rule: Uint8Array;
  /** Per row: bits into `fields` of what changed. */
  what: Uint32Array;
  rules: string[];
  fields: string[];
  /** The diff's counts, for the header: "N added, M removed, K changed". */
  counts: Record<ChangeName, number>;
  /** Rows of this table by change, for the change filter (a region split in three is three changed rows). */
  rowCounts: Record<ChangeName, number>;
  summary: string;
  /** The before's table (for the details panel's before column). */
  before: RegionTableData;
}

export const NO_RULE = 255;

/** The comparison table of `before` and `after` paired by `pairing`, and its per-row data. */
export function buildComparison(before: RegionTable, after: RegionTable, pairing: Pairing, names: { before: string; after: string; beforeIndex: number; afterIndex: number }): { table: RegionTable; data: ComparisonData } {
  const nA = after.length;
  const removed = pairing.removed;
  const n = nA + removed.length;
  const columns = {} as Record<keyof RegionColumns, RegionColumns[keyof RegionColumns]>;
  for (const [name, column] of Object.entries(after.columns) as [keyof RegionColumns, Uint32Array][]) {
    const out = new (column.constructor as Uint32ArrayConstructor)(n);
    out.set(column.subarray(0, nA));
    const from = before.columns[name] as Uint32Array;
    for (let k = 0; k < removed.length; k++) out[nA + k] = from[removed[k]];
    columns[name] = out;
  }
  // The before's pathnames that the after lacks are appended to its list.
  const pathnames = [...after.pathnames];
  const idOf = new Map(pathnames.map((p, i) => [p, i]));
  const pathId = columns.pathId as Int32Array;
  for (let k = nA; k < n; k++) {
    const old = pathId[k];
    if (old < 0) continue;
    const name = before.pathnames[old];
    let id = idOf.get(name);
    if (id === undefined) idOf.set(name, (id = pathnames.push(name) - 1));
    pathId[k] = id;
  }
  let smaps: (SmapsRecord | null)[] | null = null;
  if (after.smaps !== null || before.smaps !== null) {
    smaps = new Array<SmapsRecord | null>(n).fill(null);
    for (let row = 0; row < nA; row++) smaps[row] = after.smaps?.[row] ?? null;
    for (let k = 0; k < removed.length; k++) smaps[nA + k] = before.smaps?.[removed[k]] ?? null;
  }
  const known = { perms: after.known.perms && before.known.perms, offset: after.known.offset && before.known.offset, device: after.known.device && before.known.device, inode: after.known.inode && before.known.inode };
  const table = new RegionTable({ length: n, columns: columns as RegionColumns, pathnames, known, smaps });

  const change = new Uint8Array(n).fill(CHANGE.added);
  const beforeRow = new Int32Array(n).fill(-1);
  const rule = new Uint8Array(n).fill(NO_RULE);
  const what = new Uint32Array(n);
  const rowCounts = { unchanged: 0, added: pairing.added.length, removed: removed.length, changed: 0 };
  for (let p = 0; p < pairing.pairAfter.length; p++) {
    const row = pairing.pairAfter[p];
    beforeRow[row] = pairing.pairBefore[p];
    rule[row] = pairing.pairRule[p];
    what[row] = pairing.pairWhat[p];
    change[row] = pairing.pairWhat[p] === 0 ? CHANGE.unchanged : CHANGE.changed;
    rowCounts[CHANGE_NAMES[change[row]]]++;
  }
  for (let k = 0; k < removed.length; k++) {
    change[nA + k] = CHANGE.removed;
    beforeRow[nA + k] = removed[k];
  }
  const data: ComparisonData = {
    beforeName: names.before,
    afterName: names.after,
    beforeIndex: names.beforeIndex,
    afterIndex: names.afterIndex,
    afterRows: nA,
    change,
    beforeRow,
    rule,
    what,
    rules: pairing.rules,
    fields: pairing.fields,
    counts: pairing.counts,
    rowCounts,
    summary: pairing.summary,
    // A copy: the page receives it by transfer, and the worker keeps its own.
    before: { ...before.toData(), columns: copyColumns(before) },
  };
  return { table, data };
}
