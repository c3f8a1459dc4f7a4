/**
 * The maps line parser: one line of /proc/<pid>/maps into a row of a RegionTableBuilder, or one
 * error diagnostic. References: proc_pid_maps(5); the kernel's fs/proc/task_mmu.c
 * (show_vma_header_prefix, show_map_vma); docs/format.md.
 *
 *   start-end perms offset major:minor inode[ padding pathname]
 *   7f61c7f84000-7f61c7faa000 r--p 00000000 fe:00 339380      /usr/lib/x86_64-linux-gnu/libc.so.6
 *
 * It works on character codes of the whole text (no per-line substrings, no regular expressions)
 * and writes straight into the columnar table. Two paths read a line: a fast one for the kernel's
 * exact layout (parseKernelLine: single spaces, bounded digit counts, no error branches) and the
 * checked one (parseLineChecked) that reads everything else and says what is wrong. The fast path
 * gives up on any surprise before writing anything, so both give the same columns for every line
 * the fast path takes; test/parse/maps-fast-path.test.ts checks that. (maps-ascii.ts has a third,
 * faster path for ASCII text as bytes; the smaps importer reads its headers through this class.)
 */
import { type Diagnostic, clipDiagnosticText } from '../model/diagnostic.js';
import { KIND_CODE, classifyPathname } from '../model/kind.js';
import { PERM_EXEC, PERM_READ, PERM_SHARED, PERM_WRITE, parsePermissionsAt } from '../model/permissions.js';
import type { RegionTableBuilder } from '../model/region-table.js';
import { isBlank } from './lines.js';
import * as dev from './maps-deviations.js';
import { NameIndex } from './name-index.js';
import { TRUNCATED_CODE, cutShortMessage, isMapsLinePrefix, isUnterminatedLast } from './truncation.js';

// Results of scanHex/scanDec, kept at module level so the hot loop allocates nothing. The
// (hi, lo) halves go to a typed array: a module variable holding a number of 2^30 or more is a
// boxed heap number in V8, and one box per field per line is most of the garbage a parse makes.
const scanOut = new Uint32Array(2); // [hi, lo]
let scanPos = 0;
/** True when the last scanHex met an upper-case digit (the kernel writes lower case). */
let scanUpper = false;

const HEX_OK = 0;
const HEX_EMPTY = 1;
const HEX_TOO_WIDE = 2;

/** Hex digit values of char codes 0..127, -1 for non-digits. Upper case too (hand-written files use it). */
const HEX_DIGIT = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) HEX_DIGIT[48 + c] = c;
for (let c = 0; c < 6; c++) HEX_DIGIT[97 + c] = HEX_DIGIT[65 + c] = 10 + c;
/** The fast path's digits: lower case only, as the kernel writes them (%lx); upper case goes to the checked path. */
const KERNEL_HEX = HEX_DIGIT.map((d, c) => (c >= 65 && c <= 70 ? -1 : d));

/** Scans hex digits at text[p..end) into scanOut (hi, lo); scanPos = first non-digit. */
function scanHex(text: string, p: number, end: number): number {
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
  scanPos = i;
  scanUpper = all === 0;
  return i === p ? HEX_EMPTY : status;
}

// maps-deviations.ts kinds, copied once: an imported binding read per line can cost a call per
// read (CommonJS getters when the module is loaded by tsx).
const DEV_DEVICE = dev.DEV_DEVICE;
const DEV_EXTRA_PADDING_KEPT = dev.DEV_EXTRA_PADDING_KEPT;
const DEV_INCLUSIVE_END = dev.DEV_INCLUSIVE_END;
const DEV_INDENTED = dev.DEV_INDENTED;
const DEV_NUMBER_WIDTH = dev.DEV_NUMBER_WIDTH;
const DEV_SHORT_PADDING = dev.DEV_SHORT_PADDING;
const DEV_SPACES = dev.DEV_SPACES;
const DEV_TABS = dev.DEV_TABS;
const DEV_UNALIGNED = dev.DEV_UNALIGNED;
const DEV_UPPER_CASE = dev.DEV_UPPER_CASE;

/**
 * What the line parseLineChecked is reading does that the kernel does not: a DEV_* bit each
 * (maps-deviations.ts), the 1-based column of each, and where the line starts. Module state, as
 * scanOut: no closure or object per line.
 */
let devMask = 0;
let devLineStart = 0;
const devColumn = new Int32Array(16);

