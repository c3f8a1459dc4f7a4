/**
 * What the find state means for the loaded file: the parsed query, the permission filter as a
 * RegionFilter, the matching rows (address order), per-position prefix counts for the map, the
 * address lookup, and the table's row order. Functions over src/, each kept on its inputs in the
 * file's memo (FindMemo, owned by the file's view model), so that the search box, the count, the
 * map and the table share one computation per keystroke.
 */
import {
  PERM_EXEC,
  PERM_READ,
  PERM_SHARED,
  PERM_WRITE,
  filterRegions,
  parseAddressInput,
  parseSearchQuery,
  searchRegions,
  applyClauses,
  type AddressInput,
  type LookupResult,
  type ModuleIndex,
  type RegionFilter,
  type RegionIndex,
  type SearchQuery,
} from '../../src/internal';
import { PERM_KEYS, hasPermFilter, type PermFilterState } from './find-store';
import { getLoadedFile } from './app-store';
import { moduleIndexOf } from './module-index';

/** The find results of one (file, query, filter). */
export interface FindResults {
  readonly index: RegionIndex;
  readonly query: SearchQuery;
  readonly permFilter: RegionFilter;
  /** Some permission control is set: regions outside it are dimmed or hidden. */
  readonly filterActive: boolean;
  /** The query has terms: matches are highlighted. */
  readonly queryActive: boolean;
  /** Regions that pass the permission filter. */
  readonly visibleCount: number;
  /** Rows that pass the filter and match the query, ascending by address. */
  readonly matches: Uint32Array;
  /** Per table row: bit 1 passes the filter, bit 2 matches (and passes). */
  readonly rowState: Uint8Array;
  /** Per address-order position k (RegionIndex.order), the count of positions < k that pass the filter; length n + 1 (empty when no filter is set). */
  readonly visiblePrefix: Uint32Array;
  /** The same for matches (empty when the query has no terms). */
  readonly matchPrefix: Uint32Array;
}

export const STATE_VISIBLE = 1;
export const STATE_MATCH = 2;

/** The permission controls as a RegionFilter. `private` required is `shared` excluded, and the reverse. */
export function permFilterOf(perms: PermFilterState): RegionFilter {
  let required = 0;
  let excluded = 0;
  const bit = (state: string, b: number, inverted = false) => {
    if (state === 'any') return;
    if ((state === 'required') !== inverted) required |= b;
    else excluded |= b;
  };
  bit(perms.readable, PERM_READ);
  bit(perms.writable, PERM_WRITE);
  bit(perms.executable, PERM_EXEC);
  bit(perms.shared, PERM_SHARED);
  // proc_pid_maps(5): `p` (private) is the absence of `s`.
  bit(perms.private, PERM_SHARED, true);
  return { permsRequired: required, permsExcluded: excluded };
}

/**
 * The last answers for one file, reused while their inputs stay (every component asks for the same
 * query; typing with a filter set keeps the filter's pass). Each file's view model owns one
 * (view-model.ts, findMemo), so the memo lives and dies with the snapshot in the store.
 */
export interface FindMemo {
  query: SearchQuery | null;
  results: { text: string; perms: PermFilterState; results: FindResults } | null;
  visible: VisibleRows | null;
  lookup: { text: string; modules: ModuleIndex | null; answer: LookupAnswer } | null;
}

/** An empty memo. */
export function createFindMemo(): FindMemo {
  return { query: null, results: null, visible: null, lookup: null };
}

/** The memo of `index`'s file: the shown file's, else a fresh one (nothing reused). */
function memoOf(index: RegionIndex): FindMemo {
  const view = getLoadedFile().view;
  return view !== null && view.index === index ? view.findMemo : createFindMemo();
}

/** The parsed query (the last one is kept: every component asks for the same text). */
function parsedQuery(text: string, memo: FindMemo): SearchQuery {
  if (memo.query === null || memo.query.text !== text) memo.query = parseSearchQuery(text);
  return memo.query;
}

/** The results of `text` and `perms` on a file; kept on exactly those inputs. */
export function findResults(index: RegionIndex, text: string, perms: PermFilterState, memo: FindMemo = memoOf(index)): FindResults {
  const last = memo.results;
  if (last !== null && last.text === text && last.perms === perms) return last.results;
  const startMs = performance.now();
  const results = computeFindResults(index, parsedQuery(text, memo), perms, memo);
  measure('mapscope:find', startMs);
  memo.results = { text, perms, results };
  return results;
}

/** Records a User Timing measure (visible in DevTools; read by test/bench/find.bench.ts), bounded in number. */
function measure(name: string, startMs: number): void {
  performance.measure(name, { start: startMs, end: performance.now() });
  if (++measures > 2000) {
    performance.clearMeasures('mapscope:find');
    performance.clearMeasures('mapscope:lookup');
    measures = 0;
  }
}
let measures = 0;

