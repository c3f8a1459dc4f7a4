/**
 * A colouring of a file's regions: one colour class per table row, the fill of each class in the
 * current theme, and the legend that explains them. Built once per (file, mode, theme) in O(n);
 * painting then reads one byte per drawn item.
 */
import { KIND_CODE, PERM_EXEC, PERM_READ, PERM_WRITE, REGION_KINDS, formatBytes, formatNameForDisplay, moduleName, type RegionTable } from '../../src/internal';
import { NAME_CHARS } from '../components/Name';
import type { ColorMode } from '../state/view-store';
import type { PackedModule } from '../workers/analysis';
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
 * The name a module or region goes by, ready to show: src/analyze/modules.ts's moduleName (the
 * Modules panel's names) with control and bidi characters made visible (formatNameForDisplay).
 */
export function moduleDisplayName(pathname: string): string {
  return formatNameForDisplay(moduleName(pathname), { maxChars: NAME_CHARS.short });
}

/** What module colouring reads of the parse worker's grouping (app/workers/analysis.ts, Analysis). */
export interface ModuleColoringInput {
  /** Per table row: index into `modules`, or -1. */
  readonly moduleOfRow: Int32Array;
  /** Modules in address order. */
  readonly modules: readonly PackedModule[];
}

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

/** Colours `table` by `mode` in `theme`; module colouring needs the parse worker's grouping (null: not ready yet). */
export function buildColoring(table: RegionTable, mode: ColorMode, theme: ThemeColors, modules: ModuleColoringInput | null): Coloring {
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
  // Modules: the parse worker's grouping (src/analyze/modules.ts) — the Modules panel's — so a
  // library's .bss and the holes between its segments take its colour. Colours go by module index
  // (address order), so that neighbours differ.
  const none = theme.moduleNone;
  const c0 = c.pathId;
  if (modules === null) {
    // Not grouped yet: no module colours, and the legend says why.
    for (let row = 0; row < n; row++) classOfRow[row] = c0[row] < 0 ? 0 : 1;
    const legend = [{ color: none[0], label: 'grouping modules…', description: 'the parse worker is grouping the regions into modules', count: n }];
    return { mode, classOfRow, fills: [...none, ...theme.module], legend, moreModules: 0 };
  }
  const palette = theme.module;
  const { moduleOfRow, modules: list } = modules;
  const anonymousKind = KIND_CODE.anonymous;
  const namedAnonymousKind = KIND_CODE['named-anonymous'];
  for (let row = 0; row < n; row++) {
    const m = moduleOfRow[row];
    if (m >= 0) classOfRow[row] = 2 + (m % palette.length);
    else classOfRow[row] = c0[row] < 0 || c.kind[row] === anonymousKind || c.kind[row] === namedAnonymousKind ? 0 : 1;
  }
  const legend: LegendEntry[] = largestModules(list, LEGEND_MODULES).map((m) => ({
    color: palette[m.index % palette.length],
    label: formatNameForDisplay(m.name),
    description: `${formatNameForDisplay(m.pathname)} — ${formatBytes(m.sizeBytes)} in ${m.segmentCount} region${m.segmentCount === 1 ? '' : 's'}${m.bssBytes > 0n ? ` (${formatBytes(m.bssBytes)} .bss)` : ''}`,
    count: m.segmentCount,
  }));
  const counts = counted(classOfRow, 2);
  if (counts[0] > 0) legend.push({ color: none[0], label: 'anonymous', description: 'anonymous memory outside any module', count: counts[0] });
  if (counts[1] > 0) legend.push({ color: none[1], label: 'heap, stack, kernel, shared', description: 'named memory that is no mapped file: heap, stacks, kernel pages, memfd and shared memory', count: counts[1] });
  return { mode, classOfRow, fills: [...none, ...palette], legend, moreModules: Math.max(0, list.length - LEGEND_MODULES) };
}

/** The `k` largest modules, largest first, ties by address (as the Modules panel orders them): one pass, no sort of every module. */
export function largestModules(modules: readonly PackedModule[], k: number): PackedModule[] {
  const top: PackedModule[] = [];
  const before = (a: PackedModule, b: PackedModule) => a.sizeBytes > b.sizeBytes || (a.sizeBytes === b.sizeBytes && a.index < b.index);
  for (const m of modules) {
    if (top.length === k && !before(m, top[k - 1])) continue;
    let i = Math.min(top.length, k - 1);
    top[i] = m;
    while (i > 0 && before(top[i], top[i - 1])) {
      [top[i], top[i - 1]] = [top[i - 1], top[i]];
      i--;
    }
  }
  return top;
}
