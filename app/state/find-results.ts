/**
 * What the find state means for the loaded file: the parsed query, the permission filter as a
 * RegionFilter, the matching rows (address order) and their address-order positions for the map, the
 * address lookup, and the table's row order. Functions over src/, each kept on its inputs in the
 * file's memo (FindMemo, owned by the file's view model), so that the search box, the count, the
 * map and the table share one computation per keystroke.
 */
import {
  firstAtOrAfter,
  PERM_EXEC,
  PERM_READ,
  PERM_SHARED,
  PERM_WRITE,
  filterPositions,
  filterPositionsIndexed,
  filterPositionSetIndexed,
  positionSetOf,
  allPositions,
  PositionBits,
  combineFilters,
  filterRegions,
  parseAddressInput,
  parseSearchQuery,
  searchRegions,
  applyClauses,
  type AddressInput,
  type PositionSet,
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
  /** How many rows pass the filter and match the query (the search box's count). */
  readonly matchCount: number;
  /**
   * Their address-order positions as a set (every region's when nothing is asked): what a
   * keystroke reads — the map's find layer per pixel column, the table's rows in view — without
   * listing a broad answer (src/model/position-set.ts).
   */
  readonly matchSet: PositionSet;
  /** Rows that pass the filter and match the query, ascending by address; made when first read (the table in another order, a step, an export). */
  readonly matches: Uint32Array;
  /**
   * Per table row: bit 1 passes the filter, bit 2 matches (and passes). Made when first read (the
   * table's other sorts and exports read it; a keystroke does not pay for it).
   */
  readonly rowState: Uint8Array;
  /** The address-order positions (RegionIndex.order) of the regions that pass the filter, ascending; empty when no filter is set. */
  readonly visiblePositions: Uint32Array;
  /** The same for the matches (empty when the query has no terms): `matchSet` listed, when first read. */
  readonly matchPositions: Uint32Array;
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
  /** The last results computed (the next keystroke's may narrow them: computeFindResults). */
  last: { perms: PermFilterState; results: FindResults } | null;
  visible: VisibleRows | null;
  lookup: { text: string; modules: ModuleIndex | null; answer: LookupAnswer } | null;
}

