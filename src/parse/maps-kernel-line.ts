/**
 * The maps parser's fast path on character codes: a line in the kernel's own layout
 * (fs/proc/task_mmu.c show_vma_header_prefix) — no indentation, one space between fields,
 * lower-case hex of 8–16 digits (%08lx) for the addresses and offset, whole pages, a 2–3 digit
 * major and 2–5 digit minor (%02x, so both fit the kernel's 12 and 20 bits), an inode of 1–15
 * decimal digits (exact in a double), a name at the kernel's column. Any other line is left,
 * untouched, to the checked path (maps-checked-line.ts); both write the same columns for every
 * line this one takes (test/parse/maps-fast-path.test.ts).
 */
import { KIND_CODE } from '../model/kind.js';
import { PERM_EXEC, PERM_READ, PERM_SHARED, PERM_WRITE } from '../model/permissions.js';
import type { MapsLineParser } from './maps-line.js';
import { KERNEL_HEX as KERNEL_HEX_TABLE, PAD_WIDTH_32, PAD_WIDTH_64, TWO_32 } from './maps-scan.js';

// Imported values copied once: an imported binding read in the hot path can cost a call per read
// (CommonJS getters when the module is loaded by tsx).
const P_READ = PERM_READ;
const P_WRITE = PERM_WRITE;
const P_EXEC = PERM_EXEC;
const P_SHARED = PERM_SHARED;
const KERNEL_HEX = KERNEL_HEX_TABLE;
const KIND_ANONYMOUS = KIND_CODE.anonymous;
const PAD_64 = PAD_WIDTH_64;
const PAD_32 = PAD_WIDTH_32;
const U32 = TWO_32;

/**
 * Reads text[s..e) (line number `line`) in the kernel's layout into a new row of the parser's
 * builder and returns its index; on anything else returns -1 having changed nothing.
 *
 * Long because: one function with local variables only — no per-field calls, no scan results in
 * shared state — so that every field stays in a register; it reads the six fields in order.
 */
