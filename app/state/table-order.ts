/**
 * Row order of the region table. Each column's full sort order is computed once per file (ties in
 * address order, so that every sort is stable and deterministic) and kept by the file's view
 * model (view-model.ts, rowsBy); showing a sorted
 * subset — the matches of a query — is then one pass over that order, not a sort per keystroke.
 * 64-bit columns compare as (hi, lo) halves: exact, no doubles.
 */
import { REGION_KINDS, type RegionIndex } from '../../src/internal';
import type { SortKey } from './find-store';
import { STATE_MATCH, matchIndexOf, type FindResults } from './find-results';
import type { ViewModel } from './view-model';

type Compare = (a: number, b: number) => number;

/** Ascending order of every row by `key`, ties by address (`positionOfRow`: each row's place in the address order, SortedRegions'). */
export function sortRowsBy(index: RegionIndex, positionOfRow: Uint32Array, key: SortKey): Uint32Array {
  const table = index.table;
  const c = table.columns;
  const n = table.length;
  if (key === 'begin') return index.order;
  const position = positionOfRow;
  const pair = (hi: Uint32Array, lo: Uint32Array): Compare => (a, b) => hi[a] - hi[b] || lo[a] - lo[b];
  let compare: Compare;
  switch (key) {
    case 'end':
      compare = pair(c.endHi, c.endLo);
      break;
    case 'size': {
      // end - begin with the borrow between the halves, as src/query/filter.ts computes it.
      const hi = new Float64Array(n);
      const lo = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const borrow = c.endLo[i] < c.beginLo[i] ? 1 : 0;
        hi[i] = c.endHi[i] - c.beginHi[i] - borrow;
        lo[i] = (c.endLo[i] - c.beginLo[i]) >>> 0;
      }
      compare = (a, b) => hi[a] - hi[b] || lo[a] - lo[b];
      break;
    }
    case 'perms':
      compare = (a, b) => c.perms[a] - c.perms[b];
      break;
    case 'offset':
      compare = pair(c.offsetHi, c.offsetLo);
      break;
    case 'device':
      compare = pair(c.devMajor, c.devMinor);
      break;
    case 'inode':
      compare = pair(c.inodeHi, c.inodeLo);
      break;
    case 'pathname': {
      // Rank the distinct pathnames once; anonymous regions (no pathname) sort first.
      const names = table.pathnames;
      const ids = [...names.keys()].sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
      const rank = new Int32Array(names.length);
      ids.forEach((id, r) => (rank[id] = r));
      compare = (a, b) => (c.pathId[a] < 0 ? -1 : rank[c.pathId[a]]) - (c.pathId[b] < 0 ? -1 : rank[c.pathId[b]]);
      break;
    }
    case 'kind': {
      const byName = [...REGION_KINDS.keys()].sort((a, b) => REGION_KINDS[a].localeCompare(REGION_KINDS[b]));
      const rank = new Uint8Array(REGION_KINDS.length);
      byName.forEach((k, r) => (rank[k] = r));
      compare = (a, b) => rank[c.kind[a]] - rank[c.kind[b]];
      break;
    }
    case 'rss':
    case 'pss':
    case 'swap': {
      const field = key === 'rss' ? 'Rss' : key === 'pss' ? 'Pss' : 'Swap';
      const values = new Float64Array(n).fill(-1);
      table.smaps?.forEach((record, i) => {
        const v = record?.fields[field];
        if (v !== undefined) values[i] = v;
      });
      compare = (a, b) => values[a] - values[b];
      break;
    }
  }
  const rows = Uint32Array.from(index.order);
  return rows.sort((a, b) => compare(a, b) || position[a] - position[b]);
}

/** The table's rows, read by index: an array, or the matches read from their set (MatchRows). */
export interface TableRows extends Iterable<number> {
  readonly length: number;
  /** The row at `i` (undefined outside [0, length)). */
  at(i: number): number | undefined;
  /** The index of `row`, or -1. */
  indexOf(row: number): number;
}

/**
 * The matches in address order, read from FindResults' set of positions without listing them: a
 * keystroke that matches 617,900 regions shows ~40 of them, and the table reads only those (each
 * the j-th of the set), its selection's index by the set's rank.
 */
class MatchRows implements TableRows {
  constructor(
    readonly results: FindResults,
    private readonly positionOfRow: Uint32Array,
  ) {}

  get length(): number {
    return this.results.matchCount;
  }

  at(i: number): number | undefined {
    return i >= 0 && i < this.length ? this.results.index.order[this.results.matchSet.at(i)] : undefined;
  }

  indexOf(row: number): number {
    return row >= 0 && row < this.positionOfRow.length ? matchIndexOf(this.results, this.positionOfRow[row]) : -1;
  }

  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }
}

/** `rows` as an array: the matches listed when they were read from their set. */
export function listRows(rows: TableRows): Uint32Array {
  return rows instanceof MatchRows ? rows.results.matches : (rows as Uint32Array);
}

/** One MatchRows per results, so that the table's rows keep their identity while the results do. */
const matchRows = new WeakMap<FindResults, MatchRows>();

/**
 * The table's rows: the matches (rows whose `rowState` has the match bit), in `key` order,
 * descending when asked. For the default sort, the matches in address order read from their set
 * (MatchRows) — without listing them or reading the row states, which FindResults makes only when read.
 */
export function tableRows(model: Pick<ViewModel, 'rowsBy' | 'sorted'>, results: FindResults, key: SortKey, descending: boolean): TableRows {
  if (key === 'begin' && !descending) {
    let rows = matchRows.get(results);
    if (rows === undefined) matchRows.set(results, (rows = new MatchRows(results, model.sorted.positionOfRow)));
    return rows;
  }
  const matches = results.matches;
  const rowState = results.rowState;
  const all = model.rowsBy(key);
  const out = new Uint32Array(matches.length);
  let k = 0;
  if (descending) {
    for (let i = all.length - 1; i >= 0; i--) if (rowState[all[i]] & STATE_MATCH) out[k++] = all[i];
  } else {
    for (let i = 0; i < all.length; i++) if (rowState[all[i]] & STATE_MATCH) out[k++] = all[i];
  }
  return out;
}
