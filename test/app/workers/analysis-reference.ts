/**
 * The analysis as it was before issue 19's typed-array grouping (main at fed0bb1): groupModules
 * with an object per segment, the module index's arrays from those objects, the deleted-library
 * lint over them, the name tables (indexNames) and analyzeTable — kept verbatim (names suffixed Reference) as the reference the
 * reworked functions must equal exactly (analysis-reference.test.ts).
 */
import { addrFromHiLo, type Addr } from '../../../src/address';
import { ByteSum } from '../../../src/analyze/byte-sum';
import { FINDING_INFO, FINDING_CODES, findDisorderedRows, findThreadStackEvidence, type Finding, type FindingCode } from '../../../src/analyze/lints';
import type { Module, ModuleGrouping, SegmentRole } from '../../../src/analyze/modules';
import { DEFAULT_MAX_MAP_COUNT, MAP_COUNT_WARN_SHARE, moduleFilesOf, summarizeRegions } from '../../../src/analyze/summary';
import { formatBytes } from '../../../src/format/format-size';
import { DELETED_SUFFIX, KIND_CODE } from '../../../src/model/kind';
import { PERM_EXEC, PERM_READ, PERM_SHARED, PERM_WRITE } from '../../../src/model/permissions';
import type { RegionTable } from '../../../src/model/region-table';
import type { ModuleArrays } from '../../../src/query/module-arrays';
import type { ModuleIndexData } from '../../../src/query/module-index';
import type { NameTable, NameTables } from '../../../src/query/module-names';
import type { AnalysisObjects, PackedModule } from '../../../app/workers/analysis';
import { ROLE_CODES } from '../../../app/workers/analysis';

/** groupModules' answer before it carried its typed arrays. */
export type ReferenceGrouping = Omit<ModuleGrouping, 'runs'>;

const ACCESS_BITS = PERM_READ | PERM_WRITE | PERM_EXEC;
const RW = PERM_READ | PERM_WRITE;

/**
 * The name a module or region goes by, for every list, legend and label: the last non-empty
 * component of a path (`/usr/lib/libc.so.6` → `libc.so.6`, `/opt/app/` → `app`), and any other
 * name whole — pseudo-paths (`[heap]`, `[anon:<svg/…>]`, `anon_inode:[eventpoll]`) and text that
 * is no absolute path (`javascript:…//`) have no components to take apart. Not escaped: show it
 * through formatNameForDisplay.
 */
