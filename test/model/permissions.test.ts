/** The four-character perms field of proc_pid_maps(5): [r-][w-][x-][sp]. */
import { describe, expect, it } from 'vitest';
import {
  PERM_EXEC,
  PERM_READ,
  PERM_SHARED,
  PERM_WRITE,
  formatPermissions,
  parsePermissions,
  parsePermissionsAt,
  permissionsFromBits,
} from '../../src/model/permissions';

describe('permissions', () => {
  it('all 16 combinations format and parse back, and decode to the right flags', () => {
    const seen = new Set<string>();
    for (let bits = 0; bits < 16; bits++) {
      const text = formatPermissions(bits);
      expect(text).toMatch(/^[r-][w-][x-][sp]$/);
      seen.add(text);
      expect(parsePermissions(text)).toBe(bits);
      const p = permissionsFromBits(bits);
      expect(p).toEqual({
        bits,
        readable: text[0] === 'r',
        writable: text[1] === 'w',
        executable: text[2] === 'x',
        shared: text[3] === 's',
        private: text[3] === 'p',
        text,
      });
    }
    expect(seen.size).toBe(16);
  });

  it('bit values', () => {
    expect(parsePermissions('r--p')).toBe(PERM_READ);
    expect(parsePermissions('-w-p')).toBe(PERM_WRITE);
    expect(parsePermissions('--xp')).toBe(PERM_EXEC);
    expect(parsePermissions('---s')).toBe(PERM_SHARED);
    expect(parsePermissions('rwxs')).toBe(PERM_READ | PERM_WRITE | PERM_EXEC | PERM_SHARED);
  });

  it('every 4-character string over a confusing alphabet: valid exactly when it matches [r-][w-][x-][sp]', () => {
    const alphabet = ['r', 'w', 'x', 's', 'p', '-', 'R', 'P', ' ', 'S'];
    for (const a of alphabet)
      for (const b of alphabet)
        for (const c of alphabet)
          for (const d of alphabet) {
            const text = a + b + c + d;
            const valid = /^[r-][w-][x-][sp]$/.test(text);
            expect(parsePermissions(text) >= 0, text).toBe(valid);
          }
  });

  it.each(['', 'r', 'rwx', 'rwxpp', 'rwxp ', ' rwxp'])('rejects %j (wrong length)', (text) => {
    expect(parsePermissions(text)).toBe(-1);
  });

  it('parsePermissionsAt reads inside a longer text, and not past its end', () => {
    expect(parsePermissionsAt('00400000-00401000 r-xp 0', 18)).toBe(PERM_READ | PERM_EXEC);
    expect(parsePermissionsAt('r-x', 0)).toBe(-1);
    expect(parsePermissionsAt('abc rw', 4)).toBe(-1);
  });

  it('formatPermissions uses only the low 4 bits', () => {
    expect(formatPermissions(16 | PERM_READ)).toBe('r--p');
  });
});
