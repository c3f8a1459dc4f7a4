/**
 * Runs a parsed search query over a region table, on top of filterRegions: the address terms pick
 * candidate rows through the index (O(log n) each), everything else is one filter pass over the
 * typed-array columns, with pathname terms tested once per distinct pathname.
 */
import { filterRegions, type RegionFilter } from './filter.js';
import type { RegionIndex } from './region-index.js';
import { termFilter, type SearchClause, type SearchQuery } from './search-query.js';

/**
 * The rows that match `query` and pass `filter` (e.g. the permission filter), ascending by begin
 * address (ties in file order).
 */
export function searchRegions(index: RegionIndex, query: SearchQuery, filter: RegionFilter = {}): Uint32Array {
  const merged = combineFilters(query.filter, filter);
  if (query.addresses.length === 0) return applyClauses(index, query.clauses, filterRegions(index.table, merged, index.order));
  // Rows containing every address: findAllRows answers in begin order, so the intersection keeps it.
  let rows = index.findAllRows(query.addresses[0]);
  for (const address of query.addresses.slice(1)) {
    const also = new Set(index.findAllRows(address));
    rows = rows.filter((r) => also.has(r));
  }
  return applyClauses(index, query.clauses, filterRegions(index.table, merged, Uint32Array.from(rows)));
}

/**
 * The rows of `rows` (in their order) that pass every clause: either of its terms holds, or,
 * negated, none does. One filter pass over `rows` per term (address terms: the index), so a
 * clause costs what its terms would cost as plain terms.
 */
export function applyClauses(index: RegionIndex, clauses: readonly SearchClause[], rows: Uint32Array): Uint32Array {
  if (clauses.length === 0) return rows;
  const table = index.table;
  const hit = new Uint8Array(table.length);
  let kept = rows;
  for (const clause of clauses) {
    hit.fill(0);
    for (const term of clause.terms) {
      if (term.type === 'address') for (const r of index.findAllRows(term.address)) hit[r] = 1;
      else for (const r of filterRegions(table, termFilter(term), kept)) hit[r] = 1;
    }
    const want = clause.negated ? 0 : 1;
    let n = 0;
    const out = new Uint32Array(kept.length);
    for (let k = 0; k < kept.length; k++) if (hit[kept[k]] === want) out[n++] = kept[k];
    kept = out.slice(0, n);
  }
  return kept;
}

/**
 * One filter that keeps what both keep. Each criterion is taken from whichever filter sets it, and
 * combined where both do; a criterion one filter leaves empty ('' or undefined) never undoes the
 * other's (a spread did: { text: 'lib' } with { text: '' } kept everything).
 */
export function combineFilters(a: RegionFilter, b: RegionFilter): RegionFilter {
  const out: RegionFilter = {};
  let test = both(a.pathnameTest, b.pathnameTest);
  if (a.text && b.text) {
    const lower = a.text.toLowerCase();
    test = both(test, (name) => name.toLowerCase().includes(lower));
  }
  const text = b.text || a.text;
  if (text) out.text = text;
  if (a.regex && b.regex) {
    const regex = new RegExp(a.regex.source, a.regex.flags.replace(/[gy]/g, ''));
    test = both(test, (name) => regex.test(name));
  }
  const regex = b.regex ?? a.regex;
  if (regex) out.regex = regex;
  if (test !== undefined) out.pathnameTest = test;
  if (a.kinds && b.kinds) out.kinds = a.kinds.filter((k) => b.kinds!.includes(k));
  else if (a.kinds || b.kinds) out.kinds = a.kinds ?? b.kinds;
  if (a.minSizeBytes !== undefined && b.minSizeBytes !== undefined) out.minSizeBytes = a.minSizeBytes > b.minSizeBytes ? a.minSizeBytes : b.minSizeBytes;
  else if (a.minSizeBytes !== undefined || b.minSizeBytes !== undefined) out.minSizeBytes = a.minSizeBytes ?? b.minSizeBytes;
  if (a.maxSizeBytes !== undefined && b.maxSizeBytes !== undefined) out.maxSizeBytes = a.maxSizeBytes < b.maxSizeBytes ? a.maxSizeBytes : b.maxSizeBytes;
  else if (a.maxSizeBytes !== undefined || b.maxSizeBytes !== undefined) out.maxSizeBytes = a.maxSizeBytes ?? b.maxSizeBytes;
  if (a.permsRequired !== undefined || b.permsRequired !== undefined) out.permsRequired = (a.permsRequired ?? 0) | (b.permsRequired ?? 0);
  if (a.permsExcluded !== undefined || b.permsExcluded !== undefined) out.permsExcluded = (a.permsExcluded ?? 0) | (b.permsExcluded ?? 0);
  return out;
}

type NameTest = ((name: string) => boolean) | undefined;

function both(a: NameTest, b: NameTest): NameTest {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return (name) => a(name) && b(name);
}
