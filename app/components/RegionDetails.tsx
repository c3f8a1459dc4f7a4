/**
 * The details panel of the selected region ("Region details"): every field of its maps line, its
 * smaps fields and VmFlags when the file had them, its neighbours in address order (with the gaps
 * between) and the module it belongs to. Text from the file is rendered as text nodes only.
 */
import { useMemo } from 'react';
import { KIND_DESCRIPTION, decodePathname, formatBytes, formatHexPadded, formatNameForDisplay, type Region } from '../../src/index';
import { isModuleKind, moduleName } from '../paint/coloring';
import { selectRow, useViewState } from '../state/view-store';
import type { ViewActions } from '../hooks/useViewActions';
import type { ViewModel } from '../hooks/useViewModel';
import { formatDevice } from './Tooltip';
import { SmapsFields } from './SmapsFields';

const PERM_WORDS: [number, string][] = [
  [1, 'read'],
  [2, 'write'],
  [4, 'execute'],
];

function permsInWords(r: Region): string {
  const words = PERM_WORDS.filter(([bit]) => r.perms & bit).map(([, w]) => w);
  return `${words.length ? words.join(', ') : 'no access'}; ${r.isShared ? 'shared' : 'private (copy on write)'}`;
}

/** Every region with the same pathname: how many, how large, where. Null when not a module. */
function moduleOf(model: ViewModel, row: number): { count: number; bytes: bigint; begin: bigint; end: bigint } | null {
  const c = model.table.columns;
  const id = c.pathId[row];
  if (id < 0 || !isModuleKind(model.table.kind(row))) return null;
  const { rows } = model.sorted;
  let count = 0;
  let bytes = 0n;
  let begin = -1n;
  let end = 0n;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    if (c.pathId[r] !== id) continue;
    count++;
    const b = model.table.begin(r);
    const e = model.table.end(r);
    bytes += e - b;
    if (begin < 0n) begin = b;
    if (e > end) end = e;
  }
  return { count, bytes, begin, end };
}

function Neighbour({ model, pos, side, actions }: { model: ViewModel; pos: number; side: 'previous' | 'next'; actions: ViewActions }) {
  if (pos < 0 || pos >= model.sorted.count) return <div className="neighbour muted">no {side} region</div>;
  const row = model.sorted.rows[pos];
  const r = model.table.get(row);
  return (
    <button type="button" className="neighbour" onClick={() => actions.selectAndReveal(row)}>
      <span className="muted">{side === 'previous' ? '← previous' : 'next →'}</span>{' '}
      <span className="mono">
        {formatHexPadded(r.begin)} {r.permissions.text}
      </span>{' '}
      {r.pathname === null ? 'anonymous' : moduleName(r.pathname)} <span className="muted">{formatBytes(r.sizeBytes)}</span>
    </button>
  );
}

/** The gap between position k and k + 1, as text ("touching" when there is none). */
function gapText(model: ViewModel, k: number): string {
  if (k < 0 || k + 1 >= model.sorted.count) return '';
  const a = model.table.end(model.sorted.rows[k]);
  const b = model.table.begin(model.sorted.rows[k + 1]);
  return b > a ? `${formatBytes(b - a)} unmapped` : b === a ? 'adjacent' : 'overlapping';
}

/** Why a region has no module, and whose it probably is. */
function noModule(model: ViewModel, pos: number): string {
  const row = model.sorted.rows[pos];
  const kind = model.table.kind(row);
  if (kind !== 'anonymous' || pos === 0) return kind === 'anonymous' ? 'None: anonymous memory.' : 'None: a kernel or named pseudo-mapping.';
  // An anonymous region right after a file's writable segment is, as a rule, that file's .bss
  // (the ELF loader maps the zero-filled tail of the data segment anonymously).
  const prev = model.sorted.rows[pos - 1];
  const prevPath = model.table.pathname(prev);
  const touching = model.table.end(prev) === model.table.begin(row);
  if (touching && prevPath !== null && isModuleKind(model.table.kind(prev)) && model.table.columns.perms[prev] & 2) {
    return `None: anonymous memory — probably the .bss of ${moduleName(prevPath)}, whose writable segment it follows.`;
  }
  return 'None: anonymous memory.';
}

