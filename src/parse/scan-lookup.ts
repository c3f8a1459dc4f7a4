/**
 * A lookup that scans: the answer for a few addresses in a /proc/<pid>/maps text without building
 * the whole region table (issue 19: `mapscope lookup --pid P ADDR` on a 60,000-region process).
 *
 * One pass of the maps parser's WebAssembly scanner (wasm/assembly/maps-scanner.ts) over the bytes, read
 * into its memory a window at a time without decoding (a file's read(2) calls write there: no copy
 * of the whole text is made), checks that every byte is printable ASCII or a newline (the fields'
 * bytes as it reads them, the names' after each batch),
 * that every line is in the kernel's own layout (the lines the parser's fast paths take:
 * fs/proc/task_mmu.c show_vma_header_prefix, the name at the kernel's column) and that the regions
 * ascend without overlapping, as proc_pid_maps(5) lists them; the rows of each batch it reads tell,
 * for each address, the line holding it or the lines around its gap (a binary search a batch), and
 * the two facts the address-space shape needs ([vsyscall] listed, the highest user end). Code that
 * is fast from its first call: a lookup runs once per process. Only those lines — with the line
 * before each, which thread-stack recognition looks at (model/thread-stacks.ts) — become rows of
 * a table, from the columns the scanner wrote for them (the same values the full parse takes from
 * it: maps-wasm.ts), their kinds as classifyRegions and markThreadStacks give them. Nothing of
 * the maps parser's JavaScript is used or loaded (the CLI's lookup loads this, the scanner and
 * the model: issue 19).
 *
 * What it gives up, to the full parse (scanLookup returns undefined): WebAssembly unavailable; any text it cannot prove
 * the full parse reads without a diagnostic — a byte outside printable ASCII (UTF-8 names, control
 * characters, CR, NUL, a BOM, gzip or binary data), a line not in the kernel's layout (blank, a
 * header, smaps fields, pmap or gdb output, upper-case hex, other padding), a last line without
 * its newline, an empty region, regions out of order or overlapping, a line that runs past the
 * scanner's window (a name of thousands of characters). test/parse/scan-lookup.test.ts
 * checks, on random texts and addresses, that every answer it gives is the full parse's.
 */
import { addressSpaceShapeOf, type AddressSpaceShape } from '../model/address-space.js';
import { classifyPathname, KIND_CODE } from '../model/kind.js';
import { PERM_SHARED } from '../model/permissions.js';
import { RegionTableBuilder, type RegionTable } from '../model/region-table.js';
import { markThreadStacks } from '../model/thread-stacks.js';
import { PERMS_COLUMN, SCANNER_COLUMNS, WINDOW_PADDING, mapsScanner, scannerTrapped, type MapsScanner } from './wasm/maps-scanner.js';

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

/**
 * Bytes of the text in the scanner's window at a time (read into it, or copied from the caller's
 * bytes): small, so that a fresh process touches few new pages (first-touch page faults were ~10 ms
 * of a lookup's CPU when a 60,000-region map was read whole into a new buffer).
 */
export const WINDOW_BYTES = 256 * 1024;
const WINDOW_MARGIN = 4096;
const BATCH_ROWS = 8192;
const NL = 10;
/** A row as the scanner wrote it: its SCANNER_COLUMNS values, then its perms. */
type ScannedRow = number[];
const PERMS_AT = SCANNER_COLUMNS.length;

/**
 * Reads the text's next bytes into `into` (at its start); returns how many, 0 at the end. For a
 * file, a read(2): procfs gives at most a page a call (fs/seq_file.c).
 */
export type ByteReader = (into: Uint8Array) => number;

/** (hi, lo) unsigned 32-bit halves of a 64-bit value. */
const halves = (a: bigint): [number, number] => [Number(a >> 32n), Number(a & 0xffff_ffffn)];
/** (ah, al) < (bh, bl), unsigned. */
const below = (ah: number, al: number, bh: number, bl: number) => ah < bh || (ah === bh && al < bl);

/** A ByteReader over bytes in memory, as much as asked each call. */
export function bytesReader(bytes: Uint8Array): ByteReader {
  let at = 0;
  return (into) => {
    const piece = bytes.subarray(at, at + into.length);
    into.set(piece);
    at += piece.length;
    return piece.length;
  };
}

/**
 * Scans maps text (its bytes) for the lines `addresses` need; undefined when the text is not one
 * the scan can vouch for (see the file's comment), or where WebAssembly is unavailable: then parse it whole.
 */
