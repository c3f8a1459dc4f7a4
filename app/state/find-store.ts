/**
 * The find state: what the user asks of the loaded file — the search query, the permission
 * filter, whether filtered regions are dimmed or hidden, the address lookup, the current match and
 * the region table's sort. A slice of the app store (app-store.ts); the results derived from it
 * live in find-results.ts. The selection itself is the view state's `selectedRow`, shared by the
 * map and the table.
 */
import type { RegionIndex } from '../../src/internal';
import type { Store } from './create-store';

/** The five permission controls. `shared` and `private` both read the `s`/`p` letter of maps. */
export type PermKey = 'readable' | 'writable' | 'executable' | 'shared' | 'private';

export const PERM_KEYS: readonly PermKey[] = ['readable', 'writable', 'executable', 'shared', 'private'];

/** A control cycles any → required → excluded. */
export type TriState = 'any' | 'required' | 'excluded';

export type PermFilterState = Readonly<Record<PermKey, TriState>>;

export const NO_PERM_FILTER: PermFilterState = { readable: 'any', writable: 'any', executable: 'any', shared: 'any', private: 'any' };

/** Columns of the region table. */
export type SortKey = 'begin' | 'end' | 'size' | 'perms' | 'offset' | 'device' | 'inode' | 'pathname' | 'kind' | 'rss' | 'pss' | 'swap';

export interface FindState {
  query: string;
  /**
   * A query the URL carried when the page opened, not run: a link never runs a search the user
   * has not seen (issue 13). FindBar shows it with a button that runs it; null when there is none.
   */
  linkQuery: string | null;
  perms: PermFilterState;
  /** Filtered-out regions: hidden from the map instead of dimmed. */
  hideFiltered: boolean;
  /** The address lookup as typed. */
  lookup: string;
  /** Index into the current matches of the one last stepped to, or -1. */
  currentMatch: number;
  /** A module lookup typed before the module index was ready, applied when it is (useFind.ts, retryWaitingLookup). */
  waitingLookup: { index: RegionIndex; text: string } | null;
  sortKey: SortKey;
  sortDescending: boolean;
}

export const INITIAL_FIND: FindState = {
  query: '',
  linkQuery: null,
  perms: NO_PERM_FILTER,
  hideFiltered: false,
  lookup: '',
  currentMatch: -1,
  waitingLookup: null,
  sortKey: 'begin',
  sortDescending: false,
};

/** The find slice of the app store (app-store.ts: findStore), or a store of its own in tests. */
export type FindStore = Store<FindState>;

const NEXT: Record<TriState, TriState> = { any: 'required', required: 'excluded', excluded: 'any' };

/** The state after `state` in the cycle any → required → excluded → any. */
export function nextTriState(state: TriState): TriState {
  return NEXT[state];
}

/** Permission presets of the filter group. */
export const PERM_PRESETS: readonly { label: string; perms: PermFilterState }[] = [
  { label: 'writable and executable', perms: { ...NO_PERM_FILTER, writable: 'required', executable: 'required' } },
  { label: 'executable', perms: { ...NO_PERM_FILTER, executable: 'required' } },
  { label: 'writable', perms: { ...NO_PERM_FILTER, writable: 'required' } },
];

/** True when some permission control is not `any`. */
export function hasPermFilter(perms: PermFilterState): boolean {
  return PERM_KEYS.some((k) => perms[k] !== 'any');
}

const LETTER: Record<PermKey, string> = { readable: 'r', writable: 'w', executable: 'x', shared: 's', private: 'p' };

/** The filter as URL text: a letter per required control, `-` and a letter per excluded one (`wx-s`). */
export function formatPermFilter(perms: PermFilterState): string {
  return PERM_KEYS.filter((k) => perms[k] !== 'any')
    .map((k) => (perms[k] === 'required' ? '' : '-') + LETTER[k])
    .join('');
}

/** Reads `formatPermFilter` text; other characters are ignored. */
export function parsePermFilter(text: string): PermFilterState {
  const out: Record<PermKey, TriState> = { ...NO_PERM_FILTER };
  for (const m of text.matchAll(/(-?)([rwxsp])/g)) {
    const key = PERM_KEYS.find((k) => LETTER[k] === m[2])!;
    out[key] = m[1] === '' ? 'required' : 'excluded';
  }
  return out;
}
