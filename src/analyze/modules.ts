/**
 * Modules: the regions of one mapped file, grouped the way the dynamic loader placed them.
 *
 * ld.so reserves an object's whole span with one mapping of the file, then maps each PT_LOAD
 * segment over it with MAP_FIXED (glibc elf/dl-map-segments.h, _dl_map_segments), so in address
 * order a shared library reads
 *   r--p (headers, .rodata)  r-xp (.text)  r--p (.eh_frame)  r--p (RELRO)  rw-p (.data)  rw-p anon (.bss)
 * Holes that alignment leaves between segments stay mapped PROT_NONE: `---p` with the file's path
 * (glibc, older binutils) or anonymous `---p` (bionic). The part of .bss beyond the file's last
 * page is anonymous memory mapped right after the last rw-p segment (dl-map-segments.h, the
 * `zeroend > zeropage` mapping; bionic names it `[anon:.bss]`).
 *
 * The kernel merges the .bss with any adjacent anonymous mapping of the same flags (mm/vma.c,
 * vma_merge), so the anonymous region after the rw-p segment can hold more than the .bss: a Python
 * process shows 3.4 MiB of anonymous memory right after zlib's module, whose .bss fits in its last
 * file page, and 16 KiB after libm's, whose .bss does too. How much the file needs is fixed by its
 * last PT_LOAD alone: ld.so reserves [base, base + allocend) with one mmap, allocend = p_vaddr +
 * p_memsz of the last segment, and maps anonymous zero pages only for [round_up(base + p_vaddr +
 * p_filesz), round_up(base + allocend)) (_dl_map_segments, `zeroend > zeropage`); the kernel does
 * the same for the program and its interpreter (fs/binfmt_elf.c, load_elf_binary / elf_load: the
 * part of p_memsz past the file's last page is mapped anonymous and zero-filled). A maps file
 * does not carry p_memsz, and the region's size says nothing either (the 16 KiB after libm look
 * like a .bss and are not), so no anonymous region is counted in a module on a guess: an unnamed
 * anonymous rw-p region right after the data is the module's `anonymousAfterRow`, shown as
 * "anonymous, may start with libm.so.6's .bss", and module sizes count only what is certain.
 * bionic names its .bss mappings `[anon:.bss]`: those are the module's (`bssBytes`).
 */
import { addrFromHiLo, type Addr } from '../address.js';
import type { RegionTable } from '../model/region-table.js';
import { PERM_EXEC, PERM_READ, PERM_SHARED, PERM_WRITE } from '../model/permissions.js';
import { DELETED_SUFFIX, KIND_CODE } from '../model/kind.js';
import { ByteSum } from './byte-sum.js';

/** What a region is to its module. */
export type SegmentRole = 'file' | 'gap' | 'bss';

/** One region of a module. */
export interface ModuleSegment {
  /** Table row of the region. */
  row: number;
  /**
   * `file`: a mapping of the file; `gap`: a `---p` hole between segments (of the file, or
   * anonymous between two mappings of it); `bss`: bionic's `[anon:.bss]` after the last rw-p segment.
   */
  role: SegmentRole;
}

/** The regions of one mapping of one file. */
export interface Module {
  /** Position in `ModuleGrouping.modules` (address order). */
  index: number;
  /** The file's pathname as the kernel wrote it (escapes and ` (deleted)` kept). */
  pathname: string;
  /** The last component of the pathname: `libc.so.6`. */
  name: string;
  /** Lowest address: the load base of an ELF object (its first segment maps file offset 0). */
  beginAddr: Addr;
  /** End (exclusive) of the highest region. */
  endAddr: Addr;
  /** The module's regions, ascending by address. */
  segments: ModuleSegment[];
  /** Sum of the regions' sizes (holes between them not counted). */
  sizeBytes: bigint;
  /** Of which accessible mappings of the file (not `---p` holes, not .bss). */
  fileBytes: bigint;
  /** Of which anonymous memory named as the .bss (bionic's `[anon:.bss]`). */
  bssBytes: bigint;
  /**
   * The unnamed anonymous rw-p region right after the module's data: it may start with the
   * module's .bss, merged by the kernel with whatever anonymous memory lay next to it, so it is
   * not one of the module's segments (see the top of this file). A table row, or -1.
   */
  anonymousAfterRow: number;
  /** Some segment is executable: code, not just data. */
  executable: boolean;
  /** proc(5): the file was unlinked (pathname ends in ` (deleted)`). */
  deleted: boolean;
}

