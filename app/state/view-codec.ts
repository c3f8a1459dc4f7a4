/**
 * The one serialisation of a view of a file — what a share link carries beside the file's text,
 * what an SVG export records in its metadata, what a reloaded share link shows again:
 *
 *   v=1&q=libc&perm=wx-s&hide=1&look=libc.so.6%2B0x29d90&sort=size-&sel=7f3a2c028000
 *   &scale=linear&color=module&win=7f3a2c000000-7f3a2c200000
 *
 * Versioned (`v`): a text of a later version is refused with a message that says so, never read
 * as if it were this one; version 0 is the fragment mapscope wrote into the URL before issue 17
 * (the same keys, no `v`), still read. The selection and the window are addresses, not row numbers
 * or scale units, so that the text reads plainly and means the same region of the same file.
 * Defaults are left out. It is file-derived data (addresses, queries): it goes into a URL only in
 * a share link the user asked for (app/state/url-state.ts keeps the address bar free of it).
 */
import { formatHexPadded, parseAddr, type ScaleMode } from '../../src/internal';
import { formatPermFilter, INITIAL_FIND, parsePermFilter, type FindState, type SortKey } from './find-store';
import { COLOR_MODES, type ColorMode } from './view-store';

/** The version this code writes; it reads this one and the ones before. */
export const VIEW_VERSION = 1;

/** A view of a file: the find state, the scale, the colouring, the selection and the window. */
export interface ViewSnapshot {
  query: string;
  perms: FindState['perms'];
  hideFiltered: boolean;
  lookup: string;
  sortKey: SortKey;
  sortDescending: boolean;
  /** Begin address of the selected region, or null. */
  selectedBegin: bigint | null;
  /** null: the default (compressed). */
  scaleMode: ScaleMode | null;
  /** null: the default (by kind). */
  colorMode: ColorMode | null;
  /** The visible window as an address range [begin, end), or null (the whole file). */
  window: { begin: bigint; end: bigint } | null;
}

/** The keys of a view; a share link's own keys (`share`, `name`, `data`) and the shell's are others. */
export const VIEW_KEYS = ['v', 'q', 'perm', 'hide', 'look', 'sort', 'sel', 'scale', 'color', 'win'] as const;

export const SORT_KEYS: readonly SortKey[] = ['begin', 'end', 'size', 'perms', 'offset', 'device', 'inode', 'pathname', 'kind', 'rss', 'pss', 'swap'];

/** The view of a file just opened: nothing asked, the whole file. */
export const DEFAULT_VIEW: ViewSnapshot = {
  query: '',
  perms: INITIAL_FIND.perms,
  hideFiltered: false,
  lookup: '',
  sortKey: INITIAL_FIND.sortKey,
  sortDescending: false,
  selectedBegin: null,
  scaleMode: null,
  colorMode: null,
  window: null,
};

/** A view read, or why it cannot be. */
export type ViewRead = { ok: true; view: ViewSnapshot; version: number } | { ok: false; message: string };

/** Reads a view from `params` (a fragment's or a link's). Absent or unreadable keys give defaults; a version this code does not know is refused. */
export function readViewSnapshot(params: URLSearchParams): ViewRead {
  const v = params.get('v');
  const version = v === null ? 0 : /^[0-9]{1,6}$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(version)) return { ok: false, message: `The link's view has an unreadable version ("${v}"); the file is shown as a whole instead.` };
  if (version > VIEW_VERSION)
    return {
      ok: false,
      message: `The link was made by a newer mapscope (view format ${version}; this one reads up to ${VIEW_VERSION}); the file is shown as a whole instead.`,
    };
  const sort = /^([a-z]+)(-?)$/.exec(params.get('sort') ?? '');
  const sortKey = sort !== null && (SORT_KEYS as readonly string[]).includes(sort[1]) ? (sort[1] as SortKey) : INITIAL_FIND.sortKey;
  const win = /^([0-9a-fA-F]{1,16})-([0-9a-fA-F]{1,17})$/.exec(params.get('win') ?? '');
  const begin = win ? parseAddr(win[1]) : undefined;
  // The end of a window may be 2^64 (a view that reaches the top of the address space): 17 digits.
  const end = win ? BigInt('0x' + win[2]) : undefined;
  const scale = params.get('scale');
  const color = params.get('color');
  return {
    ok: true,
    version,
    view: {
      query: params.get('q') ?? '',
      perms: parsePermFilter(params.get('perm') ?? ''),
      hideFiltered: params.get('hide') === '1',
      lookup: params.get('look') ?? '',
      sortKey,
      sortDescending: sort !== null && sort[2] === '-' && sortKey === sort[1],
      selectedBegin: parseAddr(params.get('sel') ?? '') ?? null,
      scaleMode: scale === 'linear' || scale === 'compressed' ? scale : null,
      colorMode: (COLOR_MODES as readonly (string | null)[]).includes(color) ? (color as ColorMode) : null,
      window: begin !== undefined && end !== undefined && end > begin && end <= 1n << 64n ? { begin, end } : null,
    },
  };
}

/** Sets `params`' view keys to `view` (defaults left out), `v` first; other keys are kept. */
export function writeViewSnapshot(params: URLSearchParams, view: ViewSnapshot): void {
  for (const key of VIEW_KEYS) params.delete(key);
  const perm = formatPermFilter(view.perms);
  params.set('v', String(VIEW_VERSION));
  if (view.query !== '') params.set('q', view.query);
  if (perm !== '') params.set('perm', perm);
  if (view.hideFiltered) params.set('hide', '1');
  if (view.lookup !== '') params.set('look', view.lookup);
  if (view.sortKey !== INITIAL_FIND.sortKey || view.sortDescending) params.set('sort', view.sortKey + (view.sortDescending ? '-' : ''));
  if (view.selectedBegin !== null) params.set('sel', formatHexPadded(view.selectedBegin));
  if (view.scaleMode !== null) params.set('scale', view.scaleMode);
  if (view.colorMode !== null) params.set('color', view.colorMode);
  if (view.window !== null) params.set('win', `${formatHexPadded(view.window.begin)}-${formatHexPadded(view.window.end)}`);
}

/**
 * `params` as fragment text: URLSearchParams writes a space as `+` (`%20` reads the same), and
 * characters that need no escape in a fragment (RFC 3986 `pchar`) are unescaped so that a link
 * reads plainly; `+`, `&`, `=`, `%`, `#` stay escaped.
 */
export function fragmentText(params: URLSearchParams): string {
  return params
    .toString()
    .replace(/\+/g, '%20')
    .replace(/%(21|24|27|28|29|2C|2F|3A|3B|3F|40|5B|5D)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The view as text (`v=1&…`). */
export function formatViewSnapshot(view: ViewSnapshot): string {
  const params = new URLSearchParams();
  writeViewSnapshot(params, view);
  return fragmentText(params);
}
