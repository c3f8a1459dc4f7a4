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
 * are then parsed, by parseProcMaps, and numbered as in the whole text.
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
import { parseProcMaps } from './maps.js';
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
const VSYSCALL = [...'[vsyscall]'].map((c) => c.charCodeAt(0));

/** True when bytes[r..r+10) is `[vsyscall]` followed by the newline. */
function isVsyscall(bytes: Uint8Array, r: number): boolean {
  for (let i = 0; i < VSYSCALL.length; i++) if (bytes[r + i] !== VSYSCALL[i]) return false;
  return bytes[r + VSYSCALL.length] === NL;
}

/**
 * Scans maps text (its bytes) for the lines `addresses` need; undefined when the text is not one
 * the scan can vouch for (see the file's comment): then parse it whole.
 */
export function scanLookup(bytes: Uint8Array, addresses: readonly bigint[]): ScannedLookup | undefined {
  const n = bytes.length;
  if (n === 0 || bytes[n - 1] !== NL) return undefined;
  const queries = addresses.length;
  const qHi = new Float64Array(queries);
  const qLo = new Float64Array(queries);
  for (let k = 0; k < queries; k++) {
    const a = addresses[k];
    if (a < 0n || a > 0xffff_ffff_ffff_ffffn) return undefined;
    qHi[k] = Number(a >> 32n);
    qLo[k] = Number(a & 0xffff_ffffn);
  }
  /** The line each address needs; 0 = not found yet. Gaps need the line after them and the one before (lineNeeded - 1). */
  const answerLine = new Int32Array(queries);
  /** Start offsets of the lines the answers need, and of the line before each. */
  const starts = new Map<number, number>();
  let pending = queries;

  let hasVsyscall = false;
  let highHi = 0;
  let highLo = 0;
  let prevEndHi = 0;
  let prevEndLo = 0;
  let prevStart = -1;
  let prevPrevStart = -1;
  let line = 0;
  let p = 0;
  while (p < n) {
    const s = p;
    line++;
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
    if (digits < 8 || digits > 16 || (digits > 8 && bytes[s] === 48) || c !== 45 /* - */) return undefined;
    const beginDigits = digits;
    const endStart = ++p;
    let eh = 0;
    let el = 0;
    for (; (d = HEX[(c = bytes[p])]) >= 0; p++) {
      eh = (eh << 4) | (el >>> 28);
      el = (el << 4) | d;
    }
    digits = p - endStart;
    if (digits < 8 || digits > 16 || (digits > 8 && bytes[endStart] === 48) || c !== SPACE) return undefined;
    const endDigits = digits;
    bh >>>= 0;
    bl >>>= 0;
    eh >>>= 0;
    el >>>= 0;
    // Whole pages, not empty, at or above the end of the region before.
    if (((bl | el) & 0xfff) !== 0) return undefined;
    if (eh < bh || (eh === bh && el <= bl)) return undefined;
    if (line > 1 && (bh < prevEndHi || (bh === prevEndHi && bl < prevEndLo))) return undefined;
    // perms: [r-][w-][x-][sp] and a space.
    c = bytes[p + 1];
    if (c !== 114 && c !== 45) return undefined;
    c = bytes[p + 2];
    if (c !== 119 && c !== 45) return undefined;
    c = bytes[p + 3];
    if (c !== 120 && c !== 45) return undefined;
    c = bytes[p + 4];
    if (c !== 115 && c !== 112) return undefined;
    if (bytes[p + 5] !== SPACE) return undefined;
    // offset: %08llx.
    p += 6;
    const offsetStart = p;
    while (HEX[(c = bytes[p])] >= 0) p++;
    digits = p - offsetStart;
    if (digits < 8 || digits > 16 || (digits > 8 && bytes[offsetStart] === 48) || c !== SPACE) return undefined;
    // major:minor: %02x:%02x (3 and 5 digits at most, no leading zero past 2).
    const majorStart = ++p;
    while (HEX[(c = bytes[p])] >= 0) p++;
    digits = p - majorStart;
    if (digits < 2 || digits > 3 || (digits === 3 && bytes[majorStart] === 48) || c !== 58 /* : */) return undefined;
    const minorStart = ++p;
    while (HEX[(c = bytes[p])] >= 0) p++;
    digits = p - minorStart;
    if (digits < 2 || digits > 5 || (digits > 2 && bytes[minorStart] === 48) || c !== SPACE) return undefined;
    // inode: %lu, 1 to 15 digits (exact in a double), no leading zero.
    const inodeStart = ++p;
    while ((c = bytes[p]) >= 48 && c <= 57) p++;
    digits = p - inodeStart;
    if (digits === 0 || digits > 15 || (digits > 1 && bytes[inodeStart] === 48) || (c !== NL && c !== SPACE)) return undefined;
    if (c === SPACE) {
      // The name, at the kernel's column (seq_pad to 25 + 6 * sizeof(void *) - 1, then a space), in printable ASCII.
      let r = p + 1;
      while (bytes[r] === SPACE) r++;
      if (bytes[r] !== NL) {
        const prefixLen = p + 1 - s;
        const col64 = s + (prefixLen > PAD_WIDTH_64 ? prefixLen : PAD_WIDTH_64) + 1;
        const col32 = s + (prefixLen > PAD_WIDTH_32 ? prefixLen : PAD_WIDTH_32) + 1;
        if (r !== col64 && !(beginDigits === 8 && endDigits === 8 && r === col32)) return undefined;
        if (bytes[r] === 91 /* [ */ && isVsyscall(bytes, r)) hasVsyscall = true;
      }
      p = r;
      while ((c = bytes[p]) >= 0x20 && c <= 0x7e) p++;
      if (c !== NL) return undefined;
    }
    p++; // past the newline

    if (bh < 0x8000_0000 && (eh > highHi || (eh === highHi && el > highLo))) {
      highHi = eh;
      highLo = el;
    }
    if (pending > 0) {
      for (let k = 0; k < queries; k++) {
        if (answerLine[k] !== 0) continue;
        const ah = qHi[k];
        const al = qLo[k];
        if (ah < bh || (ah === bh && al < bl)) {
          // In the gap below this line: the line before bounds it from below (none for the first line).
          answerLine[k] = line;
          starts.set(line, s);
          if (line > 1) starts.set(line - 1, prevStart);
          if (line > 2) starts.set(line - 2, prevPrevStart);
          pending--;
        } else if (ah < eh || (ah === eh && al < el)) {
          answerLine[k] = line;
          starts.set(line, s);
          if (line > 1) starts.set(line - 1, prevStart);
          pending--;
        }
      }
    }
    prevEndHi = eh;
    prevEndLo = el;
    prevPrevStart = prevStart;
    prevStart = s;
  }
  // Addresses above the last region: its gap is bounded by the last line alone.
  if (pending > 0) {
    starts.set(line, prevStart);
    if (line > 1) starts.set(line - 1, prevPrevStart);
  }
  const regions = parseLines(bytes, starts);
  if (regions === undefined) return undefined;
  return { regions, addressSpace: addressSpaceShapeOf(hasVsyscall, (BigInt(highHi) << 32n) | BigInt(highLo)), lines: line };
}

/**
 * Parses the lines starting at `starts` (line number → offset) with parseProcMaps, in file order,
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
  const result = parseProcMaps(text);
  if (result.diagnosticGroups.length > 0 || result.regions.length !== lines.length) return undefined;
  const lineColumn = result.regions.columns.line;
  for (let i = 0; i < lines.length; i++) lineColumn[i] = lines[i];
  markThreadStacks(result.regions);
  return result.regions;
}
