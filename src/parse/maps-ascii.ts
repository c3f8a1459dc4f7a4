/**
 * The maps parser's fast path for ASCII text — nearly every real maps file. TextEncoder.encodeInto
 * copies the text to bytes, a 1 MB window at a time, in native code (for ASCII, byte offsets are
 * character offsets), and the line loop reads them 4 at a time through a DataView: a hex field costs one step per 4
 * digits (two lookups of 2 characters each in a 64 K-entry table), where charCodeAt costs one
 * step per digit. (Measured on 262,144 lines: reading 48 bytes a line as 12 DataView words costs
 * 0.6 ns a word, as 48 charCodeAt calls 1.9 ns a character; decoding both addresses with the pair
 * table cost 40 % of the same decoding with 32-bit SWAR digit tests.)
 *
 * Like MapsLineParser.parseKernelLine, the loop takes only lines in the kernel's exact layout
 * (fs/proc/task_mmu.c show_vma_header_prefix: one space between fields, %08lx addresses and
 * offset, %02x:%02x device, %lu inode) and hands any other line, untouched, to the checked path;
 * the columns it writes are the ones the checked path would write (test/parse/maps-fast-path.test.ts).
 */
import { KIND_CODE } from '../model/kind.js';
import * as tables from './maps-ascii-tables.js';
import type { MapsLineParser } from './maps-line.js';
import { NameIndex } from './name-index.js';
import * as scanner from './maps-scan.js';

// Imported values copied once: an imported binding read in the hot loop can cost a call per read
// (CommonJS getters when tsx loads the module).
const KIND_ANONYMOUS = KIND_CODE.anonymous;
const PAD_WIDTH_64 = scanner.PAD_WIDTH_64;
const PAD_WIDTH_32 = scanner.PAD_WIDTH_32;
const HEX1 = tables.HEX1;
const HEX2 = tables.HEX2;
const PERM_WORDS = tables.PERM_WORDS;
const SPACES4 = 0x20202020;

/** Characters encoded at a time: bytes for the fields without a text-sized buffer per parse. */
const WINDOW_CHARS = 1 << 20;
/**
 * A line that starts this close to the end of the window starts a new window: an anonymous line
 * is read to its end without looking for the newline first, so it must lie inside the window.
 * (A longer line that runs into the window's end meets the zero padding there and goes to the
 * checked path.)
 */
const WINDOW_MARGIN = 4096;

/**
 * Reads every line of a maps text into the parser's builder: kernel-layout lines here, others
 * through parser.parseOtherLine. The parser's name index must be in `bytes` mode, and the kinds
 * of named regions are left to classifyRegions (the parser has `classify: false`).
 *
 * Returns the number of lines, or -1 as soon as a window of the text turns out not to be ASCII
 * (or there is no TextEncoder or TextDecoder): then the caller starts over with a new parser on
 * the character path. Sets parser.inOrder to false at a region that is empty or starts below the
 * end of the one before it (while it stays true, checkRegionOrder has nothing to report).
 *
 * A line's end is found while reading it: a newline cannot pass for any character a field
 * expects, so every field test stops there, and an anonymous line (no pathname) ends after its
 * inode and padding — only a line with a name, or one the fast path gives up on, costs an indexOf.
 *
 * Long because: one function with local variables only, so that the columns, the previous end
 * address and every field stay in registers (split into per-field calls, each would have to hand
 * back several values through memory). Nothing follows the loop but `return`: V8 compiles a long loop on stack
 * replacement during the first call and reuses that code in later calls, and an operation after
 * the loop that had not run before that compilation would deoptimize every later call.
 */