/**
 * Computes the results: the permission filter's pass (kept while only the query changes — typing
 * with a filter set), the query's pass over the rows the filter kept, and the prefix counts the
 * map needs.
 */
export function computeFindResults(index: RegionIndex, query: SearchQuery, perms: PermFilterState, memo: FindMemo = memoOf(index)): FindResults {
  const table = index.table;
  const n = table.length;
  const permFilter = permFilterOf(perms);
  const filterActive = hasPermFilter(perms);
  const queryActive = query.terms.length > 0;
  if (!filterActive && !queryActive) {
    // Nothing asked (every file starts so): every region is visible and matches, in address order.
    const rowState = new Uint8Array(n).fill(STATE_VISIBLE | STATE_MATCH);
    return { index, query, permFilter, filterActive, queryActive, visibleCount: n, matches: index.order, rowState, visiblePrefix: EMPTY, matchPrefix: EMPTY };
  }
  const passed = filterActive ? visibleRows(index, perms, permFilter, memo) : null;
  const visible = passed?.rows ?? index.order;
  const rowState = passed !== null ? passed.state.slice() : new Uint8Array(n).fill(STATE_VISIBLE);
  // The query over the rows the filter kept (in address order): the same rows, in the same order,
  // as searchRegions with both filters, in one pass over fewer rows. Address terms go through the index.
  const matches = !queryActive ? visible : query.addresses.length === 0 ? applyClauses(index, query.clauses, filterRegions(table, query.filter, visible)) : searchRegions(index, query, permFilter);
  for (let i = 0; i < matches.length; i++) rowState[matches[i]] |= STATE_MATCH;
  // Prefix counts of matches over address-order positions, only when the map draws them.
  const order = index.order;
  const matchPrefix = queryActive ? new Uint32Array(n + 1) : EMPTY;
  if (queryActive) {
    let m = 0;
    for (let k = 0; k < n; k++) matchPrefix[k + 1] = m += rowState[order[k]] >> 1;
  }
  return { index, query, permFilter, filterActive, queryActive, visibleCount: visible.length, matches, rowState, visiblePrefix: passed?.prefix ?? EMPTY, matchPrefix };
}

/** The rows a permission filter keeps (address order), as row states (STATE_VISIBLE) and prefix counts over positions. */
interface VisibleRows {
  perms: PermFilterState;
  rows: Uint32Array;
  state: Uint8Array;
  prefix: Uint32Array;
}

/** The rows `perms` keeps; the last answer is kept for as long as the filter stays. */
function visibleRows(index: RegionIndex, perms: PermFilterState, permFilter: RegionFilter, memo: FindMemo): VisibleRows {
  const last = memo.visible;
  if (last !== null && PERM_KEYS.every((k) => last.perms[k] === perms[k])) return last;
  const n = index.table.length;
  const rows = filterRegions(index.table, permFilter, index.order);
  const state = new Uint8Array(n);
  for (let i = 0; i < rows.length; i++) state[rows[i]] = STATE_VISIBLE;
  const prefix = new Uint32Array(n + 1);
  const order = index.order;
  let v = 0;
  for (let k = 0; k < n; k++) prefix[k + 1] = v += state[order[k]];
  memo.visible = { perms, rows, state, prefix };
  return memo.visible;
}

const EMPTY = new Uint32Array(0);

/** An address lookup: what was typed means, and what is there. */
export interface LookupAnswer {
  input: AddressInput;
  result: LookupResult | null;
  /**
   * The text names a module and the module index (the parse worker's, module-index.ts) is not
   * ready: `input` says so, and the answer comes when the index does.
   */
  waiting: boolean;
}

/**
 * Looks up what `text` names in the file, with `modules` for `name+offset` (the module index
 * when ready, else null: such a lookup waits); cached on (file, text, modules). Never groups
 * modules on the page.
 */
export function lookupAnswer(index: RegionIndex, text: string, modules: ModuleIndex | null = moduleIndexOf(index.table), memo: FindMemo = memoOf(index)): LookupAnswer {
  const last = memo.lookup;
  if (last !== null && last.text === text && last.modules === modules) return last.answer;
  const startMs = performance.now();
  let input = parseAddressInput(text, modules ?? undefined);
  const waiting = !input.ok && input.needsModules === true;
  if (waiting) input = { ok: false, empty: false, message: 'grouping modules… the lookup answers when they are ready' };
  const answer = { input, result: input.ok ? index.lookup(input.address) : null, waiting };
  measure('mapscope:lookup', startMs);
  memo.lookup = { text, modules, answer };
  return answer;
}
