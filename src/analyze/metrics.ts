/**
 * What a region's size can mean: its virtual size (end - begin), or — with smaps — how much of it
 * is resident (Rss), its proportional share of resident pages (Pss) or how much is swapped out
 * (Swap). proc_pid_smaps(5); fs/proc/task_mmu.c __show_smap.
 */
import { hiLoToNumber } from '../address.js';
import type { RegionTable } from '../model/region-table.js';

/** The sizes a region can be measured by. */
export const SIZE_METRICS = ['size', 'rss', 'pss', 'swap'] as const;
export type SizeMetric = (typeof SIZE_METRICS)[number];

/** A short label of each metric, for switches and column headers. */
export const SIZE_METRIC_LABEL: Readonly<Record<SizeMetric, string>> = {
  size: 'Virtual size',
  rss: 'Rss',
  pss: 'Pss',
  swap: 'Swap',
};

/** The smaps field behind each metric other than the virtual size. */
export const SMAPS_KEY_OF_METRIC: Readonly<Record<Exclude<SizeMetric, 'size'>, string>> = {
  rss: 'Rss',
  pss: 'Pss',
  swap: 'Swap',
};

/** The metrics a table can be measured by: the virtual size always; the others when some smaps record has the field. */
export function availableMetrics(table: RegionTable): SizeMetric[] {
  const metrics: SizeMetric[] = ['size'];
  const smaps = table.smaps;
  if (smaps === null) return metrics;
  for (const metric of ['rss', 'pss', 'swap'] as const) {
    const key = SMAPS_KEY_OF_METRIC[metric];
    if (smaps.some((record) => record !== null && record.fields[key] !== undefined)) metrics.push(metric);
  }
  return metrics;
}

/** One row's smaps metric in bytes; undefined without smaps or when its record lacks the field. */
export function findSmapsMetricBytes(table: RegionTable, row: number, metric: Exclude<SizeMetric, 'size'>): number | undefined {
  return table.smaps?.[row]?.fields[SMAPS_KEY_OF_METRIC[metric]];
}

/**
 * Each row's metric in bytes, as doubles: for pixels, shading and sorting, never for totals (the
 * virtual size of a region above 2^53 bytes is rounded). A missing smaps value counts as 0.
 */
export function metricBytesOfRows(table: RegionTable, metric: SizeMetric): Float64Array {
  const n = table.length;
  const out = new Float64Array(n);
  const c = table.columns;
  if (metric === 'size') {
    for (let i = 0; i < n; i++) {
      const borrow = c.endLo[i] < c.beginLo[i] ? 1 : 0;
      out[i] = hiLoToNumber(c.endHi[i] - c.beginHi[i] - borrow, (c.endLo[i] - c.beginLo[i]) >>> 0);
    }
    return out;
  }
  const smaps = table.smaps;
  if (smaps === null) return out;
  const key = SMAPS_KEY_OF_METRIC[metric];
  for (let i = 0; i < n; i++) out[i] = smaps[i]?.fields[key] ?? 0;
  return out;
}

/** Running sums of a metric and of the virtual size over regions in a given order. */
export interface MetricPrefixSums {
  metric: SizeMetric;
  /** `metricBytes[k]`: the metric summed over the first k regions of the order (length n + 1). */
  metricBytes: Float64Array;
  /** `sizeBytes[k]`: the virtual size summed likewise. */
  sizeBytes: Float64Array;
}

/**
 * Prefix sums of `metric` and of the virtual size over `rows` (e.g. the address order), so that
 * the share of any run of consecutive regions — a pixel column that merges thousands — is two
 * subtractions: (metric[b] - metric[a]) / (size[b] - size[a]). Doubles: for shading, not totals.
 */
export function metricPrefixSums(table: RegionTable, rows: Uint32Array, metric: SizeMetric): MetricPrefixSums {
  const perRowMetric = metricBytesOfRows(table, metric);
  const perRowSize = metric === 'size' ? perRowMetric : metricBytesOfRows(table, 'size');
  const n = rows.length;
  const metricBytes = new Float64Array(n + 1);
  const sizeBytes = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) {
    metricBytes[k + 1] = metricBytes[k] + perRowMetric[rows[k]];
    sizeBytes[k + 1] = sizeBytes[k] + perRowSize[rows[k]];
  }
  return { metric, metricBytes, sizeBytes };
}

/** The share (0..1) of the metric in the virtual size of the regions at positions [first, last). */
export function metricShare(sums: MetricPrefixSums, first: number, last: number): number {
  const size = sums.sizeBytes[last] - sums.sizeBytes[first];
  if (!(size > 0)) return 0;
  const share = (sums.metricBytes[last] - sums.metricBytes[first]) / size;
  return share < 0 ? 0 : share > 1 ? 1 : share;
}
