/**
 * A colouring of a file's regions: one colour class per table row, the fill of each class in the
 * current theme, and the legend that explains them. Built once per (file, mode, theme) in O(n);
 * painting then reads one byte per drawn item.
 */
import { PERM_EXEC, PERM_READ, PERM_WRITE, REGION_KINDS, formatBytes, formatNameForDisplay, type RegionKind, type RegionTable, type SortedRegions } from '../../src/index';
import type { ColorMode } from '../state/view-store';
import { KIND_CLASSES, KIND_CLASS_OF, PERM_CLASSES, type ThemeColors } from './palette';

/** One line of the legend. */
export interface LegendEntry {
  readonly color: string;
  readonly label: string;
  readonly description: string;
  /** Regions of this class in the file. */
  readonly count: number;
}

export interface Coloring {
  readonly mode: ColorMode;
  /** Colour class of each table row. */
  readonly classOfRow: Uint8Array;
  /** Fill of each class. */
  readonly fills: readonly string[];
  /** Entries for the classes present in the file (module colouring: the largest modules). */
  readonly legend: readonly LegendEntry[];
  /** Modules not listed in the legend (module colouring only). */
  readonly moreModules: number;
}

/** The permission colour class of PERM_* bits (see PERM_CLASSES). */
export function permClassOf(bits: number): number {
  const r = (bits & PERM_READ) !== 0;
  const w = (bits & PERM_WRITE) !== 0;
  const x = (bits & PERM_EXEC) !== 0;
  if (w && x) return 3;
  if (!r && !w && !x) return 4;
  if (r && x) return 0;
  if (r && w) return 2;
  if (r) return 1;
  return 5;
}

/**
 * The name a module goes by, ready to show: the file name of its path (`/usr/lib/libc.so.6` →
 * `libc.so.6`), with control and bidi characters made visible (formatNameForDisplay).
 */
export function moduleName(pathname: string): string {
  if (pathname.startsWith('[')) return formatNameForDisplay(pathname);
  const slash = pathname.lastIndexOf('/', pathname.endsWith('/') ? pathname.length - 2 : pathname.length);
  return formatNameForDisplay(slash >= 0 ? pathname.slice(slash + 1) : pathname);
}

const MODULE_KINDS: ReadonlySet<RegionKind> = new Set<RegionKind>(['file', 'deleted-file', 'memfd', 'shared-memory', 'sysv-shm']);

/** True for kinds whose pathname names a module (a file, or shared memory with a name). */
export function isModuleKind(kind: RegionKind): boolean {
  return MODULE_KINDS.has(kind);
}
const NEUTRAL_KINDS = new Set(['anonymous', 'named-anonymous']);
const LEGEND_MODULES = 8;

function counted(classOfRow: Uint8Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < classOfRow.length; i++) counts[classOfRow[i]]++;
  return counts;
}

/** Fills classOfRow from a per-row code column through a code → class table; returns the count of each class. */
function classify(codes: Uint8Array, classOfCode: Uint8Array, classOfRow: Uint8Array, classes: number): number[] {
  const codeCounts = new Uint32Array(256);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    classOfRow[i] = classOfCode[code];
    codeCounts[code]++;
  }
  const counts = new Array<number>(classes).fill(0);
  for (let code = 0; code < classOfCode.length; code++) counts[classOfCode[code]] += codeCounts[code];
  return counts;
}

/** Colours `table` by `mode` in `theme`. `sorted` gives the address order (module colours follow it). */
export function buildColoring(table: RegionTable, sorted: SortedRegions, mode: ColorMode, theme: ThemeColors): Coloring {
  const n = table.length;
  const c = table.columns;
  const classOfRow = new Uint8Array(n);
  if (mode === 'kind') {
    const classOfKind = Uint8Array.from(REGION_KINDS, (k) => KIND_CLASS_OF[k]);
    const counts = classify(c.kind, classOfKind, classOfRow, KIND_CLASSES.length);
    const legend = KIND_CLASSES.map((k, i) => ({ color: theme.kind[i], label: k.label, description: k.description, count: counts[i] }));
    return { mode, classOfRow, fills: theme.kind, legend: legend.filter((e) => e.count > 0), moreModules: 0 };
  }
  if (mode === 'perms') {
    const classOfPerms = Uint8Array.from({ length: 16 }, (_, bits) => permClassOf(bits));
    const counts = classify(c.perms, classOfPerms, classOfRow, PERM_CLASSES.length);
    const legend = PERM_CLASSES.map((p, i) => ({ color: theme.perms[i], label: p.label, description: p.description, count: counts[i] }));
    return { mode, classOfRow, fills: theme.perms, legend: legend.filter((e) => e.count > 0), moreModules: 0 };
  }
  // Modules: colours in address order of first appearance, so that neighbours differ.
  const palette = theme.module;
  const ordinalOfPath = new Int32Array(table.pathnames.length).fill(-1);
  const bytesOfPath = new Float64Array(table.pathnames.length);
  const regionsOfPath = new Uint32Array(table.pathnames.length);
  let modules = 0;
  for (let k = 0; k < n; k++) {
    const row = sorted.rows[k];
    const id = c.pathId[row];
    const kind = REGION_KINDS[c.kind[row]];
    if (id < 0 || !MODULE_KINDS.has(kind)) {
      classOfRow[row] = NEUTRAL_KINDS.has(kind) || id < 0 ? 0 : 1;
      continue;
    }
    if (ordinalOfPath[id] < 0) ordinalOfPath[id] = modules++;
    bytesOfPath[id] += sorted.sizeApprox[k];
    regionsOfPath[id]++;
    classOfRow[row] = 2 + (ordinalOfPath[id] % palette.length);
  }
  const ids = [...ordinalOfPath.keys()].filter((id) => ordinalOfPath[id] >= 0);
  ids.sort((a, b) => bytesOfPath[b] - bytesOfPath[a] || ordinalOfPath[a] - ordinalOfPath[b]);
  const legend: LegendEntry[] = ids.slice(0, LEGEND_MODULES).map((id) => ({
    color: palette[ordinalOfPath[id] % palette.length],
    label: moduleName(table.pathnames[id]),
    description: `${formatNameForDisplay(table.pathnames[id])} — ${formatBytes(bytesOfPath[id])} in ${regionsOfPath[id]} regions`,
    count: regionsOfPath[id],
  }));
  const counts = counted(classOfRow, 2);
  if (counts[0] > 0) legend.push({ color: theme.moduleNone[0], label: 'anonymous', description: 'anonymous memory: no module', count: counts[0] });
  if (counts[1] > 0) legend.push({ color: theme.moduleNone[1], label: 'heap, stack, kernel', description: 'pseudo-mappings: no module', count: counts[1] });
  return { mode, classOfRow, fills: [...theme.moduleNone, ...palette], legend, moreModules: Math.max(0, ids.length - LEGEND_MODULES) };
}
