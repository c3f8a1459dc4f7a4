/**
 * The details panel of the selected region ("Region details"): every field of its maps line, its
 * smaps fields and VmFlags when the file had them, its neighbours in address order (with the gaps
 * between) and the module it belongs to (the parse worker's grouping, as the Modules panel and
 * the map's module colouring show it). Text from the file is rendered as text nodes only.
 */
import { Fragment, useMemo } from 'react';
import { KIND_DESCRIPTION, decodePathname, hasFileBehind, formatBytes, formatHexPadded, moduleName, type Region } from '../../src/internal';
import { useAnalysisErrorOf, useAnalysisOf } from '../state/module-index';
import { selectRow, useLoadedSlice } from '../state/app-store';
import { ROLE_CODES, type Analysis } from '../workers/analysis';
import type { ViewActions } from '../hooks/useViewActions';
import { useSelectionAfterPaint } from '../hooks/useSelectionAfterPaint';
import type { ViewModel } from '../state/view-model';
import { formatDevice } from './Tooltip';
import { SmapsFields } from './SmapsFields';
import { ChangeDetails } from './ChangeDetails';
import { NAME_CHARS, Name } from './Name';
import { NameField } from './NameField';

const PERM_WORDS: [number, string][] = [
  [1, 'read'],
  [2, 'write'],
  [4, 'execute'],
];

function permsInWords(r: Region): string {
  const words = PERM_WORDS.filter(([bit]) => r.perms & bit).map(([, w]) => w);
  return `${words.length ? words.join(', ') : 'no access'}; ${r.isShared ? 'shared' : 'private (copy on write)'}`;
}

/** The Module section: the parse worker's module of the row (the Modules panel's), what the region is to it, or why it has none. */
function ModuleOf({ model, row, analysis, bssAfter, error }: { model: ViewModel; row: number; analysis: Analysis | null; bssAfter: ReadonlyMap<number, number> | null; error: string | null }) {
  if (analysis === null) return <p className="muted">{error === null ? 'Grouping modules…' : `Unknown: the analysis failed (${error}).`}</p>;
  const i = analysis.moduleOfRow[row];
  if (i < 0) {
    // A module's .bss merged by the kernel with more anonymous memory than the file can need (src/analyze/modules.ts).
    const j = bssAfter?.get(row);
    const before = j === undefined ? undefined : analysis.modules.at(j);
    if (before !== undefined) {
      return (
        <p className="muted">
          None: anonymous memory, which may start with the .bss of <Name text={before.name} /> right below it (the kernel merges a .bss with
          adjacent anonymous memory, and a maps file does not say how much of it is the .bss, so it is not counted in that module).
        </p>
      );
    }
    return <p className="muted">{noModule(model, row)}</p>;
  }
  const m = analysis.modules.at(i);
  const role = ROLE_CODES[analysis.roleOfRow[row]];
  return (
    <p>
      <b>
        <Name text={m.name} />
      </b>
      : {m.segmentCount.toLocaleString('en-US')} region{m.segmentCount === 1 ? '' : 's'}, {formatBytes(m.sizeBytes)},{' '}
      <span className="mono">
        {formatHexPadded(m.beginAddr)}-{formatHexPadded(m.endAddr)}
      </span>
      {role !== 'file' && <span className="muted"> — this region is {ROLE_TEXT[role]}</span>}
    </p>
  );
}

const ROLE_TEXT: Record<string, string> = { gap: 'a hole between its segments', bss: 'its .bss (anonymous memory after its data)', none: 'part of it' };

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
      {r.pathname === null ? 'anonymous' : <Name text={moduleName(r.pathname)} />} <span className="muted">{formatBytes(r.sizeBytes)}</span>
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

/** Why a region is in no module (src/analyze/modules.ts groups mapped files only). */
function noModule(model: ViewModel, row: number): string {
  const kind = model.table.kind(row);
  if (kind === 'anonymous') return 'None: anonymous memory.';
  if (kind === 'named-anonymous') return 'None: named anonymous memory.';
  if (kind === 'file' || kind === 'deleted-file') return 'None.';
  return `None: ${KIND_DESCRIPTION[kind]}, not a mapped file.`;
}

export function RegionDetails({ model, actions }: { model: ViewModel; actions: ViewActions }) {
  // A new selection shows here in the frame after the one that shows it on the map (and a paste's answer).
  const row = useSelectionAfterPaint();
  const valid = row >= 0 && row < model.table.length;
  const analysis = useAnalysisOf(model.table, valid);
  const analysisError = useAnalysisErrorOf(model.table, valid && analysis === null);
  // Anonymous row → the module whose .bss it may start with, once per analysis: a search of every
  // module (21,857 at 262,144 generated regions) for each selected anonymous region showed in
  // the paste profile at a million (up to 5 ms a paste).
  const bssAfter = useMemo(() => {
    if (analysis === null) return null;
    const map = new Map<number, number>();
    const { modules } = analysis;
    for (let k = 0; k < modules.count; k++) {
      const row = modules.anonymousAfterRow(k);
      if (row >= 0) map.set(row, k);
    }
    return map;
  }, [analysis]);
  const artifactAttributes = useLoadedSlice((file) => file.artifact?.regionAttributes);
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
  const known = r.table.known;
  // What the crash artifact's map line said beside the name (a tombstone's BuildId, load bias).
  const attributes = artifactAttributes?.filter((a) => a.line === r.line) ?? [];
  return (
    <aside className="region-details" aria-label="Region details">
      <header className="details-head">
        <h2 className="details-title">{path === null ? (r.kind === 'thread-stack' ? 'thread stack' : 'anonymous') : <Name text={moduleName(path)} />}</h2>
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
        <ChangeDetails table={model.table} row={row} />
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
          <dd className="mono">
            {known.offset ? formatHexPadded(r.offset) : <span className="muted">not in the file</span>}
            {known.offset && !hasFileBehind(path, r.kind) && <span className="muted"> (no file behind it: not a file offset)</span>}
          </dd>
          <dt>device</dt>
          <dd className="mono">{known.device ? formatDevice(r.device.major, r.device.minor) : <span className="muted">not in the file</span>}</dd>
          <dt>inode</dt>
          <dd className="mono">{known.inode ? r.inode.toString() : <span className="muted">not in the file</span>}</dd>
          <dt>line</dt>
          <dd>{r.line}</dd>
          {attributes.map((a) => (
            <Fragment key={a.key}>
              <dt>{a.key}</dt>
              <dd className="mono wide">
                <Name text={a.value} />
              </dd>
            </Fragment>
          ))}
          <dt>kind</dt>
          <dd className="wide">
            {r.kind} <span className="muted">— {KIND_DESCRIPTION[r.kind]}</span>
          </dd>
          <dt>path</dt>
          <dd className="mono details-path wide">{path === null ? <span className="muted">none (anonymous)</span> : <NameField key={row} name={path} />}</dd>
          {decoded !== null && decoded !== path && (
            <>
              <dt>decoded</dt>
              <dd className="mono details-path wide">
                <Name text={decoded} maxChars={NAME_CHARS.details} className="name-wrap" />
              </dd>
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
          <ModuleOf model={model} row={row} analysis={analysis} bssAfter={bssAfter} error={analysisError} />
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
