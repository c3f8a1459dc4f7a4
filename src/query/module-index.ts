/**
 * Modules for address arithmetic and their names. `libc.so.6+0x29d90` means the module's base +
 * 0x29d90 — the form gdb, sanitizers and glibc backtraces print, counted from the lowest mapped
 * address of the object (the ELF loader maps file offset 0 lowest, so that is the load address).
 *
 * Mapped files are grouped as the loader placed them (../analyze/modules.ts: segments, `---p`
 * holes and the .bss after them, one module per mapping of a file); other named regions
 * (`[heap]`, `[vdso]`, `[anon:…]`, memfds) form one module per name. A file mapped more than
 * once gets a `#n` suffix per mapping in address order (`app.jar#2`), so that every module has a
 * name that reads back to it.
 */
import { addrFromHiLo, type Addr } from '../address.js';
import { groupModules, moduleName, type ModuleGrouping } from '../analyze/modules.js';
import { DELETED_SUFFIX } from '../model/kind.js';
import type { RegionTable } from '../model/region-table.js';
import { moduleArrays, type ModuleArrays } from './module-arrays.js';
import { findNamed, indexNames, type NameTable, type NameTables } from './module-names.js';
import { similarModules } from './module-similar.js';
import { sortRowsByBegin } from './sort-by-begin.js';

/**
 * One module (a Module of ../analyze/modules.ts, or a named region's module) as address lookup
 * names it: its label, its base (lowest begin) and its end. The vocabulary: a module, its
 * segments (the regions; ModuleSegment), its base (`baseAddr`); the modules of a table with their
 * names are its ModuleIndex.
 */
export interface ModuleRef {
  /** The pathname exactly as the file gives it. */
  pathname: string;
  /** The shortest name that resolves back to this module: the file name when unique, else the pathname; `#n` for the n-th mapping of a file. */
  readonly label: string;
  /** Lowest begin of the module's regions. */
  baseAddr: Addr;
  /** Highest end of the module's regions (exclusive). */
  endAddr: Addr;
  regionCount: number;
}

/** The answer of `resolve`: one module, or why there is none. */
export type ModuleResolution =
  | { ok: true; module: ModuleRef }
  | { ok: false; reason: 'unknown' | 'ambiguous'; candidates: ModuleRef[] };


/**
 * The modules of a table as plain arrays (`toData`, `fromData`): built where the table is
 * analysed (the app's parse worker), adopted elsewhere in O(1) — no module object is made
 * and no Map of names built until asked; a name resolves through the hash tables in O(length of
 * the name). The arrays are shared, not copied: transferring them leaves the source unusable.
 */
export type ModuleIndexData = ModuleArrays & NameTables;

/** One module, made on first use; its label is worked out on first use (it needs every module's name). */
class LazyModuleRef implements ModuleRef {
  constructor(
    private readonly owner: ModuleIndex,
    /** Position in `ModuleIndex.modules`. */
    readonly index: number,
    readonly pathname: string,
    readonly baseAddr: Addr,
    readonly endAddr: Addr,
    readonly regionCount: number,
  ) {}
  get label(): string {
    return this.owner.labelOf(this);
  }
}

const suffixLength = DELETED_SUFFIX.length;

/** Modules of a table with name resolution. Build once per table: O(n) (O(n log n) if unsorted); or adopt a build's `toData()` in O(1). */
export class ModuleIndex {
  private readonly entries: (LazyModuleRef | undefined)[];
  private all: readonly ModuleRef[] | null = null;
  private tables: NameTables | null;
  private readonly labels: (string | undefined)[];
  private lowerNames: (string | undefined)[] | null = null;
  /** Row → module index of `anonymousAfterRow`, made on first use. */
  private bssNeighbours: Map<number, number> | null = null;

  private constructor(
    private readonly table: RegionTable,
    private readonly arrays: ModuleArrays,
    tables: NameTables | null,
  ) {
    this.entries = new Array<LazyModuleRef | undefined>(arrays.pathId.length);
    this.labels = new Array<string | undefined>(arrays.pathId.length);
    this.tables = tables;
  }