export function scanLookup(bytes: Uint8Array, addresses: readonly bigint[]): ScannedLookup | undefined {
  return scanLookupRead(bytesReader(bytes), addresses);
}

/** scanLookupRead's limits: the most bytes it reads (more: undefined), and its window's size (WINDOW_BYTES; tests make it small, to meet many seams). */
export interface ScanReadOptions {
  maxBytes?: number;
  windowBytes?: number;
}

/**
 * scanLookup of the text `read` gives, read straight into the scanner's window as the scan goes (no
 * copy of the whole text is made); undefined, as scanLookup, for a text it cannot vouch for, and for
 * one of more than `maxBytes` bytes. It may stop reading before the end when it gives up.
 */
export function scanLookupRead(read: ByteReader, addresses: readonly bigint[], options: ScanReadOptions = {}): ScannedLookup | undefined {
  const { maxBytes = Infinity, windowBytes = WINDOW_BYTES } = options;
  if (!(windowBytes >= 2 * WINDOW_MARGIN)) throw new RangeError(`scanLookupRead: a window of ${windowBytes} bytes is smaller than two margins`);
  try {
    return scanWithScanner(read, addresses, maxBytes, windowBytes);
  } catch (error) {
    // The scanner trapped (its memory could not grow): the full parse answers.
    if (scannerTrapped(error)) return undefined;
    throw error;
  }
}

/**
 * scanLookup's pass (which see). Long because: one pass over the windows and batches of the
 * scanner, with the state that carries from batch to batch (the two rows before, the highest user
 * end) in locals.
 */
function scanWithScanner(read: ByteReader, addresses: readonly bigint[], maxBytes: number, windowBytes: number): ScannedLookup | undefined {
  if (addresses.some((a) => a < 0n || a > 0xffff_ffff_ffff_ffffn)) return undefined;
  const wasm = mapsScanner();
  if (wasm === null) return undefined;
  // In ascending order, each address's answer is at or after the one before.
  const sorted = [...new Set(addresses)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(halves);
  /** The rows the answers need, and the row before each (line number → row). */
  const kept = new Map<number, ScannedRow>();
  const windowAt = wasm.start(windowBytes, BATCH_ROWS);
  let next = 0; // the next address to answer
  let line = 0; // lines read
  // The last two rows read before the batch (lines `line` and `line - 1`).
  let last: ScannedRow = [];
  let lastButOne: ScannedRow = [];
  let highUserEnd = 0n;
  // The window holds text[base..windowEnd); a line that starts at or after refillAt starts a new one; n is the text's length once read to its end.
  let s = 0;
  let base = 0;
  let windowEnd = 0;
  let refillAt = 0;
  let n = Infinity;
  let lastByte = -1; // the text's last byte read
  let namesChecked = 0; // the scanner's name bytes checked printable
  while (s < n) {
    if (s >= refillAt) {
      // The window's bytes from s on move to its start, and reads fill it after them.
      const window = new Uint8Array(wasm.memory.buffer, windowAt, windowBytes + WINDOW_PADDING);
      const carried = windowEnd - s;
      window.copyWithin(0, s - base, windowEnd - base);
      base = s;
      windowEnd = s + carried;
      for (let got = 1; got > 0 && windowEnd - base < windowBytes; windowEnd += got) got = read(window.subarray(windowEnd - base, windowBytes));
      if (windowEnd > maxBytes) return undefined;
      if (windowEnd - base < windowBytes) n = windowEnd; // the reads reached the end
      if (windowEnd > base) lastByte = window[windowEnd - base - 1];
      window.fill(0, windowEnd - base, windowEnd - base + WINDOW_PADDING);
      // An empty text, or a last line without its newline: the full parse's to read.
      if (windowEnd === n && lastByte !== NL) return undefined;
      refillAt = windowEnd === n ? n : windowEnd - WINDOW_MARGIN;
    }
    const p = wasm.scan(s - base, refillAt - base, windowEnd - base, windowEnd === n ? 1 : 0, 0, line, BATCH_ROWS);
    const rows = wasm.rows();
    // A line the scanner does not take (or one that runs past the window): the full parse's to read.
    if (base + p < refillAt && base + p < n && rows < BATCH_ROWS) return undefined;
    // The bytes outside printable ASCII: the names the batch added (see namesPrintable).
    if (!namesPrintable(wasm, windowAt, namesChecked)) return undefined;
    namesChecked = wasm.arenaLength();
    const buffer = wasm.memory.buffer;
    const columns = SCANNER_COLUMNS.map((_, k) => new Uint32Array(buffer, wasm.column(k), rows));
    const perms = new Uint8Array(buffer, wasm.column(PERMS_COLUMN), rows);
    const [beginHi, beginLo, endHi, endLo] = columns;
    const rowAt = (r: number): ScannedRow => (r >= 0 ? [...columns.map((c) => c[r]), perms[r]] : r === -1 ? last : lastButOne);
    // Each address's line: the first whose region ends above it (regions ascend: checked at the end).
    while (next < sorted.length) {
      const [qh, ql] = sorted[next];
      let lo = 0;
      let hi = rows;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (below(qh, ql, endHi[mid], endLo[mid])) hi = mid;
        else lo = mid + 1;
      }
      if (lo === rows) break; // in a later batch
      const at = line + lo + 1;
      kept.set(at, rowAt(lo));
      if (at > 1) kept.set(at - 1, rowAt(lo - 1));
      // In the gap below that line: the line below the gap, and the one before that, too.
      if (below(qh, ql, beginHi[lo], beginLo[lo]) && at > 2) kept.set(at - 2, rowAt(lo - 2));
      next++;
    }
    // The highest end of a region beginning in the lower half (regions ascend: the last such one).
    let user = 0;
    for (let top = rows; user < top; ) {
      const mid = (user + top) >> 1;
      if (beginHi[mid] < 0x8000_0000) user = mid + 1;
      else top = mid;
    }
    if (user > 0) highUserEnd = (BigInt(endHi[user - 1]) << 32n) | BigInt(endLo[user - 1]);
    if (rows >= 2) lastButOne = rowAt(rows - 2);
    else if (rows === 1) lastButOne = last;
    if (rows >= 1) last = rowAt(rows - 1);
    line += rows;
    s = base + p;
  }
  // Non-empty regions, each at or above the end of the one before (proc_pid_maps(5) lists them so).
  if (wasm.ordered() === 0) return undefined;
  // Addresses above every region: the last line bounds their gap.
  if (next < sorted.length) {
    kept.set(line, last);
    if (line > 1) kept.set(line - 1, lastButOne);
  }
  // The names the scanner interned, in id order (the scan saw printable ASCII only: any decoder reads them exactly).
  const names = new TextDecoder().decode(new Uint8Array(wasm.memory.buffer, wasm.arenaStart(), wasm.arenaLength())).split('\n');
  return { regions: tableOf(kept, names), addressSpace: addressSpaceShapeOf(names.includes('[vsyscall]'), highUserEnd), lines: line };
}

