/** One region of a memory map: a view of one row of a RegionTable. */
import { addrFromHiLo, formatHexPadded, type Addr } from '../address.js';
import { REGION_KINDS, isDeletedPathname, type RegionKind } from './kind.js';
import { PERM_EXEC, PERM_READ, PERM_SHARED, PERM_WRITE, permissionsFromBits, type Permissions } from './permissions.js';
import type { RegionTable, SmapsRecord } from './region-table.js';

/** A device number as the maps `major:minor` field gives it. */
export interface Device {
  major: number;
  minor: number;
}

/** Options of `formatMapsLine`. */
export interface FormatOptions {
  /** Pointer width of the process: the kernel pads the pathname to column 73 on 64-bit, 49 on 32-bit. */
  pointerBits?: 64 | 32;
}

/** The fields of a region, as plain values (what formatMapsLine needs). */
export interface RegionFields {
  begin: bigint;
  end: bigint;
  perms: number;
  offset: bigint;
  device: Device;
  inode: bigint;
  pathname: string | null;
}

/**
 * Formats a region as the kernel writes a maps line (fs/proc/task_mmu.c show_vma_header_prefix:
 * `%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu `, then seq_pad to 25 + 6 * sizeof(void *) - 1
 * columns and one space before the pathname).
 */
export function formatMapsLine(r: RegionFields, options: FormatOptions = {}): string {
  const perms =
    (r.perms & PERM_READ ? 'r' : '-') +
    (r.perms & PERM_WRITE ? 'w' : '-') +
    (r.perms & PERM_EXEC ? 'x' : '-') +
    (r.perms & PERM_SHARED ? 's' : 'p');
  const prefix =
    `${formatHexPadded(r.begin)}-${formatHexPadded(r.end)} ${perms} ${formatHexPadded(r.offset)} ` +
    `${r.device.major.toString(16).padStart(2, '0')}:${r.device.minor.toString(16).padStart(2, '0')} ${r.inode} `;
  if (r.pathname === null) return prefix;
  const width = 25 + 6 * ((options.pointerBits ?? 64) / 8) - 1;
  return prefix.padEnd(width, ' ') + ' ' + r.pathname;
}

/** One region: a view of one row of a RegionTable, its fields read from the table's columns. */
export class Region implements RegionFields {
  constructor(
    readonly table: RegionTable,
    readonly index: number,
  ) {}

  /** 1-based input line of the region's header. */
  get line(): number {
    return this.table.columns.line[this.index];
  }
  /** First address of the region. */
  get begin(): Addr {
    const c = this.table.columns;
    return addrFromHiLo(c.beginHi[this.index], c.beginLo[this.index]);
  }
  /** First address after the region (exclusive). */
  get end(): Addr {
    const c = this.table.columns;
    return addrFromHiLo(c.endHi[this.index], c.endLo[this.index]);
  }
  /** end - begin, in bytes. */
  get sizeBytes(): bigint {
    return this.end - this.begin;
  }
  /** PERM_* bits. */
  get perms(): number {
    return this.table.columns.perms[this.index];
  }
  get permissions(): Permissions {
    return permissionsFromBits(this.perms);
  }
  get isReadable(): boolean {
    return (this.perms & PERM_READ) !== 0;
  }
  get isWritable(): boolean {
    return (this.perms & PERM_WRITE) !== 0;
  }
  get isExecutable(): boolean {
    return (this.perms & PERM_EXEC) !== 0;
  }
  get isShared(): boolean {
    return (this.perms & PERM_SHARED) !== 0;
  }
  get isPrivate(): boolean {
    return (this.perms & PERM_SHARED) === 0;
  }
  /** File offset of `begin`. */
  get offset(): bigint {
    const c = this.table.columns;
    return addrFromHiLo(c.offsetHi[this.index], c.offsetLo[this.index]);
  }
  get device(): Device {
    const c = this.table.columns;
    return { major: c.devMajor[this.index], minor: c.devMinor[this.index] };
  }
  get inode(): bigint {
    const c = this.table.columns;
    return addrFromHiLo(c.inodeHi[this.index], c.inodeLo[this.index]);
  }
  /** The pathname exactly as the kernel wrote it (escapes and ` (deleted)` kept), or null. */
  get pathname(): string | null {
    return this.table.pathname(this.index);
  }
  get kind(): RegionKind {
    return REGION_KINDS[this.table.columns.kind[this.index]];
  }
  /** proc(5): the mapped file was unlinked (pathname ends in ` (deleted)`). */
  get isDeleted(): boolean {
    return isDeletedPathname(this.pathname);
  }
  /** smaps fields and VmFlags, when the input was smaps (or pmap -X). */
  get smaps(): SmapsRecord | null {
    return this.table.smaps?.[this.index] ?? null;
  }
  /** True when begin <= addr < end. */
  contains(addr: bigint): boolean {
    return addr >= this.begin && addr < this.end;
  }
  /** The region as a kernel-formatted maps line. */
  format(options?: FormatOptions): string {
    return formatMapsLine(this, options);
  }
  toString(): string {
    return this.format();
  }
}