function moduleName(pathname: string): string {
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
export function groupModulesReference(table: RegionTable, order: Uint32Array): ReferenceGrouping {
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


const RWX_ = PERM_READ | PERM_WRITE | PERM_EXEC;

/** Kinds of memory with no file behind it (proc_pid_maps(5): anonymous, [heap], [stack], named anonymous). */
const ANONYMOUS = KIND_CODE.anonymous;
const NAMED_ANONYMOUS = KIND_CODE['named-anonymous'];
const THREAD_STACK = KIND_CODE['thread-stack'];
const MEMFD = KIND_CODE.memfd;
const SYSV_SHM = KIND_CODE['sysv-shm'];
const DELETED_FILE = KIND_CODE['deleted-file'];
const VDSO = KIND_CODE.vdso;
const VSYSCALL = KIND_CODE.vsyscall;
/** The vsyscall page's fixed address on x86-64 (arch/x86/include/asm/vsyscall.h VSYSCALL_ADDR). */
const VSYSCALL_HI = 0xffff_ffff;
const VSYSCALL_LO = 0xff60_0000;
/** The vDSO's largest size seen (x86-64: 2 pages; arm64 and others up to a few). */
const VDSO_MAX_BYTES = 0x4000;

/**
 * An unnamed executable region that is the kernel's own code: at the vsyscall page's address, or
 * a vDSO-sized region right above unnamed read-only pages (the [vvar] pages the kernel maps right
 * below the vDSO, arch/x86/entry/vdso/vma.c and arch/arm64/kernel/vdso.c).
 */
function isUnnamedKernelCode(table: RegionTable, row: number, below: number): boolean {
  const c = table.columns;
  if (c.beginHi[row] === VSYSCALL_HI && c.beginLo[row] === VSYSCALL_LO) return true;
  if (c.endHi[row] !== c.beginHi[row] || c.endLo[row] - c.beginLo[row] > VDSO_MAX_BYTES) return false;
  return below >= 0 && c.pathId[below] < 0 && (c.perms[below] & (PERM_READ | PERM_WRITE | PERM_EXEC)) === PERM_READ && c.endHi[below] === c.beginHi[row] && c.endLo[below] === c.beginLo[row];
}

const ANONYMOUS_KINDS = new Set<number>([ANONYMOUS, NAMED_ANONYMOUS, KIND_CODE.heap, KIND_CODE.stack, THREAD_STACK]);

// A shared library by name: `libc.so.6`, `libfoo.so`, `_ctypes.cpython-311-x86_64-linux-gnu.so`.
const LIBRARY_NAME = /\.so(?:\.[0-9.]+)?(?: \(deleted\))?$/;
// Where package managers install programs (hier(7), FHS): a deleted executable there was upgraded;
// one deleted from /tmp, /dev/shm or a home directory looks more like code that hides its file.
const SYSTEM_DIR = /^\/(?:usr|lib|lib32|lib64|libx32|bin|sbin|opt|snap|nix\/store|system|vendor|apex)\//;

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/**
 * Lints a table. `order` lists its rows ascending by address (`RegionIndex.order` or
 * `sortRowsByBegin`); `modules` is computed when not given. Returns the findings in the order of
 * FINDING_CODES, only those that matched. O(n).
 */
export function lintRegionsReference(table: RegionTable, order: Uint32Array, modules?: ReferenceGrouping): Finding[] {
  const c = table.columns;
  const grouping = modules ?? groupModulesReference(table, order);
  const rowsOf = new Map<FindingCode, number[]>(FINDING_CODES.map((code) => [code, []]));
  const push = (code: FindingCode, row: number) => rowsOf.get(code)!.push(row);
  const permsKnown = table.known.perms;

  // Libraries and executables of deleted files, as whole modules.
  const deletedLibrary = new Uint8Array(table.length);
  const deletedModules: string[] = [];
  for (const m of grouping.modules) {
    if (!m.deleted || c.kind[m.segments[0].row] !== DELETED_FILE) continue;
    if (!LIBRARY_NAME.test(m.pathname) && !(m.executable && SYSTEM_DIR.test(m.pathname))) continue;
    deletedModules.push(m.name.slice(0, -' (deleted)'.length));
    for (const s of m.segments) deletedLibrary[s.row] = 1;
  }

  // pmap -x and plain pmap (no inode column) print the kernel's pseudo-mappings as [ anon ]; a
  // file that names a [vdso] or [vsyscall] anywhere lost no names.
  let namesLost = !table.known.inode;
  for (let i = 0; namesLost && i < table.length; i++) if (c.kind[i] === VDSO || c.kind[i] === VSYSCALL) namesLost = false;
  let previous = -1; // the region listed below, in address order
  let stacksByFlag = 0;
  for (let k = 0; k < order.length; k++) {
    const row = order[k];
    const perms = permsKnown ? c.perms[row] : 0;
    const kind = c.kind[row];
    const pathname = table.pathname(row);
    if (deletedLibrary[row]) push('deleted-library', row);
    if ((perms & PERM_EXEC) !== 0) {
      if ((perms & PERM_WRITE) !== 0) push('writable-executable', row);
      if (namesLost && pathname === null && (perms & PERM_WRITE) === 0 && isUnnamedKernelCode(table, row, previous)) push('kernel-names-lost', row);
      else if (ANONYMOUS_KINDS.has(kind)) push('executable-anonymous', row);
      else if (!deletedLibrary[row] && (kind === MEMFD || kind === SYSV_SHM || (pathname !== null && pathname.endsWith(' (deleted)') && kind !== ANONYMOUS)))
        push('executable-without-file', row);
    }
    // A thread stack's guard is an inaccessible region right below it (glibc nptl/allocatestack.c
    // mprotects the lowest guardsize bytes PROT_NONE; the kernel's [stack:<tid>] era did the same).
    if (permsKnown && (perms & (RW | PERM_EXEC | PERM_SHARED)) === RW) {
      const evidence = findThreadStackEvidence(table, row);
      const guarded = previous >= 0 && (c.perms[previous] & RWX_) === 0 && c.endHi[previous] === c.beginHi[row] && c.endLo[previous] === c.beginLo[row];
      if (evidence !== undefined && !guarded) {
        push('stack-without-guard', row);
        if (evidence === 'map-stack') stacksByFlag++;
      }
    }
    previous = row;
  }

  const findings: Finding[] = [];
  const add = (code: FindingCode, message: string) => findings.push({ code, ...FINDING_INFO[code], message, rows: rowsOf.get(code)! });
  const sizeOf = (rows: number[]) => {
    const sum = new ByteSum();
    for (const row of rows) sum.addRow(c.beginHi, c.beginLo, c.endHi, c.endLo, row);
    return formatBytes(sum.value());
  };
  const wx = rowsOf.get('writable-executable')!;
  if (wx.length > 0) add('writable-executable', `${plural(wx.length, 'region is', 'regions are')} writable and executable at once (${sizeOf(wx)}).`);
  const xAnon = rowsOf.get('executable-anonymous')!;
  if (xAnon.length > 0) add('executable-anonymous', `${plural(xAnon.length, 'executable region has', 'executable regions have')} no file behind ${xAnon.length === 1 ? 'it' : 'them'} (${sizeOf(xAnon)} of anonymous memory).`);
  const lost = rowsOf.get('kernel-names-lost')!;
  if (lost.length > 0)
    add('kernel-names-lost', `${plural(lost.length, 'executable region is', 'executable regions are')} where the kernel maps its own code (${lost.length === 1 ? 'the vDSO or the vsyscall page' : 'the vDSO and the vsyscall page'}), listed as [ anon ]: the format lost ${lost.length === 1 ? 'its name' : 'their names'}.`);
  const xNoFile = rowsOf.get('executable-without-file')!;
  if (xNoFile.length > 0) add('executable-without-file', `${plural(xNoFile.length, 'executable region maps', 'executable regions map')} a memfd, shared memory or a deleted file (${sizeOf(xNoFile)}).`);
  if (deletedModules.length > 0) {
    const names = deletedModules.slice(0, 3).join(', ') + (deletedModules.length > 3 ? ', …' : '');
    add('deleted-library', `${plural(deletedModules.length, 'library or executable is', 'libraries or executables are')} mapped from deleted files: ${names}.`);
  }
  const noGuard = rowsOf.get('stack-without-guard')!;
  if (noGuard.length > 0) {
    const how = stacksByFlag === 0 ? '' : stacksByFlag === noGuard.length ? ' (recognised by the MAP_STACK flag nh in smaps)' : ` (${stacksByFlag} of them recognised by the MAP_STACK flag nh in smaps)`;
    add('stack-without-guard', `${plural(noGuard.length, 'thread stack has', 'thread stacks have')} no inaccessible guard page right below${how}.`);
  }

  rowsOf.set('overlap-or-order', findDisorderedRows(table, order));
  const disordered = rowsOf.get('overlap-or-order')!;
  if (disordered.length > 0) add('overlap-or-order', `${plural(disordered.length, 'region overlaps', 'regions overlap')} another or ${disordered.length === 1 ? 'is' : 'are'} listed out of address order.`);

  let mapCount = table.length;
  const vsyscall = KIND_CODE.vsyscall;
  for (let i = 0; i < table.length; i++) if (c.kind[i] === vsyscall) mapCount--;
  if (mapCount > MAP_COUNT_WARN_SHARE * DEFAULT_MAX_MAP_COUNT) {
    const percent = Math.floor((mapCount / DEFAULT_MAX_MAP_COUNT) * 100);
    const limit = `the kernel's default limit of ${DEFAULT_MAX_MAP_COUNT.toLocaleString('en-US')} (vm.max_map_count)`;
    add(
      'near-map-count-limit',
      mapCount > DEFAULT_MAX_MAP_COUNT
        ? `${plural(mapCount, 'region', 'regions')}: more than ${limit}, which must have been raised on this machine.`
        : `${plural(mapCount, 'region', 'regions')}: ${percent}% of ${limit}.`,
    );
  }
  return findings;
}


export function moduleArraysReference(table: RegionTable, order: Uint32Array, grouping: ReferenceGrouping): ModuleArrays {
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
    anonymousAfterRow: new Int32Array(total).fill(-1),
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
    a.anonymousAfterRow[i] = m.anonymousAfterRow;
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
  return a;
}

const ROLE_CODE = Object.fromEntries(ROLE_CODES.map((role, code) => [role, code])) as Record<(typeof ROLE_CODES)[number], number>;

/**
 * `m` without its segments, placed at `firstPosition`: its fields named one by one, where a rest
 * and a spread (`{ segments, ...m }`, `{ ...m, … }`) copied each of 81,372 modules at 1,048,576
 * regions property by property, 238 ms of the worker's analysis (--cpu-prof).
 */
function packedModuleOf(m: Module, firstPosition: number): PackedModule {
  return {
    index: m.index,
    pathname: m.pathname,
    name: m.name,
    beginAddr: m.beginAddr,
    endAddr: m.endAddr,
    sizeBytes: m.sizeBytes,
    fileBytes: m.fileBytes,
    bssBytes: m.bssBytes,
    anonymousAfterRow: m.anonymousAfterRow,
    executable: m.executable,
    deleted: m.deleted,
    firstPosition,
    segmentCount: m.segments.length,
  };
}

/** The analysis of `table`, whose rows ascend by address in `order` (RegionIndex.order). */
export function analyzeTableReference(table: RegionTable, order: Uint32Array): AnalysisObjects {
  const started = performance.now();
  const grouping = groupModulesReference(table, order);
  // Address lookup's module index over the same grouping, made here so the page never groups.
  const arrays = moduleArraysReference(table, order, grouping);
  const moduleBases: ModuleIndexData = { ...arrays, ...indexNamesReference(table.pathnames, arrays.pathId) };
  const files = moduleFilesOf(grouping);
  const summary = summarizeRegions(table, order, { ...grouping, files });
  const findings = lintRegionsReference(table, order, grouping);
  // A module's first position: its first segment is the first of its rows met in address order.
  const firstPosition = new Int32Array(grouping.modules.length).fill(-1);
  for (let k = 0; k < order.length; k++) {
    const m = grouping.moduleOfRow[order[k]];
    if (m >= 0 && firstPosition[m] < 0) firstPosition[m] = k;
  }
  const roleOfRow = new Uint8Array(table.length);
  const modules: PackedModule[] = grouping.modules.map((m) => {
    for (const s of m.segments) roleOfRow[s.row] = ROLE_CODE[s.role];
    return packedModuleOf(m, firstPosition[m.index]);
  });
  return { summary, findings, modules, moduleOfRow: grouping.moduleOfRow, roleOfRow, moduleBases, files, elapsedMs: performance.now() - started };
}

const suffixLength = DELETED_SUFFIX.length;

/** FNV-1a (module-names.ts) over the UTF-16 code units of `s`: the same number in the worker that hashed a name and in the page that looks it up. */
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
export function indexNamesReference(pathnames: readonly string[], pathId: Int32Array): NameTables {
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
