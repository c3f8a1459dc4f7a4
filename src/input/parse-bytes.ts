/**
 * The bytes entry of the pipeline (issue 19): an input read whole (a dropped file, a file the CLI
 * reads) parsed from its bytes, with no decode of the whole text and no copy of it encoded back
 * into the scanner's memory (src/parse/maps-bytes.ts). It takes the common case only — UTF-8 (a
 * BOM or none), no NUL, no CR, a maps file that starts as one and that the scanner reads whole —
 * and proves from the bytes that the text path would see the same: detection (sniff, binary
 * sample, recording, crash artifact, the format), no line-end or NUL note, no decoding note. Any
 * other input returns undefined, and the caller decodes it (readInputBytesSync) and parses the text
 * as before; the answer is the same either way (test/input/parse-bytes.test.ts).
 */
import { formatFromFileName } from '../parse/file-name-hint.js';
import { textLooksBinary } from '../parse/binary-sample.js';
import type { ParseOptions } from '../parse/index.js';
import { parseProcMaps } from '../parse/maps.js';
import { LINE_SAMPLE_BYTES, MapsByteScan, estimateLinesOfSamples, lineSampleOffsets, readMapsBytes, sampleNewlines } from '../parse/maps-bytes.js';
import type { ByteSource } from '../artifact/byte-source.js';
import type { ParseResult } from '../parse/result.js';
import { markTableThreadStacks } from '../parse/row-passes.js';
import { keepParseShapes } from '../parse/shape-keeper.js';
import { MAX_TEXT_BYTES, SNIFF_BYTES } from './read-input.js';
import { sniffBytes } from './sniff.js';

/** An input parsed from its bytes, and what its decoding would have said. */
export interface BytesParsed {
  result: ParseResult;
  /** Bytes of text (InputText.textBytes). */
  textBytes: number;
  /** U+FFFD characters in the text (countReplacementChars of the decoded text). */
  replacedChars: number;
}

/**
 * Bytes of the head decoded for detection: at least textLooksBinary's 64 Ki characters (a
 * character is at most 4 bytes).
 */
const HEAD_BYTES = 256 * 1024;

const hasBom = (bytes: Uint8Array) => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

/**
 * Whether the text path reads the text as a maps file, as far as the bytes' head and the options
 * tell: not binary by its first 64 Ki characters (textLooksBinary), no format but maps asked for,
 * no smaps name. The rest of its detection needs no look here: a text whose every line the
 * scanner takes starts with a maps line (neither a recording nor a crash artifact), and its every
 * sampled line is a maps header (detect.ts: maps, unless they all end in `[rollup]`).
 */
function readAsMaps(bytes: Uint8Array, start: number, options: ParseOptions): boolean {
  const hint = options.fileName === undefined ? undefined : formatFromFileName(options.fileName);
  if (options.format !== undefined ? options.format !== 'maps' : hint === 'smaps' || hint === 'smaps_rollup') return false;
  // Not fatal: the names' decode (maps-bytes.ts) turns away bytes that are not UTF-8; a character cut at the end waits (stream).
  const head = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(start, start + HEAD_BYTES), { stream: true });
  return !textLooksBinary(head);
}

/** The sample parse of shape-keeper.ts, as parseMaps makes it. */
const parseSample = (sample: string) => parseProcMaps(sample);

/** U+FFFD characters in the regions' names, each counted as often as a line holds it. */
function replacementChars(result: ParseResult): number {
  const { pathnames, columns, length } = result.regions;
  const inName = pathnames.map((name) => name.split('\ufffd').length - 1);
  if (!inName.some((n) => n > 0)) return 0;
  let n = 0;
  for (let i = 0; i < length; i++) if (columns.pathId[i] >= 0) n += inName[columns.pathId[i]];
  return n;
}

/**
 * Where the text of an input whose first bytes are `head` starts (past a byte-order mark), when
 * the bytes entry may read it: its size fits, its head sniffs as UTF-8 text and it would be read
 * as a maps file (readAsMaps). Undefined otherwise. `head` holds the input's first bytes: all of
 * it, or at least SNIFF_BYTES and HEAD_BYTES past a mark.
 */
function bytesEntryStart(head: Uint8Array, sizeBytes: number, options: ParseOptions & { maxTextBytes?: number }): number | undefined {
  if (sizeBytes === 0 || sizeBytes > (options.maxTextBytes ?? MAX_TEXT_BYTES)) return undefined;
  const sniffed = sniffBytes(head.subarray(0, SNIFF_BYTES), sizeBytes <= SNIFF_BYTES);
  if (sniffed.kind !== 'text' || sniffed.encoding !== 'utf-8') return undefined;
  // The decoder drops one byte-order mark (a second is the first line's: the scanner does not take it).
  const start = hasBom(head) ? 3 : 0;
  return readAsMaps(head, start, options) ? start : undefined;
}

