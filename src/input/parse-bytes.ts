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
import { readMapsBytes } from '../parse/maps-bytes.js';
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
 * parseInputText(readInputBytesSync(bytes), options), straight from the bytes, for an input the
 * bytes entry takes (see the file's comment); undefined for any other: decode and parse that one.
 */
export function parseInputBytes(bytes: Uint8Array, options: ParseOptions & { maxTextBytes?: number } = {}): BytesParsed | undefined {
  if (bytes.byteLength === 0 || bytes.byteLength > (options.maxTextBytes ?? MAX_TEXT_BYTES)) return undefined;
  const sniffed = sniffBytes(bytes.subarray(0, SNIFF_BYTES), bytes.byteLength <= SNIFF_BYTES);
  if (sniffed.kind !== 'text' || sniffed.encoding !== 'utf-8') return undefined;
  // The decoder drops one byte-order mark (a second is the first line's: the scanner does not take it).
  const start = hasBom(bytes) ? 3 : 0;
  if (!readAsMaps(bytes, start, options)) return undefined;
  // Undefined too for a NUL (a trailing-NUL drop, NUL warnings) or a CR (line-end notes, CRLF text): the text path's. The scanner looks for them as it copies each window in.
  const result = readMapsBytes(bytes, start);
  // Every sampled line a `[rollup]` header would make detection say smaps_rollup: only the text path tells.
  if (result === undefined || result.regions.pathnames.some((name) => name.trimEnd().endsWith('[rollup]'))) return undefined;
  // What the text path's parseAs and parseMaps do around the parse.
  keepParseShapes('maps', parseSample);
  markTableThreadStacks(result.regions);
  return { result, textBytes: bytes.byteLength, replacedChars: replacementChars(result) };
}
