/**
 * Lints: what looks unusual in a memory map, each finding explained in one sentence, with why it
 * matters, when it is normal, and the regions it concerns. Sources: proc_pid_maps(5),
 * docs/format.md, and the loaders and kernels cited beside each rule.
 */
import { DELETED_SUFFIX, KIND_CODE } from '../model/kind.js';
import { PERM_EXEC, PERM_READ, PERM_SHARED, PERM_WRITE } from '../model/permissions.js';
import type { RegionTable } from '../model/region-table.js';
import { formatBytes } from '../format/format-size.js';
import { formatCount } from '../format/format-count.js';
import { ByteSum } from './byte-sum.js';
import { DeletedNames, groupModuleRuns, moduleName, type ModuleGrouping } from './modules.js';
import { DEFAULT_MAX_MAP_COUNT, MAP_COUNT_WARN_SHARE } from './summary.js';

export const FINDING_CODES = [
  'writable-executable',
  'executable-anonymous',
  'kernel-names-lost',
  'executable-without-file',
  'deleted-library',
  'stack-without-guard',
  'overlap-or-order',
  'near-map-count-limit',
] as const;
/** Which rule a finding comes from (`writable-executable`, `deleted-library`, …). */
export type FindingCode = (typeof FINDING_CODES)[number];

/** `warning`: worth a look in any process; `notice`: often normal, but worth knowing. */
export type FindingSeverity = 'warning' | 'notice';

/** The fixed text of a kind of finding. */
export interface FindingInfo {
  severity: FindingSeverity;
  /** A short name: `Writable and executable memory`. */
  title: string;
  whyItMatters: string;
  whenNormal: string;
}

/** One finding: a rule that matched, and the regions it matched. */
export interface Finding extends FindingInfo {
  code: FindingCode;
  /** One sentence saying what was found, with counts. */
  message: string;
  /** Table rows concerned, ascending by address; empty for a finding about the whole map. */
  rows: number[];
}

export const FINDING_INFO: Readonly<Record<FindingCode, FindingInfo>> = {
  'writable-executable': {
    severity: 'warning',
    title: 'Writable and executable memory',
    whyItMatters:
      'Memory that is writable and executable at once lets anyone who can write into the process run their own instructions there; W^X (write xor execute) policies exist to forbid it.',
    whenNormal:
      'JIT compilers that patch code in place (V8 in Node.js, the JVM code cache, LuaJIT, Mono) keep rwx memory by design; elsewhere it usually comes from an old library or a binary linked with an executable stack.',
  },
  'executable-anonymous': {
    severity: 'notice',
    title: 'Executable anonymous memory',
    whyItMatters:
      'Code with no file behind it cannot be checked against the binaries on disk; injected shellcode and unpacked malware run from memory like this.',
    whenNormal:
      'Every JIT (JavaScript engines, the JVM, .NET, regular-expression compilers) and trampolines such as libffi closures generate code into anonymous memory.',
  },
  'kernel-names-lost': {
    severity: 'notice',
    title: 'Kernel mappings whose names were lost',
    whyItMatters:
      'The pmap -x and plain pmap formats print [vdso], [vvar] and [vsyscall] as "[ anon ]", so the vDSO and the vsyscall page look like executable anonymous memory; they are code the kernel maps into every process, not code without a file.',
    whenNormal:
      'Always in pmap -x and plain pmap output (procps-ng keeps only [heap] and [stack] in some versions). /proc/PID/maps, smaps and pmap -X keep the names.',
  },
  'executable-without-file': {
    severity: 'warning',
    title: 'Executable memfd or deleted file',
    whyItMatters:
      'Code mapped from a memfd or from a file deleted after it was mapped has no file on disk to inspect — a classic way to load a payload without leaving a trace ("fileless" code).',
    whenNormal:
      'Some JITs and sandboxes map their code twice through a memfd or shared memory (one view writable, the other executable), Android keeps JIT code in ashmem, and a program replaced on disk while it runs shows its old file as deleted.',
  },
  'deleted-library': {
    severity: 'warning',
    title: 'Library mapped from a deleted file',
    whyItMatters:
      'The process still runs the old code of a library or executable that was replaced or removed, typically by a package upgrade, so fixes in the new file do not apply until it restarts.',
    whenNormal:
      'After every upgrade until the process restarts (needrestart and checkrestart look for exactly this); a file can also really be named "… (deleted)".',
  },
  'stack-without-guard': {
    severity: 'warning',
    title: 'Thread stack without a guard page',
    whyItMatters:
      'Without an inaccessible page below it, a stack that overflows runs silently into the memory underneath instead of faulting, corrupting it (the "Stack Clash" class of bugs).',
    whenNormal:
      'Threads created with a guard size of 0 or on stacks the program allocated itself; guards installed with madvise(MADV_GUARD_INSTALL) (Linux 6.13+) do not show in maps. Stacks are recognised by name, or in smaps by the flag nh that Linux 6.7+ gives MAP_STACK memory — which memory advised MADV_NOHUGEPAGE also has. The main [stack] is not checked: its guard gap is invisible.',
  },
  'overlap-or-order': {
    severity: 'warning',
    title: 'Overlapping or out-of-order regions',
    whyItMatters:
      'The kernel lists regions in ascending address order and never overlapping, so this map was edited, merged from several captures or damaged, and totals may count memory twice.',
    whenNormal: 'Never in a file straight from /proc; common in hand-picked excerpts and test data.',
  },
  'near-map-count-limit': {
    severity: 'warning',
    title: 'Region count near the limit',
    whyItMatters:
      'Past vm.max_map_count, mmap, mprotect and even malloc fail with ENOMEM, and programs crash in places that have nothing to do with the cause.',
    whenNormal:
      'Programs that map very many files or threads (Elasticsearch, databases, large JVMs) ask for a higher vm.max_map_count; the machine\'s limit may not be the default.',
  },
};

