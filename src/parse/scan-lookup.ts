/**
 * A lookup that scans: the answer for a few addresses in a /proc/<pid>/maps text without building
 * the whole region table (issue 19: `mapscope lookup --pid P ADDR` on a 60,000-region process).
 *
 * One pass over the bytes checks that every line is in the kernel's own layout (the lines
 * maps-kernel-line.ts takes: fs/proc/task_mmu.c show_vma_header_prefix, the name at the kernel's
 * column) and that the regions ascend without overlapping, as proc_pid_maps(5) lists them; on the
 * way it notes, for each address, the line holding it or the lines around its gap, and the two
 * facts the address-space shape needs ([vsyscall] listed, the highest user end). Only those lines
 * — with the line before each, which thread-stack recognition looks at (model/thread-stacks.ts) —
 * are then parsed, through the maps parser's checked path (parseProcMapsUsing 'checked', the
 * reference its fast paths are tested against), and numbered as in the whole text.
 *
 * What it gives up, to the full parse (scanLookup returns undefined): any text it cannot prove
 * the full parse reads without a diagnostic — a byte outside printable ASCII (UTF-8 names, control
 * characters, CR, NUL, a BOM, gzip or binary data), a line not in the kernel's layout (blank, a
 * header, smaps fields, pmap or gdb output, upper-case hex, other padding), a last line without
 * its newline, an empty region, regions out of order or overlapping. test/parse/scan-lookup.test.ts
 * checks, on random texts and addresses, that every answer it gives is the full parse's.
 */
import { addressSpaceShapeOf, type AddressSpaceShape } from '../model/address-space.js';
import type { RegionTable } from '../model/region-table.js';
import { markThreadStacks } from '../model/thread-stacks.js';
import { parseProcMapsUsing } from './maps.js';
import { PAD_WIDTH_32, PAD_WIDTH_64 } from './maps-scan.js';

/** What scanLookup found: a table of the lines the answers need, numbered as in the whole text, and the map's address-space shape. */
export interface ScannedLookup {
  /**
   * The regions of the lines holding the addresses or bounding their gaps, each with the line
   * before it, in file order. A RegionIndex over it answers each address as one over the whole
   * table does: it holds every region an answer names, and no region between them.
   */
  regions: RegionTable;
  /** findAddressSpaceShape of the whole table. */
  addressSpace: AddressSpaceShape | undefined;
  /** Lines in the whole text. */
  lines: number;
}

/** Lower-case hex digit values of bytes, -1 for anything else (the kernel writes %lx). */
const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[48 + c] = c;
for (let c = 0; c < 6; c++) HEX[97 + c] = 10 + c;

const NL = 10;
const SPACE = 32;
/** XORed into a 32-bit half, it turns unsigned order into signed order: halves stay int32 (no heap numbers, no lost-precision deopt). */
const SIGN = -0x8000_0000;
const VSYSCALL = [...'[vsyscall]'].map((c) => c.charCodeAt(0));

/** True when bytes[r..r+10) is `[vsyscall]` followed by the newline. */
function isVsyscall(bytes: Uint8Array, r: number): boolean {
  for (let i = 0; i < VSYSCALL.length; i++) if (bytes[r + i] !== VSYSCALL[i]) return false;
  return bytes[r + VSYSCALL.length] === NL;
}

// The scan's state between calls of scanLines, in one Int32Array: address halves sign-flipped (SIGN).
const LINE = 0; // lines read so far
const PREV_END_HI = 1;
const PREV_END_LO = 2;
const BEGIN_HI = 3; // begin and end of the last line read
const BEGIN_LO = 4;
const START = 5; // where the last line read starts
const PREV_START = 6; // where the line before it starts (-1: none)
const PREV_PREV_START = 7;
const HIGH_HI = 8; // the highest end of a region beginning in the lower half
const HIGH_LO = 9;
const VSYSCALL_SEEN = 10;
const STATE_SIZE = 11;

/**
 * Reads lines from `p` on, checking each (see the file's comment), until one ends above the
 * address (qh, ql) (sign-flipped halves): returns the position after that line, its fields in
 * `state`. Returns the text's length when every line ends at or below the address, -1 at the
 * first line the scan cannot vouch for. One loop, local variables, nothing rare inside: V8
 * compiles it on stack replacement early in the first call, and nothing throws it back
 * (a call per address leaves the loop, not a branch inside it).
 */
