/**
 * Interactive address lookup: an address (hex with or without 0x, `_` or `` ` `` separators) or
 * `module+0xoffset` (src/query/address-input.ts); the answer updates as you type, and the map pans
 * to the address and pins it. LookupResult shows the answer.
 */
import { useEffect } from 'react';
import {
  beyondUserSpace,
  fileOffsetOf,
  formatAnonymous,
  formatBeyondUserSpace,
  formatBytes,
  formatHex,
  formatModuleOffset,
  formatPermissions,
  formatRowName,
  formatRowRange,
  type ModuleIndex,
  type RegionIndex,
  type RegionTable,
} from '../../src/internal';
import { lookupAnswer } from '../state/find-results';
import { findStore, useFindState } from '../state/app-store';
import { useModuleIndex } from '../state/module-index';
import { applyLookup, retryWaitingLookup, type FindActions } from '../hooks/useFind';
import { Name, nameText } from './Name';

interface Props {
  index: RegionIndex;
  actions: FindActions;
  resultId: string;
}

export function AddressLookup({ index, actions, resultId }: Props) {
  const lookup = useFindState((s) => s.lookup);
  // A module lookup typed before the parse worker's modules came is applied when they do.
  const moduleIndex = useModuleIndex(index);
  useEffect(() => {
    if (moduleIndex.status === 'ready') retryWaitingLookup(index, actions);
  }, [moduleIndex, index, actions]);
  // The address space's shape (what lies beyond user space, for an answer in a gap) is found once
  // per file, in idle time: the first lookup of an unmapped address paid its pass over the regions.
  // (The search's own indexes: SearchBox.)
  useEffect(() => {
    const id = requestIdleCallback(() => void index.addressSpace);
    return () => cancelIdleCallback(id);
  }, [index]);
  // So is the modules' map of .bss neighbours (an anonymous region's answer names the module whose
  // .bss it may start with): made by its first call, it was ~18 ms of the first such paste at a million.
  useEffect(() => {
    if (moduleIndex.status !== 'ready') return;
    const modules = moduleIndex.modules;
    const id = requestIdleCallback(() => void modules.bssNeighbourOf(0));
    return () => cancelIdleCallback(id);
  }, [moduleIndex]);
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
  const moduleIndex = useModuleIndex(index);
  if (lookup.trim() === '') return <div id={id} hidden />;
  const modules = moduleIndex.status === 'ready' ? moduleIndex.modules : null;
  const { input, result, waiting } = lookupAnswer(index, lookup, modules);
  const table = index.table;
  const beyond = result !== null && !result.mapped ? beyondUserSpace(index.addressSpace, result.address) : undefined;
  let body;
  if (waiting && moduleIndex.status === 'failed') {
    body = <span className="lookup-error">no modules to look names up in: the analysis failed ({moduleIndex.message})</span>;
  } else if (waiting) {
    body = <span className="lookup-waiting">{!input.ok && input.message}</span>;
  } else if (!input.ok) {
    body = <span className="lookup-error">{input.message}</span>;
  } else if (result === null) {
    body = null;
  } else if (result.mapped) {
    const row = result.row;
    const pathname = table.pathname(row);
    const where = modules === null ? (moduleIndex.status === 'failed' ? 'module unknown' : 'module: grouping…') : (formatModuleOffset(modules, row, result.address) ?? formatAnonymous(table, modules, row));
    const fileOffset = fileOffsetOf(table, result);
    body = (
      <>
        <span className="lookup-addr">{formatHex(result.address)}</span>
        <span className="lookup-module" data-field="module" title={nameText(where)}>
          <Name text={where} />
        </span>
        <span data-field="perms">{table.known.perms ? formatPermissions(table.columns.perms[row]) : 'perms unknown'}</span>
        <span data-field="range">{formatRowRange(table, row)}</span>
        <span data-field="pathname" className="lookup-path" title={pathname === null ? undefined : nameText(pathname)}>
          {pathname === null ? `[${table.kind(row)}]` : <Name text={pathname} />}
        </span>
        <span data-field="offset">+{formatHex(result.offsetInRegion)} into the region</span>
        {fileOffset !== undefined && <span data-field="file-offset">file offset {formatHex(fileOffset)}</span>}
      </>
    );
  } else if (beyond !== undefined) {
    body = (
      <>
        <span className="lookup-addr">{formatHex(result.address)}</span>
        <span className="lookup-unmapped" data-field="module">
          unmapped
        </span>
        <span data-field="beyond">{formatBeyondUserSpace(beyond)}</span>
      </>
    );
  } else {
    const below = result.beforeRow < 0 ? 'no region below' : `${formatHex(result.address - result.gapBegin)} past the end of ${nameText(rowName(table, modules, result.beforeRow))}`;
    const above = result.afterRow < 0 ? 'no region above' : `${formatHex(result.gapEnd - result.address)} before ${nameText(rowName(table, modules, result.afterRow))}`;
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

/** A region's short name: its module label, or — before the modules are ready — its pathname. */
function rowName(table: RegionTable, modules: ModuleIndex | null, row: number): string {
  return modules !== null ? formatRowName(table, modules, row) : (table.pathname(row) ?? `anonymous ${formatRowRange(table, row)}`);
}
