/**
 * Modules for address arithmetic: the regions that share a pathname, and the module's base — its
 * lowest mapped address. `libc.so.6+0x29d90` means base + 0x29d90, the form gdb, sanitizers and
 * crash logs print: the ELF loader maps the file's first segment (file offset 0) lowest, so the
 * base is the load address. A deliberately small resolver for lookups; the full module grouping
 * (segments, .bss, guards) belongs to src/analyze.
 */
import { addrFromHiLo, type Addr } from '../address';
import { DELETED_SUFFIX } from '../model/kind';
import type { RegionTable } from '../model/region-table';

/** The regions of one pathname. */
export interface ModuleBase {
  /** Index into `table.pathnames`. */
  pathId: number;
  /** The pathname exactly as the file gives it. */
  pathname: string;
  /** The shortest name that resolves back to this module: the file name when unique, else the pathname. */
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

/** Modules of a table by pathname, with name resolution. Build once per table: O(n). */
export class ModuleBases {
  /** One entry per pathname that some region uses, in pathname-id order. */
  readonly modules: readonly ModuleBase[];
  private readonly byPathId: (ModuleBase | undefined)[];
  private readonly byPathname = new Map<string, ModuleBase>();
  private readonly byFileName = new Map<string, ModuleBase[]>();
  private readonly byUndeletedName = new Map<string, ModuleBase[]>();

  private constructor(private readonly table: RegionTable) {
    const c = table.columns;
    const count = table.pathnames.length;
    const minHi = new Uint32Array(count).fill(0xffff_ffff);
    const minLo = new Uint32Array(count).fill(0xffff_ffff);
    const maxHi = new Uint32Array(count);
    const maxLo = new Uint32Array(count);
    const regions = new Uint32Array(count);
    for (let i = 0; i < table.length; i++) {
      const id = c.pathId[i];
      if (id < 0) continue;
      regions[id]++;
      const bh = c.beginHi[i];
      const bl = c.beginLo[i];
      if (bh < minHi[id] || (bh === minHi[id] && bl < minLo[id])) {
        minHi[id] = bh;
        minLo[id] = bl;
      }
      const eh = c.endHi[i];
      const el = c.endLo[i];
      if (eh > maxHi[id] || (eh === maxHi[id] && el > maxLo[id])) {
        maxHi[id] = eh;
        maxLo[id] = el;
      }
    }
    const modules: ModuleBase[] = [];
    this.byPathId = new Array<ModuleBase | undefined>(count);
    for (let id = 0; id < count; id++) {
      if (regions[id] === 0) continue;
      const pathname = table.pathnames[id];
      const m: ModuleBase = {
        pathId: id,
        pathname,
        label: pathname,
        baseAddr: addrFromHiLo(minHi[id], minLo[id]),
        endAddr: addrFromHiLo(maxHi[id], maxLo[id]),
        regionCount: regions[id],
      };
      modules.push(m);
      this.byPathId[id] = m;
      this.byPathname.set(pathname, m);
      push(this.byFileName, moduleFileName(pathname), m);
      const name = moduleFileName(pathname);
      // proc(5): an unlinked file's name ends in " (deleted)"; `libfoo.so+0x10` should still find it.
      if (name.endsWith(DELETED_SUFFIX)) push(this.byUndeletedName, name.slice(0, -DELETED_SUFFIX.length), m);
    }
    this.modules = modules;
    for (const m of modules) {
      const name = moduleFileName(m.pathname);
      const resolved = name === '' || name.trim() !== name ? undefined : this.resolveName(name);
      if (resolved?.ok && resolved.module === m) m.label = name;
    }
  }

  /** The modules of `table`. */
  static build(table: RegionTable): ModuleBases {
    return new ModuleBases(table);
  }

  /** The module of a table row, or undefined for an anonymous region. */
  moduleOfRow(row: number): ModuleBase | undefined {
    const id = this.table.columns.pathId[row];
    return id < 0 ? undefined : this.byPathId[id];
  }

  /**
   * The module a name means: the exact pathname first, then a unique file name
   * (`libc.so.6`), then a unique file name without ` (deleted)`, then — for a path no region
   * has — its file name. Several modules of one
   * file name (`/a/libx.so`, `/b/libx.so`) are ambiguous: the full pathname tells them apart.
   */
  resolve(name: string): ModuleResolution {
    const found = this.resolveName(name);
    if (!found.ok && found.reason === 'unknown') return { ok: false, reason: 'unknown', candidates: this.similar(name) };
    return found;
  }

  /** The module a name resolves to (as `resolve`), or undefined; no suggestions, so cheap to miss. */
  find(name: string): ModuleBase | undefined {
    const found = this.resolveName(name);
    return found.ok ? found.module : undefined;
  }

  private resolveName(name: string): ModuleResolution {
    const exact = this.byPathname.get(name);
    if (exact !== undefined) return { ok: true, module: exact };
    for (const map of [this.byFileName, this.byUndeletedName]) {
      const found = map.get(name);
      if (found === undefined) continue;
      if (found.length === 1) return { ok: true, module: found[0] };
      return { ok: false, reason: 'ambiguous', candidates: found };
    }
    // A path from another view of the same files (`/lib/…` for `/usr/lib/…`, a container's root):
    // its file name, when that is unique.
    if (name.startsWith('/') && name.lastIndexOf('/') > 0) {
      const byName = this.resolveName(moduleFileName(name));
      if (byName.ok || byName.reason === 'ambiguous') return byName;
    }
    return { ok: false, reason: 'unknown', candidates: [] };
  }

  /** Up to five modules whose file name contains `name` (case-insensitive), for "did you mean". */
  private similar(name: string): ModuleBase[] {
    const needle = name.trim().toLowerCase();
    if (needle === '') return [];
    const out: ModuleBase[] = [];
    for (const m of this.modules) {
      if (moduleFileName(m.pathname).toLowerCase().includes(needle)) out.push(m);
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
