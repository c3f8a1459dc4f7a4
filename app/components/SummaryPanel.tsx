/**
 * The summary of the loaded file: totals (mapped size, resident memory with smaps, the largest
 * unmapped gap, the region count against the kernel's default limit), then the regions grouped
 * by kind, permissions or module, measured by virtual size, Rss, Pss, Swap or count — as a bar
 * chart that filters the map and the table on click, and as a table.
 *
 * While the search and filter select regions (the one selection that dims the map and the table),
 * the summary shows what the selection covers beside the whole file's figures: a "Selected" total,
 * each bar's selected part drawn over the dimmed whole, "x of y" in the table. The groups keep
 * their order and the whole file's scale, so typing a search does not reshuffle the chart, and
 * the share of each group the selection takes reads directly.
 */
import { useMemo, useState } from 'react';
import { formatBytes, formatHex, type MemorySummary, type RegionIndex, type RegionTable, type SelectionSummary, type SummaryGrouping, type SummaryRow } from '../../src/internal';
import { findStore, useFindState } from '../state/app-store';
import { useSelectionSummary } from '../hooks/useSelectionSummary';
import { SummaryChart, type ChartBar } from './SummaryChart';
import { EMPTY_ROW, GROUP_BYS, GROUP_BY_LABEL, MEASURE_LABEL, filterTerm, formatMeasure, groupLabel, groupRows, measureOf, type GroupBy, type Measure } from './summary-groups';
import { SummaryTable } from './SummaryTable';

/** The "N more" bar's value: its count, exact size or summed smaps measure, and the selection's part of it. */
function otherText(m: Measure, count: number, size: bigint, value: number, selected: SummaryRow[] | null): string {
  const text = (c: number, s: bigint, v: number) => (m === 'count' ? c.toLocaleString('en-US') : m === 'size' ? formatBytes(s) : formatBytes(v));
  const whole = text(count, size, value);
  if (selected === null) return whole;
  const part = text(
    selected.reduce((sum, r) => sum + r.count, 0),
    selected.reduce((sum, r) => sum + r.sizeBytes, 0n),
    selected.reduce((sum, r) => sum + measureOf(r, m), 0),
  );
  return `${part} of ${whole}`;
}

/** Bars in the chart; the rest are summed into "other". */
const CHART_BARS = 10;

function Segments<T extends string>({ label, values, current, text, onPick }: { label: string; values: readonly T[]; current: T; text: (v: T) => string; onPick: (v: T) => void }) {
  return (
    <div className="summary-control" role="group" aria-label={label}>
      <span className="toolbar-label">{label}</span>
      <div className="segments">
        {values.map((v) => (
          <button key={v} type="button" className="segment" aria-pressed={v === current} onClick={() => onPick(v)}>
            {text(v)}
          </button>
        ))}
      </div>
    </div>
  );
}

/** `12 MiB in 3 regions`. */
function sizeIn(row: SummaryRow) {
  return (
    <>
      <b>{formatBytes(row.sizeBytes)}</b> in {row.count.toLocaleString('en-US')} region{row.count === 1 ? '' : 's'}
    </>
  );
}

function Totals({ summary, table, selected }: { summary: MemorySummary; table: RegionTable; selected: SelectionSummary | null }) {
  const gap = summary.largestGap;
  const percent = summary.mapCountShare * 100;
  const sel = selected?.total;
  return (
    <dl className="summary-totals" aria-label="Totals">
      <dt>Mapped</dt>
      <dd>{sizeIn(summary.total)}</dd>
      {sel && (
        <>
          <dt>Selected</dt>
          <dd className="summary-selected">
            {sizeIn(sel)}
            {summary.hasSmaps && (
              <>
                {' '}
                · Rss <b>{formatBytes(sel.rssBytes ?? 0)}</b> · Pss <b>{formatBytes(sel.pssBytes ?? 0)}</b> · Swap <b>{formatBytes(sel.swapBytes ?? 0)}</b>
              </>
            )}
          </dd>
        </>
      )}
      {summary.hasSmaps && (
        <>
          <dt>Resident</dt>
          <dd>
            Rss <b>{formatBytes(summary.total.rssBytes ?? 0)}</b> · Pss <b>{formatBytes(summary.total.pssBytes ?? 0)}</b> · Swap <b>{formatBytes(summary.total.swapBytes ?? 0)}</b>
          </dd>
        </>
      )}
      <dt>Largest gap</dt>
      <dd>
        {gap === undefined ? (
          <span className="muted">none</span>
        ) : (
          <>
            <b>{formatBytes(gap.sizeBytes)}</b>{' '}
            <span className="mono muted" title={`after line ${table.columns.line[gap.belowRow]}, before line ${table.columns.line[gap.aboveRow]}`}>
              {formatHex(gap.beginAddr)}–{formatHex(gap.endAddr)}
            </span>
          </>
        )}
      </dd>
      <dt>Regions</dt>
      <dd className={summary.nearMapCountLimit ? 'summary-limit near' : 'summary-limit'}>
        <span>
          {summary.mapCount.toLocaleString('en-US')} of {summary.mapCountLimit.toLocaleString('en-US')} ({percent < 1 ? percent.toFixed(2) : percent.toFixed(0)}%)
          {summary.nearMapCountLimit && <b>{summary.mapCount > summary.mapCountLimit ? " — above the kernel's default limit" : " — near the kernel's default limit"}</b>}
        </span>
        <meter min={0} max={summary.mapCountLimit} low={summary.mapCountLimit * 0.75} high={summary.mapCountLimit * 0.9} optimum={0} value={summary.mapCount} aria-label="Regions against vm.max_map_count" />
      </dd>
    </dl>
  );
}

