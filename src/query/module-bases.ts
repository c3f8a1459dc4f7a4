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
import type { Addr } from '../address';
import { groupModules } from '../analyze/modules';
import { DELETED_SUFFIX } from '../model/kind';
import type { RegionTable } from '../model/region-table';
import { sortRowsByBegin } from './sort-by-begin';

/** The regions of one module. */
export interface ModuleBase {
  /** The pathname exactly as the file gives it. */
  pathname: string;
  /** The shortest name that resolves back to this module: the file name when unique, else the pathname; `#n` for the n-th mapping of a file. */
  label: string;
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

/** Modules of a table with name resolution. Build once per table: O(n) (O(n log n) if unsorted). */
export class ModuleBases {
  /** Every module, files first (address order), then the other named regions (pathname order). */
  readonly modules: readonly ModuleBase[];
  /** Per table row: index into `modules`, or -1 (anonymous memory outside any module). */
  private readonly moduleIndexOfRow: Int32Array;
  private readonly byPathname = new Map<string, ModuleBase[]>();
  private readonly byFileName = new Map<string, ModuleBase[]>();
  private readonly byUndeletedName = new Map<string, ModuleBase[]>();
  /** For a file mapped more than once: the one mapping that starts at file offset 0, if exactly one does. */
  private readonly primary = new Map<string, ModuleBase>();

  private constructor(table: RegionTable, order: Uint32Array) {
    const grouping = groupModules(table, order);
    const c = table.columns;
    const modules: ModuleBase[] = grouping.modules.map((m) => ({
      pathname: m.pathname,
      label: m.pathname,
      baseAddr: m.beginAddr,
      endAddr: m.endAddr,
      regionCount: m.segments.length,
    }));
    // The mapping whose first region maps file offset 0 is where the loader put the object.
    const loaded = new Set<ModuleBase>();
    if (table.known.offset) {
      grouping.modules.forEach((m, i) => {
        const first = m.segments[0].row;
        if (c.offsetHi[first] === 0 && c.offsetLo[first] === 0) loaded.add(modules[i]);
      });
    }
    const ofRow = Int32Array.from(grouping.moduleOfRow);
    // Named regions that are not mapped files: one module per pathname.
    const named = new Map<number, number>(); // pathname id -> index into modules
    for (const row of order) {
      const id = c.pathId[row];
      if (ofRow[row] >= 0 || id < 0) continue;
      const end = table.end(row);
      let i = named.get(id);
      if (i === undefined) {
        i = modules.length;
        named.set(id, i);
        modules.push({ pathname: table.pathnames[id], label: table.pathnames[id], baseAddr: table.begin(row), endAddr: end, regionCount: 0 });
      }
      const m = modules[i];
      if (end > m.endAddr) m.endAddr = end;
      m.regionCount++;
      ofRow[row] = i;
    }
    this.modules = modules;
    this.moduleIndexOfRow = ofRow;

    for (const m of modules) {
      push(this.byPathname, m.pathname, m);
      const name = moduleFileName(m.pathname);
      if (name !== m.pathname) push(this.byFileName, name, m);
      // proc(5): an unlinked file's name ends in " (deleted)"; `libfoo.so+0x10` should still find it.
      if (name.endsWith(DELETED_SUFFIX)) push(this.byUndeletedName, name.slice(0, -DELETED_SUFFIX.length), m);
    }
    for (const list of this.byPathname.values()) {
      if (list.length > 1) {
        const atZero = list.filter((m) => loaded.has(m));
        if (atZero.length === 1) this.primary.set(list[0].pathname, atZero[0]);
      }
    }
    for (const list of this.byPathname.values()) {
      const name = moduleFileName(list[0].pathname);
      const byName = name === '' || name.trim() !== name ? [] : this.candidates(name);
      const base = byName.length > 0 && byName.every((m) => m.pathname === list[0].pathname) ? name : list[0].pathname;
      const primary = this.primary.get(list[0].pathname);
      list.forEach((m, i) => (m.label = list.length === 1 || m === primary ? base : `${base}#${i + 1}`));
    }
    // A file really named like another's label (`a#2`) would take the label: use the full pathname.
    for (const list of this.byPathname.values()) {
      list.forEach((m, i) => {
        if (this.find(m.label) !== m) m.label = list.length === 1 ? m.pathname : `${m.pathname}#${i + 1}`;
      });
    }
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
    const found = this.byPathname.get(name) ?? this.byFileName.get(name) ?? this.byUndeletedName.get(name);
    if (found !== undefined) {
      // One file mapped several times (node maps a copy of its text elsewhere): the plain name
      // means the mapping at file offset 0, the object the loader placed.
      const primary = this.primary.get(found[0].pathname);
      return primary !== undefined && found.every((m) => m.pathname === found[0].pathname) ? [primary] : found;
    }
    // `name#n`: the n-th mapping of one file.
    const nth = /^(.*)#([1-9]\d*)$/s.exec(name);
    if (nth !== null) {
      const plain = this.candidates(nth[1]);
      const mappings = plain.length === 1 ? (this.byPathname.get(plain[0].pathname) ?? plain) : plain;
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
