/**
 * The summary's groups as a table: regions, virtual size, and the measure the chart shows — its
 * share of the total for sizes and counts, or the group's Rss, Pss or Swap with smaps. One extra
 * column, so the table fits the panel. While a search or filter narrows the regions, the table
 * keeps the regions and the measured column (Size for sizes and counts) and each figure reads
 * "selected of whole" (`3 of 12`, `1.9 MiB of 2.1 MiB`); a group the selection leaves out is dimmed.
 */
import { useState } from 'react';
import { formatBytes, formatNameForDisplay, type SummaryRow } from '../../src/internal';
import { EMPTY_ROW, GROUP_BY_LABEL, MEASURE_LABEL, filterTerm, groupLabel, type GroupBy, type Measure } from './summary-groups';

/** Rows shown before "Show all". */
const FIRST_ROWS = 25;

function share(part: bigint, whole: bigint): string {
  if (whole === 0n) return '';
  const tenths = Number((part * 1000n) / whole);
  return tenths < 1 && part > 0n ? '<0.1%' : `${(tenths / 10).toFixed(1)}%`;
}

/** The extra column: its header and a row's cell. */
function extraColumn(measure: Measure, total: SummaryRow): [string, (row: SummaryRow) => string] {
  switch (measure) {
    case 'rss':
      return ['Rss', (row) => formatBytes(row.rssBytes ?? 0)];
    case 'pss':
      return ['Pss', (row) => formatBytes(row.pssBytes ?? 0)];
    case 'swap':
      return ['Swap', (row) => formatBytes(row.swapBytes ?? 0)];
    case 'count':
      return ['Share', (row) => share(BigInt(row.count), BigInt(total.count))];
    case 'size':
      return ['Share', (row) => share(row.sizeBytes, total.sizeBytes)];
  }
}

/** `x of y` while a selection narrows the regions, else `y`. */
function ofWhole(part: string | null, whole: string): string {
  return part === null ? whole : `${part} of ${whole}`;
}

export function SummaryTable(props: {
  rows: SummaryRow[];
  /** The selection's row of each group (absent: none of its regions), or null when nothing narrows the regions. */
  selectedOf: ReadonlyMap<string, SummaryRow> | null;
  by: GroupBy;
  measure: Measure;
  total: SummaryRow;
  activeQuery: string;
  onPick: (key: string) => void;
}) {
  const { rows, by, measure, total, selectedOf } = props;
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.slice(0, FIRST_ROWS);
  const [extraHeader, extraCell] = extraColumn(measure, total);
  // Narrowed: "x of y" is wide, so one measured column — the chart's measure, or Size for counts.
  const narrowed = selectedOf !== null;
  const showSize = !narrowed || extraHeader === 'Share';
  const showExtra = !narrowed || extraHeader !== 'Share';
  return (
    <>
      <table className="summary-table" aria-label={`Summary by ${GROUP_BY_LABEL[by].toLowerCase()}`}>
        <thead>
          <tr>
            <th scope="col">{GROUP_BY_LABEL[by]}</th>
            <th scope="col">Regions</th>
            {showSize && <th scope="col">Size</th>}
            {showExtra && (
              <th scope="col" title={extraHeader === 'Share' ? `Share of all regions by ${MEASURE_LABEL[measure].toLowerCase()}` : undefined}>
                {extraHeader}
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => {
            const term = filterTerm(by, row.key);
            const sel = selectedOf === null ? null : (selectedOf.get(row.key) ?? EMPTY_ROW);
            const cls = [term !== null && term === props.activeQuery ? 'active' : '', sel?.count === 0 ? 'none-selected' : ''].join(' ').trim();
            const part = (f: (r: SummaryRow) => string) => (sel === null ? null : f(sel));
            return (
              <tr key={row.key} className={cls || undefined}>
                <th scope="row" title={formatNameForDisplay(row.key)}>
                  {term === null ? (
                    groupLabel(row, by)
                  ) : (
                    <button type="button" className="link-button plain" onClick={() => props.onPick(row.key)} title={`Show only ${formatNameForDisplay(row.key)}`}>
                      {groupLabel(row, by)}
                    </button>
                  )}
                </th>
                <td>{ofWhole(part((r) => r.count.toLocaleString('en-US')), row.count.toLocaleString('en-US'))}</td>
                {showSize && <td>{ofWhole(part((r) => formatBytes(r.sizeBytes)), formatBytes(row.sizeBytes))}</td>}
                {showExtra && <td className={extraHeader === 'Share' ? 'muted' : undefined}>{narrowed ? ofWhole(part(extraCell), extraCell(row)) : extraCell(row)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length > FIRST_ROWS && (
        <button type="button" className="link-button summary-more" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${rows.length.toLocaleString('en-US')}`}
        </button>
      )}
    </>
  );
}
