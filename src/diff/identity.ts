/** Which regions identity rules apply to, by kind (model/kind.ts). */
import { KIND_CODE, type RegionKind } from '../model/kind.js';
import { PERM_EXEC, PERM_READ, PERM_SHARED, PERM_WRITE } from '../model/permissions.js';
import type { RegionTable } from '../model/region-table.js';

const codes = (kinds: RegionKind[]) => {
  const set = new Uint8Array(256);
  for (const k of kinds) set[KIND_CODE[k]] = 1;
  return set;
};

/** Kinds whose file offset means a place in a file (the offset must agree at the same address). */
const FILE_LIKE = codes(['file', 'deleted-file', 'memfd', 'shared-memory', 'sysv-shm']);

/** Kinds matched by their name across runs: the kernel's and the program's names for memory. */
const NAMED = codes(['heap', 'stack', 'vdso', 'vvar', 'vsyscall', 'pseudo', 'named-anonymous', 'shared-memory', 'memfd', 'sysv-shm']);

/** True for a kind whose offset is a file offset. */
export function isFileKindCode(kind: number): boolean {
  return FILE_LIKE[kind] === 1;
}

/** True for a kind matched by name across runs. */
export function isNamedKindCode(kind: number): boolean {
  return NAMED[kind] === 1;
}

const THREAD_STACK = KIND_CODE['thread-stack'];
const ANONYMOUS = KIND_CODE.anonymous;
const ACCESS = PERM_READ | PERM_WRITE | PERM_EXEC | PERM_SHARED;
const RW_PRIVATE = PERM_READ | PERM_WRITE;

/**
 * True when the row at `position` of `order` is a thread stack: a `[stack:tid]` (kernels
 * 3.4–4.4), or anonymous private rw- memory right above an anonymous `---p` guard (glibc
 * allocatestack.c maps the stack PROT_NONE and opens all but the guard at its low end).
 */
export function isThreadStack(table: RegionTable, order: Uint32Array, position: number): boolean {
  const c = table.columns;
  const row = order[position];
  if (c.kind[row] === THREAD_STACK) return true;
  if (c.kind[row] !== ANONYMOUS || (c.perms[row] & ACCESS) !== RW_PRIVATE || position === 0) return false;
  const below = order[position - 1];
  return c.kind[below] === ANONYMOUS && (c.perms[below] & ACCESS) === 0 && c.endHi[below] === c.beginHi[row] && c.endLo[below] === c.beginLo[row];
}