export function RegionDetails({ model, actions }: { model: ViewModel; actions: ViewActions }) {
  const row = useViewState((s) => s.selectedRow);
  const valid = row >= 0 && row < model.table.length;
  const module = useMemo(() => (valid ? moduleOf(model, row) : null), [model, row, valid]);
  if (!valid) {
    return (
      <aside className="region-details empty" aria-label="Region details">
        <p className="muted">Click a region to see every field, its neighbours and its module. Hover for a summary.</p>
      </aside>
    );
  }
  const r = model.table.get(row);
  const pos = model.sorted.positionOfRow[row];
  const path = r.pathname;
  const decoded = path === null ? null : decodePathname(path);
  const smaps = r.smaps;
  return (
    <aside className="region-details" aria-label="Region details">
      <header className="details-head">
        <h2>{path === null ? 'anonymous' : moduleName(path)}</h2>
        <span className="mono">
          {formatHexPadded(r.begin)}-{formatHexPadded(r.end)} {r.permissions.text}
        </span>
        <span className="details-actions">
          <button type="button" className="button" onClick={actions.fitSelection} title="Fit the view to this region (f)">
            Fit
          </button>
          <button type="button" className="icon-button" aria-label="Clear selection" title="Clear selection (Esc)" onClick={() => selectRow(-1)}>
            ×
          </button>
        </span>
      </header>
      <div className="details-body">
        <dl className="details-fields two-up">
          <dt>start</dt>
          <dd className="mono">{formatHexPadded(r.begin)}</dd>
          <dt>end</dt>
          <dd className="mono">{formatHexPadded(r.end)}</dd>
          <dt>size</dt>
          <dd>
            {formatBytes(r.sizeBytes)} <span className="muted mono">({r.sizeBytes.toLocaleString('en-US')} B)</span>
          </dd>
          <dt>perms</dt>
          <dd>
            <span className="mono">{r.permissions.text}</span> <span className="muted">{permsInWords(r)}</span>
            {r.isWritable && r.isExecutable && <span className="details-alarm"> writable and executable</span>}
          </dd>
          <dt>offset</dt>
          <dd className="mono">{formatHexPadded(r.offset)}</dd>
          <dt>device</dt>
          <dd className="mono">{formatDevice(r.device.major, r.device.minor)}</dd>
          <dt>inode</dt>
          <dd className="mono">{r.inode.toString()}</dd>
          <dt>line</dt>
          <dd>{r.line}</dd>
          <dt>kind</dt>
          <dd className="wide">
            {r.kind} <span className="muted">— {KIND_DESCRIPTION[r.kind]}</span>
          </dd>
          <dt>path</dt>
          <dd className="mono details-path wide">{path === null ? <span className="muted">none (anonymous)</span> : formatNameForDisplay(path)}</dd>
          {decoded !== null && decoded !== path && (
            <>
              <dt>decoded</dt>
              <dd className="mono details-path wide">{formatNameForDisplay(decoded)}</dd>
            </>
          )}
        </dl>
        <div className="details-side">
          <h3>Neighbours</h3>
          <Neighbour model={model} pos={pos - 1} side="previous" actions={actions} />
          {pos > 0 && <div className="gap-note muted">{gapText(model, pos - 1)}</div>}
          <div className="neighbour self mono">this region</div>
          {pos + 1 < model.sorted.count && <div className="gap-note muted">{gapText(model, pos)}</div>}
          <Neighbour model={model} pos={pos + 1} side="next" actions={actions} />
          <h3>Module</h3>
          {module === null ? (
            <p className="muted">{noModule(model, pos)}</p>
          ) : (
            <p>
              <b>{moduleName(path ?? '')}</b>: {module.count.toLocaleString('en-US')} region{module.count === 1 ? '' : 's'},{' '}
              {formatBytes(module.bytes)}, <span className="mono">{formatHexPadded(module.begin)}-{formatHexPadded(module.end)}</span>
            </p>
          )}
        </div>
        {smaps && (
          <div className="details-smaps">
            <h3>smaps</h3>
            <SmapsFields record={smaps} />
          </div>
        )}
      </div>
    </aside>
  );
}
