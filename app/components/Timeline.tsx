/**
 * The Timeline of a series (a recording, or three or more files opened at once): the chart of a
 * measure over the snapshots, stacked by kind or by module; the scrubber that shows the map at any
 * snapshot (requests coalesce: while the worker makes one snapshot, only the latest position waits);
 * picking two snapshots to compare; and the top growers.
 */
import { useEffect, useState } from 'react';
import { SIZE_METRIC_LABEL, formatBytes, type SizeMetric } from '../../src/internal';
import { snapshotSetStore, useLoadedSlice } from '../state/app-store';
import { useStore } from '../state/create-store';
import { useViewTheme } from '../hooks/useViewTheme';
import { compareSnapshotsOfSet, showSnapshot } from '../workers/set-client';
import type { SnapshotInfo } from '../workers/series-data';
import { TimelineChart, groupColor, groupLabel, type StackBy } from './TimelineChart';
import { TopGrowers } from './TopGrowers';
import { nameText } from './Name';
import './Compare.css';

function snapshotText(s: SnapshotInfo, i: number, count: number, t0: number | null): string {
  const when = s.timeMs !== null && t0 !== null ? ` at +${((s.timeMs - t0) / 1000).toLocaleString('en-US')} s` : '';
  return `${i + 1} of ${count}${when}: ${nameText(s.fileName)}, ${formatBytes(s.sizeBytes)}${s.rssBytes !== null ? `, Rss ${formatBytes(s.rssBytes)}` : ''}`;
}

export function Timeline() {
  const set = useStore(snapshotSetStore, (s) => s);
  const comparison = useLoadedSlice((f) => f.comparison);
  const theme = useViewTheme();
  const [metric, setMetric] = useState<SizeMetric>('size');
  const [stackBy, setStackBy] = useState<StackBy>('kind');
  const [target, setTarget] = useState<number | null>(null);
  const { series, snapshots, shown, pick, busy, error } = set;
  const at = target ?? (shown >= 0 ? shown : (comparison?.afterIndex ?? 0));

  // The scrubber's position, shown when the worker is free: one request at a time, the latest one.
  useEffect(() => {
    if (target === null) return;
    if (target === shown || error !== null) setTarget(null);
    else if (!busy) showSnapshot(target);
  }, [target, shown, busy, error]);

  if (series === null) return null;
  const metrics = series.metrics;
  const shownMetric = metrics.includes(metric) ? metric : 'size';
  const stack = stackBy === 'kind' ? series.byKind : series.byModule;
  const t0 = snapshots[0]?.timeMs ?? null;
  const count = snapshots.length;
  return (
    <section className="timeline" aria-label="Timeline" aria-busy={busy}>
      <div className="timeline-head">
        <h2>Timeline</h2>
        <span className="muted">{count.toLocaleString('en-US')} snapshots</span>
        <label>
          Measure{' '}
          <select value={shownMetric} onChange={(e) => setMetric(e.currentTarget.value as SizeMetric)}>
            {metrics.map((m) => (
              <option key={m} value={m}>
                {SIZE_METRIC_LABEL[m]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Stack by{' '}
          <select value={stackBy} onChange={(e) => setStackBy(e.currentTarget.value as StackBy)}>
            <option value="kind">kind</option>
            <option value="module">top modules</option>
          </select>
        </label>
        {error !== null && <span className="chip chip-error">{error}</span>}
      </div>
      <div className="timeline-body">
        <div className="timeline-main">
          <TimelineChart series={series} snapshots={snapshots} metric={shownMetric} stackBy={stackBy} theme={theme} shown={at} pick={pick} onPick={setTarget} />
          <ul className="timeline-legend" aria-label="Timeline legend">
            {stack.labels.map((label, g) => (
              // Only the groups the set has: a kind no snapshot holds has no entry.
              !stack.bytes[shownMetric].subarray(g * count, (g + 1) * count).some((v) => v > 0) ? null : <li key={g}>
                <span className="swatch" style={{ background: groupColor(theme, stackBy, g, stack.labels.length) }} />
                {groupLabel(stackBy, label, g >= stack.labels.length - 2)}
              </li>
            ))}
          </ul>
          <div className="timeline-scrub">
            <input
              type="range"
              min={0}
              max={count - 1}
              step={1}
              value={at}
              aria-label="Snapshot"
              aria-valuetext={snapshots[at] ? snapshotText(snapshots[at], at, count, t0) : undefined}
              onChange={(e) => setTarget(Number(e.currentTarget.value))}
            />
            <span className="timeline-at" aria-live="polite">
              {shown < 0 && comparison !== null ? `comparing #${comparison.beforeIndex + 1} → #${comparison.afterIndex + 1}` : snapshots[at] ? snapshotText(snapshots[at], at, count, t0) : ''}
            </span>
            <button type="button" className="button" onClick={() => snapshotSetStore.set({ pick: at })} title="Remember this snapshot as the earlier side of a comparison">
              Pick as before
            </button>
            <button
              type="button"
              className="button"
              disabled={pick < 0 || pick === at}
              onClick={() => compareSnapshotsOfSet(Math.min(pick, at), Math.max(pick, at))}
              title={pick < 0 ? 'Pick a snapshot as before first' : `Compare snapshot ${pick + 1} with snapshot ${at + 1}`}
            >
              Compare picked with this
            </button>
          </div>
        </div>
        <TopGrowers growers={series.growers} last={count - 1} shown={shown} />
      </div>
    </section>
  );
}