/** What parseInputBytes gives for the scanner's `result` of an input of `textBytes` bytes; undefined when the text path must tell. */
function bytesEntryResult(result: ParseResult | undefined, textBytes: number): BytesParsed | undefined {
  // Every sampled line a `[rollup]` header would make detection say smaps_rollup: only the text path tells.
  if (result === undefined || result.regions.pathnames.some((name) => name.trimEnd().endsWith('[rollup]'))) return undefined;
  // What the text path's parseAs and parseMaps do around the parse.
  keepParseShapes('maps', parseSample);
  markTableThreadStacks(result.regions);
  return { result, textBytes, replacedChars: replacementChars(result) };
}

/**
 * parseInputText(readInputBytesSync(bytes), options), straight from the bytes, for an input the
 * bytes entry takes (see the file's comment); undefined for any other: decode and parse that one.
 */
export function parseInputBytes(bytes: Uint8Array, options: ParseOptions & { maxTextBytes?: number } = {}): BytesParsed | undefined {
  const start = bytesEntryStart(bytes, bytes.byteLength, options);
  // Undefined too for a NUL (a trailing-NUL drop, NUL warnings) or a CR (line-end notes, CRLF text): the text path's. The scanner looks for them as it copies each window in.
  return start === undefined ? undefined : bytesEntryResult(readMapsBytes(bytes, start), bytes.byteLength);
}

/**
 * An input read in order, a piece at a time, into memory its reader lends: a File's stream read
 * with a BYOB reader (ReadableStreamBYOBReader), whose read() transfers the buffer it fills.
 */
export interface BytePieces extends ByteSource {
  /**
   * The input's next bytes, written into `into` from its start: the view of them, over `into`'s
   * memory (its buffer may be a new ArrayBuffer object: `into`'s is then detached); empty at the end.
   */
  next(into: Uint8Array): Promise<Uint8Array>;
}

/** Bytes of the buffer parseInputStream reads each piece into (one buffer for the whole read: issue 19, fresh memory is slow to touch). */
export const PIECE_BYTES = 1 << 20;

/** The input's next bytes into `buffer` from `at` to its end, or to the input's end: the buffer (perhaps a new object) and how far it is filled. */
async function fill(input: BytePieces, buffer: Uint8Array, at: number): Promise<{ buffer: Uint8Array; filled: number; ended: boolean }> {
  // Its length now: a view of a transferred buffer reads as empty.
  const length = buffer.length;
  while (at < length) {
    const piece = await input.next(buffer.subarray(at));
    buffer = new Uint8Array(piece.buffer, piece.byteOffset - at, length);
    if (piece.length === 0) return { buffer, filled: at, ended: true };
    at += piece.length;
  }
  return { buffer, filled: at, ended: false };
}

/** The rows to allocate for an input of `sizeBytes` from `start`, whose first bytes are head[0..filled): estimateByteLines' three samples, the ones past the head read from the input. */
async function estimateRows(input: BytePieces, head: Uint8Array, start: number): Promise<number> {
  const length = input.sizeBytes - start;
  if (length <= 4 * LINE_SAMPLE_BYTES && start + length <= head.length) return sampleNewlines(head.subarray(start, start + length)) + 1;
  const samples = lineSampleOffsets(start, length).map((from) =>
    from + LINE_SAMPLE_BYTES <= head.length ? Promise.resolve(head.subarray(from, from + LINE_SAMPLE_BYTES)) : input.read(from, LINE_SAMPLE_BYTES),
  );
  let newlines = 0;
  for (const sample of await Promise.all(samples)) newlines += sampleNewlines(sample);
  return estimateLinesOfSamples(newlines, length);
}

/**
 * parseInputBytes of an input read as it arrives (issue 19: the read and the parse overlap, and
 * no buffer of the whole input is made: reading a 60 MB file into one ArrayBuffer took 320–480 ms
 * in a browser worker, through one reused 1 MiB buffer 125–200 ms): the same answer, from the
 * same input, or undefined where parseInputBytes would be (test/input/parse-bytes.test.ts).
 * Undefined also when the input's bytes do not come to its size. On undefined, read the input
 * whole and take the other entries; the caller cancels what is left of the read.
 */
export async function parseInputStream(
  input: BytePieces,
  options: ParseOptions & {
    maxTextBytes?: number;
    /** Called once the scan has its columns, before its first rows: what it writes as the pieces come (MapsByteScan.progress). */
    onScan?: (scan: Pick<MapsByteScan, 'progress'>) => void;
  } = {},
): Promise<BytesParsed | undefined> {
  const size = input.sizeBytes;
  if (size === 0 || size > (options.maxTextBytes ?? MAX_TEXT_BYTES)) return undefined;
  let { buffer, filled, ended } = await fill(input, new Uint8Array(Math.min(PIECE_BYTES, size + 1)), 0);
  const head = buffer.subarray(0, filled);
  const start = bytesEntryStart(head, size, options);
  if (start === undefined || filled < Math.min(size, buffer.length)) return undefined;
  const scan = new MapsByteScan(await estimateRows(input, head, start), size - start);
  options.onScan?.(scan);
  scan.push(head.subarray(start));
  let bytes = filled;
  while (!ended && !scan.declined()) {
    ({ buffer, filled, ended } = await fill(input, buffer, 0));
    scan.push(buffer.subarray(0, filled));
    bytes += filled;
  }
  const result = scan.end();
  return bytes === size ? bytesEntryResult(result, size) : undefined;
}
