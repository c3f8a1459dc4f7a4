/**
 * The maps checked path's field scanners: hex and decimal numbers, exact to 64 bits as (hi, lo)
 * 32-bit halves, and the whitespace between fields. They work on character codes of the whole
 * text (no substrings, no regular expressions) and leave their results in `scanOut`, so that the
 * line loop allocates nothing. The fast paths (maps-kernel-line.ts, maps-ascii.ts) inline their
 * own digit loops instead.
 */

/**
 * Results of scanHex and scanDec: [hi, lo, position of the first character after the number,
 * 1 when scanHex met an upper-case digit (the kernel writes lower case)]. A typed array, not module
 * variables: a variable holding a number of 2^30 or more is a boxed heap number in V8, one box per
 * field per line; and an importer reads the array through one local const, not a binding per read.
 */
export const scanOut = new Uint32Array(4);

export const HEX_OK = 0;
export const HEX_EMPTY = 1;
export const HEX_TOO_WIDE = 2;

/** Hex digit values of char codes 0..127, -1 for non-digits. Upper case too (hand-written files use it). */
const HEX_DIGIT = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) HEX_DIGIT[48 + c] = c;
for (let c = 0; c < 6; c++) HEX_DIGIT[97 + c] = HEX_DIGIT[65 + c] = 10 + c;
/** The fast path's digits: lower case only, as the kernel writes them (%lx); upper case goes to the checked path. */
export const KERNEL_HEX = HEX_DIGIT.map((d, c) => (c >= 65 && c <= 70 ? -1 : d));

export const TWO_32 = 0x1_0000_0000;

// fs/proc/task_mmu.c: seq_setwidth(m, 25 + sizeof(void *) * 6 - 1), then seq_pad(m, ' ').
export const PAD_WIDTH_64 = 25 + 8 * 6 - 1;
export const PAD_WIDTH_32 = 25 + 4 * 6 - 1;

/** Scans hex digits at text[p..end) into scanOut; returns HEX_OK, HEX_EMPTY or HEX_TOO_WIDE (a 17th significant digit). */
export function scanHex(text: string, p: number, end: number): number {
  let hi = 0;
  let lo = 0;
  let i = p;
  let status = HEX_OK;
  // Digits and a-f have bit 0x20 set, A-F not: one AND a digit tells whether any was upper case.
  let all = 0x20;
  // hi and lo stay int32 (no `>>> 0`) so the JIT keeps them in registers; the typed array
  // store reads them back as unsigned.
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    const d = c < 128 ? HEX_DIGIT[c] : -1;
    if (d < 0) break;
    all &= c;
    if (hi >>> 28 !== 0) status = HEX_TOO_WIDE; // a 17th significant digit
    hi = (hi << 4) | (lo >>> 28);
    lo = (lo << 4) | d;
  }
  scanOut[0] = hi;
  scanOut[1] = lo;
  scanOut[2] = i;
  scanOut[3] = all === 0 ? 1 : 0;
  return i === p ? HEX_EMPTY : status;
}

/** Scans decimal digits into scanOut exactly; HEX_TOO_WIDE above 2^64 - 1. */
export function scanDec(text: string, p: number, end: number): number {
  let i = p;
  let v = 0;
  // Up to 15 digits fit a double exactly.
  while (i < end && i - p < 15) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    i++;
  }
  if (i === p) {
    scanOut[2] = i;
    return HEX_EMPTY;
  }
  let c = i < end ? text.charCodeAt(i) : -1;
  if (c >= 48 && c <= 57) {
    // Rare: more than 15 digits. Finish in bigint.
    let j = i;
    while (j < end && (c = text.charCodeAt(j)) >= 48 && c <= 57) j++;
    const big = BigInt(text.slice(p, j));
    scanOut[2] = j;
    if (big > 0xffff_ffff_ffff_ffffn) return HEX_TOO_WIDE;
    scanOut[0] = Number(big >> 32n);
    scanOut[1] = Number(big & 0xffff_ffffn);
    return HEX_OK;
  }
  scanOut[2] = i;
  if (v < TWO_32) {
    scanOut[0] = 0; // almost every inode: skip the double division
    scanOut[1] = v;
  } else {
    scanOut[0] = Math.floor(v / TWO_32);
    scanOut[1] = v % TWO_32;
  }
  return HEX_OK;
}

/** Index of the next space or tab at or after p (or end). */
export function fieldEnd(text: string, p: number, end: number): number {
  while (p < end) {
    const c = text.charCodeAt(p);
    if (c === 32 || c === 9) return p;
    p++;
  }
  return end;
}

/** Skips the kernel's padding before a pathname: spaces only (a tab is a name character). */
export function skipPadding(text: string, p: number, end: number): number {
  while (p < end && text.charCodeAt(p) === 32) p++;
  return p;
}

/** Skips spaces and tabs between fields. */
export function skipSpaces(text: string, p: number, end: number): number {
  while (p < end) {
    const c = text.charCodeAt(p);
    if (c !== 32 && c !== 9) return p;
    p++;
  }
  return p;
}

/**
 * True when text[s..e) reads `Key: value` with a key of letters, digits and underscores: an smaps
 * field line (`Rss:   4 kB`), which has no place in a maps file.
 */
export function isFieldLine(text: string, s: number, e: number): boolean {
  let p = s;
  const c0 = text.charCodeAt(p);
  if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122) || c0 === 95)) return false;
  for (p++; p < e; p++) {
    const c = text.charCodeAt(p);
    if (c === 58) return true;
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) return false;
  }
  return false;
}

/** `hex-hex` after spaces and tabs, from lastIndex on: looksLikeMapsHeader's fields, matched by native code. */
const MAPS_HEADER_START = /[ \t]*[0-9a-fA-F]+-[0-9a-fA-F]+/y;

/**
 * True when text[s..e) starts like a maps header (`hex-hex ` or `hex-hex` at e). Cheap; for format
 * sniffing. A sticky regular expression reads the fields (detection asks for 400 lines in a fresh
 * process, where the character loop below ran in the interpreter: about 1.5 ms of a first parse); it
 * ignores `e`, so a match that runs past `e` (a line cut at detection's 1,024 characters) is
 * decided by the loop, which stops there.
 */
export function looksLikeMapsHeader(text: string, s: number, e: number): boolean {
  MAPS_HEADER_START.lastIndex = s;
  if (!MAPS_HEADER_START.test(text)) return false;
  const p = MAPS_HEADER_START.lastIndex;
  if (p < e) {
    const c = text.charCodeAt(p);
    return c === 32 || c === 9;
  }
  return p === e || looksLikeHeaderFields(text, s, e);
}

/** looksLikeMapsHeader by character codes, stopping at `e` (and the reference its tests hold it to). */
export function looksLikeHeaderFields(text: string, s: number, e: number): boolean {
  const st = scanHex(text, skipSpaces(text, s, e), e);
  let p = scanOut[2];
  if (st === HEX_EMPTY || p >= e || text.charCodeAt(p) !== 45 /* - */) return false;
  const st2 = scanHex(text, p + 1, e);
  p = scanOut[2];
  return st2 !== HEX_EMPTY && (p === e || text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9);
}
