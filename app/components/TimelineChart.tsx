/**
 * The Timeline's chart: one measure of every snapshot of the set (virtual size, or Rss, Pss or
 * Swap with smaps), stacked by kind or by the largest modules, over time (or over the snapshots'
 * order when their times are unknown). d3-scale places the points and picks the ticks; the areas
 * are SVG paths. The shown snapshot has a cursor, the one picked as "before" a dashed mark; a
 * click shows the snapshot nearest to it.
 */
import { scaleLinear } from 'd3-scale';
import { useMemo, useRef } from 'react';
import { formatBytes, moduleName, type SizeMetric } from '../../src/internal';
import { useViewSize } from '../hooks/useViewSize';
import type { ThemeColors } from '../paint/palette';
import type { SeriesData } from '../workers/series-data';
import type { SnapshotInfo } from '../workers/series-data';
import { nameText } from './Name';

export type StackBy = 'kind' | 'module';

interface Props {
  series: SeriesData;
  snapshots: readonly SnapshotInfo[];
  metric: SizeMetric;
  stackBy: StackBy;
  theme: ThemeColors;
  /** The snapshot the map shows (-1: none alone), and the one picked as before (-1: none). */
  shown: number;
  pick: number;
  onPick: (index: number) => void;
}

const HEIGHT_PX = 112;
const MARGIN = { top: 6, right: 22, bottom: 18, left: 64 };

/** Where each snapshot is on the x axis: its time when every snapshot has one (and they differ), else its index. */
function xValues(snapshots: readonly SnapshotInfo[]): { values: number[]; byTime: boolean } {
  const times = snapshots.map((s) => s.timeMs);
  const byTime = times.every((t) => t !== null) && (times[times.length - 1] ?? 0) > (times[0] ?? 0);
  return { values: byTime ? (times as number[]) : snapshots.map((_, i) => i), byTime };
}

/** A group's label as the legend shows it: a module's name from its pathname (untrusted text, escaped), a kind as it is. */
export function groupLabel(stackBy: StackBy, label: string, isGroupOfFiles: boolean): string {
  return stackBy === 'module' && !isGroupOfFiles ? nameText(moduleName(label)) : label;
}

/** The fill of group `g` of a stack of `groups`. */
export function groupColor(theme: ThemeColors, stackBy: StackBy, g: number, groups: number): string {
  if (stackBy === 'kind') return theme.kind[g % theme.kind.length];
  if (g === groups - 1) return theme.moduleNone[0];
  if (g === groups - 2) return theme.moduleNone[1];
  return theme.module[g % theme.module.length];
}

export function TimelineChart({ series, snapshots, metric, stackBy, theme, shown, pick, onPick }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const { widthPx } = useViewSize(box);
  const stack = stackBy === 'kind' ? series.byKind : series.byModule;
  const values = stack.bytes[metric];
  const n = series.count;
  const groups = stack.labels.length;
  const { values: xs, byTime } = useMemo(() => xValues(snapshots), [snapshots]);
  const plotWidth = Math.max(0, widthPx - MARGIN.left - MARGIN.right);
  const plotHeight = HEIGHT_PX - MARGIN.top - MARGIN.bottom;

  const chart = useMemo(() => {
    // Cumulative tops per group and snapshot; the y domain is the highest total.
    const tops = new Float64Array(groups * n);
    let max = 0;
    for (let s = 0; s < n; s++) {
      let sum = 0;
      for (let g = 0; g < groups; g++) {
        sum += values[g * n + s];
        tops[g * n + s] = sum;
      }
      max = Math.max(max, sum);
    }
    const x = scaleLinear()
      .domain([xs[0] ?? 0, xs[n - 1] ?? 1])
      .range([0, plotWidth]);
    if (n === 1) x.domain([xs[0] - 1, xs[0] + 1]);
    const y = scaleLinear().domain([0, max > 0 ? max : 1]).nice(3).range([plotHeight, 0]);
    const paths: { g: number; d: string }[] = [];
    for (let g = 0; g < groups; g++) {
      let any = false;
      for (let s = 0; s < n && !any; s++) any = values[g * n + s] > 0;
      if (!any) continue;
      let d = '';
      for (let s = 0; s < n; s++) d += `${s === 0 ? 'M' : 'L'}${x(xs[s]).toFixed(1)},${y(tops[g * n + s]).toFixed(1)}`;
      for (let s = n - 1; s >= 0; s--) d += `L${x(xs[s]).toFixed(1)},${y(g === 0 ? 0 : tops[(g - 1) * n + s]).toFixed(1)}`;
      paths.push({ g, d: d + 'Z' });
    }
    return { x, y, paths };
  }, [values, groups, n, xs, plotWidth, plotHeight]);

  const xTickText = (v: number) => (byTime ? `+${((v - xs[0]) / 1000).toFixed(v - xs[0] < 10_000 ? 1 : 0)} s` : `#${Math.round(v) + 1}`);
  const xTicks = byTime ? chart.x.ticks(Math.max(2, Math.floor(plotWidth / 90))) : chart.x.ticks(Math.min(n, Math.max(2, Math.floor(plotWidth / 60)))).filter((v) => Number.isInteger(v));
  const nearest = (px: number) => {
    const v = chart.x.invert(px);
    let best = 0;
    for (let s = 1; s < n; s++) if (Math.abs(xs[s] - v) < Math.abs(xs[best] - v)) best = s;
    return best;
  };

  return (
    <div ref={box} className="timeline-chart">
      {widthPx > 0 && (
        <svg width={widthPx} height={HEIGHT_PX} role="img" aria-label={`${stackBy === 'kind' ? 'By kind' : 'By module'}: ${metric === 'size' ? 'virtual size' : metric} of ${n} snapshots`}>
          <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
            {chart.y.ticks(3).map((v) => (
              <g key={v} transform={`translate(0,${chart.y(v)})`}>
                <line x2={plotWidth} className="timeline-grid" />
                <text x={-6} dy="0.32em" textAnchor="end" className="timeline-tick">
                  {formatBytes(v)}
                </text>
              </g>
            ))}
            {chart.paths.map(({ g, d }) => (
              <path key={g} d={d} fill={groupColor(theme, stackBy, g, groups)} fillOpacity={0.85} />
            ))}
            {xTicks.map((v) => (
              <text key={v} x={chart.x(v)} y={plotHeight + 14} textAnchor="middle" className="timeline-tick">
                {xTickText(v)}
              </text>
            ))}
            {pick >= 0 && pick < n && <line className="timeline-pick" x1={chart.x(xs[pick])} x2={chart.x(xs[pick])} y2={plotHeight} />}
            {shown >= 0 && shown < n && <line className="timeline-cursor" x1={chart.x(xs[shown])} x2={chart.x(xs[shown])} y2={plotHeight} />}
            <rect
              width={plotWidth}
              height={plotHeight}
              fill="transparent"
              onClick={(event) => onPick(nearest(event.clientX - event.currentTarget.getBoundingClientRect().left))}
            />
          </g>
        </svg>
      )}
    </div>
  );
}
