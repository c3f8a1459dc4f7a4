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
 * A hash table of modules by a name, as arrays: the modules whose name hashes (hashName) to
 * bucket b are `modules[start[b]]` … `modules[start[b + 1] - 1]`, each pathname's modules
 * together and in address order, pathnames in the order of their first module. `start` has a
 * power-of-two number of buckets, plus one.
 */
export interface NameTable {
  start: Uint32Array;
  modules: Uint32Array;
}

/**
 * The modules of a table as plain arrays (`toData`, `fromData`): built where the table is
 * analysed (the app's parse worker), adopted elsewhere in O(1) — no module object is made
 * and no Map of names built until asked; a name resolves through the hash tables in O(length of
 * the name). The arrays are shared, not copied: transferring them leaves the source unusable.
 */
export interface ModuleIndexData {
  /** Rows and pathnames of the table it describes; `fromData` refuses another table's. */
  rowCount: number;
  pathnameCount: number;
  /** Per module (the order of `ModuleIndex.modules`): index into the table's pathnames. */
  pathId: Int32Array;
  /** Per module: lowest begin and highest end (exclusive), as (hi, lo) uint32 halves. */
  baseHi: Uint32Array;
  baseLo: Uint32Array;
  endHi: Uint32Array;
  endLo: Uint32Array;
  regionCount: Uint32Array;
  /** Per module: 1 when its first region maps file offset 0 (where the loader put the object). */
  atFileStart: Uint8Array;
  /** Per table row: index into the modules, or -1 (anonymous memory outside any module). */
  moduleOfRow: Int32Array;
  /** Modules by pathname. */
  byPathname: NameTable;
  /** Modules of `/…` pathnames by file name. */
  byFileName: NameTable;
  /** Modules whose file name ends in ` (deleted)`, by the file name without it. */
  byUndeletedName: NameTable;
}

