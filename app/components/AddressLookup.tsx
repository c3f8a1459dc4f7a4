/**
 * Interactive address lookup: an address (hex with or without 0x, `_` or `` ` `` separators) or
 * `module+0xoffset` (src/query/address-input.ts); the answer updates as you type, and the map pans
 * to the address and pins it. LookupResult shows the answer.
 */
import { formatBytes, formatHex, formatModuleOffset, formatNameForDisplay, formatPermissions, formatRowName, formatRowRange, type RegionIndex } from '../../src/index';
import { modulesFor, lookupAnswer } from '../state/find-results';
import { findStore, useFindState } from '../state/find-store';
import { applyLookup, type FindActions } from '../hooks/useFind';

interface Props {
  index: RegionIndex;
  actions: FindActions;
  resultId: string;
}

export function AddressLookup({ index, actions, resultId }: Props) {
  const lookup = useFindState((s) => s.lookup);
  return (
    <div className="address-lookup">
      <input
        type="search"
        className="find-input lookup-input"
        aria-label="Look up address"
        aria-controls={resultId}
        placeholder="0x7f3a2c029d90 or libc.so.6+0x29d90"
        spellCheck={false}
        autoComplete="off"
        value={lookup}
        onChange={(event) => {
          findStore.set({ lookup: event.target.value });
          applyLookup(index, actions, event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') applyLookup(index, actions, lookup);
        }}
      />
    </div>
  );
}

/** The answer to the lookup, in an element labelled "Lookup result". */
export function LookupResult({ index, id }: { index: RegionIndex; id: string }) {
  const lookup = useFindState((s) => s.lookup);
  if (lookup.trim() === '') return <div id={id} hidden />;
  const { input, result } = lookupAnswer(index, lookup);
  const table = index.table;
  let body;
  if (!input.ok) {
    body = <span className="lookup-error">{input.message}</span>;
  } else if (result === null) {
    body = null;
  } else if (result.mapped) {
    const row = result.row;
    const modules = modulesFor(index);
    const pathname = table.pathname(row);
    body = (
      <>
        <span className="lookup-addr">{formatHex(result.address)}</span>
        <span className="lookup-module" data-field="module" title={formatNameForDisplay(formatModuleOffset(modules, row, result.address) ?? 'anonymous')}>
          {formatNameForDisplay(formatModuleOffset(modules, row, result.address) ?? 'anonymous')}
        </span>
        <span data-field="perms">{table.known.perms ? formatPermissions(table.columns.perms[row]) : 'perms unknown'}</span>
        <span data-field="range">{formatRowRange(table, row)}</span>
        <span data-field="pathname" className="lookup-path" title={pathname === null ? undefined : formatNameForDisplay(pathname)}>
          {pathname === null ? `[${table.kind(row)}]` : formatNameForDisplay(pathname)}
        </span>
        <span data-field="offset">+{formatHex(result.offsetInRegion)} into the region</span>
        {table.known.offset && <span data-field="file-offset">file offset {formatHex(result.fileOffset)}</span>}
      </>
    );
  } else {
    const modules = modulesFor(index);
    const below = result.beforeRow < 0 ? 'no region below' : `${formatHex(result.address - result.gapBegin)} past the end of ${formatNameForDisplay(formatRowName(table, modules, result.beforeRow))}`;
    const above = result.afterRow < 0 ? 'no region above' : `${formatHex(result.gapEnd - result.address)} before ${formatNameForDisplay(formatRowName(table, modules, result.afterRow))}`;
    body = (
      <>
        <span className="lookup-addr">{formatHex(result.address)}</span>
        <span className="lookup-unmapped" data-field="module">
          unmapped
        </span>
        <span data-field="gap">
          gap {formatHex(result.gapBegin)}-{formatHex(result.gapEnd)} ({formatBytes(result.gapEnd - result.gapBegin)})
        </span>
        <span data-field="below">{below}</span>
        <span data-field="above">{above}</span>
      </>
    );
  }
  return (
    <div id={id} className="lookup-result" role="status" aria-label="Lookup result" aria-live="polite">
      <span className="find-label">Lookup</span>
      {body}
    </div>
  );
}
