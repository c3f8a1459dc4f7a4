/**
 * The maps parser on an input's bytes (issue 19: a 4,194,304-region file is ~200 MB of text, which
 * the text path decodes whole into a string and then encodes back into the scanner's memory). The
 * bytes go to the WebAssembly scanner (wasm/assembly/maps-scanner.ts) a window at a time, copied
 * as they are (TypedArray.set), and only the names are decoded, from the scanner's name arena.
 *
 * It reads only what the scanner takes whole: every line in the kernel's layout, the regions in
 * order, the names valid UTF-8, no NUL and no CR anywhere. Anything else (a line the checked path would read, warn about or
 * reject; regions out of order; bytes that are not UTF-8) returns undefined, and the caller
 * decodes the text and parses it as before: a line the scanner does not take needs the text for
 * its diagnostic, its line text and its columns (UTF-16 units), which the text path gives.
 * The rows are the ones readWasmLines (maps-wasm.ts) takes from the same lines of the decoded
 * text: the prefix of a line the scanner takes is ASCII, so its byte offsets are its character
 * offsets, and a name is the bytes up to the newline either way (test/input/parse-bytes.test.ts
 * holds the two entries equal).
 */
import { KIND_CODE, classifyPathname } from '../model/kind.js';
import { DiagnosticStore } from '../model/diagnostic-store.js';
import { PERM_SHARED } from '../model/permissions.js';
import { RegionTableBuilder, type RegionColumns } from '../model/region-table.js';
import { BATCH_ROWS, BatchViews, WINDOW_CHARS, WINDOW_MARGIN, arenaNames, copyRows } from './maps-wasm.js';
import type { ParseResult } from './result.js';
import { stacksMarked } from './row-passes.js';
import { WINDOW_PADDING, mapsScanner, scannerTrapped, type MapsScanner } from './wasm/maps-scanner.js';

/** Bytes of each of the three samples estimateByteLines counts newlines in (maps.ts estimateLines counts characters). */
export const LINE_SAMPLE_BYTES = 16_384;
const NL = 10;

/** Newlines in bytes[from..to). */
function newlinesIn(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = bytes.indexOf(NL, from); i >= 0 && i < to; i = bytes.indexOf(NL, i + 1)) n++;
  return n;
}

/** Where the three samples of an input of `length` bytes from `start` begin (for an input longer than four samples). */
export function lineSampleOffsets(start: number, length: number): [number, number, number] {
  return [start, start + ((length - LINE_SAMPLE_BYTES) >> 1), start + length - LINE_SAMPLE_BYTES];
}

/**
 * Rows to allocate for `length` bytes of lines whose three samples (lineSampleOffsets, each
 * LINE_SAMPLE_BYTES long) hold `newlines` newlines: scaled to the whole, plus 10 % (as maps.ts
 * estimateLines).
 */
export function estimateLinesOfSamples(newlines: number, length: number): number {
  return Math.ceil(((newlines + 1) * length * 1.1) / (3 * LINE_SAMPLE_BYTES)) + 64;
}

/** Rows to allocate for the lines of bytes[start..): exact for a short input, else three samples scaled to the whole. */
function estimateByteLines(bytes: Uint8Array, start: number): number {
  const length = bytes.length - start;
  if (length <= 4 * LINE_SAMPLE_BYTES) return newlinesIn(bytes, start, bytes.length) + 1;
  let newlines = 0;
  for (const from of lineSampleOffsets(start, length)) newlines += newlinesIn(bytes, from, from + LINE_SAMPLE_BYTES);
  return estimateLinesOfSamples(newlines, length);
}

/** Newlines in a sample (estimateLinesOfSamples). */
export const sampleNewlines = (sample: Uint8Array): number => newlinesIn(sample, 0, sample.length);

/** Any character past ASCII. */
const NOT_ASCII = /[^\0-\x7f]/;

/**
 * The kinds of the rows named by a name that is not ASCII, as classifyPathname gives them: the
 * scanner classifies a name's bytes against ASCII literals, where kind.ts's regular expressions
 * read characters (`\s` takes U+00A0 and U+2028 too).
 */
function classifyForeignNames(wasm: MapsScanner, names: readonly string[], builder: RegionTableBuilder): void {
  const fixed = new Map<number, [number, number]>();
  for (let id = 0; id < names.length; id++) {
    if (!NOT_ASCII.test(names[id])) continue;
    const kinds: [number, number] = [KIND_CODE[classifyPathname(names[id], false)], KIND_CODE[classifyPathname(names[id], true)]];
    if (kinds[0] !== wasm.nameKindOf(id, 0) || kinds[1] !== wasm.nameKindOf(id, 1)) fixed.set(id, kinds);
  }
  if (fixed.size === 0) return;
  const { pathId, perms, kind } = builder.columns;
  for (let i = 0; i < builder.length; i++) {
    const kinds = fixed.get(pathId[i]);
    if (kinds !== undefined) kind[i] = kinds[(perms[i] & PERM_SHARED) !== 0 ? 1 : 0];
  }
}

