/**
 * Top growers of a series of snapshots (a recording, or files loaded together): the regions and
 * the modules whose Rss (with smaps) or virtual size grew most from the first snapshot to the
 * last, with their growth rate. A leak shows as the region that grew most. Regions are followed
 * by diffSnapshots' identity rules (first against last); a module is its file's path.
 */
import { ByteSum } from '../analyze/byte-sum.js';
import { groupModules, moduleName } from '../analyze/modules.js';
import type { RegionKind } from '../model/kind.js';
import type { RegionTable } from '../model/region-table.js';
import type { ParseResult } from '../parse/result.js';
import { smapsValue } from './compare.js';
import { diffSnapshots } from './diff.js';
import { livePathname, sideOf } from './sides.js';
import type { DiffMode, SnapshotDiff } from './types.js';

/** One snapshot of a series: when it was taken (ms since 1970; null when unknown) and what it holds. */
export interface SeriesPoint {
  timeMs: number | null;
  result: ParseResult;
}

/** What growth is measured by. */
export type GrowthMetric = 'rss' | 'size';

/** A region or module that grew. */
export interface Grower {
  /** A module's name (`libc.so.6`), a region's pathname, or its kind for a region without one. */
  name: string;
  pathname: string | null;
  /** The region's kind (in the last snapshot); null for a module. */
  kind: RegionKind | null;
  /** Rows in the first and last snapshots' tables; -1 where the region is not there (new) or for a module. */
  firstRow: number;
  lastRow: number;
  firstBytes: bigint;
  lastBytes: bigint;
  growthBytes: bigint;
  /** growthBytes over the time between the first and last snapshots; null when their times are unknown or equal. */
  bytesPerSecond: number | null;
}

/** The growers of a series. */
export interface GrowerList {
  metric: GrowthMetric;
  /** Milliseconds from the first snapshot to the last; null when a time is unknown. */
  spanMs: number | null;
  /** Regions that grew, most first (at most `limit`). */
  regions: Grower[];
  /** Modules that grew, most first (at most `limit`). */
  modules: Grower[];
  /** The first-to-last diff the regions were followed by. */
  diff: SnapshotDiff;
}

/** Options of topGrowers. */
export interface GrowerOptions {
  /** Growers listed of each sort (default 20). */
  limit?: number;
  /** Default: `rss` when both ends have smaps with Rss, else `size`. */
  metric?: GrowthMetric;
  /** Passed to diffSnapshots (default: detected). */
  mode?: DiffMode | 'auto';
}

/** A row's measure, exact. */
function measure(table: RegionTable, row: number, metric: GrowthMetric): bigint {
  if (metric === 'size') {
    const sum = new ByteSum();
    const c = table.columns;
    sum.addRow(c.beginHi, c.beginLo, c.endHi, c.endLo, row);
    return sum.value();
  }
  const record = table.smaps?.[row];
  const value = record ? smapsValue(record, 'Rss') : undefined;
  return value === undefined ? 0n : BigInt(value);
}

/** A row's measure as a double, for ranking only. */
function measureApprox(table: RegionTable, row: number, metric: GrowthMetric): number {
  if (metric === 'rss') return table.smaps?.[row]?.fields.Rss ?? 0;
  const c = table.columns;
  return (c.endHi[row] - c.beginHi[row]) * 2 ** 32 + (c.endLo[row] - c.beginLo[row]);
}

function hasRss(result: ParseResult): boolean {
  return result.regions.smaps?.some((r) => r !== null && r.fields.Rss !== undefined) ?? false;
}

/** Each module's total measure, by live pathname. */
function moduleTotals(table: RegionTable, metric: GrowthMetric): Map<string, bigint> {
  const { modules } = groupModules(table, sideOf(table).order);
  const totals = new Map<string, bigint>();
  for (const m of modules) {
    let sum = 0n;
    for (const s of m.segments) sum += measure(table, s.row, metric);
    const path = livePathname(m.pathname);
    totals.set(path, (totals.get(path) ?? 0n) + sum);
  }
  return totals;
}

/** Regions and modules that grew most from the first snapshot of `series` to its last (see the file's comment). */
export function topGrowers(series: readonly SeriesPoint[], options: GrowerOptions = {}): GrowerList {
  if (series.length === 0) throw new RangeError('topGrowers needs at least one snapshot');
  const first = series[0];
  const last = series[series.length - 1];
  const limit = options.limit ?? 20;
  const metric = options.metric ?? (hasRss(first.result) && hasRss(last.result) ? 'rss' : 'size');
  const spanMs = first.timeMs !== null && last.timeMs !== null ? last.timeMs - first.timeMs : null;
  const rate = (growth: bigint) => (spanMs !== null && spanMs > 0 ? (Number(growth) * 1000) / spanMs : null);
  const diff = diffSnapshots(first.result, last.result, { mode: options.mode });
  const x = first.result.regions;
  const y = last.result.regions;

  // Candidates (first row or -1, last row) with their growth as a double, ranked; the top ones made exact.
  const firstRows: number[] = [];
  const lastRows: number[] = [];
  const approx: number[] = [];
  const consider = (a: number, b: number) => {
    const growth = measureApprox(y, b, metric) - (a < 0 ? 0 : measureApprox(x, a, metric));
    if (growth <= 0) return;
    firstRows.push(a);
    lastRows.push(b);
    approx.push(growth);
  };
  for (const pairs of [diff.changed, diff.unchanged]) for (let k = 0; k < pairs.before.length; k++) consider(pairs.before[k], pairs.after[k]);
  for (const b of diff.added) consider(-1, b);
  const ranked = approx
    .map((_, i) => i)
    .sort((i, j) => approx[j] - approx[i] || lastRows[i] - lastRows[j])
    .slice(0, limit);
  const regions: Grower[] = ranked.map((i) => {
    const a = firstRows[i];
    const b = lastRows[i];
    const firstBytes = a < 0 ? 0n : measure(x, a, metric);
    const lastBytes = measure(y, b, metric);
    const pathname = y.pathname(b);
    return { name: pathname ?? y.kind(b), pathname, kind: y.kind(b), firstRow: a, lastRow: b, firstBytes, lastBytes, growthBytes: lastBytes - firstBytes, bytesPerSecond: rate(lastBytes - firstBytes) };
  });

  const before = moduleTotals(x, metric);
  const modules: Grower[] = [];
  for (const [path, lastBytes] of moduleTotals(y, metric)) {
    const firstBytes = before.get(path) ?? 0n;
    if (lastBytes <= firstBytes) continue;
    modules.push({ name: moduleName(path), pathname: path, kind: null, firstRow: -1, lastRow: -1, firstBytes, lastBytes, growthBytes: lastBytes - firstBytes, bytesPerSecond: rate(lastBytes - firstBytes) });
  }
  modules.sort((p, q) => (q.growthBytes > p.growthBytes ? 1 : q.growthBytes < p.growthBytes ? -1 : p.name < q.name ? -1 : 1));
  return { metric, spanMs, regions, modules: modules.slice(0, limit), diff };
}
