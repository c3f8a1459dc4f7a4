/** Permission bits of a region, as the four-character `perms` field of proc_pid_maps(5) encodes them. */

/** proc_pid_maps(5): `r`, readable. */
export const PERM_READ = 1;
/** proc_pid_maps(5): `w`, writable. */
export const PERM_WRITE = 2;
/** proc_pid_maps(5): `x`, executable. */
export const PERM_EXEC = 4;
/** proc_pid_maps(5): `s` = shared (VM_MAYSHARE); `p` = private (copy on write). */
export const PERM_SHARED = 8;

/** A decoded permission set. */
export interface Permissions {
  readonly bits: number;
  readonly readable: boolean;
  readonly writable: boolean;
  readonly executable: boolean;
  readonly shared: boolean;
  readonly private: boolean;
  /** The four-character form, e.g. `r-xp`. */
  readonly text: string;
}

/** Decodes a bit set into a Permissions object. */
export function permissionsFromBits(bits: number): Permissions {
  return {
    bits,
    readable: (bits & PERM_READ) !== 0,
    writable: (bits & PERM_WRITE) !== 0,
    executable: (bits & PERM_EXEC) !== 0,
    shared: (bits & PERM_SHARED) !== 0,
    private: (bits & PERM_SHARED) === 0,
    text: formatPermissions(bits),
  };
}

const PERM_TEXT: string[] = [];
for (let bits = 0; bits < 16; bits++) {
  PERM_TEXT.push(
    (bits & PERM_READ ? 'r' : '-') +
      (bits & PERM_WRITE ? 'w' : '-') +
      (bits & PERM_EXEC ? 'x' : '-') +
      (bits & PERM_SHARED ? 's' : 'p'),
  );
}

/** Formats permission bits as the four-character maps field, e.g. `rw-p`. */
export function formatPermissions(bits: number): string {
  return PERM_TEXT[bits & 15];
}

/**
 * Parses `[r-][w-][x-][sp]` at `text[start..start+4)`. Returns the bits, or -1 when the field
 * is not exactly that shape (the caller reports where).
 */
export function parsePermissionsAt(text: string, start: number): number {
  const r = text.charCodeAt(start);
  const w = text.charCodeAt(start + 1);
  const x = text.charCodeAt(start + 2);
  const s = text.charCodeAt(start + 3);
  let bits = 0;
  if (r === 114 /* r */) bits |= PERM_READ;
  else if (r !== 45 /* - */) return -1;
  if (w === 119 /* w */) bits |= PERM_WRITE;
  else if (w !== 45) return -1;
  if (x === 120 /* x */) bits |= PERM_EXEC;
  else if (x !== 45) return -1;
  if (s === 115 /* s */) bits |= PERM_SHARED;
  else if (s !== 112 /* p */) return -1;
  return bits;
}

/** Parses a whole four-character permission string; -1 when invalid. */
export function parsePermissions(text: string): number {
  return text.length === 4 ? parsePermissionsAt(text, 0) : -1;
}
