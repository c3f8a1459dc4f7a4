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
  /** The same modules as typed arrays. */
  runs: ModuleRuns;
}

/** What a segment is to its module, as ModuleRuns.roleOfRow codes it: 0 none, then 1 + the index here. */
export const SEGMENT_ROLES = ['file', 'gap', 'bss'] as const satisfies readonly SegmentRole[];

/**
 * Modules as typed arrays (groupModuleRuns), no object per region or module: a module's segments
 * are a run of the address order — `order[firstPosition[i]]` and the `segmentCount[i] - 1` rows
 * after it there.
 */
export interface ModuleRuns {
  /** Per module (address order): the position in `order` of its first segment, its row, and its number of segments. */
  firstPosition: Int32Array;
  firstRow: Int32Array;
  segmentCount: Int32Array;
  /** Per module: the table's pathname id of its first segment (the file's). */
  pathId: Int32Array;
  /** Per module: end (exclusive) of its highest segment, as uint32 halves. */
  endHi: Uint32Array;
  endLo: Uint32Array;
  /** Per module: Module.anonymousAfterRow. */
  anonymousAfterRow: Int32Array;
  /** Per module: 1 when a segment is executable. */
  executable: Uint8Array;
  /**
   * Per module: its sizes (Module.sizeBytes, fileBytes, bssBytes) as sums of its segments' 32-bit
   * halves (ByteSum's): six numbers a module — size high, size low, file high, file low, bss high,
   * bss low — each size hi * 2^32 + lo, exact while the module has under 2^20 segments (moduleSizesOf
   * sums a larger one again).
   */
  sizeHalves: Float64Array;
  /** Per table row: index of its module, or -1. */
  moduleOfRow: Int32Array;
  /** Per table row: 0 in no module, else 1 + the index of its role in SEGMENT_ROLES. */
  roleOfRow: Uint8Array;
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

/**
 * Whether each pathname of a table ends in " (deleted)", tested once per pathname id when first
 * asked: per module or per executable row, the endsWith calls were ~20–35 ms each of a first
 * analysis at 1,048,576 regions (--cpu-prof), for about half as many pathnames.
 */
export class DeletedNames {
  /** Per id: 0 not yet asked, 1 no, 2 yes. */
  private readonly known: Uint8Array;

  constructor(private readonly pathnames: readonly string[]) {
    this.known = new Uint8Array(pathnames.length);
  }

  has(id: number): boolean {
    let k = this.known[id];
    if (k === 0) this.known[id] = k = this.pathnames[id].endsWith(DELETED_SUFFIX) ? 2 : 1;
    return k === 2;
  }
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
  const runs = groupModuleRuns(table, order);
  return { modules: modulesOfRuns(table, order, runs), moduleOfRow: runs.moduleOfRow, runs };
}

const ROLE_FILE = 1;
const ROLE_GAP = 2;
const ROLE_BSS = 3;

/** Numbers a module has in ModuleRuns.sizeHalves. */
export const SIZE_HALVES = 6;

/**
 * The modules of groupModuleRuns as they are found: typed arrays grown as modules open, and each
 * segment added with its role — its module, end, executable bit and sizes summed as it comes, so
 * that no later pass walks the segments again for their sizes.
 */
class RunsBuilder {
  count = 0;
  firstPosition: Int32Array;
  segmentCount: Int32Array;
  endHi: Uint32Array;
  endLo: Uint32Array;
  anonymousAfterRow: Int32Array;
  executable: Uint8Array;
  sizeHalves: Float64Array;
  readonly moduleOfRow: Int32Array;
  readonly roleOfRow: Uint8Array;

  constructor(private readonly table: RegionTable) {
    // Shared as the table's columns are (a cross-origin-isolated app): the app's worker then posts it
    // to the page without a copy, and keeps reading it for the module index.
    const shared = typeof SharedArrayBuffer === 'function' && table.columns.pathId.buffer instanceof SharedArrayBuffer;
    this.moduleOfRow = new Int32Array(shared ? new SharedArrayBuffer(4 * table.length) : new ArrayBuffer(4 * table.length)).fill(-1);
    this.roleOfRow = new Uint8Array(table.length);
    // Room for a module per 4 regions (a large real map has one per 5–13), so that the arrays
    // seldom grow: grown from 256, they were copied 9 times at 1,048,576 regions, ~45 ms of a first
    // call (--cpu-prof). Memory is touched only as modules are written.
    const capacity = Math.max(256, table.length >> 2);
    this.firstPosition = new Int32Array(capacity);
    this.segmentCount = new Int32Array(capacity);
    this.endHi = new Uint32Array(capacity);
    this.endLo = new Uint32Array(capacity);
    this.anonymousAfterRow = new Int32Array(capacity);
    this.executable = new Uint8Array(capacity);
    this.sizeHalves = new Float64Array(capacity * SIZE_HALVES);
  }

