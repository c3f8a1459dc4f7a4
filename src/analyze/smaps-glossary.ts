/**
 * Short explanations of smaps fields and VmFlags codes, for the details panel. Sources:
 * proc_pid_smaps(5); the kernel's Documentation/filesystems/proc.rst ("VmFlags field deserves a
 * separate description"); fs/proc/task_mmu.c (__show_smap, show_smap, show_smap_vma_flags, whose
 * mnemonics table is the list of codes; codes it prints for flags it does not name are "??").
 * Codes no longer printed by current kernels are kept so that old files read well. An unknown
 * field or code has no entry: show it as it is.
 */

/** What a field or VmFlags code means. */
export interface GlossaryEntry {
  /** A few words: `resident set size`. */
  name: string;
  /** One or two sentences. */
  description: string;
}

/** smaps fields, in the kernel's print order. Sizes are in kB in the file (bytes once parsed). */
export const SMAPS_FIELD_GLOSSARY: Readonly<Record<string, GlossaryEntry>> = {
  Size: { name: 'virtual size', description: 'The size of the region: end minus start address.' },
  KernelPageSize: { name: 'kernel page size', description: 'The page size the kernel uses to back this region (4 kB, or larger for hugetlbfs).' },
  MMUPageSize: { name: 'MMU page size', description: 'The page size the CPU\'s MMU uses for this region; differs from KernelPageSize only on a few architectures.' },
  Rss: { name: 'resident set size', description: 'How much of the region is in RAM now, counting pages shared with other processes in full.' },
  Pss: { name: 'proportional set size', description: 'Rss with each shared page divided by the number of processes mapping it: this process\'s fair share of RAM.' },
  Pss_Dirty: { name: 'proportional dirty size', description: 'The part of Pss made of dirty (modified) pages.' },
  Pss_Anon: { name: 'proportional anonymous size', description: 'The part of Pss in anonymous pages (smaps_rollup only).' },
  Pss_File: { name: 'proportional file size', description: 'The part of Pss in file-backed pages (smaps_rollup only).' },
  Pss_Shmem: { name: 'proportional shmem size', description: 'The part of Pss in shared-memory (shmem/tmpfs) pages (smaps_rollup only).' },
  Shared_Clean: { name: 'shared clean', description: 'Resident pages also mapped by other processes, unmodified: the kernel can drop them and reread them.' },
  Shared_Dirty: { name: 'shared dirty', description: 'Resident pages also mapped by other processes, modified.' },
  Private_Clean: { name: 'private clean', description: 'Resident pages only this process maps, unmodified.' },
  Private_Dirty: { name: 'private dirty', description: 'Resident pages only this process maps, modified: memory that is truly this process\'s and must be swapped, not dropped.' },
  Referenced: { name: 'referenced', description: 'Resident pages marked as recently accessed.' },
  Anonymous: { name: 'anonymous', description: 'Resident pages that belong to no file, including private copies of file pages made on write.' },
  KSM: { name: 'KSM', description: 'Pages merged with identical pages by kernel same-page merging.' },
  LazyFree: { name: 'lazy free', description: 'Pages released with madvise(MADV_FREE): the kernel may reclaim them without swapping.' },
  AnonHugePages: { name: 'anonymous huge pages', description: 'Anonymous memory backed by transparent huge pages.' },
  ShmemPmdMapped: { name: 'shmem PMD-mapped', description: 'Shared memory mapped with huge pages.' },
  FilePmdMapped: { name: 'file PMD-mapped', description: 'File pages mapped with huge pages.' },
  Shared_Hugetlb: { name: 'shared hugetlb', description: 'hugetlbfs pages also mapped by other processes (not counted in Rss or Pss).' },
  Private_Hugetlb: { name: 'private hugetlb', description: 'hugetlbfs pages only this process maps (not counted in Rss or Pss).' },
  Swap: { name: 'swap', description: 'How much of the region is swapped out (for shared memory, also its pages swapped out by others).' },
  SwapPss: { name: 'proportional swap', description: 'Swap with each shared swapped page divided among the processes that map it.' },
  Locked: { name: 'locked', description: 'Pss of the pages locked in RAM (mlock): they cannot be swapped out.' },
  THPeligible: { name: 'THP eligible', description: '1 when the region may be backed by transparent huge pages, 0 otherwise (no unit).' },
  ProtectionKey: { name: 'protection key', description: 'The memory protection key (pkeys) of the region, on CPUs that have them (no unit).' },
  VmFlags: { name: 'VM flags', description: 'The kernel\'s flags of the region, as two-letter codes.' },
  Name: { name: 'name', description: 'The region\'s name as Android kernels print it (for named anonymous memory).' },
};

/**
 * VmFlags codes (fs/proc/task_mmu.c show_smap_vma_flags; Documentation/filesystems/proc.rst).
 * `dw`, `nl`, `mp` are gone from current kernels; `??` is what the kernel prints for a flag its
 * own table does not name.
 */
