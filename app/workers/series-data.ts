/**
 * What the Timeline draws of a set of snapshots, built by the parse worker from the tables it holds
 * (snapshots.ts): each snapshot's totals (virtual size exact; Rss, Pss and Swap with smaps) and
 * the same sums stacked by kind (the map's kind colours, palette.ts) and by the largest modules.
 * Stacks are doubles: they place pixels, the totals shown as text are the exact ones.
 */
import { KIND_CODE, REGION_KINDS, sumRegionSizes, topGrowers, type GrowerList, type ParseResult, type RegionTable, type SeriesPoint, type SizeMetric } from '../../src/internal';
import { KIND_CLASSES, KIND_CLASS_OF } from '../paint/palette';

/** One snapshot of a set, as the page lists it. */
export interface SnapshotInfo {
  fileName: string;
  /** When it was taken, in ms since the epoch, when the source says (a recording's header). */
  timeMs: number | null;
  regions: number;
  /** Sum of the regions' sizes, exact. */
  sizeBytes: bigint;
  /** Summed smaps fields in bytes (whole numbers below 2^53: exact); null without smaps. */
  rssBytes: number | null;
  pssBytes: number | null;
  swapBytes: number | null;
  /** Diagnostics of its input, every occurrence counted. */
  problems: number;
}

/** Sums of groups over the snapshots: `bytes[metric][group * count + snapshot]`. */
export interface Stack {
  labels: string[];
  bytes: Record<SizeMetric, Float64Array>;
}

export interface SeriesData {
  count: number;
  /** The metrics every snapshot of the set has: the virtual size, and Rss/Pss/Swap when all are smaps. */
  metrics: SizeMetric[];
  byKind: Stack;
  /** The largest modules (by their largest Rss, else size, over the set), then `other files` and `not a file`. */
  byModule: Stack;
  /** The regions and modules that grew most from the first snapshot to the last (src/diff topGrowers, without its diff). */
  growers: Growers;
}

/** Top growers as the page receives them. */
export type Growers = Omit<GrowerList, 'diff'>;

/** Growers listed of each sort. */
export const GROWERS_LISTED = 10;

/** The top growers of `points`: src/diff's, without the diff they were followed by (it holds both tables). */
export function seriesGrowers(points: readonly SeriesPoint[]): Growers {
  const { metric, spanMs, regions, modules } = topGrowers(points, { limit: GROWERS_LISTED });
  return { metric, spanMs, regions, modules };
}

const METRICS: readonly SizeMetric[] = ['size', 'rss', 'pss', 'swap'];
const SMAPS_KEY = { rss: 'Rss', pss: 'Pss', swap: 'Swap' } as const;
/** Modules stacked by name; the rest are summed into `other files`. */
export const STACKED_MODULES = 8;

/** The virtual size of `row` as a double (for pixels; totals use sumRegionSizes). */
function sizeOfRow(t: RegionTable, row: number): number {
  const c = t.columns;
  const borrow = c.endLo[row] < c.beginLo[row] ? 1 : 0;
  return (c.endHi[row] - c.beginHi[row] - borrow) * 0x1_0000_0000 + ((c.endLo[row] - c.beginLo[row]) >>> 0);
}

/** The page's line about one snapshot. */
export function snapshotInfo(result: ParseResult, fileName: string, timeMs: number | null, sizeBytes = sumRegionSizes(result.regions)): SnapshotInfo {
  const t = result.regions;
  const sums = { rss: 0, pss: 0, swap: 0 };
  const smaps = t.smaps;
  if (smaps !== null) {
    for (const record of smaps) {
      if (record === null) continue;
      sums.rss += record.fields.Rss ?? 0;
      sums.pss += record.fields.Pss ?? 0;
      sums.swap += record.fields.Swap ?? 0;
    }
  }
  const has = smaps !== null;
  return {
    fileName,
    timeMs,
    regions: t.length,
    sizeBytes,
    rssBytes: has ? sums.rss : null,
    pssBytes: has ? sums.pss : null,
    swapBytes: has ? sums.swap : null,
    problems: result.diagnosticGroups.reduce((n, g) => n + g.count, 0),
  };
}