const RW = PERM_READ | PERM_WRITE;
const RWX = PERM_READ | PERM_WRITE | PERM_EXEC;

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

/**
 * How a region is known to be a thread stack: by its kind (`kind`: its name, or the guard page
 * below it; model/thread-stacks.ts), or by the MAP_STACK trace smaps shows (`map-stack`).
 */
export type ThreadStackEvidence = 'kind' | 'map-stack';

/**
 * Whether a region is a thread stack, and how that is known. Without a name, smaps tells: since
 * Linux 6.7 (mm/mmap.c calc_vm_flag_bits, commit c4608d1bf7c6) a MAP_STACK mapping — glibc and
 * musl allocate thread stacks so — gets VM_NOHUGEPAGE, VmFlags `nh`, when THP is configured.
 * Memory advised MADV_NOHUGEPAGE looks the same, so that evidence is weaker; it is not taken
 * from files without the Pss_Dirty field, which kernels before 6.0 did not print (where `nh` never
 * meant MAP_STACK: a Go heap on Linux 4.x has it).
 */
export function findThreadStackEvidence(table: RegionTable, row: number): ThreadStackEvidence | undefined {
  const kind = table.columns.kind[row];
  if (kind === THREAD_STACK) return 'kind';
  if (kind !== ANONYMOUS || table.columns.pathId[row] >= 0) return undefined;
  const record = table.smaps?.[row];
  const flags = record?.vmFlags;
  if (flags == null || record!.fields.Pss_Dirty === undefined) return undefined;
  return flags.includes('nh') && !flags.includes('gd') ? 'map-stack' : undefined;
}

// A shared library by name: `libc.so.6`, `libfoo.so`, `_ctypes.cpython-311-x86_64-linux-gnu.so`.
const LIBRARY_NAME = /\.so(?:\.[0-9.]+)?(?: \(deleted\))?$/;
// Where package managers install programs (hier(7), FHS): a deleted executable there was upgraded;
// one deleted from /tmp, /dev/shm or a home directory looks more like code that hides its file.
const SYSTEM_DIR = /^\/(?:usr|lib|lib32|lib64|libx32|bin|sbin|opt|snap|nix\/store|system|vendor|apex)\//;

