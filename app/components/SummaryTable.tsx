/** The summary's groups as a table: regions, virtual size, and Rss, Pss and Swap with smaps. */
import { useState } from 'react';
import { formatBytes, formatNameForDisplay, type SummaryRow } from '../../src/index';
import { GROUP_BY_LABEL, filterTerm, groupLabel, type GroupBy } from './summary-groups';

/** Rows shown before "Show all". */
const FIRST_ROWS = 25;

function share(part: bigint, whole: bigint): string {
  if (whole === 0n) return '';
  const tenths = Number((part * 1000n) / whole);
  return tenths < 1 && part > 0n ? '<0.1%' : `${(tenths / 10).toFixed(1)}%`;
}

export function SummaryTable(props: { rows: SummaryRow[]; by: GroupBy; hasSmaps: boolean; total: SummaryRow; activeQuery: string; onPick: (key: string) => void }) {
  const { rows, by, hasSmaps, total } = props;
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.slice(0, FIRST_ROWS);
  // The panel is narrow: with smaps, Rss and Pss take the place of the share, and Swap shows only when some memory is swapped.
  const showSwap = hasSmaps && (total.swapBytes ?? 0) > 0;
  return (
    <>
      <div className="summary-table-scroll">
      <table className="summary-table" aria-label={`Summary by ${GROUP_BY_LABEL[by].toLowerCase()}`}>
        <thead>
          <tr>
            <th scope="col">{GROUP_BY_LABEL[by]}</th>
            <th scope="col">Regions</th>
            <th scope="col">Size</th>
            {!hasSmaps && <th scope="col">Share</th>}
            {hasSmaps && (
              <>
                <th scope="col">Rss</th>
                <th scope="col">Pss</th>
              </>
            )}
            {showSwap && <th scope="col">Swap</th>}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => {
            const term = filterTerm(by, row.key);
            return (
              <tr key={row.key} className={term !== null && term === props.activeQuery ? 'active' : undefined}>
                <th scope="row" title={formatNameForDisplay(row.key)}>
                  {term === null ? (
                    groupLabel(row, by)
                  ) : (
                    <button type="button" className="link-button plain" onClick={() => props.onPick(row.key)} title={`Show only ${formatNameForDisplay(row.key)}`}>
                      {groupLabel(row, by)}
                    </button>
                  )}
                </th>
                <td>{row.count.toLocaleString('en-US')}</td>
                <td>{formatBytes(row.sizeBytes)}</td>
                {!hasSmaps && <td className="muted">{share(row.sizeBytes, total.sizeBytes)}</td>}
                {hasSmaps && (
                  <>
                    <td>{formatBytes(row.rssBytes ?? 0)}</td>
                    <td>{formatBytes(row.pssBytes ?? 0)}</td>
                  </>
                )}
                {showSwap && <td>{formatBytes(row.swapBytes ?? 0)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      </div>
      {rows.length > FIRST_ROWS && (
        <button type="button" className="link-button summary-more" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${rows.length.toLocaleString('en-US')}`}
        </button>
      )}
    </>
  );
}