  /** The modules of `table`; `order` is its rows by begin address (`RegionIndex.order`), computed when absent. */
  static build(table: RegionTable, order?: Uint32Array): ModuleIndex {
    const c = table.columns;
    const rows = order ?? sortRowsByBegin(c.beginHi, c.beginLo, table.length);
    return ModuleIndex.fromGrouping(table, rows, groupModules(table, rows));
  }

  /**
   * The modules of `table` over a grouping already made of it (`groupModules(table, order)`):
   * its mapped files, then the other named regions. The grouping is not changed.
   */
  static fromGrouping(table: RegionTable, order: Uint32Array, grouping: Pick<ModuleGrouping, 'runs'>): ModuleIndex {
    return new ModuleIndex(table, moduleArrays(table, order, grouping.runs), null);
  }

  /** The modules as plain arrays for `fromData` (the name tables are made now if not yet); shares, not copies, its arrays. */
  toData(): ModuleIndexData {
    return { ...this.arrays, ...this.nameTables() };
  }

  /** Adopts `toData()` of a build of `table` (e.g. from a worker): O(1). Throws on data of another table. */
  static fromData(table: RegionTable, data: ModuleIndexData): ModuleIndex {
    if (data.rowCount !== table.length || data.pathnameCount !== table.pathnames.length || data.moduleOfRow.length !== table.length) {
      throw new Error(`module data of another table (${data.rowCount} rows, ${data.pathnameCount} pathnames; this one has ${table.length}, ${table.pathnames.length})`);
    }
    const { byPathname, byFileName, byUndeletedName, ...arrays } = data;
    return new ModuleIndex(table, arrays, { byPathname, byFileName, byUndeletedName });
  }

  /** Every module, files first (address order), then the other named regions (address order of their first region). */
  get modules(): readonly ModuleRef[] {
    if (this.all === null) this.all = Array.from({ length: this.arrays.pathId.length }, (_, i) => this.moduleAt(i));
    return this.all;
  }

  /** Module `i` of `modules`. */
  private moduleAt(i: number): LazyModuleRef {
    let m = this.entries[i];
    if (m === undefined) {
      const a = this.arrays;
      m = new LazyModuleRef(this, i, this.pathnameOf(i), addrFromHiLo(a.baseHi[i], a.baseLo[i]), addrFromHiLo(a.endHi[i], a.endLo[i]), a.regionCount[i]);
      this.entries[i] = m;
    }
    return m;
  }

  private pathnameOf(i: number): string {
    return this.table.pathnames[this.arrays.pathId[i]];
  }

  /** The name tables, made on first use when this instance was built here. */
  private nameTables(): NameTables {
    if (this.tables === null) this.tables = indexNames(this.table.pathnames, this.arrays.pathId);
    return this.tables;
  }

  /** The label of a module (see ModuleRef.label). */
  labelOf(m: LazyModuleRef): string {
    const known = this.labels[m.index];
    if (known !== undefined) return known;
    const list = this.byPathname(m.pathname)!;
    const name = moduleName(m.pathname);
    const byName = name === '' || name.trim() !== name ? [] : this.candidates(name);
    const base = byName.length > 0 && byName.every((o) => o.pathname === m.pathname) ? name : m.pathname;
    const primary = primaryOf(list, this.arrays.atFileStart);
    const i = list.indexOf(m);
    let label = list.length === 1 || m === primary ? base : `${base}#${i + 1}`;
    this.labels[m.index] = label;
    // A file really named like another's label (`a#2`) would take the label: use the full pathname.
    if (this.find(label) !== m) {
      label = list.length === 1 ? m.pathname : `${m.pathname}#${i + 1}`;
      this.labels[m.index] = label;
    }
    return label;
  }

  /** The module of a table row, or undefined for anonymous memory outside any module. */
  moduleOfRow(row: number): ModuleRef | undefined {
    const i = this.arrays.moduleOfRow[row];
    return i < 0 ? undefined : this.moduleAt(i);
  }

  /**
   * The module whose .bss an anonymous row may start with: the row lies right after the module's
   * data and is larger than a .bss the file could need (Module.anonymousAfterRow), so it is not
   * counted in the module. Undefined for any other row.
   */
  bssNeighbourOf(row: number): ModuleRef | undefined {
    if (this.bssNeighbours === null) {
      this.bssNeighbours = new Map();
      this.arrays.anonymousAfterRow.forEach((r, i) => {
        if (r >= 0) this.bssNeighbours!.set(r, i);
      });
    }
    const i = this.bssNeighbours.get(row);
    return i === undefined ? undefined : this.moduleAt(i);
  }

