/**
 * The view state: what the address-space view shows and what the user picked in it — scale,
 * colouring, visible window, the map's width, selection and hover. A slice of the app store
 * (app-store.ts), so that other views (search, region table) read and set the same selection.
 */
import type { ScaleMode, Viewport } from '../../src/internal';
import type { Store } from './create-store';

/** How regions are coloured. */
export type ColorMode = 'kind' | 'perms' | 'module';

export const COLOR_MODES: readonly ColorMode[] = ['kind', 'perms', 'module'];

/** What the pointer is over: a region (table row), an unmapped gap, or nothing. */
export type HoverTarget =
  /** `count`: regions merged into the hovered pixel column (1 when the region is drawn alone). */
  | { kind: 'region'; row: number; count: number; clientX: number; clientY: number }
  /** `begin`/`end`: the unmapped range (exact); `beforeRow`/`afterRow`: the regions around it. */
  | { kind: 'gap'; begin: bigint; end: bigint; beforeRow: number; afterRow: number; clientX: number; clientY: number };

/** What a hover target points at, ignoring where the pointer is: equal keys paint the same. */
export function hoverKey(hover: HoverTarget | null): string {
  if (hover === null) return '';
  return hover.kind === 'region' ? `r${hover.row}` : `g${hover.beforeRow}`;
}

export interface ViewState {
  /**
   * What the window and the selection belong to (the address-space view's model of the loaded
   * file); a new file replaces it, and views ignore a window that is not their file's.
   */
  owner: object | null;
  scaleMode: ScaleMode;
  colorMode: ColorMode;
  /** The visible window, in units of `scaleMode`'s scale; null until the view fits a file. */
  viewport: Viewport | null;
  /** The map's width in CSS pixels, as the map last measured it (AddressSpaceMap); 0 before. */
  mapWidthPx: number;
  /** The selected region's table row, or -1. */
  selectedRow: number;
  hover: HoverTarget | null;
}

export const INITIAL_VIEW: ViewState = {
  owner: null,
  scaleMode: 'compressed',
  colorMode: 'kind',
  viewport: null,
  mapWidthPx: 0,
  selectedRow: -1,
  hover: null,
};

/** The view slice of the app store (app-store.ts: viewStore), or a store of its own in tests. */
export type ViewStore = Store<ViewState>;