/** The selection's row of each group, by key. */
function rowsByKey(selected: SelectionSummary | null, by: GroupBy): ReadonlyMap<string, SummaryRow> | null {
  return selected === null ? null : by === 'kind' ? selected.byKind : by === 'perms' ? selected.byPerms : selected.byModule;
}

export function SummaryPanel({ summary, table, index, grouping }: { summary: MemorySummary; table: RegionTable; index: RegionIndex; grouping: SummaryGrouping }) {
  const [by, setBy] = useState<GroupBy>('kind');
  const [measure, setMeasure] = useState<Measure>('size');
  const selected = useSelectionSummary(index, grouping);
  const selectedOf = rowsByKey(selected, by);
  const measures: Measure[] = summary.hasSmaps ? ['size', 'rss', 'pss', 'swap', 'count'] : ['size', 'count'];
  const m = measures.includes(measure) ? measure : 'size';
  const rows = useMemo(() => [...groupRows(summary, by)].sort((a, b) => measureOf(b, m) - measureOf(a, m)), [summary, by, m]);
  // The query only when it is one of the groups' terms (the bar it makes active).
  const terms = useMemo(() => new Set(rows.map((row) => filterTerm(by, row.key))), [rows, by]);
  const query = useFindState((s) => (terms.has(s.query.trim()) ? s.query.trim() : ''));
  const pick = (term: string | null) => term !== null && findStore.set({ query: findStore.get().query.trim() === term ? '' : term, currentMatch: -1 });

  const bars: ChartBar[] = rows.slice(0, CHART_BARS).map((row) => {
    const term = filterTerm(by, row.key);
    const sel = selectedOf === null ? null : (selectedOf.get(row.key) ?? EMPTY_ROW);
    return {
      key: row.key,
      label: groupLabel(row, by),
      value: measureOf(row, m),
      valueText: sel === null ? formatMeasure(row, m) : `${formatMeasure(sel, m)} of ${formatMeasure(row, m)}`,
      selected: sel === null ? null : measureOf(sel, m),
      detail: `${row.count.toLocaleString('en-US')} region${row.count === 1 ? '' : 's'}, ${formatBytes(row.sizeBytes)}`,
      active: term !== null && query === term,
      pickable: term !== null,
    };
  });
  if (rows.length > CHART_BARS) {
    const rest = rows.slice(CHART_BARS);
    const value = rest.reduce((sum, r) => sum + measureOf(r, m), 0);
    const count = rest.reduce((sum, r) => sum + r.count, 0);
    const size = rest.reduce((sum, r) => sum + r.sizeBytes, 0n);
    bars.push({
      key: '\0other',
      label: `${rest.length.toLocaleString('en-US')} more`,
      value,
      valueText: otherText(m, count, size, value, selectedOf === null ? null : rest.map((r) => selectedOf.get(r.key) ?? EMPTY_ROW)),
      detail: `${count.toLocaleString('en-US')} regions, ${formatBytes(size)}`,
      active: false,
      pickable: false,
      selected: selectedOf === null ? null : rest.reduce((sum, r) => sum + measureOf(selectedOf.get(r.key) ?? EMPTY_ROW, m), 0),
    });
  }
  const chartLabel = `${MEASURE_LABEL[m]} by ${GROUP_BY_LABEL[by].toLowerCase()}`;
  return (
    <section className="summary-panel" aria-label="Summary">
      <Totals summary={summary} table={table} selected={selected} />
      <div className="summary-controls">
        <Segments label="Group by" values={GROUP_BYS} current={by} text={(v) => GROUP_BY_LABEL[v]} onPick={setBy} />
        <Segments label="Measure" values={measures} current={m} text={(v) => MEASURE_LABEL[v]} onPick={setMeasure} />
      </div>
      {rows.length === 0 ? (
        <p className="muted">{by === 'module' ? 'No mapped files: no modules.' : 'No regions.'}</p>
      ) : (
        <>
          <SummaryChart bars={bars} label={chartLabel} onPick={(key) => pick(filterTerm(by, key))} />
          <p className="summary-hint muted">Click a bar to show only its regions in the map and the table.</p>
          <SummaryTable rows={rows} selectedOf={selectedOf} by={by} measure={m} total={summary.total} onPick={(key) => pick(filterTerm(by, key))} activeQuery={query} />
        </>
      )}
    </section>
  );
}
