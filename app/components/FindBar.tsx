/**
 * The find bar above the map: search and its count, the address lookup and bulk lookup, the
 * permission filter; under them, on a line of their own, the lookup's answer and how the query was
 * read — and a search the link carried, which runs only when the user asks (LinkQuery).
 */
import { useId, useState } from 'react';
import { formatHex, type ArtifactInfo, type RegionIndex } from '../../src/internal';
import { useLoadedSlice } from '../state/app-store';
import type { FindActions } from '../hooks/useFind';
import { AddressLookup, LookupResult } from './AddressLookup';
import { BulkLookup } from './BulkLookup';
import { LinkQuery } from './LinkQuery';
import { PermissionFilter } from './PermissionFilter';
import { QueryHelp } from './QueryHelp';
import { SearchBox, SearchHint } from './SearchBox';

interface Props {
  index: RegionIndex;
  actions: FindActions;
}

export function FindBar({ index, actions }: Props) {
  const hintId = useId();
  const resultId = useId();
  const [bulkOpen, setBulkOpen] = useState(false);
  const artifact = useLoadedSlice((file) => file.artifact);
  return (
    <section className="find-bar" aria-label="Find">
      <div className="find-row">
        <SearchBox index={index} onStep={actions.step} hintId={hintId} />
        <QueryHelp />
        <AddressLookup index={index} actions={actions} resultId={resultId} />
        <button type="button" className="button" onClick={() => setBulkOpen(true)}>
          Bulk lookup…
        </button>
        {artifact !== null && artifact.addresses.length > 0 && (
          <button type="button" className="button" onClick={() => setBulkOpen(true)} title="The crash's fault address and backtrace, each looked up in Bulk lookup">
            Backtrace ({artifact.addresses.length})…
          </button>
        )}
      </div>
      <LinkQuery />
      <div className="find-row">
        <PermissionFilter />
      </div>
      {/* The answers' line is always there, one line high when empty: a query's hint or a lookup's
          answer that appears as it is typed or pasted moves neither the map nor the table (a
          taller bar resized the map's canvases and repainted it and the table in that frame). */}
      <div className="find-answers">
        <LookupResult index={index} id={resultId} />
        <SearchHint id={hintId} index={index} />
      </div>
      <BulkLookup open={bulkOpen} onClose={() => setBulkOpen(false)} index={index} actions={actions} initialText={artifact === null ? '' : backtraceText(artifact)} />
    </section>
  );
}

/**
 * A crash artifact's addresses as Bulk lookup's text: one backtrace under the artifact's title,
 * each address a gdb-style frame (`#3 0x… in #03 pc`) in the artifact's order, so that Bulk lookup
 * lists them as frames, in order (src/query/annotate.ts), not grouped by region.
 */
function backtraceText(artifact: ArtifactInfo): string {
  return [`${artifact.title}: fault address and backtrace`, ...artifact.addresses.map((a, i) => `#${i} ${formatHex(a.address)} in ${a.label}`)].join('\n');
}
