/**
 * The maps parser's checked path: reads any line — indented, tab-separated, hand-written, wrong —
 * into a row of the parser's builder, noting what it does that the kernel does not (a deviation
 * kind each, maps-deviations.ts), or pushes one error diagnostic saying what is wrong, in the
 * form `invalid permissions "rwz-": expected [r-][w-][x-][sp]`. It is the reference the fast paths
 * (maps-kernel-line.ts, maps-ascii.ts) are tested against (test/parse/maps-fast-path.test.ts).
 * References: proc_pid_maps(5); fs/proc/task_mmu.c (show_vma_header_prefix); docs/format.md.
 */
import { clipDiagnosticText } from '../model/diagnostic.js';
import { KIND_CODE } from '../model/kind.js';
import { parsePermissionsAt } from '../model/permissions.js';
import * as dev from './maps-deviations.js';
import type { MapsLineParser } from './maps-line.js';
import * as scanner from './maps-scan.js';
import { TRUNCATED_CODE, cutShortMessage, isMapsLinePrefix, isUnterminatedLast } from './truncation.js';

// Imported values and functions copied once: an imported binding read per line can cost a call
// per read (CommonJS getters when the module is loaded by tsx: with the scanners called through
// their bindings, the getters took 1.2 s of a 4.4 s profile of 8 checked parses of 262,144 lines).
const { HEX_EMPTY, HEX_OK, HEX_TOO_WIDE, fieldEnd, isFieldLine, scanDec, scanHex, skipPadding, skipSpaces } = scanner;
const parsePermissions = parsePermissionsAt;
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
const KIND_ANONYMOUS = KIND_CODE.anonymous;
const PAD_64 = scanner.PAD_WIDTH_64;
const PAD_32 = scanner.PAD_WIDTH_32;
/** scanHex/scanDec results: [hi, lo, position after the number, 1 if a digit was upper case]. */
const scan = scanner.scanOut;

const MAX_MAJOR = 0xfff; // include/linux/kdev_t.h: 12-bit major, 20-bit minor
const MAX_MINOR = 0xfffff;

/**
 * The deviations of the line being read: a DEV_* bit each, the 1-based column of each, and where
 * the line starts. Scratch state of one call of readCheckedLine (reset at its start), kept at
 * module level so that a line costs no closure or object.
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

/** Pushes the error diagnostic of line text[s..e) (column of `at`) and returns -1. */
function fail(parser: MapsLineParser, s: number, e: number, line: number, at: number, code: string, message: string): -1 {
  const text = parser.text;
  // The last line, with no newline, stopping partway through a header: say it was cut (truncation.ts).
  const cut = isUnterminatedLast(text, e) && isMapsLinePrefix(text, s, e);
  parser.diagnostics.push({
    line,
    column: cut ? e - s + 1 : at - s + 1,
    severity: 'error',
    code: cut ? TRUNCATED_CODE : code,
    message: cut ? cutShortMessage(line, message) : message,
    text: clipDiagnosticText(text.slice(s, e)),
  });
  return -1;
}

/** The field at p, cut to 40 characters, for a message. */
function token(text: string, p: number, e: number): string {
  const t = text.slice(p, fieldEnd(text, p, e));
  return t.length > 40 ? t.slice(0, 40) + '…' : t;
}

/** What stands at p, for "found …": a quoted field, "a space", "a tab" or "the end of the line". */
function found(text: string, p: number, e: number): string {
  if (p >= e) return 'the end of the line';
  const c = text.charCodeAt(p);
  if (c === 32) return 'a space';
  if (c === 9) return 'a tab';
  return `"${token(text, p, e)}"`;
}

/**
 * Reads maps line text[ls..e) (number `line`): on success adds a row and returns its index;
 * otherwise pushes one error diagnostic and returns -1.
 *
 * Long because: the six fields in order, each with its error messages and the deviations it can
 * show; split per field, the scan results and the deviation state would pass through more calls
 * per line on the path that reads hand-written files of hundreds of thousands of lines.
 */