/** Modules in address order, and the module of each table row. */
export interface ModuleGrouping {
  modules: Module[];
  /** Per table row: index into `modules`, or -1 for a region in no module. */
  moduleOfRow: Int32Array;
}

const ACCESS_BITS = PERM_READ | PERM_WRITE | PERM_EXEC;
const RW = PERM_READ | PERM_WRITE;

/**
 * The name a module or region goes by, for every list, legend and label: the last non-empty
 * component of a path (`/usr/lib/libc.so.6` → `libc.so.6`, `/opt/app/` → `app`), and any other
 * name whole — pseudo-paths (`[heap]`, `[anon:<svg/…>]`, `anon_inode:[eventpoll]`) and text that
 * is no absolute path (`javascript:…//`) have no components to take apart. Not escaped: show it
 * through formatNameForDisplay.
 */
export function moduleName(pathname: string): string {
  // proc(5): d_path() names start with '/'; everything else is a pseudo-path or not kernel text.
  if (!pathname.startsWith('/')) return pathname;
  let end = pathname.length;
  while (end > 0 && pathname.charCodeAt(end - 1) === 0x2f /* / */) end--;
  if (end === 0) return pathname; // only slashes
  return pathname.slice(pathname.lastIndexOf('/', end - 1) + 1, end);
}

const FILE_KIND = KIND_CODE.file;
const DELETED_FILE_KIND = KIND_CODE['deleted-file'];

/**
 * True when a region of this kind maps a file on disk: the file and deleted-file kinds. memfds,
 * shared memory and System V segments are memory objects, not files a loader maps segment by
 * segment.
 */
function isFileKind(kindCode: number): boolean {
  return kindCode === FILE_KIND || kindCode === DELETED_FILE_KIND;
}

/** An anonymous region that may be a module's .bss: no pathname, or bionic's `[anon:.bss]`. */
function isBssCandidate(table: RegionTable, row: number): boolean {
  const id = table.columns.pathId[row];
  return id < 0 || table.pathnames[id] === '[anon:.bss]';
}

/**
 * Groups the regions of each mapped file into modules. `order` lists the table's rows ascending by
 * address (`RegionIndex.order` or `sortRowsByBegin`); regions of the same file continue a module
 * while nothing else lies between them, except an anonymous `---p` hole; a region at file offset
 * 0 starts a new module (a second mapping of the file). O(n).
 */
