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
import { MATCH_RULES, type ChangeRow, type DiffSummary, type MatchRule, type PairList, type RegionGroups, type SmapsDelta } from './types.js';

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

/** The summary's rows for one way of grouping (kind, module), each found by row of either side. */
class Breakdown {
  private readonly rows = new Map<string, RowTotals>();

  constructor(
    private readonly keyOfBefore: (row: number) => { key: string; pathname?: string },
    private readonly keyOfAfter: (row: number) => { key: string; pathname?: string },
  ) {}

  before(row: number): RowTotals {
    return this.get(this.keyOfBefore(row));
  }
  after(row: number): RowTotals {
    return this.get(this.keyOfAfter(row));
  }

  private get({ key, pathname }: { key: string; pathname?: string }): RowTotals {
    const id = pathname ?? key;
    let totals = this.rows.get(id);
    if (totals === undefined) this.rows.set(id, (totals = new RowTotals(key, pathname)));
    return totals;
  }

  /** The rows, largest change (bytes added + removed + |delta|) first. */
  finish(): ChangeRow[] {
    const weight = (r: ChangeRow) => r.added.bytes + r.removed.bytes + (r.changed.bytesDelta < 0n ? -r.changed.bytesDelta : r.changed.bytesDelta);
    return [...this.rows.values()]
      .map((r) => r.finish())
      .filter((r) => r.added.regions + r.removed.regions + r.changed.regions + r.unchanged > 0)
      .sort((a, b) => {
        const d = weight(b) - weight(a);
        return d > 0n ? 1 : d < 0n ? -1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
      });
  }
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

/** The totals of a diff (see the file's comment). */
export function summarize(d: SummaryInput): DiffSummary {
  const { before: x, after: y } = d;
  const moduleKeyOf = (table: RegionTable, grouping: ModuleGrouping) => (row: number) => {
    const m = grouping.moduleOfRow[row];
    if (m < 0) return { key: NO_MODULE };
    const pathname = livePathname(grouping.modules[m].pathname);
    return { key: moduleName(pathname), pathname };
  };
  const breakdowns = [
    new Breakdown(
      (row) => ({ key: REGION_KINDS[x.columns.kind[row]] }),
      (row) => ({ key: REGION_KINDS[y.columns.kind[row]] }),
    ),
    new Breakdown(moduleKeyOf(x, d.groupings.before), moduleKeyOf(y, d.groupings.after)),
  ];
  const total = new RowTotals('');
  const rows = (pick: (b: Breakdown) => RowTotals) => [total, ...breakdowns.map(pick)];
  for (const row of d.added) {
    for (const r of rows((b) => b.after(row))) {
      r.addedRegions++;
      addSize(r.added, y, row);
    }
  }
  for (const row of d.removed) {
    for (const r of rows((b) => b.before(row))) {
      r.removedRegions++;
      addSize(r.removed, x, row);
    }
  }
  const byRule = new Map<MatchRule, number>();
  const countRule = (code: number) => {
    const rule = MATCH_RULES[code];
    byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
  };
  for (let k = 0; k < d.changed.before.length; k++) {
    const a = d.changed.before[k];
    const b = d.changed.after[k];
    countRule(d.changed.rule[k]);
    for (const r of rows((bd) => bd.before(a))) {
      r.changedRegions++;
      addSize(r.grown, y, b);
      addSize(r.shrunk, x, a);
    }
  }
  for (let k = 0; k < d.unchanged.before.length; k++) {
    countRule(d.unchanged.rule[k]);
    for (const r of rows((bd) => bd.before(d.unchanged.before[k]))) r.unchanged++;
  }
  // A group counts once, under its first before region's kind and module.
  const g = d.groups;
  for (let k = 0; k < g.count; k++) {
    countRule(g.rule[k]);
    const first = g.beforeRows[g.beforeStart[k]];
    for (const r of rows((bd) => bd.before(first))) {
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
    byRule: Object.fromEntries(MATCH_RULES.filter((r) => byRule.has(r)).map((r) => [r, byRule.get(r)!])),
    added: totals.added,
    removed: totals.removed,
    changed: totals.changed,
    beforeBytes: sumRegionSizes(x),
    afterBytes: sumRegionSizes(y),
    byKind: breakdowns[0].finish(),
    byModule: breakdowns[1].finish(),
    smaps: smapsDeltas(x, y),
  };
}