export function readKernelLine(parser: MapsLineParser, s: number, e: number, line: number): number {
  const text = parser.text;
  let p = s;
  let c = 0;
  let d = 0;
  // start-end: (hi, lo) stay int32 in registers; the Uint32Array stores read them unsigned.
  let beginHi = 0;
  let beginLo = 0;
  for (; p < e; p++) {
    c = text.charCodeAt(p);
    d = c < 128 ? KERNEL_HEX[c] : -1;
    if (d < 0) break;
    beginHi = (beginHi << 4) | (beginLo >>> 28);
    beginLo = (beginLo << 4) | d;
  }
  const beginDigits = p - s;
  // %08lx: 8 digits, or more without a leading zero.
  if (beginDigits < 8 || beginDigits > 16 || (beginDigits > 8 && text.charCodeAt(s) === 48) || p >= e || c !== 45 /* - */) return -1;
  const endStart = ++p;
  let endHi = 0;
  let endLo = 0;
  for (; p < e; p++) {
    c = text.charCodeAt(p);
    d = c < 128 ? KERNEL_HEX[c] : -1;
    if (d < 0) break;
    endHi = (endHi << 4) | (endLo >>> 28);
    endLo = (endLo << 4) | d;
  }
  const endDigits = p - endStart;
  if (endDigits < 8 || endDigits > 16 || (endDigits > 8 && text.charCodeAt(endStart) === 48) || p + 6 >= e || c !== 32) return -1;
  if (endHi >>> 0 < beginHi >>> 0 || (endHi === beginHi && endLo >>> 0 < beginLo >>> 0)) return -1;
  if (((beginLo | endLo) & 0xfff) !== 0) return -1; // whole pages only

  // perms: exactly four characters and a space.
  let perms = 0;
  c = text.charCodeAt(p + 1);
  if (c === 114 /* r */) perms = P_READ;
  else if (c !== 45) return -1;
  c = text.charCodeAt(p + 2);
  if (c === 119 /* w */) perms |= P_WRITE;
  else if (c !== 45) return -1;
  c = text.charCodeAt(p + 3);
  if (c === 120 /* x */) perms |= P_EXEC;
  else if (c !== 45) return -1;
  c = text.charCodeAt(p + 4);
  if (c === 115 /* s */) perms |= P_SHARED;
  else if (c !== 112 /* p */) return -1;
  if (text.charCodeAt(p + 5) !== 32) return -1;

  // offset
  p += 6;
  const offsetStart = p;
  let offsetHi = 0;
  let offsetLo = 0;
  for (; p < e; p++) {
    c = text.charCodeAt(p);
    d = c < 128 ? KERNEL_HEX[c] : -1;
    if (d < 0) break;
    offsetHi = (offsetHi << 4) | (offsetLo >>> 28);
    offsetLo = (offsetLo << 4) | d;
  }
  const offsetDigits = p - offsetStart;
  if (offsetDigits < 8 || offsetDigits > 16 || (offsetDigits > 8 && text.charCodeAt(offsetStart) === 48) || p >= e || c !== 32) return -1;

  // major:minor
  const majorStart = ++p;
  let major = 0;
  for (; p < e; p++) {
    c = text.charCodeAt(p);
    d = c < 128 ? KERNEL_HEX[c] : -1;
    if (d < 0) break;
    major = (major << 4) | d;
  }
  // %02x: two digits, or three without a leading zero (12 bits).
  const majorDigits = p - majorStart;
  if (majorDigits < 2 || majorDigits > 3 || (majorDigits === 3 && text.charCodeAt(majorStart) === 48) || p >= e || c !== 58 /* : */) return -1;
  const minorStart = ++p;
  let minor = 0;
  for (; p < e; p++) {
    c = text.charCodeAt(p);
    d = c < 128 ? KERNEL_HEX[c] : -1;
    if (d < 0) break;
    minor = (minor << 4) | d;
  }
  const minorDigits = p - minorStart;
  if (minorDigits < 2 || minorDigits > 5 || (minorDigits > 2 && text.charCodeAt(minorStart) === 48) || p >= e || c !== 32) return -1;

  // inode: up to 15 decimal digits are exact in a double.
  const inodeStart = ++p;
  let inode = 0;
  for (; p < e; p++) {
    c = text.charCodeAt(p);
    if (c < 48 || c > 57) break;
    inode = inode * 10 + (c - 48);
  }
  // %lu: no leading zero.
  if (p === inodeStart || p - inodeStart > 15 || (p - inodeStart > 1 && text.charCodeAt(inodeStart) === 48) || (p < e && c !== 32)) return -1;

  // pathname: at the kernel's column (see readCheckedLine), after a one-space separator.
  let pathId = -1;
  if (p < e) {
    let r = p + 1;
    while (r < e && text.charCodeAt(r) === 32) r++;
    if (r < e) {
      const prefixLen = p + 1 - s;
      const col64 = s + (prefixLen > PAD_64 ? prefixLen : PAD_64) + 1;
      const col32 = s + (prefixLen > PAD_32 ? prefixLen : PAD_32) + 1;
      // The kernel's column exactly; more or less padding is the checked path's to judge.
      if (r !== col64 && !(beginDigits === 8 && endDigits === 8 && r === col32)) return -1;
      pathId = parser.names.intern(r, e);
    }
  }

  const b = parser.builder;
  const row = b.addRow();
  const cols = b.columns;
  cols.beginHi[row] = beginHi;
  cols.beginLo[row] = beginLo;
  cols.endHi[row] = endHi;
  cols.endLo[row] = endLo;
  cols.offsetHi[row] = offsetHi;
  cols.offsetLo[row] = offsetLo;
  cols.devMajor[row] = major;
  cols.devMinor[row] = minor;
  if (inode < U32) {
    cols.inodeHi[row] = 0;
    cols.inodeLo[row] = inode;
  } else {
    cols.inodeHi[row] = Math.floor(inode / U32);
    cols.inodeLo[row] = inode % U32;
  }
  cols.perms[row] = perms;
  cols.line[row] = line;
  cols.pathId[row] = pathId;
  cols.kind[row] = KIND_ANONYMOUS; // named regions: classifyRegions, after the parse
  return row;
}
