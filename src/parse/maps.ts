/**
 * /proc/<pid>/maps — one region a line. References: proc_pid_maps(5); the kernel's
 * fs/proc/task_mmu.c (show_vma_header_prefix, show_map_vma); docs/format.md.
 *
 * parseProcMaps reads an ASCII text (nearly every real file) through the WebAssembly scanner
 * (maps-wasm.ts; where WebAssembly is not available, through maps-ascii.ts, 4 bytes at a time), and
 * any other text through MapsLineParser (maps-line.ts) by character codes; a line not
 * in the kernel's layout goes to the checked path, which says what is wrong, or reads it and
 * counts how it differs (maps-deviations.ts: one warning per kind). Then the padding decision of
 * maps-padding.ts, the kinds, order warnings and diagnostics of region-checks.ts. The regions
 * have their kinds, thread stacks included (model/thread-stacks.ts): the scanner gives each row
 * its kind as it reads it; the other paths classify and mark after the parse.
 */
import { DiagnosticStore } from '../model/diagnostic-store.js';
import { RegionTableBuilder } from '../model/region-table.js';
import { textShape, type LineEndings } from './lines.js';
import { readAsciiLines } from './maps-ascii.js';
import { MapsLineParser } from './maps-line.js';
import { WasmNames, readWasmLines } from './maps-wasm.js';
import { settleExtraPadding } from './maps-padding.js';
import { checkRegionOrder, classifyRegions, lineTextLookup } from './region-checks.js';
import type { ParseResult } from './result.js';
import { markTableThreadStacks, stacksMarked } from './row-passes.js';
import { keepShapes } from './shape-keeper.js';
import { mapsScanner, scannerTrapped } from './wasm/maps-scanner.js';

export { MapsLineParser } from './maps-line.js';
export { checkRegionOrder, classifyRegions, lineTextLookup } from './region-checks.js';

/** How many lines text has from `start` on (a final line without a newline counts). */
function countLines(text: string, start: number): number {
  let lines = 0;
  let last = start - 1;
  for (let i = text.indexOf('\n', start); i >= 0; i = text.indexOf('\n', i + 1)) {
    lines++;
    last = i;
  }
  return last < text.length - 1 ? lines + 1 : lines;
}

/** Characters of each of the three samples estimateLines counts newlines in. */
const LINE_SAMPLE_CHARS = 16_384;

/**
 * Rows to allocate for the lines of text: the exact count for a short text; for a long one, the
 * newlines of three samples (start, middle, end) scaled to the whole, plus 10 %. Counting every
 * line would cost as much as the newline scan of the parse itself; a low estimate only costs the
 * builder one doubling, and finish() keeps a few % of unused rows rather than copy the columns.
 */
function estimateLines(text: string, start: number): number {
  const chars = text.length - start;
  if (chars <= 4 * LINE_SAMPLE_CHARS) return countLines(text, start);
  let newlines = 0;
  for (const from of [start, start + ((chars - LINE_SAMPLE_CHARS) >> 1), text.length - LINE_SAMPLE_CHARS]) {
    const to = from + LINE_SAMPLE_CHARS;
    for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) newlines++;
  }
  return Math.ceil(((newlines + 1) * chars * 1.1) / (3 * LINE_SAMPLE_CHARS)) + 64;
}

/**
 * Parses the text of a /proc/<pid>/maps file. Tolerant: every line becomes a region, a blank
 * line, or an error diagnostic, and lines after a bad line still parse.
 */
export function parseProcMaps(text: string, ends?: LineEndings): ParseResult {
  return parseProcMapsUsing(text, 'wasm', ends);
}

/**
 * How parseProcMapsUsing reads kernel-layout lines: `wasm` (ASCII text through the WebAssembly
 * scanner, maps-wasm.ts; where WebAssembly is not available, `bytes`), `bytes` (ASCII text as
 * bytes, 4 at a time, maps-ascii.ts), `text` (character codes, MapsLineParser.parseKernelLine) or
 * `checked` (no fast path: every line through readCheckedLine, maps-checked-line.ts). `wasm` and
 * `bytes` read a text that is not ASCII again by `text`.
 */
export type MapsReadPath = 'wasm' | 'bytes' | 'text' | 'checked';

/** A parse's state after the line loop. */
interface LinesRead {
  parser: MapsLineParser;
  diagnostics: DiagnosticStore;
  builder: RegionTableBuilder;
  /** Lines in the text; -1 when a byte path met text that is not ASCII. */
  lines: number;
  /** True when the regions are known to ascend without overlap (the byte paths check it as they read). */
  inOrder: boolean;
}

