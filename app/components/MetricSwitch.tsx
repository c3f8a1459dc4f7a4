/**
 * The map's "Shade" switch: virtual size (plain colours) or, when the file is smaps, Rss, Pss or
 * Swap — each region then shows how much of it is resident, its proportional share, or swapped out.
 */
import { useMemo } from 'react';
import { SIZE_METRIC_LABEL, availableMetrics, type SizeMetric } from '../../src/internal';
import { setSizeMetric, useSizeMetric } from '../state/app-store';
import './Understand.css';
import { useLoadedFile } from '../state/app-store';

const TITLE: Record<SizeMetric, string> = {
  size: 'Plain colours: every region drawn in full',
  rss: 'The coloured height of each region is its resident share (Rss ÷ size)',
  pss: 'The coloured height of each region is its proportional share of RAM (Pss ÷ size)',
  swap: 'The coloured height of each region is its swapped-out share (Swap ÷ size)',
};

export function MetricSwitch() {
  const table = useLoadedFile().table;
  const current = useSizeMetric();
  const metrics = useMemo(() => (table === null ? [] : availableMetrics(table)), [table]);
  if (metrics.length < 2) return null;
  const shown = metrics.includes(current) ? current : 'size';
  return (
    <div className="toolbar-group" role="group" aria-label="Shade by">
      <span className="toolbar-label">Shade</span>
      <div className="segments">
        {metrics.map((m) => (
          <button key={m} type="button" className="segment" aria-pressed={m === shown} title={TITLE[m]} onClick={() => setSizeMetric(m)}>
            {SIZE_METRIC_LABEL[m]}
          </button>
        ))}
      </div>
      {shown !== 'size' && <span className="muted metric-hint">coloured height = {SIZE_METRIC_LABEL[shown]} ÷ size</span>}
    </div>
  );
}
