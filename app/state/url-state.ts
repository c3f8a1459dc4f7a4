/**
 * The URL's fragment, and the only code that writes it. It holds what the shell opens — an example
 * (`sample=c-hello.maps`), nothing (`empty`), or a share link the user made (`share&…&data=`,
 * app/state/share-fragment.ts) — and view choices that carry nothing from the file:
 *   #sample=c-hello.maps&scale=linear&color=module
 * Nothing derived from a file — addresses, the selection, the window, queries, lookups — goes into
 * the address bar or the history (issue 17): those stay in memory, or in a share link the user
 * asked for. A fragment of an older mapscope that carried them (`q=`, `sel=`, `win=`, …) is read
 * once as a view (app/state/view-codec.ts, version 0) and then rewritten without them.
 */
import type { ScaleMode } from '../../src/internal';
import { readViewSnapshot, VIEW_KEYS, fragmentText, type ViewRead } from './view-codec';
import { COLOR_MODES, type ColorMode } from './view-store';
import { readShareFragment, type ShareFragment } from './share-fragment';

/** The view choices the fragment may carry: none of them says anything about the file. */
export interface UrlChoices {
  /** null: the default (compressed). */
  scaleMode: ScaleMode | null;
  /** null: the default (by kind). */
  colorMode: ColorMode | null;
}

/** Reads the view choices of a fragment (with or without `#`); absent or unreadable keys give defaults. */
export function readUrlChoices(hash: string): UrlChoices {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const scale = p.get('scale');
  const color = p.get('color');
  return {
    scaleMode: scale === 'linear' || scale === 'compressed' ? scale : null,
    colorMode: (COLOR_MODES as readonly (string | null)[]).includes(color) ? (color as ColorMode) : null,
  };
}

/**
 * The fragment `hash` (not a share link's) with the view choices set to `choices` (defaults left
 * out), every file-derived key of an older fragment dropped, and the shell's keys kept; no `#`.
 */
export function writeUrlChoices(hash: string, choices: UrlChoices): string {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  for (const key of VIEW_KEYS) p.delete(key);
  if (choices.scaleMode !== null && choices.scaleMode !== 'compressed') p.set('scale', choices.scaleMode);
  if (choices.colorMode !== null && choices.colorMode !== 'kind') p.set('color', choices.colorMode);
  return fragmentText(p);
}

/** A fragment of an older mapscope with file-derived view keys (`q`, `sel`, `win`, …): its view, read once; null when it has none. */
export function readLegacyView(hash: string): ViewRead | null {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const fileDerived = VIEW_KEYS.filter((k) => k !== 'scale' && k !== 'color' && k !== 'v');
  return fileDerived.some((k) => p.has(k)) ? readViewSnapshot(p) : null;
}

/** What the fragment opens: an example, nothing (`#empty`), a share link, or — null — none of them. */
export function readShellFragment(hash: string = location.hash): { sample: string } | { empty: true } | { share: ShareFragment } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  if (params.has('share')) return { share: readShareFragment(params) };
  const sample = params.get('sample');
  if (sample !== null && sample !== '') return { sample };
  return params.has('empty') ? { empty: true } : null;
}

/** Names the open example in the fragment (`#sample=node20-jit.maps`), or nothing for a dropped, picked or pasted file; no new history entry. */
export function setShellFragment(sample: string | null): void {
  history.replaceState(null, '', sample === null ? location.pathname + location.search : `#sample=${encodeURIComponent(sample)}`);
}

/**
 * Writes a fragment made by writeUrlChoices (no `#`), replacing the current history entry: a view
 * choice makes no entry of its own, so Back and Forward leave the file and its view alone.
 */
export function commitFragment(hash: string): void {
  history.replaceState(null, '', hash === '' ? location.pathname + location.search : '#' + hash);
}