/** An empty memo. */
export function createFindMemo(): FindMemo {
  return { query: null, results: null, last: null, visible: null, lookup: null };
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
 * Computes the results: the rows the permission filter keeps (kept while only the query changes —
 * typing with a filter set), the rows that also match the query, and the address-order positions
 * of both for the map. A plain query (words, regexes, kinds, sizes, permissions) is read from the
 * index's row groups (row-groups.ts), in O(distinct names + the regions of the groups it takes),
 * and a word typed on narrows the last matches: no pass over every row, no per-row state until
 * something reads it.
 */
export function computeFindResults(index: RegionIndex, query: SearchQuery, perms: PermFilterState, memo: FindMemo = memoOf(index)): FindResults {
  const table = index.table;
  const n = table.length;
  const permFilter = permFilterOf(perms);
  const filterActive = hasPermFilter(perms);
  const queryActive = query.terms.length > 0;
  if (!filterActive && !queryActive) {
    // Nothing asked (every file starts so): every region is visible and matches, in address order.
    return resultsOf({ index, query, permFilter, filterActive, queryActive, visibleCount: n, visiblePositions: EMPTY }, allPositions(n), index.order, null);
  }
  const passed = filterActive ? visibleRows(index, perms, permFilter, memo) : null;
  const visible = passed?.rows ?? index.order;
  const visiblePositions = passed?.positions ?? EMPTY;
  const base = { index, query, permFilter, filterActive, queryActive, visibleCount: visible.length, visiblePositions };
  if (!queryActive) return resultsOf(base, positionSetOf(visiblePositions), visible, visible);
  let matches: Uint32Array | null = null;
  let matchSet: PositionSet;
  const narrowed = narrowedFrom(memo.last, query, perms, table.pathnames.length);
  // No address term and no either-or: the query and the permission filter are one filter, answered
  // from the groups of its most selective criterion (row-groups.ts: pathnames, kinds, permissions,
  // sizes), in O(keys + the regions of those groups), not a pass over every row; a broad answer
  // as bits, listed only when something reads it whole.
  const indexed =
    narrowed === null && query.addresses.length === 0 && query.clauses.length === 0 ? filterPositionSetIndexed(index, passed === null ? query.filter : combineFilters(query.filter, permFilter)) : null;
  if (narrowed !== null) {
    // One word typed on: what contains the longer word contains the shorter one, so the last
    // matches are the only candidates (typing "libc" at a million regions scans the rows once).
    matchSet = narrow(index, query.filter, narrowed.matchSet);
  } else if (indexed !== null) {
    matchSet = indexed;
  } else if (query.addresses.length === 0 && query.clauses.length === 0) {
    // The query over the rows the filter kept (in address order): the same rows, in the same order,
    // as searchRegions with both filters, in one pass over fewer rows.
    const at = filterPositions(table, query.filter, visible);
    matches = new Uint32Array(at.length);
    for (let j = 0; j < at.length; j++) matches[j] = visible[at[j]];
    // Over every row (no filter) the places in the address order are the positions themselves.
    if (passed === null) matchSet = positionSetOf(at);
    else {
      const positions = new Uint32Array(at.length);
      for (let j = 0; j < at.length; j++) positions[j] = visiblePositions[at[j]];
      matchSet = positionSetOf(positions);
    }
  } else {
    // Address terms go through the index; either-or and negated clauses filter the rows kept.
    matches = query.addresses.length === 0 ? applyClauses(index, query.clauses, filterRegions(table, query.filter, visible)) : searchRegions(index, query, permFilter);
    matchSet = positionSetOf(positionsOf(index, matches));
  }
  const results = resultsOf(base, matchSet, matches, passed === null ? null : visible);
  memo.last = { perms, results };
  return results;
}

/**
 * Queries of each kind a first keystroke asks (a broad word and a word typed on from it, a regex,
 * a kind, permissions, a size bound), run by warmFindSteps.
 */
const WARM_QUERIES = ['e', 'el', '/e/', 'kind:heap', 'perm:rw', 'size>1M'];
/**
 * Rounds of WARM_QUERIES: V8 had the marking and the names' test optimised only after the second
 * (Node, 1,048,576 regions, CPU: `l` 21.5 ms cold, 14.2 after one round, 3.0 after two).
 */
const WARM_ROUNDS = 2;
/**
 * No warm-up above this many regions: a cold step is a task in the page's idle time (23 ms of CPU
 * at 1,048,576 regions, in Node), which a larger file would make longer than a 50 ms task.
 */
const WARM_MAX_REGIONS = 2_097_152;
/** The pixel columns of a map a warm-up asks its answers about (the find layer reads one `anyIn` a column). */
const WARM_COLUMNS = 1024;

/**
 * The search's hot paths run on the file, in idle time, their answers thrown away (a memo of their
 * own: the file's memo is untouched), one query a step: the first keystroke of a file otherwise ran
 * them in V8's interpreter and baseline tiers (`l` at 1,048,576 regions: 55 ms of CPU in the
 * browser, where a broad key typed later takes 20–30; interact.bench.ts, INTERACT_PROFILE=1: the
 * marking, the names' test and the rank directory, each several times its warm cost).
 */
export function* warmFindSteps(index: RegionIndex, perms: PermFilterState): Generator<void, void> {
  const n = index.table.length;
  if (n > WARM_MAX_REGIONS) return;
  const memo = createFindMemo();
  for (let round = 0; round < WARM_ROUNDS; round++) {
    for (const text of WARM_QUERIES) {
      const { matchSet, matchCount } = computeFindResults(index, parseSearchQuery(text), perms, memo);
      // What a keystroke reads of its answer: the rows in view (`at`), the selection's index (`rank`), the find layer's columns.
      if (matchCount > 0) matchSet.rank(matchSet.at(matchCount >> 1));
      for (let k = 0; k < WARM_COLUMNS; k++) matchSet.anyIn(Math.floor((k * n) / WARM_COLUMNS), Math.floor(((k + 1) * n) / WARM_COLUMNS));
      yield;
    }
  }
}

/**
 * The regions of the set `last` whose pathname passes `filter`'s text (a lone word: narrowedFrom),
 * as a set; their rows are listed only when read, like an indexed answer's.
 */
function narrow(index: RegionIndex, filter: RegionFilter, last: PositionSet): PositionSet {
  const text = filter.text === undefined ? '' : filter.text.toLowerCase();
  if (text === '') return positionSetOf(last.toArray().slice());
  const lower = index.table.pathnamesLowerCase();
  const pathId = index.table.columns.pathId;
  const order = index.order;
  // Per pathname id: UNTESTED, PASSES or FAILS. A name is tested when first met among the
  // last matches, so typing on tests their names only, not every name of the file (pathnameMatches:
  // 53,294 at 1,048,576 generated regions, a millisecond a keystroke).
  const tested = new Uint8Array(lower.length); // UNTESTED
  // Counted, then written into an array of that length: fresh memory is most of the cost (a list
  // of the last 141,961 matches and one as long for the answer, 1.1 MB, cost 4 ms at a million
  // regions on a VM whose first touch of a page is slow), and a last set of bits is read, not listed.
  const words = last instanceof PositionBits ? last.words : null;
  const listed = words === null ? last.toArray() : null;
  const count = narrowPass(words, listed, pathId, order, lower, text, tested, null);
  const out = new Uint32Array(count);
  narrowPass(words, listed, pathId, order, lower, text, tested, out);
  return positionSetOf(out);
}
const UNTESTED = 0;
const PASSES = 1;
const FAILS = 2;

/**
 * narrow's pass over the last set (its bits, or its list): counts the positions whose name passes,
 * and writes them to `out` when given. `tested`: per pathname id, UNTESTED, PASSES or FAILS.
 */
function narrowPass(
  words: Int32Array | null,
  listed: Uint32Array | null,
  pathId: Int32Array,
  order: Uint32Array,
  lower: readonly string[],
  text: string,
  tested: Uint8Array,
  out: Uint32Array | null,
): number {
  let m = 0;
  const end = words !== null ? words.length : listed!.length;
  for (let w = 0; w < end; w++) {
    let bits = words !== null ? words[w] : 1;
    while (bits !== 0) {
      const position = words !== null ? (w << 5) + 31 - Math.clz32(bits & -bits) : listed![w];
      bits = words !== null ? bits & (bits - 1) : 0;
      const id = pathId[order[position]];
      if (id < 0) continue;
      if (tested[id] === UNTESTED) tested[id] = lower[id].includes(text) ? PASSES : FAILS;
      if (tested[id] !== PASSES) continue;
      if (out !== null) out[m] = position;
      m++;
    }
  }
  return m;
}

/** The lower-cased word of a query that is one word and nothing else, or null. */
function loneWord(query: SearchQuery): string | null {
  const f = query.filter;
  if (f.text === undefined || query.addresses.length > 0 || query.clauses.length > 0) return null;
  for (const key in f) if (key !== 'text') return null;
  return f.text.toLowerCase();
}

/** The last results, when the new query's matches are among them: one word grown from the last one word, the same filter. */
function narrowedFrom(last: FindMemo['last'], query: SearchQuery, perms: PermFilterState, names: number): FindResults | null {
  if (last === null || !PERM_KEYS.every((k) => last.perms[k] === perms[k])) return null;
  // More last matches than names: testing every name and taking their groups (row-groups.ts) reads
  // less (`s` then `si` at 1,048,576 regions, 122,154 matches and 53,294 names: 3.95 ms narrowed,
  // 2.0 from the groups; `ja` after `j`'s 42,782: 2.6 narrowed, 3.1 from the groups; Node, CPU).
  if (last.results.matchCount > names) return null;
  const was = loneWord(last.results.query);
  const now = loneWord(query);
  return was !== null && now !== null && now.includes(was) ? last.results : null;
}

/**
 * The rows of `results.matches`, in their order, read a piece at a time from the answer's set
 * (startSelectionSummary's ReadSelectedRows) instead of listed whole.
 */
export function readMatchRows(results: FindResults): (out: Uint32Array) => number {
  const set = results.matchSet;
  const order = results.index.order;
  let from = 0;
  return (out) => {
    const count = set.copyFrom(from, out);
    if (count > 0) from = out[count - 1] + 1;
    for (let k = 0; k < count; k++) out[k] = order[out[k]];
    return count;
  };
}

/** The index in `results.matches` of the region at address-order `position`, or -1 when it is not a match (O(log matches)). */
export function matchIndexOf(results: FindResults, position: number): number {
  const set = results.matchSet;
  return set.has(position) ? set.rank(position) : -1;
}

/**
 * The results of `matchSet` (and its rows, when the answer listed them): the rows, the matches'
 * positions and the row states made on first read. `visible`: the rows the filter kept, null: all.
 */
function resultsOf(
  base: Omit<FindResults, 'matchCount' | 'matchSet' | 'matches' | 'matchPositions' | 'rowState'>,
  matchSet: PositionSet,
  matches: Uint32Array | null,
  visible: Uint32Array | null,
): FindResults {
  let rows = matches;
  let state: Uint8Array | null = null;
  return {
    ...base,
    matchCount: matchSet.size,
    matchSet,
    get matches() {
      if (rows === null) rows = base.index.rowsAt(matchSet.toArray());
      return rows;
    },
    get matchPositions() {
      return base.queryActive ? matchSet.toArray() : EMPTY;
    },
    get rowState() {
      if (state === null) {
        const n = base.index.table.length;
        state = new Uint8Array(n);
        if (visible === null) state.fill(STATE_VISIBLE);
        else for (let i = 0; i < visible.length; i++) state[visible[i]] = STATE_VISIBLE;
        const matches = this.matches;
        for (let i = 0; i < matches.length; i++) state[matches[i]] |= STATE_MATCH;
      }
      return state;
    },
  };
}

/** The address-order positions of `rows` (a subset of the rows, in address order), ascending. */
function positionsOf(index: RegionIndex, rows: Uint32Array): Uint32Array {
  const order = index.order;
  const hit = new Uint8Array(order.length);
  for (let i = 0; i < rows.length; i++) hit[rows[i]] = 1;
  const out = new Uint32Array(rows.length);
  let m = 0;
  for (let k = 0; k < order.length; k++) if (hit[order[k]] === 1) out[m++] = k;
  return out;
}

/** The rows a permission filter keeps (address order), and their address-order positions. */
interface VisibleRows {
  perms: PermFilterState;
  rows: Uint32Array;
  positions: Uint32Array;
}

/** The rows `perms` keeps; the last answer is kept for as long as the filter stays. */
function visibleRows(index: RegionIndex, perms: PermFilterState, permFilter: RegionFilter, memo: FindMemo): VisibleRows {
  const last = memo.visible;
  if (last !== null && PERM_KEYS.every((k) => last.perms[k] === perms[k])) return last;
  const positions = filterPositionsIndexed(index, permFilter) ?? filterPositions(index.table, permFilter, index.order);
  const rows = index.rowsAt(positions);
  memo.visible = { perms, rows, positions };
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
