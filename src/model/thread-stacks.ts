/**
 * Thread stacks without a `[stack:<tid>]` name (kernels since 4.5 print none): recognised by how
 * they are made. glibc (nptl/allocatestack.c allocate_stack) and musl map a thread's stack with
 * mmap and make its lowest `guardsize` bytes PROT_NONE, so that in maps a thread stack reads
 *   ---p anonymous, the guard (one page by default; up to 64 KiB: 64 KiB pages, JVM threads' 12–16 KiB)
 *   rw-p anonymous right above it, of a stack's size (64 KiB .. 1 GiB: 8 MiB by default, the JVM's 1 MiB)
 * Memory reserved and committed from the bottom (glibc malloc arenas, JIT heaps) has its ---p part
 * above the rw-p, or a reservation far larger than a guard below the next one (arenas are 64 MiB
 * apart): neither matches. Named stacks are the thread-stack kind by their names (kind.ts).
 * Since Linux 6.7 smaps also shows MAP_STACK as VmFlags `nh` (mm/mmap.c calc_vm_flag_bits), but
 * MADV_NOHUGEPAGE memory has it too: that weaker sign stays a lint's (analyze/lints.ts).
 */
import { KIND_CODE } from './kind.js';
import { PERM_EXEC, PERM_READ, PERM_SHARED, PERM_WRITE } from './permissions.js';
import type { RegionTable } from './region-table.js';

const GUARD_MAX = 64 * 1024;
const STACK_MIN = 64 * 1024;
const STACK_MAX = 1024 * 1024 * 1024;
const ACCESS = PERM_READ | PERM_WRITE | PERM_EXEC | PERM_SHARED;
const RW_PRIVATE = PERM_READ | PERM_WRITE;

/** Size of a row in bytes when below 2^32, else Infinity (no guard or stack is that large). */
function smallSize(table: RegionTable, row: number): number {
  const c = table.columns;
  if (c.endHi[row] === c.beginHi[row]) return c.endLo[row] - c.beginLo[row];
  if (c.endHi[row] === c.beginHi[row] + 1 && c.endLo[row] < c.beginLo[row]) return c.endLo[row] + 2 ** 32 - c.beginLo[row];
  return Infinity;
}

/** True when row `guard` is an unnamed private ---p region ending where unnamed private rw-p row `stack` begins, both of a thread stack's sizes. */
export function isGuardedStack(table: RegionTable, guard: number, stack: number): boolean {
  const c = table.columns;
  if (c.pathId[guard] >= 0 || c.pathId[stack] >= 0) return false;
  if ((c.perms[guard] & ACCESS) !== 0 || (c.perms[stack] & ACCESS) !== RW_PRIVATE) return false;
  if (c.endHi[guard] !== c.beginHi[stack] || c.endLo[guard] !== c.beginLo[stack]) return false;
  const g = smallSize(table, guard);
  const s = smallSize(table, stack);
  return g > 0 && g <= GUARD_MAX && s >= STACK_MIN && s <= STACK_MAX;
}

/**
 * Marks the unnamed anonymous regions that are guarded thread stacks as the thread-stack kind, in
 * place; the guard stays anonymous. Looks at neighbours in file order (the kernel lists regions by
 * address; an edited file out of order only loses the recognition). Needs permissions. O(n).
 */
export function markThreadStacks(table: RegionTable): number {
  if (!table.known.perms) return 0;
  const kind = table.columns.kind;
  const anonymous = KIND_CODE.anonymous;
  const threadStack = KIND_CODE['thread-stack'];
  let marked = 0;
  const { perms, beginHi, beginLo, endHi, endLo } = table.columns;
  for (let row = 1; row < table.length; row++) {
    // Permissions and adjacency first: cheap tests that most rows fail, so that a first parse, run
    // by the interpreter, calls isGuardedStack for few rows (65,532 regions: 9 ms of a first call before).
    if ((perms[row] & ACCESS) !== RW_PRIVATE || (perms[row - 1] & ACCESS) !== 0) continue;
    if (endLo[row - 1] !== beginLo[row] || endHi[row - 1] !== beginHi[row]) continue;
    if (kind[row] === anonymous && kind[row - 1] === anonymous && isGuardedStack(table, row - 1, row)) {
      kind[row] = threadStack;
      marked++;
    }
  }
  return marked;
}
