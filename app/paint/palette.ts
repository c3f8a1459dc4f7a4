/**
 * Colours of the address-space view. Fills come from the Okabe–Ito palette (colour-blind safe;
 * Okabe & Ito, "Color Universal Design", 2008) for kinds and permissions, and from Paul Tol's
 * "muted" scheme for modules; writable-and-executable regions get a striped pattern and a marker
 * on top of any colouring, so they stand out without relying on hue.
 */
import type { RegionKind } from '../../src/internal';

/** The colours of one theme. Strings are CSS colours. */
export interface ThemeColors {
  readonly dark: boolean;
  readonly background: string;
  readonly bandBackground: string;
  readonly gapFill: string;
  readonly gapMark: string;
  readonly gapText: string;
  readonly text: string;
  readonly mutedText: string;
  /** The address axis's tick lines (app.css --border-strong). */
  readonly axisLine: string;
  readonly separator: string;
  readonly hover: string;
  readonly selection: string;
  /** The overview's fill of the window shown (app.css --overlay); its edge is `selection` (--accent). */
  readonly overlay: string;
  /** Writable and executable: stripes and markers. */
  readonly alarm: string;
  /** The "shared" bar of the permissions colouring. */
  readonly sharedBar: string;
  readonly kind: readonly string[];
  readonly perms: readonly string[];
  readonly module: readonly string[];
  /** Regions that belong to no module (anonymous, heap, stacks, kernel pages) in module colouring. */
  readonly moduleNone: readonly string[];
}

/** A legend entry: a colour class and what it means. */
export interface ColorClass {
  readonly label: string;
  readonly description: string;
}

/** Kind colour classes, in legend order. */
export const KIND_CLASSES: readonly ColorClass[] = [
  { label: 'file', description: 'a mapped file (executable, library, data)' },
  { label: 'deleted file', description: 'a mapped file that has since been deleted' },
  { label: 'anonymous', description: 'anonymous memory (no file behind it)' },
  { label: 'named anonymous', description: '[anon:…], named with prctl(PR_SET_VMA_ANON_NAME)' },
  { label: 'heap', description: 'the brk heap ([heap])' },
  { label: 'stack', description: '[stack] and thread stacks ([stack:tid])' },
  { label: 'kernel', description: '[vdso], [vvar], [vsyscall] and other pseudo-mappings' },
  { label: 'shared memory', description: '/dev/shm, memfd, System V, shared /dev/zero' },
];

/** Kind colour class of each RegionKind. */
export const KIND_CLASS_OF: Readonly<Record<RegionKind, number>> = {
  file: 0,
  'deleted-file': 1,
  anonymous: 2,
  'named-anonymous': 3,
  heap: 4,
  stack: 5,
  'thread-stack': 5,
  vdso: 6,
  vvar: 6,
  vsyscall: 6,
  pseudo: 6,
  'shared-memory': 7,
  memfd: 7,
  'sysv-shm': 7,
};

/** Permission colour classes, in legend order (the shared bit is a bar on top, not a class). */
export const PERM_CLASSES: readonly ColorClass[] = [
  { label: 'r-x', description: 'code: readable and executable' },
  { label: 'r--', description: 'read-only data' },
  { label: 'rw-', description: 'writable data' },
  { label: 'rwx', description: 'writable AND executable (also -wx)' },
  { label: '---', description: 'no access: guard pages and reservations' },
  { label: 'other', description: '-w-, --x: unusual combinations' },
];

export const LIGHT: ThemeColors = {
  dark: false,
  background: '#ffffff',
  bandBackground: '#f6f7f9',
  gapFill: '#eceef1',
  gapMark: '#8a9099',
  gapText: '#5f6670',
  text: '#1f2328',
  mutedText: '#5f6670',
  axisLine: '#bfc4cb',
  separator: 'rgba(255,255,255,0.9)',
  hover: '#1f2328',
  selection: '#1a66d9',
  overlay: 'rgba(26, 102, 217, 0.1)',
  alarm: '#e0115f',
  sharedBar: '#1f2328',
  kind: ['#0072b2', '#cc79a7', '#aab1ba', '#56b4e9', '#e69f00', '#009e73', '#e6d800', '#d55e00'],
  perms: ['#009e73', '#56b4e9', '#e69f00', '#d55e00', '#d3d7dc', '#cc79a7'],
  module: ['#332288', '#88ccee', '#44aa99', '#117733', '#999933', '#ddcc77', '#cc6677', '#882255', '#aa4499', '#6699cc'],
  moduleNone: ['#c9ced5', '#9aa1aa'],
};

export const DARK: ThemeColors = {
  dark: true,
  background: '#1b1c1f',
  bandBackground: '#222327',
  gapFill: '#2a2c31',
  gapMark: '#80868f',
  gapText: '#9ba1a9',
  text: '#e4e6e9',
  mutedText: '#9ba1a9',
  axisLine: '#50545b',
  separator: 'rgba(27,28,31,0.9)',
  hover: '#ffffff',
  selection: '#7fb0ff',
  overlay: 'rgba(127, 176, 255, 0.12)',
  alarm: '#ff4f8b',
  sharedBar: '#e4e6e9',
  kind: ['#3d95d6', '#d58bb5', '#5f666f', '#74c3ee', '#e6a419', '#1fae84', '#d6c62e', '#e0712a'],
  perms: ['#1fae84', '#74c3ee', '#e6a419', '#e0712a', '#3f434a', '#d58bb5'],
  module: ['#6a5acd', '#88ccee', '#44aa99', '#2e9a55', '#b0b045', '#ddcc77', '#cc6677', '#b0457a', '#bb66aa', '#6699cc'],
  moduleNone: ['#43474e', '#5e646c'],
};

/** Black or white, whichever reads better on `fill` (WCAG relative luminance). */
export function textColorOn(fill: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(fill);
  if (!m) return '#000000';
  const channel = (hex: string) => {
    const c = parseInt(hex, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(m[1]) + 0.7152 * channel(m[2]) + 0.0722 * channel(m[3]);
  return luminance > 0.22 ? '#111111' : '#ffffff';
}
