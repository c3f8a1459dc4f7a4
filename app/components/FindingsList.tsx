/**
 * The findings of src/analyze/lints.ts: what is unusual in the map, one sentence each, why it
 * matters and when it is normal, and the regions concerned — a click selects one in the map and
 * the table. Pathnames come from the file: text nodes only.
 */
import { memo, useState } from 'react';
import { formatBytes, formatHexPadded, moduleName, type Finding, type RegionTable } from '../../src/internal';
import { useViewState } from '../state/app-store';
import { nameText } from './Name';

/** Regions listed per finding before "Show all". */
const FIRST_REGIONS = 6;

/** Memoised: a new selection re-renders only the buttons whose selection changed. */
const RegionButton = memo(function RegionButton({ table, row, selected, onSelect }: { table: RegionTable; row: number; selected: boolean; onSelect: (row: number) => void }) {
  const r = table.get(row);
  const name = r.pathname === null ? 'anonymous' : nameText(moduleName(r.pathname));
  return (
    <button type="button" className="finding-region" aria-pressed={selected} onClick={() => onSelect(row)} title={`line ${r.line}: ${nameText(r.format())}`}>
      <span className="mono">{formatHexPadded(r.begin)}</span> <span className="mono">{r.permissions.text}</span> <span className="finding-region-name">{name}</span>{' '}
      <span className="muted">{formatBytes(r.sizeBytes)}</span>
    </button>
  );
});

function FindingItem({ finding, table, selectedRow, onSelect }: { finding: Finding; table: RegionTable; selectedRow: number; onSelect: (row: number) => void }) {
  const [all, setAll] = useState(false);
  const rows = all ? finding.rows : finding.rows.slice(0, FIRST_REGIONS);
  return (
    <li className={`finding ${finding.severity}`} aria-labelledby={`finding-${finding.code}`}>
      <h3 id={`finding-${finding.code}`}>
        <span className="finding-icon" aria-hidden="true">
          {finding.severity === 'warning' ? '⚠' : 'ℹ'}
        </span>
        {finding.title}
      </h3>
      <p className="finding-message">{nameText(finding.message)}</p>
      <p className="finding-why">
        <b>Why it matters.</b> {finding.whyItMatters}
      </p>
      <p className="finding-normal">
        <b>When it is normal.</b> {finding.whenNormal}
      </p>
      {finding.rows.length > 0 && (
        <div className="finding-regions" role="group" aria-label={`Regions: ${finding.title}`}>
          {rows.map((row) => (
            <RegionButton key={row} table={table} row={row} selected={row === selectedRow} onSelect={onSelect} />
          ))}
          {finding.rows.length > FIRST_REGIONS && (
            <button type="button" className="link-button" onClick={() => setAll(!all)}>
              {all ? 'Show fewer' : `Show all ${finding.rows.length.toLocaleString('en-US')} regions`}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

/** The selection is read here, not in the side panel: a new selection re-renders the findings only while they are shown. */
export function FindingsList({ findings, table, onSelect }: { findings: Finding[]; table: RegionTable; onSelect: (row: number) => void }) {
  const selectedRow = useViewState((s) => s.selectedRow);
  return (
    <section className="findings" aria-label="Findings panel">
      {findings.length === 0 && <p className="muted findings-none">Nothing unusual: no writable and executable memory, no code without a file, no deleted libraries, no unguarded thread stacks, no overlaps, and well below the region limit.</p>}
      <ul className="findings-list" aria-label="Findings">
        {findings.map((f) => (
          <FindingItem key={f.code} finding={f} table={table} selectedRow={selectedRow} onSelect={onSelect} />
        ))}
      </ul>
    </section>
  );
}
