/**
 * The totals of a diff: regions and bytes added, removed and changed, overall, by kind and by
 * module, and the smaps fields summed on each side. Bytes are exact (ByteSum, bigints).
 */
import { ByteSum, sumRegionSizes } from '../analyze/byte-sum.js';
import { moduleName, type ModuleGrouping } from '../analyze/modules.js';
import { REGION_KINDS } from '../model/kind.js';
import type { RegionTable } from '../model/region-table.js';
import { smapsValue } from './compare.js';
import { livePathname } from './sides.js';
import { MATCH_RULES, type ChangeRow, type DiffSummary, type PairList, type RegionGroups, type SmapsDelta } from './types.js';

/** The regions of no module, in `byModule`. */
export const NO_MODULE = '(no module)';

/** Running totals of one row of the summary. */
class RowTotals {
  addedRegions = 0;
  removedRegions = 0;
  changedRegions = 0;
  unchanged = 0;
  readonly added = new ByteSum();
  readonly removed = new ByteSum();
  /** After sizes of changed pairs (and groups), and before sizes: the delta is their difference. */
  readonly grown = new ByteSum();
  readonly shrunk = new ByteSum();

  constructor(
    readonly key: string,
    readonly pathname?: string,
  ) {}

  addAdded(table: RegionTable, row: number): void {
    this.addedRegions++;
    addSize(this.added, table, row);
  }

  addRemoved(table: RegionTable, row: number): void {
    this.removedRegions++;
    addSize(this.removed, table, row);
  }

  /** A changed pair. */
  addChanged(x: RegionTable, a: number, y: RegionTable, b: number): void {
    this.changedRegions++;
    addSize(this.grown, y, b);
    addSize(this.shrunk, x, a);
  }

  finish(): ChangeRow {
    return {
      key: this.key,
      ...(this.pathname !== undefined && { pathname: this.pathname }),
      added: { regions: this.addedRegions, bytes: this.added.value() },
      removed: { regions: this.removedRegions, bytes: this.removed.value() },
      changed: { regions: this.changedRegions, bytesDelta: this.grown.value() - this.shrunk.value() },
      unchanged: this.unchanged,
    };
  }
}

/**
 * The summary's rows for one way of grouping (kind, module): each row of either side has a key id
 * (`keyOfBefore`, `keyOfAfter`, typed arrays made once), so that adding a region is array indexing.
 */
class Breakdown {
  constructor(
    readonly rows: readonly RowTotals[],
    readonly keyOfBefore: Int32Array,
    readonly keyOfAfter: Int32Array,
  ) {}

  /** The rows, largest change (bytes added + removed + |delta|) first; rows with no region left out. */
  finish(): ChangeRow[] {
    const weight = (r: ChangeRow) => r.added.bytes + r.removed.bytes + (r.changed.bytesDelta < 0n ? -r.changed.bytesDelta : r.changed.bytesDelta);
    return this.rows
      .map((r) => r.finish())
      .filter((r) => r.added.regions + r.removed.regions + r.changed.regions + r.unchanged > 0)
      .sort((a, b) => {
        const d = weight(b) - weight(a);
        return d > 0n ? 1 : d < 0n ? -1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
      });
  }
}

/** By kind: a row per kind, the kind column as the key. */
function byKind(x: RegionTable, y: RegionTable): Breakdown {
  return new Breakdown(
    REGION_KINDS.map((k) => new RowTotals(k)),
    Int32Array.from(x.columns.kind),
    Int32Array.from(y.columns.kind),
  );
}

/** By module: a row per module file (live pathname) of either side, and one for the regions of no module. */
function byModule(x: RegionTable, gx: ModuleGrouping, y: RegionTable, gy: ModuleGrouping): Breakdown {
  const rows: RowTotals[] = [new RowTotals(NO_MODULE)];
  const idOf = new Map<string, number>();
  const keys = (table: RegionTable, grouping: ModuleGrouping) => {
    const idOfModule = grouping.modules.map((m) => {
      const pathname = livePathname(m.pathname);
      let id = idOf.get(pathname);
      if (id === undefined) {
        idOf.set(pathname, (id = rows.length));
        rows.push(new RowTotals(moduleName(pathname), pathname));
      }
      return id;
    });
    const out = new Int32Array(table.length);
    for (let row = 0; row < table.length; row++) {
      const m = grouping.moduleOfRow[row];
      out[row] = m < 0 ? 0 : idOfModule[m];
    }
    return out;
  };
  const before = keys(x, gx);
  const after = keys(y, gy);
  return new Breakdown(rows, before, after);
}

/** Adds a region's size to a ByteSum. */
function addSize(sum: ByteSum, table: RegionTable, row: number): void {
  const c = table.columns;
  sum.addRow(c.beginHi, c.beginLo, c.endHi, c.endLo, row);
}

/** 2^52: doubles add integers exactly below 2^53, so a running double is folded into a bigint past this. */
const FOLD_AT = 2 ** 52;