  /** Opens a module at position `k` of the address order; returns its index. */
  open(k: number): number {
    if (this.count === this.firstPosition.length) this.grow();
    const m = this.count++;
    this.firstPosition[m] = k;
    this.anonymousAfterRow[m] = -1;
    return m;
  }

  add(m: number, row: number, role: number): void {
    const { beginHi, beginLo, endHi, endLo, perms } = this.table.columns;
    this.moduleOfRow[row] = m;
    this.roleOfRow[row] = role;
    this.segmentCount[m]++;
    if ((perms[row] & PERM_EXEC) !== 0) this.executable[m] = 1;
    if (endHi[row] > this.endHi[m] || (endHi[row] === this.endHi[m] && endLo[row] > this.endLo[m])) {
      this.endHi[m] = endHi[row];
      this.endLo[m] = endLo[row];
    }
    const hiDiff = endHi[row] - beginHi[row];
    const loDiff = endLo[row] - beginLo[row];
    const s = m * SIZE_HALVES;
    const halves = this.sizeHalves;
    halves[s] += hiDiff;
    halves[s + 1] += loDiff;
    if (role === ROLE_FILE) (halves[s + 2] += hiDiff), (halves[s + 3] += loDiff);
    else if (role === ROLE_BSS) (halves[s + 4] += hiDiff), (halves[s + 5] += loDiff);
  }

  private grow(): void {
    const twice = <T extends Int32Array | Uint32Array | Uint8Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.firstPosition = twice(this.firstPosition);
    this.segmentCount = twice(this.segmentCount);
    this.endHi = twice(this.endHi);
    this.endLo = twice(this.endLo);
    this.anonymousAfterRow = twice(this.anonymousAfterRow);
    this.executable = twice(this.executable);
    this.sizeHalves = twice(this.sizeHalves);
  }