function scanLines(bytes: Uint8Array, p: number, qh: number, ql: number, state: Int32Array): number {
  const n = bytes.length;
  let line = state[LINE];
  let pbh = state[BEGIN_HI];
  let pbl = state[BEGIN_LO];
  let peh = state[PREV_END_HI];
  let pel = state[PREV_END_LO];
  let start = state[START];
  let prevStart = state[PREV_START];
  let prevPrevStart = state[PREV_PREV_START];
  let highHi = state[HIGH_HI];
  let highLo = state[HIGH_LO];
  let vsyscall = state[VSYSCALL_SEEN];
  while (p < n) {
    const s = p;
    let c = 0;
    let d = 0;
    // start-end: lower-case %08lx, 8 to 16 digits, no leading zero past 8.
    let bh = 0;
    let bl = 0;
    for (; (d = HEX[(c = bytes[p])]) >= 0; p++) {
      bh = (bh << 4) | (bl >>> 28);
      bl = (bl << 4) | d;
    }
    let digits = p - s;
    if (digits < 8 || digits > 16 || (digits > 8 && bytes[s] === 48) || c !== 45 /* - */) return -1;
    const beginDigits = digits;
    const endStart = ++p;
    let eh = 0;
    let el = 0;
    for (; (d = HEX[(c = bytes[p])]) >= 0; p++) {
      eh = (eh << 4) | (el >>> 28);
      el = (el << 4) | d;
    }
    digits = p - endStart;
    if (digits < 8 || digits > 16 || (digits > 8 && bytes[endStart] === 48) || c !== SPACE) return -1;
    const endDigits = digits;
    // Whole pages, not empty, at or above the end of the region before.
    if (((bl | el) & 0xfff) !== 0) return -1;
    bh ^= SIGN;
    bl ^= SIGN;
    eh ^= SIGN;
    el ^= SIGN;
    if (eh < bh || (eh === bh && el <= bl)) return -1;
    if (line > 0 && (bh < peh || (bh === peh && bl < pel))) return -1;
    // perms: [r-][w-][x-][sp] and a space.
    c = bytes[p + 1];
    if (c !== 114 && c !== 45) return -1;
    c = bytes[p + 2];
    if (c !== 119 && c !== 45) return -1;
    c = bytes[p + 3];
    if (c !== 120 && c !== 45) return -1;
    c = bytes[p + 4];
    if (c !== 115 && c !== 112) return -1;
    if (bytes[p + 5] !== SPACE) return -1;
    // offset: %08llx.
    p += 6;
    const offsetStart = p;
    while (HEX[(c = bytes[p])] >= 0) p++;
    digits = p - offsetStart;
    if (digits < 8 || digits > 16 || (digits > 8 && bytes[offsetStart] === 48) || c !== SPACE) return -1;
    // major:minor: %02x:%02x (3 and 5 digits at most, no leading zero past 2).
    const majorStart = ++p;
    while (HEX[(c = bytes[p])] >= 0) p++;
    digits = p - majorStart;
    if (digits < 2 || digits > 3 || (digits === 3 && bytes[majorStart] === 48) || c !== 58 /* : */) return -1;
    const minorStart = ++p;
    while (HEX[(c = bytes[p])] >= 0) p++;
    digits = p - minorStart;
    if (digits < 2 || digits > 5 || (digits > 2 && bytes[minorStart] === 48) || c !== SPACE) return -1;
    // inode: %lu, 1 to 15 digits (exact in a double), no leading zero.
    const inodeStart = ++p;
    while ((c = bytes[p]) >= 48 && c <= 57) p++;
    digits = p - inodeStart;
    if (digits === 0 || digits > 15 || (digits > 1 && bytes[inodeStart] === 48) || (c !== NL && c !== SPACE)) return -1;
    if (c === SPACE) {
      // The name, at the kernel's column (seq_pad to 25 + 6 * sizeof(void *) - 1, then a space), in printable ASCII.
      let r = p + 1;
      while (bytes[r] === SPACE) r++;
      if (bytes[r] !== NL) {
        const prefixLen = p + 1 - s;
        const col64 = s + (prefixLen > PAD_WIDTH_64 ? prefixLen : PAD_WIDTH_64) + 1;
        const col32 = s + (prefixLen > PAD_WIDTH_32 ? prefixLen : PAD_WIDTH_32) + 1;
        if (r !== col64 && !(beginDigits === 8 && endDigits === 8 && r === col32)) return -1;
        if (bytes[r] === 91 /* [ */ && isVsyscall(bytes, r)) vsyscall = 1;
      }
      p = r;
      while ((c = bytes[p]) >= 0x20 && c <= 0x7e) p++;
      if (c !== NL) return -1;
    }
    p++; // past the newline
    line++;
    // Flipped, a begin below 2^63 is negative.
    if (bh < 0 && (eh > highHi || (eh === highHi && el > highLo))) {
      highHi = eh;
      highLo = el;
    }
    peh = eh;
    pel = el;
    prevPrevStart = prevStart;
    prevStart = start;
    start = s;
    pbh = bh;
    pbl = bl;
    if (qh < eh || (qh === eh && ql < el)) break;
  }
  state[BEGIN_HI] = pbh;
  state[BEGIN_LO] = pbl;
  state[LINE] = line;
  state[PREV_END_HI] = peh;
  state[PREV_END_LO] = pel;
  state[START] = start;
  state[PREV_START] = prevStart;
  state[PREV_PREV_START] = prevPrevStart;
  state[HIGH_HI] = highHi;
  state[HIGH_LO] = highLo;
  state[VSYSCALL_SEEN] = vsyscall;
  return p;
}

