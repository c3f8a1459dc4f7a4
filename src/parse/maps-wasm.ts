/**
 * The maps parser's WebAssembly path (issue 19: fast from the first call). The text is copied to
 * the scanner's memory a window at a time (TextEncoder.encodeInto: native code; for ASCII text,
 * byte offsets are character offsets), and the scanner (wasm/assembly/maps-scanner.ts) reads the kernel-
 * layout lines of each window into columns of a batch of rows, interns their pathnames and gives
 * each row its kind (the name's, classified once per distinct name, or a thread stack found by the
 * guard below it: no pass over the table after the parse); the
 * rows are copied into the builder's columns a batch at a time (TypedArray.set). A line the
 * scanner does not take goes, untouched, to the checked path (parser.parseOtherLine), and the scan
 * goes on after it: the lines it takes and the columns it writes are readAsciiLines' (maps-ascii.ts),
 * the path the parser takes where WebAssembly is not available (test/parse/maps-fast-path.test.ts
 * holds all paths to the checked path's answer).
 */
import { KIND_CODE, classifyPathname } from '../model/kind.js';
import { PERM_SHARED } from '../model/permissions.js';
import type { PathnameList } from '../model/pathname-list.js';
import type { RegionTableBuilder } from '../model/region-table.js';
import type { MapsLineParser } from './maps-line.js';
import type { PathnameInterner } from './name-index.js';
import { KIND_ASK, KIND_COLUMN, PERMS_COLUMN, SCANNER_COLUMNS, WINDOW_PADDING, type MapsScanner } from './wasm/maps-scanner.js';

/**
 * Characters (or, on the bytes entry, bytes) copied to the scanner at a time. The window's pages
 * are fresh memory at a process's or worker's first parse, and first touch of fresh memory is
 * slow (issue 19: ~13 µs a page on the VM of its figures): a 1 MiB window cost a first parse
 * 256 page faults where this one costs 64; the copies are the same bytes either way.
 */
export const WINDOW_CHARS = 1 << 18;
/** A line that starts this close to the end of the window starts a new window (as in maps-ascii.ts). */
export const WINDOW_MARGIN = 4096;
/** Rows the scanner writes before the caller copies them out (52 bytes a row in its memory). */
export const BATCH_ROWS = 1024;

/**
 * The pathnames of a parse on the WebAssembly path: the scanner's name table, which the checked
 * path's names (intern) join, so that a name has one id whichever path read it. Ids are the
 * scanner's, in order of first appearance, as NameIndex gives them.
 */
export class WasmNames implements PathnameInterner {
  private readonly encoder = new TextEncoder();
  /** Names that are not ASCII (only the checked path meets them, in a line that runs past a window), by id. */
  private readonly foreign = new Map<string, number>();
  /** The text the scanner's window holds: text[windowStart..windowEnd) at windowAt. */
  windowStart = 0;
  windowEnd = 0;
  windowAt = 0;

  constructor(
    private readonly text: string,
    list: PathnameList,
    readonly scanner: MapsScanner,
  ) {
    // The scanner numbers names from 0: the list must not have any of its own.
    if (list.count !== 0) throw new Error('WasmNames: the builder already has pathnames');
  }

  /** The kind code (KIND_CODE) of name `id` in a region that is shared or not: the scanner's, or for a name that is not ASCII, classifyPathname's. */
  kindOf(id: number, shared: boolean): number {
    const kind = this.scanner.nameKindOf(id, shared ? 1 : 0);
    if (kind !== KIND_ASK) return kind;
    for (const [name, foreignId] of this.foreign) if (foreignId === id) return KIND_CODE[classifyPathname(name, shared)];
    throw new Error(`WasmNames: no name ${id}`);
  }

