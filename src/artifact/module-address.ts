/**
 * Backtrace frames that an artifact prints relative to a module (a tombstone's `pc 0004bd80
 * libc.so`, an hs_err log's `[libjvm.so+0xe97fcf]`) made absolute with the artifact's own map.
 */
import { toAddr, type Addr } from '../address.js';
import { PERM_EXEC } from '../model/permissions.js';
import type { RegionTable } from '../model/region-table.js';

/** Rows of the table by pathname, in table order. */
export function rowsByName(table: RegionTable): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  for (let i = 0; i < table.length; i++) {
    const name = table.pathname(i);
    if (name === null) continue;
    const list = rows.get(name);
    if (list === undefined) rows.set(name, [i]);
    else list.push(i);
  }
  return rows;
}

/**
 * A tombstone frame's pc: libunwindstack prints `rel_pc = pc - map.start + load_bias + elf_offset`
 * (Elf::GetRelPc), where elf_offset is the map's file offset less the offset the ELF starts at
 * (0, or the `(offset 0x…)` of a library inside an APK, or the offset of the read-only map before
 * it). Tries each mapping of the module and each such start, executable mappings first, and
 * returns the pc that falls inside the mapping it was computed from; undefined when none does.
 */
export function tombstonePc(table: RegionTable, rows: readonly number[], relPc: bigint, loadBias: (row: number) => bigint, elfStart: bigint | undefined): Addr | undefined {
  const perms = table.columns.perms;
  const ordered = [...rows].sort((a, b) => (perms[b] & PERM_EXEC) - (perms[a] & PERM_EXEC));
  const offsets = rows.map((r) => table.get(r).offset);
  for (const row of ordered) {
    const region = table.get(row);
    const starts = elfStart !== undefined ? [elfStart] : [0n, ...offsets.filter((o) => o <= region.offset)];
    for (const start of starts) {
      const pc = region.begin + relPc - loadBias(row) - (region.offset - start);
      if (pc >= region.begin && pc < region.end) return toAddr(pc);
    }
  }
  return undefined;
}

/**
 * A `module+0xoffset` frame (hs_err's `[libjvm.so+0x1019e0a]`, dladdr's offset from the module's
 * base): the base is the start of the module's mapping at file offset 0, or of its first mapping.
 * `name` matches a pathname whole or as its last component.
 */
export function moduleOffsetAddress(table: RegionTable, byName: Map<string, number[]>, name: string, offset: bigint): Addr | undefined {
  let rows = byName.get(name);
  if (rows === undefined) {
    for (const [path, list] of byName) {
      if (path.endsWith('/' + name)) {
        rows = list;
        break;
      }
    }
  }
  if (rows === undefined) return undefined;
  const base = rows.find((r) => table.get(r).offset === 0n) ?? rows[0];
  const address = table.begin(base) + offset;
  return address <= 0xffff_ffff_ffff_ffffn ? toAddr(address) : undefined;
}
