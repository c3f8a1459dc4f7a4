/**
 * What the kernel prints in smaps: which keys carry ` kB`, which carry no unit, and the VmFlags
 * mnemonics. Source: fs/proc/task_mmu.c (torvalds/linux, 6.x): show_smap and __show_smap print
 * every size with SEQ_PUT_DEC — `seq_put_decimal_ull_width(m, str, (val) >> 10, 8)` of a byte
 * count held in an unsigned long / u64, followed by " kB" — and `THPeligible: %8u` and
 * `ProtectionKey: %8u` without a unit; show_smap_vma_flags prints each set flag as its two-letter
 * mnemonic and a space, "??" for a flag its table does not name.
 */

/** proc_pid_smaps(5), task_mmu.c show_smap: fields printed without a unit; every other number is in kB. */
export const UNITLESS_SMAPS_KEYS: ReadonlySet<string> = new Set(['THPeligible', 'ProtectionKey']);

/**
 * Keys of current kernels (fs/proc/task_mmu.c, 6.x), used to recognise smaps text and to know a
 * key's unit; parsing keeps every key, known or not.
 */
export const KNOWN_SMAPS_KEYS: ReadonlySet<string> = new Set([
  'Size', 'KernelPageSize', 'MMUPageSize', 'Rss', 'Pss', 'Pss_Dirty', 'Pss_Anon', 'Pss_File',
  'Pss_Shmem', 'Shared_Clean', 'Shared_Dirty', 'Private_Clean', 'Private_Dirty', 'Referenced',
  'Anonymous', 'KSM', 'LazyFree', 'AnonHugePages', 'ShmemPmdMapped', 'FilePmdMapped',
  'Shared_Hugetlb', 'Private_Hugetlb', 'Swap', 'SwapPss', 'Locked', 'THPeligible', 'ProtectionKey',
  'VmFlags',
]);

/** How a key's value is written: not known (a plain number or kB are both read), kB, or no unit. */
export const UNIT_UNKNOWN = 0;
export const UNIT_KIB = 1;
export const UNIT_NONE = 2;

/** The unit the kernel writes after `key`'s value: UNIT_KIB, UNIT_NONE or UNIT_UNKNOWN. */
export function unitOfKey(key: string): number {
  if (UNITLESS_SMAPS_KEYS.has(key)) return UNIT_NONE;
  return KNOWN_SMAPS_KEYS.has(key) ? UNIT_KIB : UNIT_UNKNOWN;
}

/**
 * The VmFlags mnemonics of show_smap_vma_flags (task_mmu.c, Linux 6.x): rd wr ex sh mr mw me ms
 * gd pf lo io sr rr dc de lf ac nr ht sf ar wf dd bt sd mm hg nh mg um uw mt ui ss dp sl, and "??"
 * for a set flag the table does not name; plus codes older kernels printed: dw (VM_DENYWRITE,
 * gone in 5.15), nl (VM_NONLINEAR, gone in 4.0), mp (VM_MPX, gone in 5.6). A two-letter code not
 * listed here may come from a newer kernel: it is kept, and noted once.
 */
export const KNOWN_VM_FLAGS: ReadonlySet<string> = new Set([
  'rd', 'wr', 'ex', 'sh', 'mr', 'mw', 'me', 'ms', 'gd', 'pf', 'lo', 'io', 'sr', 'rr', 'dc', 'de',
  'lf', 'ac', 'nr', 'ht', 'sf', 'ar', 'wf', 'dd', 'bt', 'sd', 'mm', 'hg', 'nh', 'mg', 'um', 'uw',
  'mt', 'ui', 'ss', 'dp', 'sl', '??', 'dw', 'nl', 'mp',
]);