  /** The id of the pathname text[s..e), interned if new (for the checked path). */
  intern(s: number, e: number): number {
    const len = e - s;
    const wasm = this.scanner;
    // In the window, its bytes are there already (and ASCII: the window is).
    if (s >= this.windowStart && e <= this.windowEnd) return wasm.intern(this.windowAt + (s - this.windowStart), len);
    const at = wasm.scratch(len);
    const { read, written } = this.encoder.encodeInto(this.text.substring(s, e), new Uint8Array(wasm.memory.buffer, at, len));
    if (read === len && written === len) return wasm.intern(at, len);
    const name = this.text.slice(s, e);
    let id = this.foreign.get(name);
    if (id === undefined) {
      id = wasm.reserveName();
      this.foreign.set(name, id);
    }
    return id;
  }

  /**
   * Every name, in id order, as strings that share no memory with the text: one decode of the
   * scanner's arena, where the names lie one after another, each followed by a newline, and one
   * split (native code, no loop per name: 65,532 lines of 6,949 names, 4 ms of a first parse
   * when sliced one by one). Names that are not ASCII are the JavaScript side's.
   */
  detachedNames(): string[] {
    const out = arenaNames(this.scanner, false) as string[];
    for (const [name, id] of this.foreign) out[id] = name;
    return out;
  }
}

/** Bytes of the arena decoded at a time (arenaNames). */
const ARENA_PIECE = 32 * 1024;

/**
 * The scanner's names, in id order: its arena, where each name is followed by a newline, decoded
 * and split a piece at a time, each piece ending at a newline (which no UTF-8 sequence holds, so
 * the pieces decode as the whole does). Not in one decode: a string of more than ~128 kB is
 * allocated in fresh pages of V8's large-object space, and first touch of fresh memory is slow
 * (65,532 lines, 6,949 names, a 267 kB arena: 1.07 ms in one decode, 0.03 ms in 32 kB pieces,
 * Node 20, warm). `fatal`: undefined when the arena is not valid UTF-8 (the bytes entry then
 * leaves the input to the text path); otherwise such bytes decode to U+FFFD. `piece`: tests make it small.
 */
export function arenaNames(wasm: MapsScanner, fatal: boolean, piece = ARENA_PIECE): string[] | undefined {
  const out: string[] = [];
  if (wasm.nameCount() === 0) return out;
  const arena = new Uint8Array(wasm.memory.buffer, wasm.arenaStart(), wasm.arenaLength());
  const decoder = new TextDecoder('utf-8', { fatal, ignoreBOM: true });
  for (let from = 0; from < arena.length; ) {
    // The last newline of the piece, or the first after it (a name longer than a piece).
    let to = from + piece >= arena.length ? arena.length - 1 : arena.lastIndexOf(10, from + piece - 1);
    if (to < from) to = arena.indexOf(10, from + piece);
    let text: string;
    try {
      text = decoder.decode(arena.subarray(from, to));
    } catch {
      return undefined;
    }
    for (const name of text.split('\n')) out.push(name);
    from = to + 1;
  }
  return out;
}

/**
 * Views of the scanner's batch columns (SCANNER_COLUMNS, then the perms and the kinds), made once per memory:
 * their addresses are fixed from start() on, and a view stays valid until the memory grows (a
 * new name can grow it). A fresh process runs this in the interpreter, once per batch: 14 views
 * and 14 calls into WebAssembly a batch cost more than the copies themselves.
 */
export class BatchViews {
  private buffer: ArrayBuffer | null = null;
  private views: (Uint32Array | Int32Array | Uint8Array)[] = [];
  private readonly at: number[];

  constructor(private readonly wasm: MapsScanner, private readonly rows: number) {
    this.at = SCANNER_COLUMNS.map((_, k) => wasm.column(k));
    this.at.push(wasm.column(PERMS_COLUMN), wasm.column(KIND_COLUMN));
  }

  /** The views, for the memory as it is now. */
  get(): (Uint32Array | Int32Array | Uint8Array)[] {
    const buffer = this.wasm.memory.buffer;
    if (buffer !== this.buffer) {
      this.buffer = buffer;
      this.views = this.at.map((at, k) =>
        k >= SCANNER_COLUMNS.length ? new Uint8Array(buffer, at, this.rows) : SCANNER_COLUMNS[k] === 'pathId' ? new Int32Array(buffer, at, this.rows) : new Uint32Array(buffer, at, this.rows),
      );
    }
    return this.views;
  }
}