/**
 * True when the names the scanner interned after the first `from` bytes of its arena are printable
 * ASCII. This checks every byte of the text a scan took that its fields do not: the scanner takes a
 * line only when each byte before the name is a digit, a hex digit, a perms letter, '-', ':' or a
 * space, and the name is bytes it either copied to the arena (a new name) or found equal to a name
 * there (no newline in any). A pass over the whole window took ~3 ms of a 60,000-region lookup, and
 * 2–4 ms more on another thread, where V8 compiled it in its optimising tier (issue 19).
 */
function namesPrintable(wasm: MapsScanner, windowAt: number, from: number): boolean {
  const at = wasm.arenaStart() - windowAt;
  return wasm.printable(at + from, at + wasm.arenaLength()) !== 0;
}

/**
 * The table of the kept rows, in file order, with their names and kinds as the full parse gives
 * them: classifyRegions's kind of each name (region-checks.ts), then markThreadStacks over the
 * rows (each kept row's line before is kept too, so every guard page a row needs is there).
 */
function tableOf(kept: Map<number, ScannedRow>, names: readonly string[]): RegionTable {
  const builder = new RegionTableBuilder(kept.size);
  const columns = builder.columns;
  for (const l of [...kept.keys()].sort((a, b) => a - b)) {
    const values = kept.get(l)!;
    const row = builder.addRow();
    SCANNER_COLUMNS.forEach((name, k) => (columns[name][row] = values[k]));
    const perms = values[PERMS_AT];
    columns.perms[row] = perms;
    const id = columns.pathId[row]; // the scanner's id
    const name = id < 0 ? null : names[id];
    columns.pathId[row] = builder.names.intern(name);
    columns.kind[row] = KIND_CODE[classifyPathname(name, (perms & PERM_SHARED) !== 0)];
  }
  const table = builder.finish();
  markThreadStacks(table);
  return table;
}
