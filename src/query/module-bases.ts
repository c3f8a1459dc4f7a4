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
import { addrFromHiLo, type Addr } from '../address';
import { groupModules } from '../analyze/modules';
import { DELETED_SUFFIX } from '../model/kind';
import type { RegionTable } from '../model/region-table';
import { sortRowsByBegin } from './sort-by-begin';

/** The regions of one module. */
export interface ModuleBase {
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
  | { ok: true; module: ModuleBase }
  | { ok: false; reason: 'unknown' | 'ambiguous'; candidates: ModuleBase[] };

/** The file name of a path (`/usr/lib/libc.so.6` → `libc.so.6`); other names (`[heap]`) whole. */
export function moduleFileName(pathname: string): string {
  if (!pathname.startsWith('/')) return pathname;
  return pathname.slice(pathname.lastIndexOf('/') + 1);
}

/** One module; its label is worked out on first use (it needs every module's name). */
class ModuleEntry implements ModuleBase {
  constructor(
    private readonly owner: ModuleBases,
    /** Index into the table's pathnames. */
    readonly pathId: number,
    readonly pathname: string,
    readonly baseAddr: Addr,
    public endAddr: Addr,
    public regionCount: number,
    /** The first region maps file offset 0: where the loader put the object. */
    readonly atFileStart: boolean,
  ) {}
  get label(): string {
    return this.owner.labelOf(this);
  }
}

/** The name indexes: built on the first lookup by name or label, not with the modules. */
interface NameIndex {
  /** Per pathname id: its modules in address order (several for a file mapped more than once). */
  byPathname: Map<string, ModuleEntry[]>;
  byFileName: Map<string, ModuleEntry[]>;
  byUndeletedName: Map<string, ModuleEntry[]>;
  /** For a file mapped more than once: the one mapping that starts at file offset 0, if exactly one does. */
  primary: Map<string, ModuleEntry>;
  labels: Map<ModuleEntry, string>;
}

/** Modules of a table with name resolution. Build once per table: O(n) (O(n log n) if unsorted). */
export class ModuleBases {
  /** Every module, files first (address order), then the other named regions (address order of their first region). */
  readonly modules: readonly ModuleBase[];
  /** Per table row: index into `modules`, or -1 (anonymous memory outside any module). */
  private readonly moduleIndexOfRow: Int32Array;
  private names: NameIndex | null = null;

  private constructor(table: RegionTable, order: Uint32Array) {
    const grouping = groupModules(table, order);
    const c = table.columns;
    const offsetKnown = table.known.offset;
    const modules: ModuleEntry[] = grouping.modules.map((m) => {
      const first = m.segments[0].row;
      const atStart = offsetKnown && c.offsetHi[first] === 0 && c.offsetLo[first] === 0;
      return new ModuleEntry(this, c.pathId[first], m.pathname, m.beginAddr, m.endAddr, m.segments.length, atStart);
    });
    const ofRow = grouping.moduleOfRow;
    // Named regions that are not mapped files: one module per pathname. Bounds as (hi, lo) halves
    // per pathname id, so that no row costs a bigint; the bigints are made once per module.
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
    for (const id of firstIds) {
      moduleOfId[id] = modules.length;
      const begin = addrFromHiLo(minHi[id], minLo[id]);
      modules.push(new ModuleEntry(this, id, table.pathnames[id], begin, addrFromHiLo(maxHi[id], maxLo[id]), count[id], false));
    }
    for (let row = 0; row < ofRow.length; row++) {
      const id = c.pathId[row];
      if (id >= 0 && ofRow[row] < 0) ofRow[row] = moduleOfId[id];
    }
    this.modules = modules;
    this.moduleIndexOfRow = ofRow;
  }