/** Room for at least one more row: the builder's columns doubled when full. */
function makeRoom(builder: RegionTableBuilder): void {
  if (builder.columns.beginHi.length > builder.length) return;
  builder.addRow();
  builder.popRow();
}

/**
 * One input's lines through the scanner into a builder, a window at a time: the bytes entry's
 * scan whether the input is in memory whole (readMapsBytes) or arrives in pieces (MapsByteScan).
 * The scanner holds one parse at a time: the scanner's start() resets it.
 */
class WindowScan {
  readonly builder: RegionTableBuilder;
  lines = 0;
  private readonly windowAt: number;
  private readonly batch: BatchViews;

  /** `rows`: the builder's first capacity; `windowBytes`: the largest window (the input's length when shorter than WINDOW_CHARS). */
  constructor(
    private readonly wasm: MapsScanner,
    rows: number,
    windowBytes: number,
  ) {
    this.builder = new RegionTableBuilder(rows);
    this.windowAt = wasm.start(windowBytes, BATCH_ROWS);
    this.batch = new BatchViews(wasm, BATCH_ROWS);
  }

  /**
   * Scans `bytes`: the input from a line's start on, WINDOW_CHARS of it or, `atEnd`, the rest of
   * it. The bytes it read (whole lines: at least up to WINDOW_MARGIN before its end, all of them
   * at the end), after which the next window starts; undefined at the first line the scanner does
   * not take (a line the checked path reads, or one that runs past the window), or when the bytes
   * hold a NUL or a CR. At the end it may count one byte past them: the newline a last line lacks.
   */
  window(bytes: Uint8Array, atEnd: boolean): number | undefined {
    const { wasm, builder } = this;
    const n = bytes.length;
    const window = new Uint8Array(wasm.memory.buffer, this.windowAt, n + WINDOW_PADDING);
    window.set(bytes);
    window.fill(0, n);
    // Windows overlap and cover the input end to end: a NUL or a CR anywhere is seen in one.
    if (wasm.nulOrCr(0, n) === 1) return undefined;
    // A line that starts at or after refillAt starts the next window.
    const refillAt = atEnd ? n : n - WINDOW_MARGIN;
    let s = 0;
    while (s < refillAt) {
      makeRoom(builder);
      const room = Math.min(builder.columns.beginHi.length - builder.length, BATCH_ROWS);
      const p = wasm.scan(s, refillAt, n, atEnd ? 1 : 0, 0, this.lines, room);
      const rows = wasm.rows();
      if (rows > 0) copyRows(this.batch, builder, rows);
      this.lines += rows;
      s = p;
      // Stopped before the window's last line with room left: a line the scanner does not take.
      if (s < refillAt && rows < room) return undefined;
    }
    return s;
  }

  /** The parse's result once every window is scanned: undefined when the regions do not ascend or a name is not UTF-8. */
  finish(): ParseResult | undefined {
    const { wasm, builder, lines } = this;
    if (wasm.ordered() !== 1) return undefined;
    // Fatal: a name that is not valid UTF-8 sends the input to the text path, whose decoder keeps its bytes as escapes.
    const names = arenaNames(wasm, true);
    if (names === undefined) return undefined;
    classifyForeignNames(wasm, names, builder);
    builder.names.replaceAll(names);
    const regions = builder.finish();
    // The scanner gave every row its kind, thread stacks too (as on the text path's WebAssembly reading).
    stacksMarked(regions);
    return {
      format: 'maps',
      regions,
      ...new DiagnosticStore().result(),
      stats: { lines, regions: regions.length, blank: 0, recognized: 0, rejected: 0 },
    };
  }
}

/** `read()`, or undefined when the scanner trapped (its memory could not grow): the text path reads the input. */
function untrapped<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (scannerTrapped(error)) return undefined;
    throw error;
  }
}

/**
 * parseProcMaps of the text that bytes[start..) decode to (UTF-8; `start` past a byte-order mark),
 * when the scanner reads every line of it, the regions ascend and no byte is a NUL or a CR: the same regions, names, kinds
 * and stats, and no diagnostic. Undefined otherwise (see the file's comment): then parse the text.
 */
export function readMapsBytes(bytes: Uint8Array, start: number): ParseResult | undefined {
  const wasm = mapsScanner();
  const len = bytes.length;
  if (wasm === null || start >= len) return undefined;
  return untrapped(() => {
    const scan = new WindowScan(wasm, estimateByteLines(bytes, start), Math.min(len - start, WINDOW_CHARS));
    for (let s = start; s < len; ) {
      const end = Math.min(len, s + WINDOW_CHARS);
      const read = scan.window(bytes.subarray(s, end), end === len);
      if (read === undefined) return undefined;
      s += read;
    }
    return scan.finish();
  });
}