export function readAsciiLines(parser: MapsLineParser, text: string, start: number, crlf: boolean): number {
  const names = parser.names;
  if (typeof TextEncoder === 'undefined' || typeof TextDecoder === 'undefined' || !(names instanceof NameIndex)) return -1;
  const encoder = new TextEncoder();
  const len = text.length;
  // 8 bytes of zero padding after the window's bytes: it ends every field scan, and a 4-byte
  // read that starts inside the window stays inside the buffer.
  const bytes = new Uint8Array(Math.min(len - start, WINDOW_CHARS) + 8);
  const view = new DataView(bytes.buffer);
  // bytes[i] is text[base + i], for text positions below windowEnd; a line that starts at or
  // after refillAt starts a new window.
  let base = 0;
  let windowEnd = 0;
  let refillAt = start;
  const builder = parser.builder;
  let cols = builder.columns;
  let beginHiCol = cols.beginHi;
  let beginLoCol = cols.beginLo;
  let endHiCol = cols.endHi;
  let endLoCol = cols.endLo;
  let offsetHiCol = cols.offsetHi;
  let offsetLoCol = cols.offsetLo;
  let inodeHiCol = cols.inodeHi;
  let inodeLoCol = cols.inodeLo;
  let majorCol = cols.devMajor;
  let minorCol = cols.devMinor;
  let permsCol = cols.perms;
  let kindCol = cols.kind;
  let lineCol = cols.line;
  let pathIdCol = cols.pathId;
  let inOrder = parser.inOrder;
  // The end of the previous region, (hi, lo) unsigned. In a typed array, not in two variables: a
  // loop-carried variable holding values of 2^31 and more is a heap number in V8 (measured: 3.3 MB
  // of garbage per 262,144 lines).
  const prevEnd = new Uint32Array(2);
  let s = start;
  let line = 0;
  while (s < len) {
    line++;
    if (s >= refillAt) {
      base = s;
      windowEnd = Math.min(len, s + WINDOW_CHARS);
      const { read, written } = encoder.encodeInto(text.substring(s, windowEnd), bytes);
      if (read !== windowEnd - s || written !== windowEnd - s) return -1;
      bytes.fill(0, written, written + 8);
      refillAt = windowEnd === len ? len : windowEnd - WINDOW_MARGIN;
    }
    const row = builder.length;
    fast: {
      if (row >= beginHiCol.length) break fast; // full: the checked path grows the columns
      // Byte positions from here on.
      const sb = s - base;

      // start-end: hex, 1–16 digits each. (hi, lo) stay int32; the Uint32Array stores read them
      // unsigned. The usual x86-64 line (12-digit addresses, an 8-digit offset) is read at fixed
      // places; any other, four digits a step while there are four, then one a step.
      let p = sb;
      let w = 0;
      let a = 0;
      let d = 0;
      let beginHi = 0;
      let beginLo = 0;
      let endHi = 0;
      let endLo = 0;
      let beginDigits = 12;
      let endDigits = 12;
      // Bytes past the line are the next line's or padding; every one read below is checked.
      // (The space after the perms, at sb + 30, is checked with them.)
      // (%08lx: 12 digits have no leading zero.)
      const usual = bytes[sb + 12] === 45 && bytes[sb + 25] === 32 && bytes[sb + 39] === 32 && bytes[sb] !== 48 && bytes[sb + 13] !== 48;
      if (usual) {
        w = view.getInt32(sb, true);
        let w1 = view.getInt32(sb + 4, true);
        let w2 = view.getInt32(sb + 8, true);
        a = HEX2[w & 0xffff];
        d = HEX2[w >>> 16];
        let a1 = HEX2[w1 & 0xffff];
        let d1 = HEX2[w1 >>> 16];
        let a2 = HEX2[w2 & 0xffff];
        let d2 = HEX2[w2 >>> 16];
        if ((a | d | a1 | d1 | a2 | d2) < 0) break fast;
        beginHi = (a << 8) | d;
        beginLo = (a1 << 24) | (d1 << 16) | (a2 << 8) | d2;
        w = view.getInt32(sb + 13, true);
        w1 = view.getInt32(sb + 17, true);
        w2 = view.getInt32(sb + 21, true);
        a = HEX2[w & 0xffff];
        d = HEX2[w >>> 16];
        a1 = HEX2[w1 & 0xffff];
        d1 = HEX2[w1 >>> 16];
        a2 = HEX2[w2 & 0xffff];
        d2 = HEX2[w2 >>> 16];
        if ((a | d | a1 | d1 | a2 | d2) < 0) break fast;
        endHi = (a << 8) | d;
        endLo = (a1 << 24) | (d1 << 16) | (a2 << 8) | d2;
        p = sb + 25;
      } else {
        for (;;) {
          w = view.getInt32(p, true);
          a = HEX2[w & 0xffff];
          d = HEX2[w >>> 16];
          if ((a | d) < 0) break;
          beginHi = (beginHi << 16) | (beginLo >>> 16);
          beginLo = (beginLo << 16) | (a << 8) | d;
          p += 4;
          if (bytes[p] === 45) break; // the usual end: a multiple of 4 digits
        }
        while ((d = HEX1[bytes[p]]) >= 0) {
          beginHi = (beginHi << 4) | (beginLo >>> 28);
          beginLo = (beginLo << 4) | d;
          p++;
        }
        beginDigits = p - sb;
        // %08lx: 8 digits, or more without a leading zero.
        if (beginDigits < 8 || beginDigits > 16 || (beginDigits > 8 && bytes[sb] === 48) || bytes[p] !== 45 /* - */) break fast;
        const endStart = ++p;
        for (;;) {
          w = view.getInt32(p, true);
          a = HEX2[w & 0xffff];
          d = HEX2[w >>> 16];
          if ((a | d) < 0) break;
          endHi = (endHi << 16) | (endLo >>> 16);
          endLo = (endLo << 16) | (a << 8) | d;
          p += 4;
          if (bytes[p] === 32) break; // the usual end: a multiple of 4 digits
        }
        while ((d = HEX1[bytes[p]]) >= 0) {
          endHi = (endHi << 4) | (endLo >>> 28);
          endLo = (endLo << 4) | d;
          p++;
        }
        endDigits = p - endStart;
        if (endDigits < 8 || endDigits > 16 || (endDigits > 8 && bytes[endStart] === 48) || bytes[p] !== 32) break fast;
      }
      const bh = beginHi >>> 0;
      const bl = beginLo >>> 0;
      const eh = endHi >>> 0;
      const el = endLo >>> 0;
      if (eh < bh || (eh === bh && el < bl)) break fast;
      if (((beginLo | endLo) & 0xfff) !== 0) break fast; // whole pages only (mm/mmap.c)

      // perms: four characters and a space. One bit of each character tells the two letters of
      // its place apart (r w x: bit 6; s p: bit 0); the word must then be exactly that spelling.
      w = view.getInt32(p + 1, true);
      const perms = ((w >>> 6) & 1) | ((w >>> 13) & 2) | ((w >>> 20) & 4) | ((w >>> 21) & 8);
      if (w !== PERM_WORDS[perms] || bytes[p + 5] !== 32) break fast;
      let c = 0;

      // offset: hex, 1–16 digits.
      p += 6;
      let offsetHi = 0;
      let offsetLo = 0;
      if (usual) {
        w = view.getInt32(p, true);
        const w1 = view.getInt32(p + 4, true);
        a = HEX2[w & 0xffff];
        d = HEX2[w >>> 16];
        const a1 = HEX2[w1 & 0xffff];
        const d1 = HEX2[w1 >>> 16];
        if ((a | d | a1 | d1) < 0) break fast;
        offsetLo = (a << 24) | (d << 16) | (a1 << 8) | d1;
        p += 8;
      } else {
        const offsetStart = p;
        for (;;) {
          w = view.getInt32(p, true);
          a = HEX2[w & 0xffff];
          d = HEX2[w >>> 16];
          if ((a | d) < 0) break;
          offsetHi = (offsetHi << 16) | (offsetLo >>> 16);
          offsetLo = (offsetLo << 16) | (a << 8) | d;
          p += 4;
          if (bytes[p] === 32) break; // the usual end: a multiple of 4 digits
        }
        while ((d = HEX1[bytes[p]]) >= 0) {
          offsetHi = (offsetHi << 4) | (offsetLo >>> 28);
          offsetLo = (offsetLo << 4) | d;
          p++;
        }
        const offsetDigits = p - offsetStart;
        if (offsetDigits < 8 || offsetDigits > 16 || (offsetDigits > 8 && bytes[offsetStart] === 48) || bytes[p] !== 32) break fast;
      }

      // major:minor — %02x:%02x: 2–3 and 2–5 hex digits (the kernel's 12 and 20 bits), more than
      // two only without a leading zero. Two and two first, in two lookups.
      p++;
      let major = 0;
      let minor = 0;
      w = view.getInt32(p, true);
      if (((w >>> 16) & 0xff) === 58 && (major = HEX2[w & 0xffff]) >= 0 && (minor = HEX2[view.getUint16(p + 3, true)]) >= 0 && bytes[p + 5] === 32) {
        p += 5;
      } else {
        const majorStart = p;
        major = 0;
        while ((d = HEX1[bytes[p]]) >= 0) {
          major = (major << 4) | d;
          p++;
        }
        const majorDigits = p - majorStart;
        if (majorDigits < 2 || majorDigits > 3 || (majorDigits === 3 && bytes[majorStart] === 48) || bytes[p] !== 58 /* : */) break fast;
        const minorStart = ++p;
        minor = 0;
        while ((d = HEX1[bytes[p]]) >= 0) {
          minor = (minor << 4) | d;
          p++;
        }
        const minorDigits = p - minorStart;
        if (minorDigits < 2 || minorDigits > 5 || (minorDigits > 2 && bytes[minorStart] === 48) || bytes[p] !== 32) break fast;
      }

      // inode: 1–15 decimal digits (exact in a double), %lu: no leading zero.
      const inodeStart = ++p;
      let inode = 0;
      for (;;) {
        c = bytes[p];
        if (c < 48 || c > 57) break;
        inode = inode * 10 + (c - 48);
        p++;
      }
      if (p === inodeStart || p - inodeStart > 15 || (p - inodeStart > 1 && bytes[inodeStart] === 48)) break fast;

      // The end of the line, and the pathname: the rule of readCheckedLine (maps-checked-line.ts) after
      // a one-space separator. nb/eb: the byte positions of the newline and of the line's end.
      let nb = 0;
      let eb = 0;
      let pathId = -1;
      if (c === 10) {
        nb = eb = p; // "inode\n"
      } else if (c === 13 && crlf && bytes[p + 1] === 10) {
        eb = p; // "inode\r\n" in a CRLF file
        nb = p + 1;
      } else if (c === 0 && base + p === len) {
        nb = eb = p; // the end of the text
      } else if (c === 32) {
        let q = p + 1;
        while (view.getInt32(q, true) === SPACES4) q += 4;
        while (bytes[q] === 32) q++;
        c = bytes[q];
        if (c === 10) {
          nb = eb = q; // anonymous, padded
        } else if (c === 13 && crlf && bytes[q + 1] === 10) {
          eb = q;
          nb = q + 1;
        } else if (c === 0 && base + q === len) {
          nb = eb = q;
        } else {
          // A name (bytes[q] is neither a space nor a line end), at the kernel's column exactly;
          // more or less padding is the checked path's to judge. Then its end.
          const prefixLength = p + 1 - sb;
          const col64 = sb + (prefixLength > PAD_WIDTH_64 ? prefixLength : PAD_WIDTH_64) + 1;
          const col32 = sb + (prefixLength > PAD_WIDTH_32 ? prefixLength : PAD_WIDTH_32) + 1;
          if (q !== col64 && !(beginDigits === 8 && endDigits === 8 && q === col32)) break fast;
          const nameStart = q;
          // The previous line's name, followed by the line's end, inside the window: no search.
          // (A name never holds a newline, so the first newline after it is the line's.)
          const t = nameStart + names.previousLength;
          c = t > nameStart && base + t <= windowEnd ? bytes[t] : -1;
          if (c === 10 || (c === 13 && crlf && bytes[t + 1] === 10) || (c === 0 && base + t === len)) {
            pathId = names.previousAt(view, nameStart);
          }
          if (pathId >= 0) {
            eb = t;
            nb = c === 13 ? t + 1 : t;
          } else {
            // Any other name: find the line's end, which must lie inside the window.
            const nl = text.indexOf('\n', base + q);
            nb = (nl < 0 ? len : nl) - base;
            if (base + nb > windowEnd || (base + nb === windowEnd && windowEnd !== len)) break fast;
            eb = crlf && nl >= 0 && bytes[nb - 1] === 13 ? nb - 1 : nb;
            if (q < eb) pathId = names.internBytes(view, nameStart, eb);
          }
        }
      } else {
        break fast;
      }

      beginHiCol[row] = beginHi;
      beginLoCol[row] = beginLo;
      endHiCol[row] = endHi;
      endLoCol[row] = endLo;
      offsetHiCol[row] = offsetHi;
      offsetLoCol[row] = offsetLo;
      majorCol[row] = major;
      minorCol[row] = minor;
      if (inode < 0x1_0000_0000) {
        inodeHiCol[row] = 0;
        inodeLoCol[row] = inode;
      } else {
        inodeHiCol[row] = Math.floor(inode / 0x1_0000_0000);
        inodeLoCol[row] = inode % 0x1_0000_0000;
      }
      permsCol[row] = perms;
      lineCol[row] = line;
      pathIdCol[row] = pathId;
      kindCol[row] = KIND_ANONYMOUS; // named regions: classifyRegions, after the parse
      builder.length = row + 1;
      if (inOrder && ((bh === eh && bl === el) || bh < prevEnd[0] || (bh === prevEnd[0] && bl < prevEnd[1]))) {
        inOrder = false;
        parser.inOrder = false;
      }
      prevEnd[0] = eh;
      prevEnd[1] = el;
      s = base + nb + 1;
      continue;
    }

    // Not the kernel's layout (or no room): the checked path, which reports what is wrong.
    let nl = text.indexOf('\n', s);
    if (nl < 0) nl = len;
    let e = nl;
    if (crlf && nl < len && e > s && text.charCodeAt(e - 1) === 13) e--; // see textShape
    parser.parseOtherLine(s, e, line);
    if (builder.length > row) {
      if (builder.columns !== cols) {
        cols = builder.columns;
        beginHiCol = cols.beginHi;
        beginLoCol = cols.beginLo;
        endHiCol = cols.endHi;
        endLoCol = cols.endLo;
        offsetHiCol = cols.offsetHi;
        offsetLoCol = cols.offsetLo;
        inodeHiCol = cols.inodeHi;
        inodeLoCol = cols.inodeLo;
        majorCol = cols.devMajor;
        minorCol = cols.devMinor;
        permsCol = cols.perms;
        kindCol = cols.kind;
        lineCol = cols.line;
        pathIdCol = cols.pathId;
      }
      const bh = beginHiCol[row];
      const bl = beginLoCol[row];
      const eh = endHiCol[row];
      const el = endLoCol[row];
      if (inOrder && ((bh === eh && bl === el) || bh < prevEnd[0] || (bh === prevEnd[0] && bl < prevEnd[1]))) {
        inOrder = false;
        parser.inOrder = false;
      }
      prevEnd[0] = eh;
      prevEnd[1] = el;
    }
    s = nl + 1;
  }
  return line;
}