export const VM_FLAG_GLOSSARY: Readonly<Record<string, GlossaryEntry>> = {
  rd: { name: 'readable', description: 'The region can be read (VM_READ).' },
  wr: { name: 'writable', description: 'The region can be written (VM_WRITE).' },
  ex: { name: 'executable', description: 'The region can be executed (VM_EXEC).' },
  sh: { name: 'shared', description: 'Writes are shared with other mappings of the same pages (VM_SHARED).' },
  mr: { name: 'may read', description: 'mprotect may make the region readable (VM_MAYREAD).' },
  mw: { name: 'may write', description: 'mprotect may make the region writable (VM_MAYWRITE).' },
  me: { name: 'may execute', description: 'mprotect may make the region executable (VM_MAYEXEC).' },
  ms: { name: 'may share', description: 'The region was mapped MAP_SHARED (VM_MAYSHARE): the "s" in the permissions.' },
  gd: { name: 'grows down', description: 'A stack that the kernel extends downwards on a fault below it (VM_GROWSDOWN).' },
  pf: { name: 'pure PFN range', description: 'Raw page frames with no struct page, e.g. device memory (VM_PFNMAP).' },
  dw: { name: 'deny write', description: 'Writes to the mapped file were denied (VM_DENYWRITE; removed in Linux 5.15).' },
  lo: { name: 'locked', description: 'The pages are locked in memory (VM_LOCKED, mlock).' },
  io: { name: 'I/O memory', description: 'Memory-mapped I/O of a device (VM_IO).' },
  sr: { name: 'sequential read', description: 'madvise(MADV_SEQUENTIAL) was given: read ahead aggressively (VM_SEQ_READ).' },
  rr: { name: 'random read', description: 'madvise(MADV_RANDOM) was given: do not read ahead (VM_RAND_READ).' },
  dc: { name: 'do not copy', description: 'Not copied into a child on fork (VM_DONTCOPY, madvise MADV_DONTFORK).' },
  de: { name: 'do not expand', description: 'mremap may not grow the region (VM_DONTEXPAND).' },
  lf: { name: 'lock on fault', description: 'Pages are locked as they are faulted in (VM_LOCKONFAULT, mlock2 MLOCK_ONFAULT).' },
  ac: { name: 'accountable', description: 'The region counts against the commit limit (VM_ACCOUNT).' },
  nr: { name: 'no reserve', description: 'No swap space is reserved for the region (VM_NORESERVE, MAP_NORESERVE).' },
  ht: { name: 'hugetlb', description: 'Backed by hugetlbfs huge pages (VM_HUGETLB).' },
  sf: { name: 'synchronous faults', description: 'Page faults are synchronous, for DAX files mapped MAP_SYNC (VM_SYNC, Linux 4.15+).' },
  nl: { name: 'non-linear', description: 'A non-linear mapping made by remap_file_pages (VM_NONLINEAR; removed in Linux 4.0).' },
  ar: { name: 'architecture-specific', description: 'An architecture-specific flag (VM_ARCH_1; on x86, PAT memory types).' },
  wf: { name: 'wipe on fork', description: 'A child sees the region zero-filled after fork (VM_WIPEONFORK, Linux 4.14+).' },
  dd: { name: 'do not dump', description: 'Left out of core dumps (VM_DONTDUMP, madvise MADV_DONTDUMP).' },
  bt: { name: 'BTI guarded', description: 'arm64 Branch Target Identification is enforced on this code (VM_ARM64_BTI).' },
  sd: { name: 'soft-dirty', description: 'The region was written since the soft-dirty bits were last cleared (VM_SOFTDIRTY, used by CRIU).' },
  mm: { name: 'mixed map', description: 'A mix of pages with and without struct page (VM_MIXEDMAP).' },
  hg: { name: 'huge page advised', description: 'madvise(MADV_HUGEPAGE) was given (VM_HUGEPAGE).' },
  nh: {
    name: 'no huge pages',
    description:
      'No transparent huge pages for this region (VM_NOHUGEPAGE): set by madvise(MADV_NOHUGEPAGE), or — since Linux 6.7, when THP is built in — by mmap with MAP_STACK, which is how glibc and musl allocate thread stacks (mm/mmap.c calc_vm_flag_bits; proc.rst: "nh - no huge page advise flag"). On 6.7+ an unnamed rw-p region with nh is most likely a thread stack.',
  },
  mg: { name: 'mergeable', description: 'Pages may be merged by KSM (VM_MERGEABLE, madvise MADV_MERGEABLE).' },
  um: { name: 'userfaultfd missing', description: 'userfaultfd tracks missing pages in the region (VM_UFFD_MISSING).' },
  uw: { name: 'userfaultfd write-protect', description: 'userfaultfd tracks writes to the region (VM_UFFD_WP).' },
  ui: { name: 'userfaultfd minor', description: 'userfaultfd tracks minor faults in the region (VM_UFFD_MINOR).' },
  mt: { name: 'MTE', description: 'arm64 Memory Tagging Extension tags are enabled (VM_MTE).' },
  mp: { name: 'MPX', description: 'Intel MPX bounds tables (VM_MPX; removed in Linux 5.6).' },
  ss: { name: 'shadow stack', description: 'A hardware shadow stack or guarded control stack (VM_SHADOW_STACK).' },
  dp: { name: 'droppable', description: 'The kernel may drop the pages at any time, e.g. the vDSO getrandom state (VM_DROPPABLE, Linux 6.11+).' },
  sl: { name: 'sealed', description: 'The region is sealed with mseal: its mapping and protection cannot change (VM_SEALED, Linux 6.10+).' },
  '??': { name: 'unnamed flag', description: 'A flag set on the region that this kernel\'s own table of codes does not name.' },
};

/** The glossary entry of an smaps field, or undefined for a key it does not know. */
export function findSmapsFieldInfo(key: string): GlossaryEntry | undefined {
  return Object.hasOwn(SMAPS_FIELD_GLOSSARY, key) ? SMAPS_FIELD_GLOSSARY[key] : undefined;
}

/** The glossary entry of a VmFlags code, or undefined for a code it does not know (show the code as it is). */
export function findVmFlagInfo(code: string): GlossaryEntry | undefined {
  return Object.hasOwn(VM_FLAG_GLOSSARY, code) ? VM_FLAG_GLOSSARY[code] : undefined;
}
