/**
 * The modules of the loaded file (src/analyze/modules.ts): each mapped file's regions as the
 * loader placed them, largest first, with base address, size, segments and — with smaps — Rss
 * (Pss in its tooltip). A row opens to its segments; a segment click selects that region.
 */
import { useMemo, useState } from 'react';
import { formatBytes, formatHexPadded, formatNameForDisplay, type RegionIndex, type RegionTable } from '../../src/internal';
import { ROLE_CODES, type ModuleColumns, type PackedModule } from '../workers/analysis';
import { setCollapseModules, useModuleCollapse, useViewState } from '../state/app-store';

/** Modules shown before "Show more". */
const PAGE = 100;

function sumField(table: RegionTable, rows: number[], key: string): number {
  let sum = 0;
  for (const row of rows) sum += table.smaps?.[row]?.fields[key] ?? 0;
  return sum;
}

const ROLE_TEXT: Record<string, string> = { file: '', gap: 'hole', bss: '.bss' };

function ModuleRow(props: { m: PackedModule; table: RegionTable; order: Uint32Array; roleOfRow: Uint8Array; hasSmaps: boolean; selectedRow: number; onSelect: (row: number) => void }) {
  const { m, table, order, roleOfRow, hasSmaps } = props;
  const [open, setOpen] = useState(false);
  const rows = Array.from(order.subarray(m.firstPosition, m.firstPosition + m.segmentCount));
  const id = `module-${m.index}`;
  const name = formatNameForDisplay(m.name);
  return (
    <>
      <tr className={rows.includes(props.selectedRow) ? 'selected' : undefined}>
        <th scope="row">
          <button type="button" className="module-toggle" aria-expanded={open} aria-controls={open ? id : undefined} onClick={() => setOpen(!open)} title={formatNameForDisplay(m.pathname)}>
            <span aria-hidden="true">{open ? '▾' : '▸'}</span> {name}
          </button>
          {m.deleted && <span className="module-tag deleted">deleted</span>}
          {m.executable && <span className="module-tag">code</span>}
        </th>
        <td className="mono">
          <button type="button" className="link-button mono" onClick={() => props.onSelect(rows[0])} title="Select its first region">
            {formatHexPadded(m.beginAddr)}
          </button>
        </td>
        <td title={m.bssBytes > 0n ? `${formatBytes(m.fileBytes)} of the file, ${formatBytes(m.bssBytes)} anonymous (.bss)` : undefined}>{formatBytes(m.sizeBytes)}</td>
        <td>{m.segmentCount}</td>
        {hasSmaps && <td title={`Pss ${formatBytes(sumField(table, rows, 'Pss'))}`}>{formatBytes(sumField(table, rows, 'Rss'))}</td>}
      </tr>
      {open && (
        <tr className="module-segments" id={id}>
          <td colSpan={hasSmaps ? 5 : 4}>
            <ol aria-label={`Segments of ${name}`}>
              {rows.map((row) => {
                const r = table.get(row);
                const role = ROLE_CODES[roleOfRow[row]];
                return (
                  <li key={row}>
                    <button type="button" className="finding-region" aria-pressed={row === props.selectedRow} onClick={() => props.onSelect(row)}>
                      <span className="mono">{formatHexPadded(r.begin)}</span> <span className="mono">{r.permissions.text}</span> <span className="mono muted">+{formatHexPadded(r.offset)}</span>{' '}
                      {formatBytes(r.sizeBytes)} {ROLE_TEXT[role] && <span className="module-tag">{ROLE_TEXT[role]}</span>}
                    </button>
                  </li>
                );
              })}
            </ol>
          </td>
        </tr>
      )}
    </>
  );
}

/** The selection is read here, not in the side panel: a new selection re-renders the modules only while they are shown. */
export function ModuleList(props: { modules: ModuleColumns; table: RegionTable; index: RegionIndex; roleOfRow: Uint8Array; hasSmaps: boolean; onSelect: (row: number) => void }) {
  const selectedRow = useViewState((s) => s.selectedRow);
  const [shown, setShown] = useState(PAGE);
  const collapse = useModuleCollapse();
  // Largest first; only the modules shown are made objects.
  const sorted = props.modules.bySize();
  const page = useMemo(() => Array.from(sorted.subarray(0, shown), (m) => props.modules.at(m)), [props.modules, sorted, shown]);
  if (sorted.length === 0) return <p className="muted">No mapped files, so no modules.</p>;
  return (
    <section className="module-list" aria-label="Modules panel">
      <p className="muted module-note">Each mapped file's regions as the loader placed them — segments and the holes between them — largest first. Anonymous memory right after a module may start with its .bss, but the kernel merges a .bss with any anonymous neighbour, so it is not counted in the module.</p>
      <label className="module-collapse">
        <input type="checkbox" checked={collapse.on} onChange={(event) => setCollapseModules(event.target.checked)} /> One row per module in the region table
      </label>
      <div className="module-table-scroll">
      <table aria-label="Modules">
        <thead>
          <tr>
            <th scope="col">Module</th>
            <th scope="col">Base</th>
            <th scope="col">Size</th>
            <th scope="col" title="Regions">#</th>
            {props.hasSmaps && <th scope="col">Rss</th>}
          </tr>
        </thead>
        <tbody>
          {page.map((m) => (
            <ModuleRow key={m.index} m={m} table={props.table} order={props.index.order} roleOfRow={props.roleOfRow} hasSmaps={props.hasSmaps} selectedRow={selectedRow} onSelect={props.onSelect} />
          ))}
        </tbody>
      </table>
      </div>
      {sorted.length > shown && (
        <button type="button" className="link-button summary-more" onClick={() => setShown(shown + PAGE)}>
          Show {Math.min(PAGE, sorted.length - shown)} more of {sorted.length.toLocaleString('en-US')}
        </button>
      )}
    </section>
  );
}