/** Each smaps field summed over a table, exactly; undefined without smaps. */
function smapsTotals(table: RegionTable): Map<string, bigint> | undefined {
  if (table.smaps === null) return undefined;
  const exact = new Map<string, bigint>();
  const running = new Map<string, number>();
  for (const record of table.smaps) {
    if (record === null) continue;
    for (const field in record.fields) {
      const value = smapsValue(record, field) ?? 0;
      if (typeof value === 'bigint' || !Number.isInteger(value)) {
        exact.set(field, (exact.get(field) ?? 0n) + (typeof value === 'bigint' ? value : BigInt(Math.trunc(value))));
        if (!running.has(field)) running.set(field, 0);
        continue;
      }
      let sum = (running.get(field) ?? 0) + value;
      if (sum >= FOLD_AT) {
        exact.set(field, (exact.get(field) ?? 0n) + BigInt(sum));
        sum = 0;
      }
      running.set(field, sum);
    }
  }
  const out = new Map<string, bigint>();
  for (const [field, sum] of running) out.set(field, (exact.get(field) ?? 0n) + BigInt(sum));
  return out;
}

/** The smaps fields of both sides, summed (fields present on both, in the before side's order). */
export function smapsDeltas(before: RegionTable, after: RegionTable): SmapsDelta[] {
  const x = smapsTotals(before);
  const y = smapsTotals(after);
  if (x === undefined || y === undefined) return [];
  const out: SmapsDelta[] = [];
  for (const [field, b] of x) {
    const a = y.get(field);
    if (a !== undefined) out.push({ field, before: b, after: a, delta: a - b });
  }
  return out;
}

/** What summarize needs of a diff. */
export interface SummaryInput {
  before: RegionTable;
  after: RegionTable;
  groupings: { before: ModuleGrouping; after: ModuleGrouping };
  added: Uint32Array;
  removed: Uint32Array;
  changed: PairList;
  unchanged: PairList;
  groups: RegionGroups;
}

/** The totals of a diff (see the file's comment). O(n), no object per region. */
export function summarize(d: SummaryInput): DiffSummary {
  const { before: x, after: y } = d;
  const total = new RowTotals('');
  const kinds = byKind(x, y);
  const modules = byModule(x, d.groupings.before, y, d.groupings.after);
  // Each region counts in the total, its kind's row and its module's row; plain loops, no closure per row.
  for (const row of d.added) {
    total.addAdded(y, row);
    kinds.rows[kinds.keyOfAfter[row]].addAdded(y, row);
    modules.rows[modules.keyOfAfter[row]].addAdded(y, row);
  }
  for (const row of d.removed) {
    total.addRemoved(x, row);
    kinds.rows[kinds.keyOfBefore[row]].addRemoved(x, row);
    modules.rows[modules.keyOfBefore[row]].addRemoved(x, row);
  }
  const ruleCounts = new Uint32Array(MATCH_RULES.length);
  const c = d.changed;
  for (let k = 0; k < c.before.length; k++) {
    const a = c.before[k];
    const b = c.after[k];
    ruleCounts[c.rule[k]]++;
    total.addChanged(x, a, y, b);
    kinds.rows[kinds.keyOfBefore[a]].addChanged(x, a, y, b);
    modules.rows[modules.keyOfBefore[a]].addChanged(x, a, y, b);
  }
  const u = d.unchanged;
  for (let k = 0; k < u.before.length; k++) {
    const a = u.before[k];
    ruleCounts[u.rule[k]]++;
    total.unchanged++;
    kinds.rows[kinds.keyOfBefore[a]].unchanged++;
    modules.rows[modules.keyOfBefore[a]].unchanged++;
  }
  // A group counts once, under its first before region's kind and module, with the sizes of all its regions.
  const g = d.groups;
  for (let k = 0; k < g.count; k++) {
    ruleCounts[g.rule[k]]++;
    const first = g.beforeRows[g.beforeStart[k]];
    for (const r of [total, kinds.rows[kinds.keyOfBefore[first]], modules.rows[modules.keyOfBefore[first]]]) {
      r.changedRegions++;
      for (let i = g.afterStart[k]; i < g.afterStart[k + 1]; i++) addSize(r.grown, y, g.afterRows[i]);
      for (let i = g.beforeStart[k]; i < g.beforeStart[k + 1]; i++) addSize(r.shrunk, x, g.beforeRows[i]);
    }
  }
  const totals = total.finish();
  return {
    beforeRegions: x.length,
    afterRegions: y.length,
    matchedBefore: x.length - d.removed.length,
    matchedAfter: y.length - d.added.length,
    byRule: Object.fromEntries(MATCH_RULES.flatMap((r, code) => (ruleCounts[code] > 0 ? [[r, ruleCounts[code]]] : []))),
    added: totals.added,
    removed: totals.removed,
    changed: totals.changed,
    beforeBytes: sumRegionSizes(x),
    afterBytes: sumRegionSizes(y),
    byKind: kinds.finish(),
    byModule: modules.finish(),
    smaps: smapsDeltas(x, y),
  };
}