  /** The name indexes, built on first use. */
  private nameIndex(): NameIndex {
    if (this.names !== null) return this.names;
    const names: NameIndex = { byPathname: new Map(), byFileName: new Map(), byUndeletedName: new Map(), primary: new Map(), labels: new Map() };
    this.names = names;
    for (const m of this.modules as ModuleEntry[]) {
      const list = names.byPathname.get(m.pathname);
      if (list !== undefined) {
        list.push(m);
        continue;
      }
      names.byPathname.set(m.pathname, [m]);
      const name = moduleFileName(m.pathname);
      if (name !== m.pathname) push(names.byFileName, name, m);
      // proc(5): an unlinked file's name ends in " (deleted)"; `libfoo.so+0x10` should still find it.
      if (name.endsWith(DELETED_SUFFIX)) push(names.byUndeletedName, name.slice(0, -DELETED_SUFFIX.length), m);
    }
    // The file-name lists hold each pathname's first module; they stand for all of that pathname's.
    for (const map of [names.byFileName, names.byUndeletedName]) {
      for (const [key, firsts] of [...map]) {
        const all = firsts.length === 1 ? names.byPathname.get(firsts[0].pathname)! : firsts.flatMap((m) => names.byPathname.get(m.pathname)!);
        if (all.length !== firsts.length) map.set(key, all);
      }
    }
    for (const list of names.byPathname.values()) {
      if (list.length < 2) continue;
      const atZero = list.filter((m) => m.atFileStart);
      if (atZero.length === 1) names.primary.set(list[0].pathname, atZero[0]);
    }
    return names;
  }

  /** The label of a module (see ModuleBase.label). */
  labelOf(m: ModuleEntry): string {
    const names = this.nameIndex();
    const known = names.labels.get(m);
    if (known !== undefined) return known;
    const list = names.byPathname.get(m.pathname)!;
    const name = moduleFileName(m.pathname);
    const byName = name === '' || name.trim() !== name ? [] : this.candidates(name);
    const base = byName.length > 0 && byName.every((o) => o.pathname === m.pathname) ? name : m.pathname;
    const primary = names.primary.get(m.pathname);
    const i = list.indexOf(m);
    let label = list.length === 1 || m === primary ? base : `${base}#${i + 1}`;
    names.labels.set(m, label);
    // A file really named like another's label (`a#2`) would take the label: use the full pathname.
    if (this.find(label) !== m) {
      label = list.length === 1 ? m.pathname : `${m.pathname}#${i + 1}`;
      names.labels.set(m, label);
    }
    return label;
  }

  /** The modules of `table`; `order` is its rows by begin address (`RegionIndex.order`), computed when absent. */
  static build(table: RegionTable, order?: Uint32Array): ModuleBases {
    const c = table.columns;
    return new ModuleBases(table, order ?? sortRowsByBegin(c.beginHi, c.beginLo, table.length));
  }

  /** The module of a table row, or undefined for anonymous memory outside any module. */
  moduleOfRow(row: number): ModuleBase | undefined {
    const i = this.moduleIndexOfRow[row];
    return i < 0 ? undefined : this.modules[i];
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
  find(name: string): ModuleBase | undefined {
    const found = this.candidates(name);
    return found.length === 1 ? found[0] : undefined;
  }

  /** The modules a name could mean, at the first rule that finds any. */
  private candidates(name: string): ModuleBase[] {
    const names = this.nameIndex();
    const found = names.byPathname.get(name) ?? names.byFileName.get(name) ?? names.byUndeletedName.get(name);
    if (found !== undefined) {
      // One file mapped several times (node maps a copy of its text elsewhere): the plain name
      // means the mapping at file offset 0, the object the loader placed.
      const primary = names.primary.get(found[0].pathname);
      return primary !== undefined && found.every((m) => m.pathname === found[0].pathname) ? [primary] : found;
    }
    // `name#n`: the n-th mapping of one file.
    const nth = /^(.*)#([1-9]\d*)$/s.exec(name);
    if (nth !== null) {
      const plain = this.candidates(nth[1]);
      const mappings = plain.length === 1 ? (names.byPathname.get(plain[0].pathname) ?? plain) : plain;
      const k = Number(nth[2]);
      if (mappings.length > 0 && k <= mappings.length && mappings.every((m) => m.pathname === mappings[0].pathname)) return [mappings[k - 1]];
    }
    if (name.startsWith('/') && name.lastIndexOf('/') > 0) return this.candidates(moduleFileName(name));
    return [];
  }

  /** Up to five modules whose file name contains `name` (case-insensitive), for "did you mean". */
  private similar(name: string): ModuleBase[] {
    const needle = name.trim().toLowerCase();
    if (needle === '') return [];
    const out: ModuleBase[] = [];
    for (const m of this.modules) {
      if (moduleFileName(m.pathname).toLowerCase().includes(needle) && !out.some((o) => o.pathname === m.pathname)) out.push(m);
      if (out.length === 5) break;
    }
    return out;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
