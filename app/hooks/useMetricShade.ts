/** The prefix sums the map shades by (app/paint/paint-metric.ts), or null for plain colours. */
import { useMemo } from 'react';
import { availableMetrics, metricPrefixSums, type MetricPrefixSums } from '../../src/internal';
import { useSizeMetric } from '../state/app-store';
import type { ViewModel } from '../state/view-model';

/** Built once per (file, metric) in O(n); null when the metric is the virtual size or the file lacks it. */
export function useMetricShade(model: ViewModel): MetricPrefixSums | null {
  const metric = useSizeMetric();
  return useMemo(() => {
    if (metric === 'size' || !availableMetrics(model.table).includes(metric)) return null;
    return metricPrefixSums(model.table, model.sorted.rows, metric);
  }, [model, metric]);
}
