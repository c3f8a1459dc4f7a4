/** Lookup answers as one line of text: for bulk annotation, copying, and screen readers. */
import { formatHex } from '../address.js';
import { formatBytes } from '../format/format-size.js';
import { formatNameForDisplay, isolateName } from '../model/display-text.js';
import { formatPermissions } from '../model/permissions.js';
import type { RegionTable } from '../model/region-table.js';
import { formatModuleOffset } from './address-input.js';
import type { ModuleIndex } from './module-index.js';
import type { LookupResult } from './region-index.js';

/** `0x7f3a2c028000-0x7f3a2c1bd000`: a row's range, end exclusive as in maps. */
export function formatRowRange(table: RegionTable, row: number): string {
  return `${formatHex(table.begin(row))}-${formatHex(table.end(row))}`;
}

/** A short name of a region: its module label (`libc.so.6`, `[heap]`), or `anonymous 0x…-0x…`. */
export function formatRowName(table: RegionTable, modules: ModuleIndex, row: number): string {
  return modules.moduleOfRow(row)?.label ?? `anonymous ${formatRowRange(table, row)}`;
}

/** A distance in bytes: `0x1000 (4 KiB)`; below 1 KiB just the hex. */
function formatDistance(bytes: bigint): string {
  return bytes < 1024n ? formatHex(bytes) : `${formatHex(bytes)} (${formatBytes(bytes)})`;
}

/**
 * One line for a lookup answer:
 *   `libc.so.6+0x29d90 r-xp 0x7f…000-0x7f…000 /usr/lib/x86_64-linux-gnu/libc.so.6`
 *   `+0x10 into anonymous rw-p 0x55…000-0x55…000`
 *   `+0x3176a0 into anonymous (may start with zlib.so's .bss) rw-p 0x7f…000-0x7f…000`: the kernel
 *     merged a module's .bss with more anonymous memory than the file can need (analyze/modules.ts)
 *   `unmapped: gap 0x0-0x400000 (4 MiB), 0x10 above the lowest address, 0x3ffff0 (4 MiB) below /usr/bin/cat`
 * Each part that comes from the file (a pathname, a module label) is shown escaped and isolated
 * between U+2068 and U+2069 (display-text.ts), so that the line stays one inert line and, pasted
 * elsewhere, right-to-left letters in a name cannot reorder the addresses around it.
 */
export function formatLookupLine(table: RegionTable, modules: ModuleIndex, found: LookupResult): string {
  const name = (text: string) => isolateName(formatNameForDisplay(text));
  if (found.mapped) {
    const perms = table.known.perms ? formatPermissions(table.columns.perms[found.row]) : '????';
    const pathname = table.pathname(found.row);
    const module = formatModuleOffset(modules, found.row, found.address);
    const bssOf = module === undefined ? modules.bssNeighbourOf(found.row) : undefined;
    const anonymous = bssOf === undefined ? 'anonymous' : `anonymous (may start with ${name(bssOf.label)}'s .bss)`;
    const where = module === undefined ? `+${formatHex(found.offsetInRegion)} into ${anonymous}` : name(module);
    return `${where} ${perms} ${formatRowRange(table, found.row)}${pathname === null ? '' : ' ' + name(pathname)}`;
  }
  const below =
    found.beforeRow < 0
      ? `${formatDistance(found.address - found.gapBegin)} above address 0 (no region below)`
      : `${formatDistance(found.address - found.gapBegin)} past the end of ${name(formatRowName(table, modules, found.beforeRow))}`;
  const above =
    found.afterRow < 0
      ? `no region above`
      : `${formatDistance(found.gapEnd - found.address)} before ${name(formatRowName(table, modules, found.afterRow))}`;
  return `unmapped: gap ${formatHex(found.gapBegin)}-${formatHex(found.gapEnd)} (${formatBytes(found.gapEnd - found.gapBegin)}), ${below}, ${above}`;
}