/** Reads the lines of text on `path` into a new builder of `rows` rows. */
function readAll(text: string, path: MapsReadPath, start: number, crlf: boolean, rows: number): LinesRead {
  const diagnostics = new DiagnosticStore();
  const builder = new RegionTableBuilder(rows);
  const scanner = path === 'wasm' ? mapsScanner() : null;
  if (scanner !== null) {
    const names = new WasmNames(text, builder.names, scanner);
    const parser = new MapsLineParser(text, builder, diagnostics, { names, classify: false });
    const lines = readWasmLines(parser, names, text, start, crlf);
    return { parser, diagnostics, builder, lines, inOrder: parser.inOrder };
  }
  if (path === 'wasm' || path === 'bytes') {
    const parser = new MapsLineParser(text, builder, diagnostics, { names: 'bytes', classify: false });
    const lines = readAsciiLines(parser, text, start, crlf);
    return { parser, diagnostics, builder, lines, inOrder: parser.inOrder };
  }
  const fastPath = path !== 'checked';
  const parser = new MapsLineParser(text, builder, diagnostics, { fastPath, classify: false });
  return { parser, diagnostics, builder, lines: readLines(parser, text, start, crlf, fastPath), inOrder: false };
}

/**
 * parseProcMaps through a chosen path. The result is the same whichever path reads it; `checked`
 * is the reference the fast paths are tested against. `ends`: lineEndings(text), when the caller has it.
 */
export function parseProcMapsUsing(text: string, path: MapsReadPath, ends?: LineEndings): ParseResult {
  const { start, crlf } = textShape(text, ends);
  const rows = estimateLines(text, start);
  let read: LinesRead;
  try {
    read = readAll(text, path, start, crlf, rows);
  } catch (error) {
    // The scanner trapped (its memory could not grow): the JavaScript byte path reads the text.
    if (path !== 'wasm' || !scannerTrapped(error)) throw error;
    read = readAll(text, 'bytes', start, crlf, rows);
  }
  // Not ASCII: start over on the character path.
  if (read.lines < 0) read = readAll(text, 'text', start, crlf, rows);
  const { parser, diagnostics, builder, lines, inOrder } = read;
  // Names as strings of their own (the byte paths decode them only now), then their kinds.
  const detached = parser.names.detachedNames();
  if (detached !== null) builder.names.replaceAll(detached);
  // Spaces past the kernel's column: the names' own, or padding (maps-padding.ts); then the kinds.
  const table = builder.finish();
  const regions = settleExtraPadding(table, parser);
  // The scanner gave every row its kind, thread stacks too; unless the padding decision renamed
  // some rows: then their names' kinds here (an unnamed row's kind stays, and so does a thread stack's).
  if (regions !== table || !(parser.names instanceof WasmNames)) classifyRegions(regions);
  if (!(parser.names instanceof WasmNames)) markTableThreadStacks(regions);
  stacksMarked(regions);
  if (!inOrder) checkRegionOrder(regions, diagnostics, lineTextLookup(text, crlf));
  // Lines the kernel could not have written, once per kind (maps-deviations.ts).
  for (const d of parser.deviations.diagnostics(text)) diagnostics.push(d);
  keepShapes(parser, diagnostics);
  return {
    format: 'maps',
    regions,
    ...diagnostics.result(),
    stats: { lines, regions: regions.length, blank: parser.blankLines, recognized: 0, rejected: parser.rejectedLines },
  };
}

/**
 * The line loop; returns the number of lines. Nothing follows the loop but `return`: V8 compiles
 * a long loop on stack replacement while the first call runs and reuses that code in later calls,
 * and any operation after the loop that had not yet run when it was compiled would throw every
 * later call back to the interpreter (measured: a deopt per parse).
 */
function readLines(parser: MapsLineParser, text: string, start: number, crlf: boolean, fastPath: boolean): number {
  const len = text.length;
  let s = start;
  let line = 0;
  while (s < len) {
    let nl = text.indexOf('\n', s);
    if (nl < 0) nl = len;
    let e = nl;
    if (crlf && nl < len && e > s && text.charCodeAt(e - 1) === 13) e--; // see textShape
    line++;
    if (!fastPath || parser.parseKernelLine(s, e, line) < 0) parser.parseOtherLine(s, e, line);
    s = nl + 1;
  }
  return line;
}
