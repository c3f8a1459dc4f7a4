/**
 * Above the region table of a comparison: how much of the two snapshots matched (the diff's own
 * sentence — a bad pair says how little), and the change filter: which of added, removed, changed
 * and unchanged regions the table lists, each with its count.
 */
import { formatCount, type RegionTable } from '../../src/internal';
import { toggleChange, useChangeFilter, useComparisonOf } from '../hooks/useComparison';
import { CHANGE, CHANGE_NAMES } from '../workers/compare-table';
import './Compare.css';

export function CompareBar({ table }: { table: RegionTable }) {
  const comparison = useComparisonOf(table);
  const filter = useChangeFilter();
  if (comparison === null) return null;
  return (
    <section className="compare-bar" aria-label="Comparison">
      <fieldset className="change-filter">
        <legend>Show regions</legend>
        {(['added', 'removed', 'changed', 'unchanged'] as const).map((name) => {
          const code = CHANGE[name];
          return (
            <label key={name} className={`change-${name}`}>
              <input type="checkbox" checked={(filter & (1 << code)) !== 0} onChange={() => toggleChange(code)} />
              {CHANGE_NAMES[code]}
              <span className="legend-count">{formatCount(comparison.rowCounts[name])}</span>
            </label>
          );
        })}
      </fieldset>
      <p className="compare-summary muted" title={comparison.summary}>
        {comparison.summary}
      </p>
    </section>
  );
}