/** The per-module and per-row arrays (ModuleIndexData without the name tables). */
type ModuleArrays = Omit<ModuleIndexData, 'byPathname' | 'byFileName' | 'byUndeletedName'>;
type NameTables = Pick<ModuleIndexData, 'byPathname' | 'byFileName' | 'byUndeletedName'>;

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
  static fromGrouping(table: RegionTable, order: Uint32Array, grouping: ModuleGrouping): ModuleIndex {
    const c = table.columns;
    const offsetKnown = table.known.offset;
    const fileModules = grouping.modules.length;
    const ofRow = Int32Array.from(grouping.moduleOfRow);
    // Named regions that are not mapped files: one module per pathname. Bounds as (hi, lo) halves
    // per pathname id, so that no row costs a bigint.
    const ids = table.pathnames.length;
    const moduleOfId = new Int32Array(ids).fill(-1);
    const minHi = new Uint32Array(ids);
    const minLo = new Uint32Array(ids);
    const maxHi = new Uint32Array(ids);
    const maxLo = new Uint32Array(ids);
    const count = new Uint32Array(ids);
    const firstIds: number[] = [];
    for (let k = 0; k < order.length; k++) {
      const row = order[k];
      const id = c.pathId[row];
      if (id < 0 || ofRow[row] >= 0) continue;
      if (count[id]++ === 0) {
        firstIds.push(id);
        minHi[id] = c.beginHi[row]; // rows come in address order: the first is the lowest
        minLo[id] = c.beginLo[row];
      }
      if (c.endHi[row] > maxHi[id] || (c.endHi[row] === maxHi[id] && c.endLo[row] > maxLo[id])) {
        maxHi[id] = c.endHi[row];
        maxLo[id] = c.endLo[row];
      }
    }
    const total = fileModules + firstIds.length;
    const a: ModuleArrays = {
      rowCount: table.length,
      pathnameCount: ids,
      pathId: new Int32Array(total),
      baseHi: new Uint32Array(total),
      baseLo: new Uint32Array(total),
      endHi: new Uint32Array(total),
      endLo: new Uint32Array(total),
      regionCount: new Uint32Array(total),
      atFileStart: new Uint8Array(total),
      moduleOfRow: ofRow,
    };
    grouping.modules.forEach((m, i) => {
      const first = m.segments[0].row;
      a.pathId[i] = c.pathId[first];
      a.baseHi[i] = c.beginHi[first]; // segments ascend: the first is the module's base
      a.baseLo[i] = c.beginLo[first];
      a.endHi[i] = Number(m.endAddr >> 32n);
      a.endLo[i] = Number(m.endAddr & 0xffff_ffffn);
      a.regionCount[i] = m.segments.length;
      a.atFileStart[i] = offsetKnown && c.offsetHi[first] === 0 && c.offsetLo[first] === 0 ? 1 : 0;
    });
    firstIds.forEach((id, k) => {
      const i = fileModules + k;
      moduleOfId[id] = i;
      a.pathId[i] = id;
      a.baseHi[i] = minHi[id];
      a.baseLo[i] = minLo[id];
      a.endHi[i] = maxHi[id];
      a.endLo[i] = maxLo[id];
      a.regionCount[i] = count[id];
    });
    for (let row = 0; row < ofRow.length; row++) {
      const id = c.pathId[row];
      if (id >= 0 && ofRow[row] < 0) ofRow[row] = moduleOfId[id];
    }
    return new ModuleIndex(table, a, null);
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
    const b = hashName(name) & (names.start.length - 2);
    let out: LazyModuleRef[] | undefined;
    for (let k = names.start[b]; k < names.start[b + 1]; k++) {
      const i = names.modules[k];
      if (keyOf(i) === name) (out ??= []).push(this.moduleAt(i));
    }
    return out;
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
    const needle = name.trim().toLowerCase();
    if (needle === '') return [];
    // Lower-cased file names per pathname id, made on the first miss: every keystroke of a name
    // not (yet) found asks again.
    const pathId = this.arrays.pathId;
    const lower = (this.lowerNames ??= new Array<string | undefined>(this.table.pathnames.length));
    const out: ModuleRef[] = [];
    const taken = new Set<string>();
    for (let i = 0; i < pathId.length && out.length < 5; i++) {
      const id = pathId[i];
      const text = (lower[id] ??= moduleName(this.table.pathnames[id]).toLowerCase());
      if (!text.includes(needle)) continue;
      const pathname = this.pathnameOf(i);
      if (taken.has(pathname)) continue;
      taken.add(pathname);
      out.push(this.moduleAt(i));
    }
    return out;
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

/** FNV-1a over the UTF-16 code units of `s`: the same number in the worker that hashed a name and in the page that looks it up. */
function hashName(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A NameTable of `modules` (in list order) by `key`. */
function nameTable(modules: readonly number[], key: (i: number) => string): NameTable {
  let buckets = 1;
  while (buckets < 2 * modules.length) buckets *= 2;
  const start = new Uint32Array(buckets + 1);
  const bucketOf = modules.map((i) => hashName(key(i)) & (buckets - 1));
  for (const b of bucketOf) start[b + 1]++;
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
  const next = start.slice(0, buckets);
  const out = new Uint32Array(modules.length);
  modules.forEach((i, k) => (out[next[bucketOf[k]]++] = i));
  return { start, modules: out };
}

/** The name tables of modules with these pathname ids (see ModuleIndexData). O(m) and the names' length. */
function indexNames(pathnames: readonly string[], pathId: Int32Array): NameTables {
  // List order: each pathname's modules together in address order, pathnames by their first
  // module (by text: a table may hold one name under two ids).
  const groups = new Map<string, number[]>();
  for (let i = 0; i < pathId.length; i++) {
    const pathname = pathnames[pathId[i]];
    const group = groups.get(pathname);
    if (group === undefined) groups.set(pathname, [i]);
    else group.push(i);
  }
  const listed = [...groups.values()].flat();
  const fileNames = new Map<number, string>();
  const fileName = (i: number) => {
    let name = fileNames.get(pathId[i]);
    if (name === undefined) fileNames.set(pathId[i], (name = moduleName(pathnames[pathId[i]])));
    return name;
  };
  return {
    byPathname: nameTable(listed, (i) => pathnames[pathId[i]]),
    byFileName: nameTable(
      listed.filter((i) => pathnames[pathId[i]].startsWith('/')),
      fileName,
    ),
    byUndeletedName: nameTable(
      listed.filter((i) => fileName(i).endsWith(DELETED_SUFFIX)),
      (i) => fileName(i).slice(0, -suffixLength),
    ),
  };
}