function plural(n: number, one: string, many: string): string {
  // formatCount, not toLocaleString: a worker's first Intl call loads ICU's data (~35 ms, --cpu-prof).
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * Lints a table. `order` lists its rows ascending by address (`RegionIndex.order` or
 * `sortRowsByBegin`); `modules` is computed when not given. Returns the findings in the order of
 * FINDING_CODES, only those that matched. O(n).
 */
export function lintRegions(table: RegionTable, order: Uint32Array, modules?: Pick<ModuleGrouping, 'runs'>): Finding[] {
  const c = table.columns;
  const grouping = modules ?? { runs: groupModuleRuns(table, order) };
  const rowsOf = new Map<FindingCode, number[]>(FINDING_CODES.map((code) => [code, []]));
  const permsKnown = table.known.perms;

  // Libraries and executables of deleted files, as whole modules (read from the grouping's arrays:
  // no module object is needed).
  const runs = grouping.runs;
  const deletedLibrary = new Uint8Array(table.length);
  const deletedModules: string[] = [];
  for (let m = 0; m < runs.firstRow.length; m++) {
    // The kind first: an endsWith per module was 20 ms of a first call at 1,048,576 regions (--cpu-prof).
    if (c.kind[runs.firstRow[m]] !== DELETED_FILE) continue;
    const pathname = table.pathnames[runs.pathId[m]];
    if (!pathname.endsWith(DELETED_SUFFIX)) continue;
    if (!LIBRARY_NAME.test(pathname) && !(runs.executable[m] === 1 && SYSTEM_DIR.test(pathname))) continue;
    deletedModules.push(moduleName(pathname).slice(0, -DELETED_SUFFIX.length));
    for (let k = runs.firstPosition[m], end = k + runs.segmentCount[m]; k < end; k++) deletedLibrary[order[k]] = 1;
  }

  // pmap -x and plain pmap (no inode column) print the kernel's pseudo-mappings as [ anon ]; a
  // file that names a [vdso] or [vsyscall] anywhere lost no names.
  let namesLost = !table.known.inode;
  for (let i = 0; namesLost && i < table.length; i++) if (c.kind[i] === VDSO || c.kind[i] === VSYSCALL) namesLost = false;
  let previous = -1; // the region listed below, in address order
  let stacksByFlag = 0;
  // Rows by rule, in arrays of their own: a push through the Map per row, and the row's pathname
  // read for every row (it is needed only for executable ones), were a third of the lints' time.
  const deleted = rowsOf.get('deleted-library')!;
  const wxRows = rowsOf.get('writable-executable')!;
  const lostRows = rowsOf.get('kernel-names-lost')!;
  const xAnonRows = rowsOf.get('executable-anonymous')!;
  const xNoFileRows = rowsOf.get('executable-without-file')!;
  const noGuardRows = rowsOf.get('stack-without-guard')!;
  const deletedNames = new DeletedNames(table.pathnames);
  for (let k = 0; k < order.length; k++) {
    const row = order[k];
    const perms = permsKnown ? c.perms[row] : 0;
    if (deletedLibrary[row]) deleted.push(row);
    if ((perms & PERM_EXEC) !== 0) {
      const kind = c.kind[row];
      const pathId = c.pathId[row];
      if ((perms & PERM_WRITE) !== 0) wxRows.push(row);
      if (namesLost && pathId < 0 && (perms & PERM_WRITE) === 0 && isUnnamedKernelCode(table, row, previous)) lostRows.push(row);
      else if (ANONYMOUS_KINDS.has(kind)) xAnonRows.push(row);
      else if (!deletedLibrary[row] && (kind === MEMFD || kind === SYSV_SHM || (pathId >= 0 && deletedNames.has(pathId) && kind !== ANONYMOUS)))
        xNoFileRows.push(row);
    }
    // A thread stack's guard is an inaccessible region right below it (glibc nptl/allocatestack.c
    // mprotects the lowest guardsize bytes PROT_NONE; the kernel's [stack:<tid>] era did the same).
    if (permsKnown && (perms & (RW | PERM_EXEC | PERM_SHARED)) === RW) {
      const evidence = findThreadStackEvidence(table, row);
      const guarded = previous >= 0 && (c.perms[previous] & RWX) === 0 && c.endHi[previous] === c.beginHi[row] && c.endLo[previous] === c.beginLo[row];
      if (evidence !== undefined && !guarded) {
        noGuardRows.push(row);
        if (evidence === 'map-stack') stacksByFlag++;
      }
    }
    previous = row;
  }

  const findings: Finding[] = [];
  const add = (code: FindingCode, message: string) => findings.push({ code, ...FINDING_INFO[code], message, rows: rowsOf.get(code)! });
  const sizeOf = (rows: number[]) => {
    const sum = new ByteSum();
    for (let i = 0; i < rows.length; i++) sum.addRow(c.beginHi, c.beginLo, c.endHi, c.endLo, rows[i]);
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
    const limit = `the kernel's default limit of ${formatCount(DEFAULT_MAX_MAP_COUNT)} (vm.max_map_count)`;
    add(
      'near-map-count-limit',
      mapCount > DEFAULT_MAX_MAP_COUNT
        ? `${plural(mapCount, 'region', 'regions')}: more than ${limit}, which must have been raised on this machine.`
        : `${plural(mapCount, 'region', 'regions')}: ${percent}% of ${limit}.`,
    );
  }
  return findings;
}

/**
 * Rows listed below the row before them in the file, and rows whose range overlaps another's
 * (both of each pair; a duplicate range counts), ascending by address. Empty regions hold no
 * address, so they overlap nothing.
 */
export function findDisorderedRows(table: RegionTable, order: Uint32Array): number[] {
  const c = table.columns;
  const n = table.length;
  const flagged = new Uint8Array(n);
  for (let i = 1; i < n; i++) {
    if (c.beginHi[i] < c.beginHi[i - 1] || (c.beginHi[i] === c.beginHi[i - 1] && c.beginLo[i] < c.beginLo[i - 1])) flagged[i] = 1;
  }
  // In address order, a region starting below the highest end so far overlaps the region that reached it.
  let reach = -1;
  for (let k = 0; k < order.length; k++) {
    const row = order[k];
    const bh = c.beginHi[row], bl = c.beginLo[row], eh = c.endHi[row], el = c.endLo[row];
    if (bh === eh && bl === el) continue;
    if (reach >= 0 && (bh < c.endHi[reach] || (bh === c.endHi[reach] && bl < c.endLo[reach]))) {
      flagged[row] = 1;
      flagged[reach] = 1;
    }
    if (reach < 0 || eh > c.endHi[reach] || (eh === c.endHi[reach] && el > c.endLo[reach])) reach = row;
  }
  const rows: number[] = [];
  // Most maps have none: then no pass over the order for them.
  if (flagged.includes(1)) for (let k = 0; k < order.length; k++) if (flagged[order[k]]) rows.push(order[k]);
  return rows;
}
