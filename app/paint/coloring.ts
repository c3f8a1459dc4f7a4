/**
 * A colouring of a file's regions: one colour class per table row, the fill of each class in the
 * current theme, and the legend that explains them. Built once per (file, mode, theme) in O(n);
 * painting then reads one byte per drawn item.
 */
import { KIND_CODE, PERM_EXEC, PERM_READ, PERM_WRITE, REGION_KINDS, formatBytes, formatNameForDisplay, moduleName, type RegionKind, type RegionTable } from '../../src/internal';
import { exactPathRegex } from '../components/summary-groups';
import { NAME_CHARS } from '../components/Name';
import type { ColorMode } from '../state/view-store';
import type { ModuleColumns } from '../workers/analysis';
import type { RowCounts } from '../workers/view-data';
import { KIND_CLASSES, KIND_CLASS_OF, PERM_CLASSES, type ThemeColors } from './palette';

/** One line of the legend. */
export interface LegendEntry {
  readonly color: string;
  /** The search's words: kinds as `kind:` takes them, permissions as `perm:` does, a module's name. */
  readonly label: string;
  readonly description: string;
  /** Regions of this class in the file. */
  readonly count: number;
  /** The search (src/query/search-query.ts) that keeps this entry's regions, or null when none does. */
  readonly filter: string | null;
  /** The kinds of a kind class (kind colouring, and the no-module classes of module colouring). */
  readonly kinds?: readonly string[];
}

/**
 * A colouring: per table row a code — its kind (the kind column itself), its permissions (the perms
 * column), or with module colouring its class — and the class of each code (classOfRow). Kinds and
 * permissions are coloured without a pass over the rows: the column is the code, and the legend's
 * counts are the parse worker's (RowCounts; at 4,194,304 rows a pass was ~100 ms of a main-thread task).
 */
export interface Coloring {
  readonly mode: ColorMode;
  readonly codes: Uint8Array;
  readonly classOfCode: Uint8Array;
  /** Fill of each class. */
  readonly fills: readonly string[];
  /** Entries for the classes present in the file (module colouring: the largest modules). */
  readonly legend: readonly LegendEntry[];
  /** Modules not listed in the legend (module colouring only). */
  readonly moreModules: number;
}

/** The colour class of table row `row`. */
export function classOfRow(coloring: Coloring, row: number): number {
  return coloring.classOfCode[coloring.codes[row]];
}

/** Module colouring's codes are its classes. */
const IDENTITY = Uint8Array.from({ length: 256 }, (_, i) => i);

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
  readonly modules: ModuleColumns;
}

const LEGEND_MODULES = 8;

function counted(classOfRow: Uint8Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < classOfRow.length; i++) counts[classOfRow[i]]++;
  return counts;
}

/** The rows of each class, from the rows of each code. */
function classCounts(codeCounts: readonly number[], classOfCode: Uint8Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let code = 0; code < classOfCode.length; code++) counts[classOfCode[code]] += codeCounts[code] ?? 0;
  return counts;
}

/** The class of each kind code, and of each PERM_* value. */
const CLASS_OF_KIND = Uint8Array.from(REGION_KINDS, (k) => KIND_CLASS_OF[k]);
const CLASS_OF_PERMS = Uint8Array.from({ length: 16 }, (_, bits) => permClassOf(bits));

/**
 * Colours `table` by `mode` in `theme`; `counts`: its rows of each kind and permission (the parse
 * worker's, ViewModel.columnWidths); module colouring needs the parse worker's grouping (null: not ready yet).
 */