  /** The runs, each array a view of its first `count` modules (not a copy: the rest was never touched). */
  finish(order: Uint32Array): ModuleRuns {
    const n = this.count;
    const first = this.firstPosition.subarray(0, n);
    const firstRow = new Int32Array(n);
    const pathId = new Int32Array(n);
    const pathIdColumn = this.table.columns.pathId;
    for (let m = 0; m < n; m++) {
      const row = order[first[m]];
      firstRow[m] = row;
      pathId[m] = pathIdColumn[row];
    }
    return {
      firstPosition: first,
      firstRow,
      segmentCount: this.segmentCount.subarray(0, n),
      pathId,
      endHi: this.endHi.subarray(0, n),
      endLo: this.endLo.subarray(0, n),
      anonymousAfterRow: this.anonymousAfterRow.subarray(0, n),
      executable: this.executable.subarray(0, n),
      sizeHalves: this.sizeHalves.subarray(0, n * SIZE_HALVES),
      moduleOfRow: this.moduleOfRow,
      roleOfRow: this.roleOfRow,
    };
  }
}

/**
 * groupModules' modules as typed arrays, in one pass and without an object per region: the
 * analysis of a large file makes only these (a { row, role } object per region and a Module per
 * mapping were 1,048,576 + 81,372 objects, most of the grouping's 280–660 ms, --cpu-prof).
 */
export function groupModuleRuns(table: RegionTable, order: Uint32Array): ModuleRuns {
  const c = table.columns;
  const { beginHi, beginLo, endHi, endLo, perms: permsColumn, pathId: pathIdColumn, kind: kindColumn } = c;
  const runs = new RunsBuilder(table);
  const inodeKnown = table.known.inode;
  const offsetKnown = table.known.offset;

  let open = -1; // the module open, or -1
  let openPathId = -1;
  let lastRow = -1; // the module's last region so far
  let pendingGap = -1; // an anonymous ---p right after it, kept if the file continues after it
  let inBss = false;

  for (let k = 0; k < order.length; k++) {
    const row = order[k];
    const pathId = pathIdColumn[row];
    const perms = permsColumn[row];

    if (open >= 0) {
      const m = open;
      // Another mapping of the module's file: same path, same file (device and inode), not at offset 0.
      const sameFile =
        pathId === openPathId &&
        !inBss &&
        (!inodeKnown || (c.inodeHi[row] === c.inodeHi[lastRow] && c.inodeLo[row] === c.inodeLo[lastRow] && c.devMajor[row] === c.devMajor[lastRow] && c.devMinor[row] === c.devMinor[lastRow])) &&
        (!offsetKnown || c.offsetHi[row] !== 0 || c.offsetLo[row] !== 0);
      if (sameFile && (pendingGap < 0 || (endHi[pendingGap] === beginHi[row] && endLo[pendingGap] === beginLo[row]))) {
        if (pendingGap >= 0) runs.add(m, pendingGap, ROLE_GAP);
        pendingGap = -1;
        runs.add(m, row, (perms & ACCESS_BITS) === 0 ? ROLE_GAP : ROLE_FILE);
        lastRow = row;
        continue;
      }
      if (pendingGap < 0 && endHi[lastRow] === beginHi[row] && endLo[lastRow] === beginLo[row] && isBssCandidate(table, row)) {
        const lastIsRwPrivate = (permsColumn[lastRow] & (ACCESS_BITS | PERM_SHARED)) === RW;
        // The .bss: anonymous rw-p right after the last file-backed rw-p segment. Counted only
        // when named [anon:.bss] (bionic, which may split it into several regions, part of it
        // made read-only after relocation); an unnamed one may hold more (see the top).
        if (!inBss && lastIsRwPrivate && (perms & (ACCESS_BITS | PERM_SHARED)) === RW) {
          if (pathId >= 0) {
            runs.add(m, row, ROLE_BSS); // bionic's [anon:.bss]
            lastRow = row;
            inBss = true;
            continue;
          }
          runs.anonymousAfterRow[m] = row; // may start with the .bss; how much of it is, maps cannot say
          open = -1;
        } else if (inBss && pathId >= 0) {
          runs.add(m, row, ROLE_BSS); // isBssCandidate: a named one is [anon:.bss]
          lastRow = row;
          continue;
        } else if (!inBss && pathId < 0 && (perms & ACCESS_BITS) === 0) {
          pendingGap = row; // decided by the region after it
          continue;
        }
      }
      open = -1;
      openPathId = -1;
      pendingGap = -1;
      inBss = false;
    }

    if (pathId >= 0 && isFileKind(kindColumn[row])) {
      open = runs.open(k);
      openPathId = pathId;
      runs.add(open, row, (perms & ACCESS_BITS) === 0 ? ROLE_GAP : ROLE_FILE);
      lastRow = row;
    }
  }
  return runs.finish(order);
}

/** Segments a module may have for its sizeHalves to be exact (as ByteSum folds: 2^20 * 2^32 < 2^53). */
export const EXACT_SEGMENTS = 1 << 20;

/** Sizes of one module of `runs` (Module.sizeBytes, fileBytes, bssBytes). */
export function moduleSizesOf(table: RegionTable, order: Uint32Array, runs: ModuleRuns, m: number): { sizeBytes: bigint; fileBytes: bigint; bssBytes: bigint } {
  if (runs.segmentCount[m] < EXACT_SEGMENTS) {
    const h = runs.sizeHalves;
    const s = m * SIZE_HALVES;
    const sum = (hi: number, lo: number) => BigInt(hi) * 0x1_0000_0000n + BigInt(lo);
    return { sizeBytes: sum(h[s], h[s + 1]), fileBytes: sum(h[s + 2], h[s + 3]), bssBytes: sum(h[s + 4], h[s + 5]) };
  }
  const { beginHi, beginLo, endHi, endLo } = table.columns;
  const size = new ByteSum();
  const file = new ByteSum();
  const bss = new ByteSum();
  const end = runs.firstPosition[m] + runs.segmentCount[m];
  for (let k = runs.firstPosition[m]; k < end; k++) {
    const row = order[k];
    const hiDiff = endHi[row] - beginHi[row];
    const loDiff = endLo[row] - beginLo[row];
    size.add(hiDiff, loDiff);
    const role = runs.roleOfRow[row];
    if (role === ROLE_FILE) file.add(hiDiff, loDiff);
    else if (role === ROLE_BSS) bss.add(hiDiff, loDiff);
  }
  return { sizeBytes: size.value(), fileBytes: file.value(), bssBytes: bss.value() };
}

/** The Module objects of `runs`, segments and all. */
export function modulesOfRuns(table: RegionTable, order: Uint32Array, runs: ModuleRuns): Module[] {
  const { beginHi, beginLo } = table.columns;
  const modules: Module[] = [];
  for (let m = 0; m < runs.firstPosition.length; m++) {
    const first = runs.firstRow[m];
    const pathname = table.pathnames[runs.pathId[m]];
    const segments: ModuleSegment[] = [];
    for (let k = runs.firstPosition[m], end = k + runs.segmentCount[m]; k < end; k++) segments.push({ row: order[k], role: SEGMENT_ROLES[runs.roleOfRow[order[k]] - 1] });
    modules.push({
      index: m,
      pathname,
      name: moduleName(pathname),
      beginAddr: addrFromHiLo(beginHi[first], beginLo[first]),
      endAddr: addrFromHiLo(runs.endHi[m], runs.endLo[m]),
      segments,
      ...moduleSizesOf(table, order, runs, m),
      anonymousAfterRow: runs.anonymousAfterRow[m],
      executable: runs.executable[m] === 1,
      deleted: pathname.endsWith(DELETED_SUFFIX),
    });
  }
  return modules;
}

/** Modules ordered by size, largest first; ties by address. Returns a new array. */
export function sortModulesBySize(modules: readonly Module[]): Module[] {
  return [...modules].sort((a, b) =>
    a.sizeBytes !== b.sizeBytes ? (a.sizeBytes > b.sizeBytes ? -1 : 1) : a.beginAddr < b.beginAddr ? -1 : a.beginAddr > b.beginAddr ? 1 : 0,
  );
}