/** Notes a deviation of `kind` at text position `at` (the first of each kind in a line counts). */
function flagDev(kind: number, at: number): void {
  if ((devMask & (1 << kind)) === 0) {
    devMask |= 1 << kind;
    devColumn[kind] = at - devLineStart + 1;
  }
}

/** The whitespace text[from..to) between two fields: one space is the kernel's. */
function flagSeparator(text: string, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) === 9) {
      flagDev(DEV_TABS, i);
      return;
    }
  }
  if (to - from > 1) flagDev(DEV_SPACES, from + 1);
}

/** A hex field of `digits` digits at `at`: %08lx writes at least 8, and no leading zero beyond them. */
function flagWidth8(text: string, at: number, digits: number): void {
  if (digits < 8 || (digits > 8 && text.charCodeAt(at) === 48)) flagDev(DEV_NUMBER_WIDTH, at);
}

/**
 * True when text[s..e) reads `Key: value` with a key of letters, digits and underscores: an smaps
 * field line (`Rss:   4 kB`), which has no place in a maps file.
 */
function isFieldLine(text: string, s: number, e: number): boolean {
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

const TWO_32 = 0x1_0000_0000;

/** Scans decimal digits into scanOut (hi, lo) exactly; HEX_TOO_WIDE above 2^64 - 1. */
function scanDec(text: string, p: number, end: number): number {
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
    scanPos = i;
    return HEX_EMPTY;
  }
  let c = i < end ? text.charCodeAt(i) : -1;
  if (c >= 48 && c <= 57) {
    // Rare: more than 15 digits. Finish in bigint.
    let j = i;
    while (j < end && (c = text.charCodeAt(j)) >= 48 && c <= 57) j++;
    const big = BigInt(text.slice(p, j));
    scanPos = j;
    if (big > 0xffff_ffff_ffff_ffffn) return HEX_TOO_WIDE;
    scanOut[0] = Number(big >> 32n);
    scanOut[1] = Number(big & 0xffff_ffffn);
    return HEX_OK;
  }
  scanPos = i;
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
function fieldEnd(text: string, p: number, end: number): number {
  while (p < end) {
    const c = text.charCodeAt(p);
    if (c === 32 || c === 9) return p;
    p++;
  }
  return end;
}

/** Skips the kernel's padding before a pathname: spaces only (a tab is a name character). */
function skipPadding(text: string, p: number, end: number): number {
  while (p < end && text.charCodeAt(p) === 32) p++;
  return p;
}

/** Skips spaces and tabs between fields. */
function skipSpaces(text: string, p: number, end: number): number {
  while (p < end) {
    const c = text.charCodeAt(p);
    if (c !== 32 && c !== 9) return p;
    p++;
  }
  return p;
}

// fs/proc/task_mmu.c: seq_setwidth(m, 25 + sizeof(void *) * 6 - 1), then seq_pad(m, ' ').
const PAD_WIDTH_64 = 25 + 8 * 6 - 1;
const PAD_WIDTH_32 = 25 + 4 * 6 - 1;
const MAX_MAJOR = 0xfff; // include/linux/kdev_t.h: 12-bit major, 20-bit minor
const MAX_MINOR = 0xfffff;

// permissions.ts and kind.ts values, copied once: an imported binding read in the hot path can
// cost a call per read (CommonJS getters when the module is loaded by tsx).
const P_READ = PERM_READ;
const P_WRITE = PERM_WRITE;
const P_EXEC = PERM_EXEC;
const P_SHARED = PERM_SHARED;
const KIND_ANONYMOUS = KIND_CODE.anonymous;

/**
 * Parses maps lines into a RegionTableBuilder. The smaps importer reuses it for its headers.
 */
export class MapsLineParser {
  readonly builder: RegionTableBuilder;
  readonly diagnostics: Diagnostic[];
  private readonly text: string;
  /** False: every line takes the checked path (the reference the fast path is tested against). */
  private readonly fastPath: boolean;
  /** False: named regions get their kind from classifyRegions after the parse. */
  private readonly classifyNow: boolean;
  /** Kind code + 1 per (pathId, shared), 0 = not classified yet: classification runs once a name. */
  private kindCache = new Uint8Array(256);
  /** The pathnames seen so far. */
  readonly names: NameIndex;
  /** Blank and rejected lines seen by parseOtherLine. */
  blankLines = 0;
  rejectedLines = 0;
  /** Lines read in a layout the kernel does not write, by kind (maps-deviations.ts). */
  readonly deviations = new dev.MapsDeviations();
  /**
   * Rows whose name starts past the kernel's column, as (row, spaces past the column) pairs: the
   * name keeps those spaces unless the text turns out not to be aligned as the kernel writes it
   * (parseProcMaps decides once the whole text is read; see dropExtraPadding).
   */
  readonly overPadded: number[] = [];
  /** Named rows whose name does not start at the kernel's column: less padding, or a tab before it. */
  unalignedNames = 0;
  /**
   * Set to false by readAsciiLines (maps-ascii.ts) at a region that is empty or starts below the
   * end of the one before it; while true, checkRegionOrder would find nothing to report.
   */
  inOrder = true;

  /**
   * `options.fastPath: false` sends every line through the checked path; `options.names` is the
   * mode of the pathname index (`bytes` for readAsciiLines in maps-ascii.ts, whose names stay
   * pending until NameIndex.detachedNames); `options.classify: false` leaves the kind of named
   * regions to classifyRegions, run on the finished table (required with `bytes`).
   */
  constructor(
    text: string,
    builder: RegionTableBuilder,
    diagnostics: Diagnostic[],
    options: { fastPath?: boolean; names?: 'chars' | 'bytes'; classify?: boolean } = {},
  ) {
    this.text = text;
    this.builder = builder;
    this.diagnostics = diagnostics;
    this.fastPath = options.fastPath ?? true;
    this.classifyNow = options.classify ?? true;
    // A bytes-mode index leaves names pending until the parse ends: nothing to classify before.
    if (options.names === 'bytes' && this.classifyNow) throw new Error('MapsLineParser: names "bytes" needs classify: false');
    this.names = new NameIndex(text, builder, options.names ?? 'chars');
  }

  private error(s: number, e: number, line: number, at: number, code: string, message: string): -1 {
    // The last line, with no newline, stopping partway through a header: say it was cut (truncation.ts).
    const cut = isUnterminatedLast(this.text, e) && isMapsLinePrefix(this.text, s, e);
    this.diagnostics.push({
      line,
      column: cut ? e - s + 1 : at - s + 1,
      severity: 'error',
      code: cut ? TRUNCATED_CODE : code,
      message: cut ? cutShortMessage(line, message) : message,
      text: clipDiagnosticText(this.text.slice(s, e)),
    });
    return -1;
  }

  /** The field at p, quoted and cut to 40 characters, for a message. */
  private token(p: number, e: number): string {
    const t = this.text.slice(p, fieldEnd(this.text, p, e));
    return t.length > 40 ? t.slice(0, 40) + '…' : t;
  }

  /** What stands at p, for "found …": a quoted field, "a space", "a tab" or "the end of the line". */
  private found(p: number, e: number): string {
    if (p >= e) return 'the end of the line';
    const c = this.text.charCodeAt(p);
    if (c === 32) return 'a space';
    if (c === 9) return 'a tab';
    return `"${this.token(p, e)}"`;
  }

  /** True when text[s..e) starts like a maps header (`hex-hex `). Cheap; for format sniffing. */
  static looksLikeHeader(text: string, s: number, e: number): boolean {
    const st = scanHex(text, skipSpaces(text, s, e), e);
    if (st === HEX_EMPTY || scanPos >= e || text.charCodeAt(scanPos) !== 45 /* - */) return false;
    const st2 = scanHex(text, scanPos + 1, e);
    return st2 !== HEX_EMPTY && (scanPos === e || text.charCodeAt(scanPos) === 32 || text.charCodeAt(scanPos) === 9);
  }

  /**
   * Parses one maps line text[ls..e) (number `line`). On success adds a row and returns its index;
   * otherwise pushes one error diagnostic and returns -1.
   */
  parseLine(ls: number, e: number, line: number): number {
    const row = this.fastPath ? this.parseKernelLine(ls, e, line) : -1;
    return row >= 0 ? row : this.parseLineChecked(ls, e, line);
  }

  /**
   * The fast path: a line in the kernel's own layout — no indentation, one space between fields,
   * lower-case hex of 8–16 digits (%08lx) for the addresses and offset, whole pages, a 2–3 digit
   * major and 2–5 digit minor (%02x, so both fit the kernel's 12 and 20 bits), an inode of 1–15
   * decimal digits (exact in a double), a name at the kernel's column. Adds the row and returns its
   * index; on anything else returns -1 having changed nothing, and parseLineChecked reads the line.
   * One function with local variables only: no per-field calls, no scan results in shared state.
   */
  parseKernelLine(s: number, e: number, line: number): number {
    const text = this.text;
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

    // pathname: at the kernel's column (see parseLineChecked), after a one-space separator.
    let pathId = -1;
    if (p < e) {
      let r = p + 1;
      while (r < e && text.charCodeAt(r) === 32) r++;
      if (r < e) {
        const prefixLen = p + 1 - s;
        const col64 = s + (prefixLen > PAD_WIDTH_64 ? prefixLen : PAD_WIDTH_64) + 1;
        const col32 = s + (prefixLen > PAD_WIDTH_32 ? prefixLen : PAD_WIDTH_32) + 1;
        // The kernel's column exactly; more or less padding is the checked path's to judge.
        if (r !== col64 && !(beginDigits === 8 && endDigits === 8 && r === col32)) return -1;
        pathId = this.names.intern(r, e);
      }
    }

    const b = this.builder;
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
    if (inode < TWO_32) {
      cols.inodeHi[row] = 0;
      cols.inodeLo[row] = inode;
    } else {
      cols.inodeHi[row] = Math.floor(inode / TWO_32);
      cols.inodeLo[row] = inode % TWO_32;
    }
    cols.perms[row] = perms;
    cols.line[row] = line;
    cols.pathId[row] = pathId;
    cols.kind[row] = this.kindOf(pathId, perms);
    return row;
  }

  /** A line the fast path did not take: blank, or read by the checked path (counted when rejected). */
  parseOtherLine(s: number, e: number, line: number): void {
    if (isBlank(this.text, s, e)) this.blankLines++;
    else if (this.parseLineChecked(s, e, line) < 0) this.rejectedLines++;
  }

  /**
   * The checked path: reads any line — indented, tab-separated, hand-written, wrong — and on
   * success adds a row and returns its index; otherwise pushes one error diagnostic and returns -1.
   */
  parseLineChecked(ls: number, e: number, line: number): number {
    const text = this.text;
    const b = this.builder;
    // What this line does that the kernel does not: module state (see devMask), counted in
    // `deviations` only if the line is read.
    devMask = 0;
    devLineStart = ls;
    // The kernel never indents a line, but pasted text often is: skip it (columns stay 1-based
    // from the real line start, and the padding columns count from the first digit).
    const s = skipSpaces(text, ls, e);
    if (s > ls) flagDev(DEV_INDENTED, ls);

    if (isFieldLine(text, s, e)) {
      return this.error(ls, e, line, s, 'field-line', `an smaps field line ("${this.token(s, e)}") in a maps file, which has none: not read`);
    }

    // start-end
    let st = scanHex(text, s, e);
    if (st === HEX_EMPTY) return this.error(ls, e, line, s, 'bad-range', `expected a hex start address, found ${this.found(s, e)}`);
    if (st === HEX_TOO_WIDE) return this.error(ls, e, line, s, 'too-wide', `start address "${this.token(s, scanPos)}" is wider than 64 bits`);
    if (scanUpper) flagDev(DEV_UPPER_CASE, s);
    const beginHi = scanOut[0];
    const beginLo = scanOut[1];
    let p = scanPos;
    if (p >= e || text.charCodeAt(p) !== 45) {
      return this.error(ls, e, line, p, 'bad-range', `expected "-" after the start address, found ${this.found(p, e)}`);
    }
    const endStart = p + 1;
    st = scanHex(text, endStart, e);
    if (st === HEX_EMPTY) return this.error(ls, e, line, endStart, 'bad-range', `expected a hex end address, found ${this.found(endStart, e)}`);
    if (st === HEX_TOO_WIDE) return this.error(ls, e, line, endStart, 'too-wide', `end address "${this.token(endStart, scanPos)}" is wider than 64 bits`);
    if (scanUpper) flagDev(DEV_UPPER_CASE, endStart);
    const endHi = scanOut[0];
    const endLo = scanOut[1];
    p = scanPos;
    const rangeEnd = p;
    if (p < e && text.charCodeAt(p) !== 32 && text.charCodeAt(p) !== 9) {
      return this.error(ls, e, line, s, 'bad-range', `invalid address range "${this.token(s, e)}": expected start-end in hex`);
    }
    if (endHi < beginHi || (endHi === beginHi && endLo < beginLo)) {
      return this.error(ls, e, line, s, 'bad-range', `end address 0x${this.token(endStart, p)} is below start address 0x${this.token(s, endStart - 1)}`);
    }
    const beginDigits = endStart - 1 - s;
    const endDigits = rangeEnd - endStart;
    flagWidth8(text, s, beginDigits);
    flagWidth8(text, endStart, endDigits);
    // mm/mmap.c: a VMA is whole pages. An end of 0x…fff after a whole-page start is inclusive.
    if ((endLo & 0xfff) === 0xfff && (beginLo & 0xfff) === 0 && (endHi !== beginHi || endLo !== beginLo)) flagDev(DEV_INCLUSIVE_END, endStart);
    else if (((beginLo | endLo) & 0xfff) !== 0) flagDev(DEV_UNALIGNED, s);

    // perms
    p = skipSpaces(text, rangeEnd, e);
    if (p >= e) return this.error(ls, e, line, p, 'missing-field', 'line ends after the address range: expected permissions, offset, device and inode');
    flagSeparator(text, rangeEnd, p);
    const permEnd = fieldEnd(text, p, e);
    const perms = permEnd - p === 4 ? parsePermissionsAt(text, p) : -1;
    if (perms < 0) {
      return this.error(ls, e, line, p, 'bad-permissions', `invalid permissions "${this.token(p, e)}": expected [r-][w-][x-][sp]`);
    }

    // offset
    p = skipSpaces(text, permEnd, e);
    if (p >= e) return this.error(ls, e, line, p, 'missing-field', 'line ends after the permissions: expected offset, device and inode');
    flagSeparator(text, permEnd, p);
    st = scanHex(text, p, e);
    if (st === HEX_TOO_WIDE) return this.error(ls, e, line, p, 'too-wide', `offset "${this.token(p, e)}" is wider than 64 bits`);
    if (st === HEX_EMPTY || (scanPos < e && text.charCodeAt(scanPos) !== 32 && text.charCodeAt(scanPos) !== 9)) {
      return this.error(ls, e, line, p, 'bad-offset', `invalid offset "${this.token(p, e)}": expected hex digits`);
    }
    if (scanUpper) flagDev(DEV_UPPER_CASE, p);
    flagWidth8(text, p, scanPos - p);
    const offsetHi = scanOut[0];
    const offsetLo = scanOut[1];

    // major:minor
    const offsetEnd = scanPos;
    p = skipSpaces(text, offsetEnd, e);
    if (p >= e) return this.error(ls, e, line, p, 'missing-field', 'line ends after the offset: expected device (major:minor) and inode');
    flagSeparator(text, offsetEnd, p);
    const devStart = p;
    st = scanHex(text, p, e);
    let upper = scanUpper;
    const majorDigits = scanPos - p;
    // A number wider than 32 bits is a well-formed field that does not fit: the "fit" message.
    const major = st === HEX_OK && scanOut[0] === 0 ? scanOut[1] : MAX_MAJOR + 1;
    let devOk = st !== HEX_EMPTY && scanPos < e && text.charCodeAt(scanPos) === 58 /* : */;
    let minor = 0;
    const minorStart = scanPos + 1;
    if (devOk) {
      st = scanHex(text, minorStart, e);
      upper ||= scanUpper;
      minor = st === HEX_OK && scanOut[0] === 0 ? scanOut[1] : MAX_MINOR + 1;
      devOk = st !== HEX_EMPTY && (scanPos === e || text.charCodeAt(scanPos) === 32 || text.charCodeAt(scanPos) === 9);
    }
    if (!devOk) {
      return this.error(ls, e, line, devStart, 'bad-device', `invalid device "${this.token(devStart, e)}": expected major:minor in hex`);
    }
    if (major > MAX_MAJOR || minor > MAX_MINOR) {
      return this.error(ls, e, line, devStart, 'bad-device', `invalid device "${this.token(devStart, e)}": major must fit 12 bits and minor 20 bits`);
    }
    if (upper) flagDev(DEV_UPPER_CASE, devStart);
    // %02x:%02x: two digits each, more only without a leading zero.
    const minorDigits = scanPos - minorStart;
    if (majorDigits < 2 || minorDigits < 2 || (majorDigits > 2 && text.charCodeAt(devStart) === 48) || (minorDigits > 2 && text.charCodeAt(minorStart) === 48)) {
      flagDev(DEV_DEVICE, devStart);
    }

    // inode
    const devEnd = scanPos;
    p = skipSpaces(text, devEnd, e);
    if (p >= e) return this.error(ls, e, line, p, 'missing-field', 'line ends after the device: expected an inode number');
    flagSeparator(text, devEnd, p);
    st = scanDec(text, p, e);
    if (st === HEX_TOO_WIDE) return this.error(ls, e, line, p, 'too-wide', `inode "${this.token(p, e)}" is wider than 64 bits`);
    const q = scanPos;
    const inodeHi = scanOut[0];
    const inodeLo = scanOut[1];
    if (st === HEX_EMPTY || (q < e && text.charCodeAt(q) !== 32 && text.charCodeAt(q) !== 9)) {
      return this.error(ls, e, line, p, 'bad-inode', `invalid inode "${this.token(p, e)}": expected a decimal number`);
    }
    if (q - p > 1 && text.charCodeAt(p) === 48) flagDev(DEV_NUMBER_WIDTH, p);

    // pathname: everything after the kernel's padding (see PAD_WIDTH_64). The kernel always
    // writes a space after the inode; a tab there is a hand-made separator, and then any run of
    // spaces and tabs separates the name.
    let pathId = -1;
    let overPadding = 0;
    const tabbed = q < e && text.charCodeAt(q) === 9;
    const r = tabbed ? skipSpaces(text, q, e) : skipPadding(text, q, e);
    if (r < e) {
      let nameStart = r;
      if (tabbed) {
        flagDev(DEV_TABS, q);
      } else {
        const prefixLen = q + 1 - s; // the prefix ends with "%lu "
        const col64 = s + Math.max(PAD_WIDTH_64, prefixLen) + 1;
        const col32 = s + Math.max(PAD_WIDTH_32, prefixLen) + 1;
        // Spaces past the kernel's column belong to the name, in a text aligned as the kernel
        // writes it (parseProcMaps decides). A 32-bit kernel (8-digit addresses) pads to column
        // 49; a name there that starts with 24 or more spaces would reach column 73 and is read
        // as 64-bit — one line alone cannot tell the two apart.
        const narrow = beginDigits <= 8 && endDigits <= 8;
        if (r === col64 || (narrow && r === col32)) nameStart = r;
        else if (r > col64) nameStart = col64;
        else if (narrow && r > col32) nameStart = col32;
        else flagDev(DEV_SHORT_PADDING, q);
        overPadding = r - nameStart;
      }
      pathId = this.names.intern(nameStart, e);
    }

    const row = b.addRow();
    const c = b.columns;
    c.beginHi[row] = beginHi;
    c.beginLo[row] = beginLo;
    c.endHi[row] = endHi;
    c.endLo[row] = endLo;
    c.offsetHi[row] = offsetHi;
    c.offsetLo[row] = offsetLo;
    c.devMajor[row] = major;
    c.devMinor[row] = minor;
    c.inodeHi[row] = inodeHi;
    c.inodeLo[row] = inodeLo;
    c.perms[row] = perms;
    c.line[row] = line;
    c.pathId[row] = pathId;
    c.kind[row] = this.kindOf(pathId, perms);
    if (overPadding > 0) {
      this.overPadded.push(row, overPadding);
      flagDev(DEV_EXTRA_PADDING_KEPT, r - overPadding);
    } else if (pathId >= 0 && (devMask & ((1 << DEV_TABS) | (1 << DEV_SHORT_PADDING))) !== 0) {
      this.unalignedNames++;
    }
    for (let kind = 0, m = devMask; m !== 0; kind++, m >>>= 1) if ((m & 1) !== 0) this.deviations.add(kind, line, devColumn[kind], ls, e);
    return row;
  }

  /**
   * The kind code of a region with this pathname id and permission bits (cached per name); with
   * `classify: false`, `anonymous` until classifyRegions sets the kinds of named regions.
   */
  kindOf(pathId: number, perms: number): number {
    if (pathId < 0 || !this.classifyNow) return KIND_ANONYMOUS;
    const shared = (perms & P_SHARED) !== 0 ? 1 : 0;
    const slot = pathId * 2 + shared;
    if (slot < this.kindCache.length) {
      const k = this.kindCache[slot];
      if (k !== 0) return k - 1;
    } else {
      const grown = new Uint8Array(Math.max(this.kindCache.length * 2, slot + 2));
      grown.set(this.kindCache);
      this.kindCache = grown;
    }
    const k = KIND_CODE[classifyPathname(this.builder.pathnameOf(pathId), shared === 1)];
    this.kindCache[slot] = k + 1;
    return k;
  }
}