export function groupModules(table: RegionTable, order: Uint32Array): ModuleGrouping {
  const c = table.columns;
  const { beginHi, beginLo, endHi, endLo, perms: permsColumn, pathId: pathIdColumn, kind: kindColumn } = c;
  const moduleOfRow = new Int32Array(table.length).fill(-1);
  const modules: Module[] = [];
  // Ends accumulate as (hi, lo) halves and sizes are summed at the end: no bigint per segment.
  const moduleEndHi: number[] = [];
  const moduleEndLo: number[] = [];
  const inodeKnown = table.known.inode;
  const offsetKnown = table.known.offset;

  let open: Module | null = null;
  let openPathId = -1;
  let lastRow = -1; // the module's last region so far
  let pendingGap = -1; // an anonymous ---p right after it, kept if the file continues after it
  let inBss = false;

  const contiguous = (below: number, above: number) => endHi[below] === beginHi[above] && endLo[below] === beginLo[above];
  const close = () => {
    open = null;
    openPathId = -1;
    pendingGap = -1;
    inBss = false;
  };
  const add = (m: Module, row: number, role: SegmentRole) => {
    m.segments.push({ row, role });
    moduleOfRow[row] = m.index;
    if ((permsColumn[row] & PERM_EXEC) !== 0) m.executable = true;
    const i = m.index;
    if (endHi[row] > moduleEndHi[i] || (endHi[row] === moduleEndHi[i] && endLo[row] > moduleEndLo[i])) {
      moduleEndHi[i] = endHi[row];
      moduleEndLo[i] = endLo[row];
    }
    lastRow = row;
  };

  for (let k = 0; k < order.length; k++) {
    const row = order[k];
    const pathId = pathIdColumn[row];
    const perms = permsColumn[row];

    if (open !== null) {
      const m: Module = open;
      // Another mapping of the module's file: same path, same file (device and inode), not at offset 0.
      const sameFile =
        pathId === openPathId &&
        !inBss &&
        (!inodeKnown || (c.inodeHi[row] === c.inodeHi[lastRow] && c.inodeLo[row] === c.inodeLo[lastRow] && c.devMajor[row] === c.devMajor[lastRow] && c.devMinor[row] === c.devMinor[lastRow])) &&
        (!offsetKnown || c.offsetHi[row] !== 0 || c.offsetLo[row] !== 0);
      if (sameFile && (pendingGap < 0 || contiguous(pendingGap, row))) {
        if (pendingGap >= 0) add(m, pendingGap, 'gap');
        pendingGap = -1;
        add(m, row, (perms & ACCESS_BITS) === 0 ? 'gap' : 'file');
        continue;
      }
      if (pendingGap < 0 && contiguous(lastRow, row) && isBssCandidate(table, row)) {
        const lastIsRwPrivate = (permsColumn[lastRow] & (ACCESS_BITS | PERM_SHARED)) === RW;
        // The .bss: anonymous rw-p right after the last file-backed rw-p segment. Counted only
        // when named [anon:.bss] (bionic, which may split it into several regions, part of it
        // made read-only after relocation); an unnamed one may hold more (see the top).
        if (!inBss && lastIsRwPrivate && (perms & (ACCESS_BITS | PERM_SHARED)) === RW) {
          if (pathId >= 0) {
            add(m, row, 'bss'); // bionic's [anon:.bss]
            inBss = true;
            continue;
          }
          m.anonymousAfterRow = row; // may start with the .bss; how much of it is, maps cannot say
          close();
        }
        if (inBss && pathId >= 0) {
          add(m, row, 'bss'); // isBssCandidate: a named one is [anon:.bss]
          continue;
        }
        if (!inBss && pathId < 0 && (perms & ACCESS_BITS) === 0) {
          pendingGap = row; // decided by the region after it
          continue;
        }
      }
      close();
    }

    if (pathId >= 0 && isFileKind(kindColumn[row])) {
      const pathname = table.pathnames[pathId];
      const m: Module = {
        index: modules.length,
        pathname,
        name: moduleName(pathname),
        beginAddr: addrFromHiLo(beginHi[row], beginLo[row]),
        endAddr: 0n as Addr,
        segments: [],
        sizeBytes: 0n,
        fileBytes: 0n,
        bssBytes: 0n,
        anonymousAfterRow: -1,
        executable: false,
        deleted: pathname.endsWith(DELETED_SUFFIX),
      };
      modules.push(m);
      moduleEndHi.push(0);
      moduleEndLo.push(0);
      open = m;
      openPathId = pathId;
      add(m, row, (perms & ACCESS_BITS) === 0 ? 'gap' : 'file');
    }
  }
  const size = new ByteSum();
  const file = new ByteSum();
  const bss = new ByteSum();
  for (const m of modules) {
    for (const { row, role } of m.segments) {
      const hiDiff = endHi[row] - beginHi[row];
      const loDiff = endLo[row] - beginLo[row];
      size.add(hiDiff, loDiff);
      if (role === 'file') file.add(hiDiff, loDiff);
      else if (role === 'bss') bss.add(hiDiff, loDiff);
    }
    m.sizeBytes = size.take();
    m.fileBytes = file.take();
    m.bssBytes = bss.take();
    m.endAddr = addrFromHiLo(moduleEndHi[m.index], moduleEndLo[m.index]);
  }
  return { modules, moduleOfRow };
}

/** Modules ordered by size, largest first; ties by address. Returns a new array. */
export function sortModulesBySize(modules: readonly Module[]): Module[] {
  return [...modules].sort((a, b) =>
    a.sizeBytes !== b.sizeBytes ? (a.sizeBytes > b.sizeBytes ? -1 : 1) : a.beginAddr < b.beginAddr ? -1 : a.beginAddr > b.beginAddr ? 1 : 0,
  );
}