export function buildColoring(table: RegionTable, mode: ColorMode, theme: ThemeColors, modules: ModuleColoringInput | null, counts: RowCounts): Coloring {
  const n = table.length;
  const c = table.columns;
  if (mode === 'kind') {
    const perClass = classCounts(counts.kindCounts, CLASS_OF_KIND, KIND_CLASSES.length);
    const present = REGION_KINDS.filter((_, code) => counts.kindCounts[code] > 0);
    const legend = KIND_CLASSES.map((k, i) => kindEntry(theme.kind[i], k.description, perClass[i], present.filter((kind) => KIND_CLASS_OF[kind] === i)));
    return { mode, codes: c.kind, classOfCode: CLASS_OF_KIND, fills: theme.kind, legend: legend.filter((e) => e.count > 0), moreModules: 0 };
  }
  if (mode === 'perms') {
    const perClass = classCounts(counts.permsCounts, CLASS_OF_PERMS, PERM_CLASSES.length);
    // 'rwx' also holds -wx (its description says so): only the exact classes have one perm: term.
    const legend = PERM_CLASSES.map((p, i) => ({ color: theme.perms[i], label: p.label, description: p.description, count: perClass[i], filter: /^(r-x|r--|rw-|---)$/.test(p.label) ? `perm:${p.label}` : p.label === 'rwx' ? 'perm:wx' : null }));
    return { mode, codes: c.perms, classOfCode: CLASS_OF_PERMS, fills: theme.perms, legend: legend.filter((e) => e.count > 0), moreModules: 0 };
  }
  const classOfRow = new Uint8Array(n);
  // Modules: the parse worker's grouping (src/analyze/modules.ts) — the Modules panel's — so a
  // library's .bss and the holes between its segments take its colour. Colours go by module index
  // (address order), so that neighbours differ.
  const none = theme.moduleNone;
  const c0 = c.pathId;
  if (modules === null) {
    // Not grouped yet: no module colours, and the legend says why.
    for (let row = 0; row < n; row++) classOfRow[row] = c0[row] < 0 ? 0 : 1;
    const legend = [{ color: none[0], label: 'grouping modules…', description: 'the parse worker is grouping the regions into modules', count: n, filter: null }];
    return { mode, codes: classOfRow, classOfCode: IDENTITY, fills: [...none, ...theme.module], legend, moreModules: 0 };
  }
  const palette = theme.module;
  const { moduleOfRow, modules: list } = modules;
  // Modules of one name (a library mapped from two directories, a file mapped twice) are one
  // colour and one legend entry: the colour of the first of them in address order.
  const names = modulesByName(list);
  const anonymousKind = KIND_CODE.anonymous;
  const namedAnonymousKind = KIND_CODE['named-anonymous'];
  const otherKinds = new Uint8Array(REGION_KINDS.length);
  for (let row = 0; row < n; row++) {
    const m = moduleOfRow[row];
    if (m >= 0) classOfRow[row] = 2 + (names.colorOf[m] % palette.length);
    else if (c0[row] < 0 || c.kind[row] === anonymousKind || c.kind[row] === namedAnonymousKind) classOfRow[row] = 0;
    else {
      classOfRow[row] = 1;
      otherKinds[c.kind[row]] = 1;
    }
  }
  const top = names.groups.slice(0, LEGEND_MODULES);
  const legend: LegendEntry[] = top.map((g) => ({
    color: palette[g.first % palette.length],
    label: formatNameForDisplay(g.name),
    description: `${g.pathnames.map((p) => formatNameForDisplay(p)).join(', ')} — ${formatBytes(g.sizeBytes)} in ${g.count} region${g.count === 1 ? '' : 's'}${g.bssBytes > 0n ? ` (${formatBytes(g.bssBytes)} .bss)` : ''}`,
    count: g.count,
    filter: g.pathnames.length === 1 ? exactPathRegex(g.pathnames[0]) : null,
  }));
  const perClass = counted(classOfRow, 2);
  if (perClass[0] > 0) legend.push(kindEntry(none[0], 'anonymous memory outside any module', perClass[0], ['anonymous', 'named-anonymous'].filter((k) => counts.kindCounts[KIND_CODE[k as RegionKind]] > 0)));
  if (perClass[1] > 0) legend.push(kindEntry(none[1], 'named memory that is no mapped file: heap, stacks, kernel pages, memfd and shared memory', perClass[1], REGION_KINDS.filter((_, code) => otherKinds[code] === 1)));
  return { mode, codes: classOfRow, classOfCode: IDENTITY, fills: [...none, ...palette], legend, moreModules: Math.max(0, names.groups.length - LEGEND_MODULES) };
}

/** A legend entry of a kind class: named by the kinds of it that the file has, as the search's kind: takes them. */
function kindEntry(color: string, description: string, count: number, kinds: readonly string[]): LegendEntry {
  return { color, label: kinds.join(', '), description, count, filter: kinds.length > 0 ? `kind:${kinds.join(',')}` : null, kinds };
}

/** The modules of one name, summed. */
interface NameGroup {
  name: string;
  /** Index of the first module of this name (its colour). */
  first: number;
  pathnames: string[];
  sizeBytes: bigint;
  bssBytes: bigint;
  count: number;
}

/**
 * Modules grouped by name: each module's colour index (its name's first module), and the groups
 * largest first (ties by address, as the Modules panel orders modules).
 */
export function modulesByName(list: ModuleColumns): { colorOf: Int32Array; groups: NameGroup[] } {
  const colorOf = new Int32Array(list.count);
  const byName = new Map<string, NameGroup>();
  // Read from the columns: no module is made an object.
  for (let m = 0; m < list.count; m++) {
    const name = list.name(m);
    let g = byName.get(name);
    if (g === undefined) {
      g = { name, first: m, pathnames: [], sizeBytes: 0n, bssBytes: 0n, count: 0 };
      byName.set(name, g);
    }
    colorOf[m] = g.first;
    const pathname = list.pathname(m);
    if (!g.pathnames.includes(pathname)) g.pathnames.push(pathname);
    g.sizeBytes += list.sizeBytes(m);
    g.bssBytes += list.bssBytes(m);
    g.count += list.segmentCount(m);
  }
  const groups = [...byName.values()].sort((a, b) => (a.sizeBytes > b.sizeBytes ? -1 : a.sizeBytes < b.sizeBytes ? 1 : a.first - b.first));
  return { colorOf, groups };
}