  /**
   * The module a name means: the exact pathname first, then a unique file name (`libc.so.6`),
   * then a unique file name without ` (deleted)`, then — for a path no region has (`/lib/…` for
   * `/usr/lib/…`) — its file name. Two files of one name are ambiguous (the full pathname tells
   * them apart), and so is a file mapped twice (`name#2` picks the second mapping).
   */
  resolve(name: string): ModuleResolution {
    const found = this.candidates(name);
    if (found.length === 1) return { ok: true, module: found[0] };
    if (found.length > 1) return { ok: false, reason: 'ambiguous', candidates: found };
    return { ok: false, reason: 'unknown', candidates: this.similar(name) };
  }

  /** The module a name resolves to (as `resolve`), or undefined; no suggestions, so cheap to miss. */
  find(name: string): ModuleRef | undefined {
    const found = this.candidates(name);
    return found.length === 1 ? found[0] : undefined;
  }

  /** The modules whose pathname is `name`, in address order; undefined when none. */
  private byPathname(name: string): LazyModuleRef[] | undefined {
    return this.named(this.nameTables().byPathname, (i) => this.pathnameOf(i), name);
  }

  /** The modules of `names` whose key is `name`, or undefined. */
  private named(names: NameTable, keyOf: (i: number) => string, name: string): LazyModuleRef[] | undefined {
    return findNamed(names, keyOf, name)?.map((i) => this.moduleAt(i));
  }

  /** The modules a name could mean, at the first rule that finds any. */
  private candidates(name: string): ModuleRef[] {
    const tables = this.nameTables();
    const fileName = (i: number) => moduleName(this.pathnameOf(i));
    const found =
      this.byPathname(name) ??
      this.named(tables.byFileName, fileName, name) ??
      this.named(tables.byUndeletedName, (i) => fileName(i).slice(0, -suffixLength), name);
    if (found !== undefined) {
      // One file mapped several times (node maps a copy of its text elsewhere): the plain name
      // means the mapping at file offset 0, the object the loader placed.
      // Lists of one pathname hold all its modules (the name tables keep a pathname's together).
      const pathname = found[0].pathname;
      if (!found.every((m) => m.pathname === pathname)) return found;
      const primary = primaryOf(found, this.arrays.atFileStart);
      return primary !== undefined ? [primary] : found;
    }
    // `name#n`: the n-th mapping of one file.
    const nth = /^(.*)#([1-9]\d*)$/s.exec(name);
    if (nth !== null) {
      const plain = this.candidates(nth[1]);
      const mappings = plain.length === 1 ? (this.byPathname(plain[0].pathname) ?? plain) : plain;
      const k = Number(nth[2]);
      if (mappings.length > 0 && k <= mappings.length && mappings.every((m) => m.pathname === mappings[0].pathname)) return [mappings[k - 1]];
    }
    if (name.startsWith('/') && name.lastIndexOf('/') > 0) return this.candidates(moduleName(name));
    return [];
  }

  /** Up to five modules whose file name contains `name` (case-insensitive), for "did you mean". */
  private similar(name: string): ModuleRef[] {
    // Lower-cased file names per pathname id, kept from the first miss: every keystroke of a name
    // not (yet) found asks again.
    this.lowerNames ??= new Array<string | undefined>(this.table.pathnames.length);
    return similarModules(this.table.pathnames, this.arrays.pathId, this.lowerNames, name, 5).map((i) => this.moduleAt(i));
  }

}

/**
 * Of the mappings of one file (all its modules, address order): the one that starts at file
 * offset 0, when there are several and exactly one does.
 */
function primaryOf(list: readonly LazyModuleRef[], atFileStart: Uint8Array): LazyModuleRef | undefined {
  if (list.length < 2) return undefined;
  let primary: LazyModuleRef | undefined;
  for (const m of list) {
    if (atFileStart[m.index] === 0) continue;
    if (primary !== undefined) return undefined;
    primary = m;
  }
  return primary;
}