/**
 * readMapsBytes of an input that arrives in pieces (a file read as a stream, issue 19: its read
 * and its parse overlap, and no buffer of the whole input is made), fed by its caller: push()
 * each piece in order, then end(). Each window is scanned as soon as its bytes are in; a piece's
 * bytes are copied, so the caller may reuse its buffer. The answer is readMapsBytes' of the whole
 * input (test/input/parse-bytes.test.ts), and undefined as soon as it would be (declined()).
 * The thread's one scanner holds the parse between pushes: no other parse may use it until end()
 * (a parse started meanwhile resets it: start()). The app's reader worker parses one input.
 */
export class MapsByteScan {
  private readonly scan: WindowScan | undefined;
  /** Bytes not yet scanned: pending[0..have), the input from a line's start on. */
  private pending: Uint8Array;
  private have = 0;
  private done = false;

  /** `rows`: the builder's first capacity (estimateLinesOfSamples); `length`: the input's bytes after `start`, when known. */
  constructor(rows: number, length: number) {
    const wasm = mapsScanner();
    this.pending = new Uint8Array(WINDOW_CHARS);
    this.scan = wasm === null || length === 0 ? undefined : untrapped(() => new WindowScan(wasm, rows, Math.min(length, WINDOW_CHARS)));
    this.done = this.scan === undefined;
  }

  /** Whether the input is declined already: the caller can stop reading it. */
  declined(): boolean {
    return this.done;
  }

  /**
   * The columns the scan writes its rows into, and how many it has written: rows [0, written) are
   * the table's, the rest of `columns` is fresh memory yet to be written in order (a caller may
   * have another thread touch those pages first: app/workers/prefault.ts). `columns` is another
   * object once the rows outgrow it. Undefined when the scan has declined or ended.
   */
  progress(): { columns: RegionColumns; written: number } | undefined {
    if (this.done || this.scan === undefined) return undefined;
    const { builder } = this.scan;
    return { columns: builder.columns, written: builder.length };
  }

  /** The input's next bytes. */
  push(piece: Uint8Array): void {
    for (let at = 0; at < piece.length && !this.done; ) {
      // A full window is scanned once a byte after it has come: until then it may be the input's last (read as the end: a last line without its newline).
      if (this.have === this.pending.length) {
        this.scanPending(false);
        continue;
      }
      const take = Math.min(piece.length - at, this.pending.length - this.have);
      this.pending.set(piece.subarray(at, at + take), this.have);
      this.have += take;
      at += take;
    }
  }

  /** The answer, once every piece is pushed. */
  end(): ParseResult | undefined {
    if (!this.done && this.have > 0) this.scanPending(true);
    if (this.done || this.scan === undefined) return undefined;
    this.done = true;
    return untrapped(() => this.scan!.finish());
  }

  /** Scans the pending bytes (a full window, or the input's last bytes) and keeps what the scan left for the next window. */
  private scanPending(atEnd: boolean): void {
    const read = untrapped(() => this.scan!.window(this.pending.subarray(0, this.have), atEnd));
    if (read === undefined) {
      this.done = true;
      return;
    }
    this.pending.copyWithin(0, read, this.have);
    this.have -= read;
  }
}

/** Lines of the map warmMapsScanner reads: enough for V8 to start the scanner's optimising compile. */
const WARM_LINES = 2048;

/**
 * Reads a made-up map of WARM_LINES kernel-layout lines (a library's segments and unnamed
 * regions) through readMapsBytes, and drops the answer: for a worker to call in idle time before
 * its first file. The scanner is then compiled, V8 has started its optimising compile (on another
 * thread), and the scanner's window and name arena are touched, so the first real parse pays none
 * of it (issue 19: 65,532 lines through this entry in a fresh Node process, 48–66 ms of CPU
 * without it, 29–35 ms after it; the warm-up itself 25–32 ms; page faults 2,030–2,160 →
 * 1,150–1,250). True when the scanner read it (false where WebAssembly is unavailable).
 */
export function warmMapsScanner(): boolean {
  const perms = 'r--p r-xp rw-p rw-p'.split(' ');
  let text = '';
  for (let i = 0; i < WARM_LINES; i++) {
    // Region i spans pages 3i to 3i + 2 above 0x7f0000000000 (hex of a small page count: exact).
    const page = (i * 3).toString(16).padStart(7, '0');
    const next = (i * 3 + 2).toString(16).padStart(7, '0');
    const head = `7f${page}000-7f${next}000 ${perms[i % 4]} 0000${i % 4}000 `;
    text += i % 4 === 3 ? `${head}00:00 0 \n` : `${`${head}fe:00 ${1000 + (i >> 2)}`.padEnd(72)} /usr/lib/x86_64-linux-gnu/lib${i >> 2}.so.6\n`;
  }
  return readMapsBytes(new TextEncoder().encode(text), 0) !== undefined;
}