export function readCheckedLine(parser: MapsLineParser, ls: number, e: number, line: number): number {
  const text = parser.text;
  const b = parser.builder;
  // What this line does that the kernel does not: module state (see devMask), counted in
  // `deviations` only if the line is read.
  devMask = 0;
  devLineStart = ls;
  // The kernel never indents a line, but pasted text often is: skip it (columns stay 1-based
  // from the real line start, and the padding columns count from the first digit).
  const s = skipSpaces(text, ls, e);
  if (s > ls) flagDev(DEV_INDENTED, ls);

  if (isFieldLine(text, s, e)) {
    return fail(parser, ls, e, line, s, 'field-line', `an smaps field line ("${token(text, s, e)}") in a maps file, which has none: not read`);
  }

  // start-end
  let st = scanHex(text, s, e);
  if (st === HEX_EMPTY) return fail(parser, ls, e, line, s, 'bad-range', `expected a hex start address, found ${found(text, s, e)}`);
  if (st === HEX_TOO_WIDE) return fail(parser, ls, e, line, s, 'too-wide', `start address "${token(text, s, scan[2])}" is wider than 64 bits`);
  if (scan[3] !== 0) flagDev(DEV_UPPER_CASE, s);
  const beginHi = scan[0];
  const beginLo = scan[1];
  let p = scan[2];
  if (p >= e || text.charCodeAt(p) !== 45) {
    return fail(parser, ls, e, line, p, 'bad-range', `expected "-" after the start address, found ${found(text, p, e)}`);
  }
  const endStart = p + 1;
  st = scanHex(text, endStart, e);
  if (st === HEX_EMPTY) return fail(parser, ls, e, line, endStart, 'bad-range', `expected a hex end address, found ${found(text, endStart, e)}`);
  if (st === HEX_TOO_WIDE) return fail(parser, ls, e, line, endStart, 'too-wide', `end address "${token(text, endStart, scan[2])}" is wider than 64 bits`);
  if (scan[3] !== 0) flagDev(DEV_UPPER_CASE, endStart);
  const endHi = scan[0];
  const endLo = scan[1];
  p = scan[2];
  const rangeEnd = p;
  if (p < e && text.charCodeAt(p) !== 32 && text.charCodeAt(p) !== 9) {
    return fail(parser, ls, e, line, s, 'bad-range', `invalid address range "${token(text, s, e)}": expected start-end in hex`);
  }
  if (endHi < beginHi || (endHi === beginHi && endLo < beginLo)) {
    return fail(parser, ls, e, line, s, 'bad-range', `end address 0x${token(text, endStart, p)} is below start address 0x${token(text, s, endStart - 1)}`);
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
  if (p >= e) return fail(parser, ls, e, line, p, 'missing-field', 'line ends after the address range: expected permissions, offset, device and inode');
  flagSeparator(text, rangeEnd, p);
  const permEnd = fieldEnd(text, p, e);
  const perms = permEnd - p === 4 ? parsePermissions(text, p) : -1;
  if (perms < 0) {
    return fail(parser, ls, e, line, p, 'bad-permissions', `invalid permissions "${token(text, p, e)}": expected [r-][w-][x-][sp]`);
  }

  // offset
  p = skipSpaces(text, permEnd, e);
  if (p >= e) return fail(parser, ls, e, line, p, 'missing-field', 'line ends after the permissions: expected offset, device and inode');
  flagSeparator(text, permEnd, p);
  st = scanHex(text, p, e);
  if (st === HEX_TOO_WIDE) return fail(parser, ls, e, line, p, 'too-wide', `offset "${token(text, p, e)}" is wider than 64 bits`);
  if (st === HEX_EMPTY || (scan[2] < e && text.charCodeAt(scan[2]) !== 32 && text.charCodeAt(scan[2]) !== 9)) {
    return fail(parser, ls, e, line, p, 'bad-offset', `invalid offset "${token(text, p, e)}": expected hex digits`);
  }
  if (scan[3] !== 0) flagDev(DEV_UPPER_CASE, p);
  flagWidth8(text, p, scan[2] - p);
  const offsetHi = scan[0];
  const offsetLo = scan[1];

  // major:minor
  const offsetEnd = scan[2];
  p = skipSpaces(text, offsetEnd, e);
  if (p >= e) return fail(parser, ls, e, line, p, 'missing-field', 'line ends after the offset: expected device (major:minor) and inode');
  flagSeparator(text, offsetEnd, p);
  const devStart = p;
  st = scanHex(text, p, e);
  let upper = scan[3] !== 0;
  const majorDigits = scan[2] - p;
  // A number wider than 32 bits is a well-formed field that does not fit: the "fit" message.
  const major = st === HEX_OK && scan[0] === 0 ? scan[1] : MAX_MAJOR + 1;
  let devOk = st !== HEX_EMPTY && scan[2] < e && text.charCodeAt(scan[2]) === 58 /* : */;
  let minor = 0;
  const minorStart = scan[2] + 1;
  if (devOk) {
    st = scanHex(text, minorStart, e);
    upper ||= scan[3] !== 0;
    minor = st === HEX_OK && scan[0] === 0 ? scan[1] : MAX_MINOR + 1;
    devOk = st !== HEX_EMPTY && (scan[2] === e || text.charCodeAt(scan[2]) === 32 || text.charCodeAt(scan[2]) === 9);
  }
  if (!devOk) {
    return fail(parser, ls, e, line, devStart, 'bad-device', `invalid device "${token(text, devStart, e)}": expected major:minor in hex`);
  }
  if (major > MAX_MAJOR || minor > MAX_MINOR) {
    return fail(parser, ls, e, line, devStart, 'bad-device', `invalid device "${token(text, devStart, e)}": major must fit 12 bits and minor 20 bits`);
  }
  if (upper) flagDev(DEV_UPPER_CASE, devStart);
  // %02x:%02x: two digits each, more only without a leading zero.
  const minorDigits = scan[2] - minorStart;
  if (majorDigits < 2 || minorDigits < 2 || (majorDigits > 2 && text.charCodeAt(devStart) === 48) || (minorDigits > 2 && text.charCodeAt(minorStart) === 48)) {
    flagDev(DEV_DEVICE, devStart);
  }

  // inode
  const devEnd = scan[2];
  p = skipSpaces(text, devEnd, e);
  if (p >= e) return fail(parser, ls, e, line, p, 'missing-field', 'line ends after the device: expected an inode number');
  flagSeparator(text, devEnd, p);
  st = scanDec(text, p, e);
  if (st === HEX_TOO_WIDE) return fail(parser, ls, e, line, p, 'too-wide', `inode "${token(text, p, e)}" is wider than 64 bits`);
  const q = scan[2];
  const inodeHi = scan[0];
  const inodeLo = scan[1];
  if (st === HEX_EMPTY || (q < e && text.charCodeAt(q) !== 32 && text.charCodeAt(q) !== 9)) {
    return fail(parser, ls, e, line, p, 'bad-inode', `invalid inode "${token(text, p, e)}": expected a decimal number`);
  }
  if (q - p > 1 && text.charCodeAt(p) === 48) flagDev(DEV_NUMBER_WIDTH, p);

  // pathname: everything after the kernel's padding (see PAD_64). The kernel always
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
      const col64 = s + Math.max(PAD_64, prefixLen) + 1;
      const col32 = s + Math.max(PAD_32, prefixLen) + 1;
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
    pathId = parser.names.intern(nameStart, e);
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
  c.kind[row] = KIND_ANONYMOUS; // named regions: classifyRegions, after the parse
  if (overPadding > 0) {
    parser.overPadded.push(row, overPadding);
    flagDev(DEV_EXTRA_PADDING_KEPT, r - overPadding);
  } else if (pathId >= 0 && (devMask & ((1 << DEV_TABS) | (1 << DEV_SHORT_PADDING))) !== 0) {
    parser.unalignedNames++;
  }
  for (let kind = 0, m = devMask; m !== 0; kind++, m >>>= 1) if ((m & 1) !== 0) parser.deviations.add(kind, line, devColumn[kind], ls, e);
  return row;
}