/** A 64-bit value as sign-flipped 32-bit halves (SIGN). */
function flippedHalves(a: bigint): [number, number] {
  return [Number(a >> 32n) ^ SIGN, Number(a & 0xffff_ffffn) ^ SIGN];
}

/** Sign-flipped halves back to a bigint. */
function unflipped(hi: number, lo: number): bigint {
  return (BigInt((hi ^ SIGN) >>> 0) << 32n) | BigInt((lo ^ SIGN) >>> 0);
}

/**
 * Scans maps text (its bytes) for the lines `addresses` need; undefined when the text is not one
 * the scan can vouch for (see the file's comment): then parse it whole.
 */
export function scanLookup(bytes: Uint8Array, addresses: readonly bigint[]): ScannedLookup | undefined {
  const n = bytes.length;
  if (n === 0 || bytes[n - 1] !== NL) return undefined;
  if (addresses.some((a) => a < 0n || a > 0xffff_ffff_ffff_ffffn)) return undefined;
  // In ascending order, each address's answer is at or after the one before.
  const sorted = [...new Set(addresses)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  /** Start offsets of the lines the answers need, and of the line before each (line number → offset). */
  const starts = new Map<number, number>();
  const state = new Int32Array(STATE_SIZE);
  state[START] = -1;
  state[PREV_START] = -1;
  state[PREV_PREV_START] = -1;
  state[HIGH_HI] = SIGN; // 0, flipped
  state[HIGH_LO] = SIGN;
  /** Whether the last line read ends above the address (qh, ql). */
  const endsAbove = (qh: number, ql: number) => state[LINE] > 0 && (qh < state[PREV_END_HI] || (qh === state[PREV_END_HI] && ql < state[PREV_END_LO]));
  let p = 0;
  for (const address of sorted) {
    const [qh, ql] = flippedHalves(address);
    // In ascending order, an address's line is the last one read (it ends above the address before, maybe above this one too) or later.
    if (!endsAbove(qh, ql) && p < n) {
      p = scanLines(bytes, p, qh, ql, state);
      if (p < 0) return undefined;
    }
    const line = state[LINE];
    starts.set(line, state[START]);
    if (line > 1) starts.set(line - 1, state[PREV_START]);
    // In the gap below the line that ends above it: the line below the gap, and the one before that, too.
    // (Above every line, the last line alone bounds the gap.)
    const inGap = endsAbove(qh, ql) && (qh < state[BEGIN_HI] || (qh === state[BEGIN_HI] && ql < state[BEGIN_LO]));
    if (inGap && line > 2) starts.set(line - 2, state[PREV_PREV_START]);
  }
  // The rest of the text, for its checks (no region ends above 2^64 - 1).
  const [mh, ml] = flippedHalves(0xffff_ffff_ffff_ffffn);
  if (p < n && scanLines(bytes, p, mh, ml, state) < 0) return undefined;
  const regions = parseLines(bytes, starts);
  if (regions === undefined) return undefined;
  return { regions, addressSpace: addressSpaceShapeOf(state[VSYSCALL_SEEN] === 1, unflipped(state[HIGH_HI], state[HIGH_LO])), lines: state[LINE] };
}

/**
 * Parses the lines starting at `starts` (line number → offset) on the checked path, in file order,
 * numbered as in the whole text, thread stacks marked as parseMaps marks them; undefined if the
 * parse says anything (it cannot, for lines the scan took; then the caller parses the whole text).
 */
function parseLines(bytes: Uint8Array, starts: Map<number, number>): RegionTable | undefined {
  const lines = [...starts.keys()].sort((a, b) => a - b);
  const decoder = new TextDecoder(); // the scan saw printable ASCII only: any decoder reads it exactly
  let text = '';
  for (const l of lines) {
    const s = starts.get(l)!;
    text += decoder.decode(bytes.subarray(s, bytes.indexOf(NL, s) + 1));
  }
  const result = parseProcMapsUsing(text, 'checked');
  if (result.diagnosticGroups.length > 0 || result.regions.length !== lines.length) return undefined;
  const lineColumn = result.regions.columns.line;
  for (let i = 0; i < lines.length; i++) lineColumn[i] = lines[i];
  markThreadStacks(result.regions);
  return result.regions;
}
