/**
 * Lookup tables of the maps bytes path (maps-ascii.ts): hex digits one and two bytes at a time,
 * and the perms field of each permission set as one 32-bit word.
 */
import { PERM_EXEC, PERM_READ, PERM_SHARED, PERM_WRITE } from '../model/permissions.js';

/**
 * The 4-character perms field of each permission set, as a little-endian word (indexed by bits:
 * 1 r, 2 w, 4 x, 8 s — the PERM_* values of model/permissions.ts, checked at load).
 */
export const PERM_WORDS = new Int32Array(16);
for (let bits = 0; bits < 16; bits++) {
  PERM_WORDS[bits] =
    (bits & 1 ? 114 : 45) | ((bits & 2 ? 119 : 45) << 8) | ((bits & 4 ? 120 : 45) << 16) | ((bits & 8 ? 115 : 112) << 24);
}
if (PERM_READ !== 1 || PERM_WRITE !== 2 || PERM_EXEC !== 4 || PERM_SHARED !== 8) throw new Error('maps-ascii-tables.ts: PERM_* bits changed');

/**
 * Hex digit values of byte values, -1 for other bytes: 0–9 and a–f, as the kernel writes them
 * (%lx). A line in upper case goes to the checked path, which reads it and counts it (maps-deviations.ts).
 */
export const HEX1 = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX1[48 + c] = c;
for (let c = 0; c < 6; c++) HEX1[97 + c] = 10 + c;

/**
 * Values of two hex digits, indexed by the two bytes as a little-endian 16-bit number (the first
 * character in the low byte): first digit * 16 + second, or -1 unless both are hex digits. 128 KB,
 * of which a maps file touches a few kB.
 */
export const HEX2 = new Int16Array(65536).fill(-1);
// The 16 × 16 pairs of digits only: 256 stores at load, where a loop over every second byte took
// 4,096 steps of module code, which runs once and so in the interpreter (issue 19).
const HEX_CODES: number[] = [];
for (let c = 0; c < 256; c++) if (HEX1[c] >= 0) HEX_CODES.push(c);
for (const a of HEX_CODES) for (const b of HEX_CODES) HEX2[a | (b << 8)] = (HEX1[a] << 4) | HEX1[b];