/** Copies the scanner's batch of `n` rows to the end of the builder (which has room for them). */
export function copyRows(batch: BatchViews, builder: RegionTableBuilder, n: number): void {
  const row = builder.length;
  const cols = builder.columns;
  const views = batch.get();
  const k = SCANNER_COLUMNS.length;
  for (let c = 0; c < k; c++) cols[SCANNER_COLUMNS[c]].set(n === BATCH_ROWS ? views[c] : views[c].subarray(0, n), row);
  cols.perms.set(n === BATCH_ROWS ? views[k] : views[k].subarray(0, n), row);
  cols.kind.set(n === BATCH_ROWS ? views[k + 1] : views[k + 1].subarray(0, n), row);
  builder.length = row + n;
}

/**
 * Reads every line of a maps text into the parser's builder: kernel-layout lines through the
 * scanner, others through parser.parseOtherLine; the parser's names must be `names`. Returns the
 * number of lines, or -1 as soon as a window of the text turns out not to be ASCII: then the
 * caller starts over with a new parser on the character path. Sets parser.inOrder as
 * readAsciiLines does (false at a region that is empty or starts below the end of the one before).
 */
export function readWasmLines(parser: MapsLineParser, names: WasmNames, text: string, start: number, crlf: boolean): number {
  const wasm = names.scanner;
  const len = text.length;
  const builder = parser.builder;
  const encoder = new TextEncoder();
  const windowAt = wasm.start(Math.min(len - start, WINDOW_CHARS), BATCH_ROWS);
  names.windowAt = windowAt;
  const batch = new BatchViews(wasm, BATCH_ROWS);
  // The window holds text[base..windowEnd); a line that starts at or after refillAt starts a new one.
  let base = 0;
  let windowEnd = 0;
  let refillAt = start;
  let s = start;
  let line = 0;
  while (s < len) {
    if (s >= refillAt) {
      base = s;
      windowEnd = Math.min(len, s + WINDOW_CHARS);
      const chars = windowEnd - s;
      const bytes = new Uint8Array(wasm.memory.buffer, windowAt, chars + WINDOW_PADDING);
      const { read, written } = encoder.encodeInto(text.substring(s, windowEnd), bytes.subarray(0, chars));
      if (read !== chars || written !== chars) return -1;
      bytes.fill(0, chars);
      refillAt = windowEnd === len ? len : windowEnd - WINDOW_MARGIN;
      names.windowStart = base;
      names.windowEnd = windowEnd;
    }
    const room = Math.min(builder.columns.beginHi.length - builder.length, BATCH_ROWS);
    if (room > 0) {
      const p = wasm.scan(s - base, refillAt - base, windowEnd - base, windowEnd === len ? 1 : 0, crlf ? 1 : 0, line, room);
      const n = wasm.rows();
      if (n > 0) copyRows(batch, builder, n);
      line += n;
      s = base + p;
      // Past the window's lines, or the batch (or the builder) full: go on (a new window, or a new batch).
      if (s >= refillAt || n === room) continue;
    }
    // A line the scanner did not take (or no room left: the checked path grows the columns).
    let nl = text.indexOf('\n', s);
    if (nl < 0) nl = len;
    let e = nl;
    if (crlf && nl < len && e > s && text.charCodeAt(e - 1) === 13) e--; // see textShape
    const row = builder.length;
    parser.parseOtherLine(s, e, ++line);
    if (builder.length > row) {
      // Its kind, as the scanner gives its own rows theirs (the name's, or a thread stack above the row before).
      const c = builder.columns;
      const id = c.pathId[row];
      const kind = wasm.noteRegion(c.beginHi[row], c.beginLo[row], c.endHi[row], c.endLo[row], c.perms[row], id >= 0 ? 1 : 0);
      c.kind[row] = id >= 0 ? names.kindOf(id, (c.perms[row] & PERM_SHARED) !== 0) : kind;
    }
    s = nl + 1;
  }
  parser.inOrder = wasm.ordered() === 1;
  return line;
}