function emptyStack(labels: string[], count: number): Stack {
  const n = labels.length * count;
  return { labels, bytes: { size: new Float64Array(n), rss: new Float64Array(n), pss: new Float64Array(n), swap: new Float64Array(n) } };
}

/** The Timeline's stacks over `tables`, in order. O(total rows). */
export function buildSeriesData(points: readonly SeriesPoint[]): SeriesData {
  const tables = points.map((p) => p.result.regions);
  const count = tables.length;
  const metrics = METRICS.filter((m) => m === 'size' || tables.every((t) => t.smaps !== null));
  const classOfCode = Uint8Array.from(REGION_KINDS, (k) => KIND_CLASS_OF[k]);
  const byKind = emptyStack(
    KIND_CLASSES.map((k) => k.label),
    count,
  );
  // Which kinds the snapshots hold (marked in the pass below): a class is then named by them, as
  // the map's legend and the search name it ("vdso, vvar, vsyscall", not "kernel").
  const kindSeen = new Uint8Array(REGION_KINDS.length);
  // Per file pathname: its sums in every snapshot ([metric][snapshot]), to pick the largest after.
  const perModule = new Map<string, Float64Array>();
  const outside = new Float64Array(METRICS.length * count);
  const fileKinds = new Set([KIND_CODE.file, KIND_CODE['deleted-file']]);
  for (let s = 0; s < count; s++) {
    const t = tables[s];
    const c = t.columns;
    const moduleSums: (Float64Array | undefined)[] = new Array(t.pathnames.length);
    for (let row = 0; row < t.length; row++) {
      const values = [sizeOfRow(t, row), 0, 0, 0];
      const fields = t.smaps?.[row]?.fields;
      if (fields !== undefined) {
        values[1] = fields[SMAPS_KEY.rss] ?? 0;
        values[2] = fields[SMAPS_KEY.pss] ?? 0;
        values[3] = fields[SMAPS_KEY.swap] ?? 0;
      }
      kindSeen[c.kind[row]] = 1;
      const k = classOfCode[c.kind[row]] * count + s;
      for (let m = 0; m < METRICS.length; m++) byKind.bytes[METRICS[m]][k] += values[m];
      const pathId = c.pathId[row];
      let sums: Float64Array;
      if (pathId >= 0 && fileKinds.has(c.kind[row])) {
        let found = moduleSums[pathId];
        if (found === undefined) {
          const name = t.pathnames[pathId];
          found = perModule.get(name);
          if (found === undefined) perModule.set(name, (found = new Float64Array(METRICS.length * count)));
          moduleSums[pathId] = found;
        }
        sums = found;
      } else sums = outside;
      for (let m = 0; m < METRICS.length; m++) sums[m * count + s] += values[m];
    }
  }
  byKind.labels = KIND_CLASSES.map((k, i) => {
    const kinds = REGION_KINDS.filter((_, code) => classOfCode[code] === i && kindSeen[code] === 1);
    return kinds.length > 0 ? kinds.join(', ') : k.label;
  });
  // The largest modules by their peak of the first smaps metric (Rss), else of the virtual size.
  const rankBy = metrics.includes('rss') ? 1 : 0;
  const peak = (sums: Float64Array) => {
    let max = 0;
    for (let s = 0; s < count; s++) max = Math.max(max, sums[rankBy * count + s]);
    return max;
  };
  const ranked = [...perModule].map(([name, sums]) => ({ name, sums, peak: peak(sums) })).sort((a, b) => b.peak - a.peak || (a.name < b.name ? -1 : 1));
  const top = ranked.slice(0, STACKED_MODULES);
  const rest = ranked.slice(STACKED_MODULES);
  const byModule = emptyStack([...top.map((m) => m.name), 'other files', 'not a file'], count);
  const groups = [...top.map((m) => [m.sums]), rest.map((m) => m.sums), [outside]];
  groups.forEach((members, g) => {
    for (const sums of members) {
      for (let m = 0; m < METRICS.length; m++) {
        const out = byModule.bytes[METRICS[m]];
        for (let s = 0; s < count; s++) out[g * count + s] += sums[m * count + s];
      }
    }
  });
  return { count, metrics, byKind, byModule, growers: seriesGrowers(points) };
}
