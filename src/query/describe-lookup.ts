/** Lookup answers as one line of text: for bulk annotation, copying, and screen readers. */
import { formatHex } from '../address.js';
import { formatBytes } from '../format/format-size.js';
import { formatNameForDisplay, isolateName } from '../model/display-text.js';
import { formatPermissions } from '../model/permissions.js';
import type { RegionTable } from '../model/region-table.js';
import { placeInAddressSpace, type AddressSpaceShape } from '../model/address-space.js';
import { hasFileBehind } from '../model/kind.js';
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

/** The offset into the file behind the region of a mapped lookup; undefined when the format has no offsets or no file lies there ([heap], anonymous memory, [vsyscall]). */
export function fileOffsetOf(table: RegionTable, found: LookupResult & { mapped: true }): bigint | undefined {
  return table.known.offset && hasFileBehind(table.pathname(found.row), table.kind(found.row)) ? found.fileOffset : undefined;
}

/** Where an unmapped address lies beyond user space, when the map tells the address space's shape. */
export interface BeyondUserSpace {
  place: 'kernel' | 'hole';
  shape: AddressSpaceShape;
}

/** The place of an address outside user space (the non-canonical hole or the kernel half), or undefined inside user space or when the shape is unknown. */
export function beyondUserSpace(shape: AddressSpaceShape | undefined, address: bigint): BeyondUserSpace | undefined {
  if (shape === undefined) return undefined;
  const place = placeInAddressSpace(shape, address);
  return place === 'user' ? undefined : { place, shape };
}

/**
 * One sentence for an address beyond user space:
 *   `kernel space: the kernel half of x86-64, 48-bit virtual addresses (4-level paging) starts at 0xffff800000000000, beyond the non-canonical hole (decided from …)`
 *   `non-canonical: no address from 0x800000000000 to 0xffff7fffffffffff can be mapped on x86-64, … (decided from …)`
 */
export function formatBeyondUserSpace(b: BeyondUserSpace): string {
  const s = b.shape;
  return b.place === 'kernel'
    ? `kernel space: the kernel half of ${s.name} starts at ${formatHex(s.kernelBegin)}, beyond the non-canonical hole; no process maps it (decided from the map: ${s.basis})`
    : `non-canonical: no address from ${formatHex(s.userEnd)} to ${formatHex(s.kernelBegin - 1n)} can be mapped on ${s.name} (decided from the map: ${s.basis})`;
}

/**
 * What a region in no module is called: `a thread stack` (recognised by its guard page,
 * model/thread-stacks.ts), `anonymous`, or `anonymous (may start with zlib.so's .bss)` right after
 * a module's data (ModuleIndex.bssNeighbourOf); `show` renders the module's label.
 */
export function formatAnonymous(table: RegionTable, modules: ModuleIndex, row: number, show: (label: string) => string = (label) => label): string {
  if (table.kind(row) === 'thread-stack') return 'a thread stack';
  const before = modules.bssNeighbourOf(row);
  return before === undefined ? 'anonymous' : `anonymous (may start with ${show(before.label)}'s .bss)`;
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
 *   `unmapped: kernel space: …` for an address beyond user space, given the address space's shape (RegionIndex.addressSpace)
 * Each part that comes from the file (a pathname, a module label) is shown escaped and isolated
 * between U+2068 and U+2069 (display-text.ts), so that the line stays one inert line and, pasted
 * elsewhere, right-to-left letters in a name cannot reorder the addresses around it.
 */
export function formatLookupLine(table: RegionTable, modules: ModuleIndex, found: LookupResult, shape?: AddressSpaceShape): string {
  const name = (text: string) => isolateName(formatNameForDisplay(text));
  if (found.mapped) {
    const perms = table.known.perms ? formatPermissions(table.columns.perms[found.row]) : '????';
    const pathname = table.pathname(found.row);
    const module = formatModuleOffset(modules, found.row, found.address);
    const where = module === undefined ? `+${formatHex(found.offsetInRegion)} into ${formatAnonymous(table, modules, found.row, name)}` : name(module);
    return `${where} ${perms} ${formatRowRange(table, found.row)}${pathname === null ? '' : ' ' + name(pathname)}`;
  }
  const beyond = beyondUserSpace(shape, found.address);
  if (beyond !== undefined) return `unmapped: ${formatBeyondUserSpace(beyond)}`;
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
