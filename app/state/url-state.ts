/**
 * The URL's fragment, and the only code that writes it: the shell's `sample=` (or `empty`), and the
 * find and view state beside it, so that reload and Back restore a view and a user can bookmark it:
 *   #sample=c-hello.maps&q=libc&perm=wx-s&hide=1&look=libc.so.6%2B0x29d90&sel=7f3a2c028000
 *    &scale=linear&win=7f3a2c000000-7f3a2c200000&sort=size-
 * The selection and the window are addresses, not row numbers or scale units, so that the link
 * reads plainly and means the same region of the same file. The hook that keeps the find and view
 * state in step with it is app/hooks/useUrlState.ts; the shell (App.tsx) names the example.
 */
import { formatHexPadded, parseAddr, type ScaleMode } from '../../src/internal';
import { formatPermFilter, INITIAL_FIND, parsePermFilter, type FindState, type SortKey } from './find-store';

/** What the fragment can carry besides the shell's keys. */
export interface UrlState {
  query: string;
  perms: FindState['perms'];
  hideFiltered: boolean;
  lookup: string;
  sortKey: SortKey;
  sortDescending: boolean;
  /** Begin address of the selected region, or null. */
  selectedBegin: bigint | null;
  scaleMode: ScaleMode | null;
  /** The visible window as an address range [begin, end), or null (the whole file). */
  window: { begin: bigint; end: bigint } | null;
}

/** The keys this module owns in the fragment; others (`sample`, `empty`) are left alone. */
export const URL_KEYS = ['q', 'perm', 'hide', 'look', 'sort', 'sel', 'scale', 'win'] as const;

const SORT_KEYS: readonly SortKey[] = ['begin', 'end', 'size', 'perms', 'offset', 'device', 'inode', 'pathname', 'kind', 'rss', 'pss'];

/** Reads the state from a fragment (with or without `#`); absent or unreadable keys give defaults. */
export function readUrlState(hash: string): UrlState {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const sort = /^([a-z]+)(-?)$/.exec(p.get('sort') ?? '');
  const sortKey = sort !== null && (SORT_KEYS as readonly string[]).includes(sort[1]) ? (sort[1] as SortKey) : INITIAL_FIND.sortKey;
  const win = /^([0-9a-fA-F]+)-([0-9a-fA-F]+)$/.exec(p.get('win') ?? '');
  const begin = win ? parseAddr(win[1]) : undefined;
  // The end of a window may be 2^64 (a view that reaches the top of the address space): 17 digits.
  const end = win ? BigInt('0x' + win[2]) : undefined;
  const scale = p.get('scale');
  return {
    query: p.get('q') ?? '',
    perms: parsePermFilter(p.get('perm') ?? ''),
    hideFiltered: p.get('hide') === '1',
    lookup: p.get('look') ?? '',
    sortKey,
    sortDescending: sort !== null && sort[2] === '-' && sortKey === sort[1],
    selectedBegin: parseAddr(p.get('sel') ?? '') ?? null,
    scaleMode: scale === 'linear' || scale === 'compressed' ? scale : null,
    window: begin !== undefined && end !== undefined && end > begin && end <= 1n << 64n ? { begin, end } : null,
  };
}

/**
 * The fragment `hash` with this module's keys set to `state` (defaults left out) and every other
 * key kept in place; no leading `#`.
 */
export function writeUrlState(hash: string, state: UrlState): string {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  for (const key of URL_KEYS) p.delete(key);
  const perm = formatPermFilter(state.perms);
  if (state.query !== '') p.set('q', state.query);
  if (perm !== '') p.set('perm', perm);
  if (state.hideFiltered) p.set('hide', '1');
  if (state.lookup !== '') p.set('look', state.lookup);
  if (state.sortKey !== INITIAL_FIND.sortKey || state.sortDescending) p.set('sort', state.sortKey + (state.sortDescending ? '-' : ''));
  if (state.selectedBegin !== null) p.set('sel', formatHexPadded(state.selectedBegin));
  if (state.scaleMode !== null) p.set('scale', state.scaleMode);
  if (state.window !== null) p.set('win', `${formatHexPadded(state.window.begin)}-${formatHexPadded(state.window.end)}`);
  // URLSearchParams writes a space as `+`: `%20` reads the same. Characters that need no escape in a
  // fragment (RFC 3986 `pchar`) are unescaped so that a link reads plainly; `+`, `&`, `=`, `%`, `#` stay escaped.
  return p
    .toString()
    .replace(/\+/g, '%20')
    .replace(/%(21|24|27|28|29|2C|2F|3A|3B|3F|40|5B|5D)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The part of a state that deserves its own history entry (not the window, which changes while panning). */
export function historyKey(state: UrlState): string {
  return writeUrlState('', { ...state, window: null, scaleMode: null });
}

/** What the fragment opens: an example (`#sample=<file>`), nothing (`#empty`), or — null — it names neither. */
export function readShellFragment(hash: string = location.hash): { sample: string } | { empty: true } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const sample = params.get('sample');
  if (sample !== null && sample !== '') return { sample };
  return params.has('empty') ? { empty: true } : null;
}

/** Names the open example in the fragment (`#sample=node20-jit.maps`), or nothing for a dropped, picked or pasted file; no new history entry. */
export function setShellFragment(sample: string | null): void {
  history.replaceState(null, '', sample === null ? location.pathname + location.search : `#sample=${encodeURIComponent(sample)}`);
}

/** Writes a fragment made by writeUrlState (no `#`): a new history entry when `push`, else the current one replaced. */
export function commitFragment(hash: string, push: boolean): void {
  const url = hash === '' ? location.pathname + location.search : '#' + hash;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}
