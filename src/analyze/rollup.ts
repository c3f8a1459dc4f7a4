/**
 * smaps_rollup: one record of totals over all of a process's mappings, not a region. The kernel
 * prints it under a header line shaped like a maps line whose range runs from the lowest start to
 * the highest end of the mappings (fs/proc/task_mmu.c show_smaps_rollup: `vma->vm_start` of the
 * first, `last_vma_end` of the last, then ` [rollup]`), so drawn as a region it is one block
 * covering user space — or, with [vsyscall] at the top, 16 EiB. Since Linux 5.0 the totals add
 * Pss_Anon, Pss_File and Pss_Shmem (6.0: Pss_Dirty), which per-region smaps does not print.
 */
import { addrFromHiLo, type Addr } from '../address.js';
import type { RegionTable, SmapsRecord } from '../model/region-table.js';

/** The pathname the kernel gives the rollup's header line. */
export const ROLLUP_PATHNAME = '[rollup]';

/** The totals shown first, in this order, when the rollup has them. */
export const ROLLUP_HEADLINE_KEYS = ['Rss', 'Pss', 'Pss_Anon', 'Pss_File', 'Pss_Shmem', 'Swap', 'SwapPss'] as const;

/** One smaps_rollup record. */
export interface Rollup {
  /** Table row of its header line, and the 1-based input line. */
  row: number;
  line: number;
  /** The lowest start and the highest end (exclusive) of the process's mappings: a span, not memory. */
  spanBegin: Addr;
  spanEnd: Addr;
  /** The totals as the file gives them (sizes in bytes), in file order. */
  record: SmapsRecord;
}

/**
 * The rollups of a table when it is an smaps_rollup file — every row a `[rollup]` header with its
 * fields (several when rollups of several processes were concatenated) — or null for any other
 * table, where a `[rollup]` line among regions stays a region as the file gives it.
 */
export function findRollups(table: RegionTable): Rollup[] | null {
  if (table.length === 0 || table.smaps === null) return null;
  const rollups: Rollup[] = [];
  const c = table.columns;
  for (let row = 0; row < table.length; row++) {
    const record = table.smaps[row];
    if (table.pathname(row) !== ROLLUP_PATHNAME || record == null) return null;
    rollups.push({ row, line: c.line[row], spanBegin: addrFromHiLo(c.beginHi[row], c.beginLo[row]), spanEnd: addrFromHiLo(c.endHi[row], c.endLo[row]), record });
  }
  return rollups;
}
