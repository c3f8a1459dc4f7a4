/**
 * Region kinds, derived from the pathname and the shared bit. Sources: proc_pid_maps(5),
 * fs/proc/task_mmu.c (show_map_vma), and docs/format.md.
 */
export const REGION_KINDS = [
  'anonymous',
  'named-anonymous',
  'heap',
  'stack',
  'thread-stack',
  'vdso',
  'vvar',
  'vsyscall',
  'pseudo',
  'file',
  'deleted-file',
  'shared-memory',
  'memfd',
  'sysv-shm',
] as const;

/** What a region is (`file`, `heap`, `stack`, `anon`, …): one of REGION_KINDS. */
export type RegionKind = (typeof REGION_KINDS)[number];

/** The numeric code of a kind, as stored in the region table's `kind` column. */
export const KIND_CODE: Readonly<Record<RegionKind, number>> = Object.fromEntries(
  REGION_KINDS.map((k, i) => [k, i]),
) as Record<RegionKind, number>;

/** A one-line human description of each kind, for legends and tooltips. */
export const KIND_DESCRIPTION: Readonly<Record<RegionKind, string>> = {
  anonymous: 'anonymous memory (no file behind it)',
  'named-anonymous': 'anonymous memory named with prctl(PR_SET_VMA_ANON_NAME)',
  heap: 'the brk heap ([heap])',
  stack: 'the main thread stack ([stack])',
  'thread-stack': 'a thread stack: [stack:<tid>] (kernels 3.4–4.4), named by glibc or bionic, or anonymous rw-p memory right above its guard page',
  vdso: 'the vDSO, kernel code mapped into the process',
  vvar: 'kernel data read by the vDSO ([vvar], [vvar_vclock])',
  vsyscall: 'the legacy vsyscall page at the top of the address space',
  pseudo: 'another kernel pseudo-mapping ([uprobes], [vectors], anon_inode:…)',
  file: 'a mapped file',
  'deleted-file': 'a mapped file that has since been deleted',
  'shared-memory': 'shared memory (/dev/shm, shared /dev/zero, [anon_shmem:…], ashmem)',
  memfd: 'a memfd_create(2) file',
  'sysv-shm': 'System V shared memory (shmat)',
};

export const DELETED_SUFFIX = ' (deleted)';

/** True when the kernel marked the mapped file as unlinked. proc(5): " (deleted)" suffix. */
export function isDeletedPathname(pathname: string | null): boolean {
  return pathname !== null && pathname.endsWith(DELETED_SUFFIX);
}

/**
 * True when a file lies behind a region, so that its offset field is an offset into that file:
 * a d_path() name (`/usr/lib/…`, a memfd, shared memory in /dev/shm) that is not private
 * `/dev/zero` (anonymous memory). Anonymous memory, `[heap]`, `[stack]`, `[vdso]`, `[vsyscall]`,
 * `[anon:…]` and `anon_inode:…` have none: their offset is 0 or a page number (fs/proc/task_mmu.c
 * prints vm_pgoff, which for the vsyscall page and anonymous memory is no file position).
 */
export function hasFileBehind(pathname: string | null, kind: RegionKind): boolean {
  return pathname !== null && pathname.startsWith('/') && kind !== 'anonymous';
}

/**
 * Names of thread stacks: glibc 2.40+ with glibc.mem.decorate_maps (nptl/allocatestack.c
 * name_stack_maps: " glibc: pthread stack: <tid>"), bionic (pthread_create.cpp:
 * "stack_and_tls:<tid>", "thread signal stack").
 */
const THREAD_STACK_NAME = /^\[anon:\s*(?:glibc: pthread (?:user )?stack: \d+|stack_and_tls:[^\]]*|thread signal stack)\]$/;

/** Derives the kind of a region from its pathname (null = anonymous) and its shared bit. */
export function classifyPathname(pathname: string | null, shared: boolean): RegionKind {
  if (pathname === null) return 'anonymous';
  const c = pathname.charCodeAt(0);
  if (c === 91 /* [ */) {
    switch (pathname) {
      case '[heap]':
        return 'heap';
      case '[stack]':
        return 'stack';
      case '[vdso]':
        return 'vdso';
      case '[vvar]':
      case '[vvar_vclock]':
        return 'vvar';
      case '[vsyscall]':
        return 'vsyscall';
    }
    if (pathname.startsWith('[stack:') && pathname.endsWith(']')) return 'thread-stack';
    // proc_pid_maps(5): [anon_shmem:<name>] since 6.2 is named shared anonymous memory.
    if (pathname.startsWith('[anon_shmem:')) return 'shared-memory';
    if (THREAD_STACK_NAME.test(pathname)) return 'thread-stack';
    if (pathname.startsWith('[anon:')) return 'named-anonymous';
    return 'pseudo';
  }
  if (pathname.startsWith('/memfd:')) return 'memfd';
  // ipc/shm.c names the segment "SYSV%08x"; it is always unlinked.
  if (/^\/SYSV[0-9a-f]{8}( \(deleted\))?$/.test(pathname)) return 'sysv-shm';
  if (pathname === '/dev/zero (deleted)' || pathname === '/dev/zero') return shared ? 'shared-memory' : 'anonymous';
  if (pathname.startsWith('/dev/shm/') || pathname.startsWith('/dev/ashmem')) return 'shared-memory';
  if (pathname.startsWith('anon_inode:')) return 'pseudo';
  if (pathname.endsWith(DELETED_SUFFIX)) return 'deleted-file';
  return 'file';
}

/**
 * Decodes the kernel's octal escapes in a pathname (seq_file_path escapes "\n" as `\012`).
 * The stored pathname keeps the kernel's text; use this to show or open the real name.
 */
export function decodePathname(pathname: string): string {
  return pathname.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}
