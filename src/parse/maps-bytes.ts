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
import { RegionTableBuilder } from '../model/region-table.js';
import { BATCH_ROWS, BatchViews, WINDOW_CHARS, WINDOW_MARGIN, arenaNames, copyRows } from './maps-wasm.js';
import type { ParseResult } from './result.js';
import { stacksMarked } from './row-passes.js';
import { WINDOW_PADDING, mapsScanner, scannerTrapped, type MapsScanner } from './wasm/maps-scanner.js';

/** Bytes of each of the three samples estimateByteLines counts newlines in (maps.ts estimateLines counts characters). */
const LINE_SAMPLE_BYTES = 16_384;
const NL = 10;

/** Rows to allocate for the lines of bytes[start..): exact for a short input, else three samples scaled to the whole, plus 10 % (as maps.ts estimateLines). */
function estimateByteLines(bytes: Uint8Array, start: number): number {
  const length = bytes.length - start;
  const count = (from: number, to: number) => {
    let n = 0;
    for (let i = bytes.indexOf(NL, from); i >= 0 && i < to; i = bytes.indexOf(NL, i + 1)) n++;
    return n;
  };
  if (length <= 4 * LINE_SAMPLE_BYTES) return count(start, bytes.length) + 1;
  let newlines = 0;
  for (const from of [start, start + ((length - LINE_SAMPLE_BYTES) >> 1), bytes.length - LINE_SAMPLE_BYTES]) newlines += count(from, from + LINE_SAMPLE_BYTES);
  return Math.ceil(((newlines + 1) * length * 1.1) / (3 * LINE_SAMPLE_BYTES)) + 64;
}

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
 * The lines of bytes[start..) through the scanner into a builder; undefined at the first line it
 * does not take (a line the checked path reads, or one that runs past a window), or at a window
 * that holds a NUL or a CR.
 */
function scanAll(wasm: MapsScanner, bytes: Uint8Array, start: number): { builder: RegionTableBuilder; lines: number } | undefined {
  const len = bytes.length;
  const builder = new RegionTableBuilder(estimateByteLines(bytes, start));
  const windowAt = wasm.start(Math.min(len - start, WINDOW_CHARS), BATCH_ROWS);
  const batch = new BatchViews(wasm, BATCH_ROWS);
  // The window holds bytes[base..windowEnd); a line that starts at or after refillAt starts a new one.
  let base = 0;
  let windowEnd = 0;
  let refillAt = start;
  let s = start;
  let lines = 0;
  while (s < len) {
    if (s >= refillAt) {
      base = s;
      windowEnd = Math.min(len, s + WINDOW_CHARS);
      const n = windowEnd - s;
      const window = new Uint8Array(wasm.memory.buffer, windowAt, n + WINDOW_PADDING);
      window.set(bytes.subarray(s, windowEnd));
      window.fill(0, n);
      // Windows overlap and cover bytes[start..) end to end: a NUL or a CR anywhere is seen in one.
      if (wasm.nulOrCr(0, n) === 1) return undefined;
      refillAt = windowEnd === len ? len : windowEnd - WINDOW_MARGIN;
    }
    makeRoom(builder);
    const room = Math.min(builder.columns.beginHi.length - builder.length, BATCH_ROWS);
    const p = wasm.scan(s - base, refillAt - base, windowEnd - base, windowEnd === len ? 1 : 0, 0, lines, room);
    const n = wasm.rows();
    if (n > 0) copyRows(batch, builder, n);
    lines += n;
    s = base + p;
    // Stopped before the window's last line with room left: a line the scanner does not take.
    if (s < refillAt && n < room) return undefined;
  }
  return { builder, lines };
}

/**
 * parseProcMaps of the text that bytes[start..) decode to (UTF-8; `start` past a byte-order mark),
 * when the scanner reads every line of it, the regions ascend and no byte is a NUL or a CR: the same regions, names, kinds
 * and stats, and no diagnostic. Undefined otherwise (see the file's comment): then parse the text.
 */
export function readMapsBytes(bytes: Uint8Array, start: number): ParseResult | undefined {
  const wasm = mapsScanner();
  if (wasm === null || start >= bytes.length) return undefined;
  let read: ReturnType<typeof scanAll>;
  let names: string[] | undefined;
  try {
    read = scanAll(wasm, bytes, start);
    if (read === undefined || wasm.ordered() !== 1) return undefined;
    // Fatal: a name that is not valid UTF-8 sends the input to the text path, whose decoder keeps its bytes as escapes.
    names = arenaNames(wasm, true);
    if (names === undefined) return undefined;
    classifyForeignNames(wasm, names, read.builder);
  } catch (error) {
    // The scanner trapped (its memory could not grow): the text path reads the input.
    if (scannerTrapped(error)) return undefined;
    throw error;
  }
  const { builder, lines } = read;
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
