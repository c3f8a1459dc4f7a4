/**
 * Turns a byte stream into the text the parser reads: recognises gzip (and decompresses it with
 * DecompressionStream), images, archives and other binary files (one clear error instead of a
 * pile of line errors), UTF-16 from Windows tools, and inputs too large for one JavaScript string.
 * The same code runs in the app's worker and in Node (≥ 18 has the same web streams,
 * DecompressionStream and TextDecoder), so the CLI and the app read bytes alike.
 */
import { diagnosticSet, type DiagnosticSet } from '../model/diagnostic-store.js';
import { invalidUtf8Diagnostics } from './invalid-utf8.js';
import { sniffBytes } from './sniff.js';
import { LosslessUtf8Decoder } from './utf8-lossless.js';

// V8 caps a string at 2^29 - 24 characters (v8/include/v8-primitive.h, String::kMaxLength);
// a parser that reads one string cannot take a larger file, so the reader refuses it up front.
export const MAX_TEXT_BYTES = 2 ** 29 - 24;

export type InputErrorCode = 'empty' | 'binary' | 'too-large' | 'unreadable';

/** An input that cannot become text; `message` is shown to the user as is. */
export class InputError extends Error {
  readonly code: InputErrorCode;
  constructor(code: InputErrorCode, message: string) {
    super(message);
    this.name = 'InputError';
    this.code = code;
  }
}

/** Bytes examined to recognise the input: enough for tar's magic at 257 and for a NUL test. */
export const SNIFF_BYTES = 64 * 1024;

export interface ReadOptions {
  /** Input size in bytes, when known: for progress, and to refuse a too-large file before reading it. */
  totalBytes: number | null;
  maxTextBytes?: number;
  /** Called with the input bytes read so far (compressed bytes for gzip). */
  onProgress?: (doneBytes: number) => void;
}

/** The decoded text of an input, ready for parseInputText. */
export interface InputText {
  /** The text, without a byte-order mark; bytes that were not valid UTF-8 are kept as escapes (utf8-lossless.ts). */
  text: string;
  /** Bytes of decompressed input. */
  textBytes: number;
  compressed: boolean;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  /** Notes from decoding (one warning per line holding bytes that are not valid UTF-8), bounded as a parse's are. */
  diagnostics: DiagnosticSet;
}

/** Formats a size in MB for messages, e.g. `612.4 MB`. */
function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** The too-large error; `holds` completes "it …", e.g. `holds 612.4 MB of text, more than`. */
function tooLarge(holds: string): InputError {
  return new InputError(
    'too-large',
    `This file is too large to read as one text: it ${holds} a JavaScript string can hold. ` +
      `Cut it down first, e.g. keep only the lines you need with grep or head.`,
  );
}

/**
 * Yields the chunks of a stream, counting the bytes read. A stream read to its end needs nothing
 * more; one left early (or that failed) is cancelled through its reader. The lock is never released:
 * nothing reads the stream after this, and Node's releaseLock builds an error in a new context on
 * each call (about 3 ms of a CLI command's first read).
 */
async function* chunksOf(stream: ReadableStream<Uint8Array>, count?: (n: number) => void): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let ended = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        ended = true;
        return;
      }
      count?.(value.byteLength);
      yield value;
    }
  } finally {
    if (!ended) await reader.cancel().catch(() => undefined);
  }
}

/** Reads chunks until `want` bytes (or the end) and returns them joined, plus the rest. */
async function takeHead(chunks: AsyncGenerator<Uint8Array>, want: number): Promise<{ head: Uint8Array; ended: boolean }> {
  const parts: Uint8Array[] = [];
  let size = 0;
  while (size < want) {
    const next = await chunks.next();
    if (next.done) {
      return { head: concat(parts, size), ended: true };
    }
    parts.push(next.value);
    size += next.value.byteLength;
  }
  return { head: concat(parts, size), ended: false };
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** A stream of `head` followed by the rest of `chunks`. */
function streamOf(head: Uint8Array, chunks: AsyncGenerator<Uint8Array>, ended: boolean): ReadableStream<Uint8Array> {
  let sentHead = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sentHead) {
        sentHead = true;
        if (head.byteLength > 0) {
          controller.enqueue(head);
          return;
        }
      }
      if (ended) {
        controller.close();
        return;
      }
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** A decoder for the sniffed encoding: lossless UTF-8, or UTF-16 (whose BOM TextDecoder drops). */
function decoderFor(encoding: InputText['encoding']): { decode(chunk?: Uint8Array, options?: { stream?: boolean }): string; sawInvalid: boolean } {
  if (encoding === 'utf-8') return new LosslessUtf8Decoder();
  const native = new TextDecoder(encoding); // an unpaired surrogate in UTF-16 shows as U+FFFD
  return { decode: (chunk, options) => native.decode(chunk, options), sawInvalid: false };
}

/** An input recognised as text: its encoding, and its decoded text as a series of strings. */
export interface OpenedText {
  encoding: InputText['encoding'];
  compressed: boolean;
  /**
   * The decoded text, in order (a UTF-8 byte-order mark still at its start). Throws InputError
   * 'too-large' past `maxTextBytes` bytes of (decompressed) text, 'unreadable' for a damaged gzip file.
   */
  texts: AsyncGenerator<string, void, undefined>;
  /** Bytes of decompressed text read so far. */
  textBytes(): number;
  /** Whether any byte read so far was not valid UTF-8 (kept as an escape, see utf8-lossless.ts). */
  sawInvalid(): boolean;
}

/**
 * Recognises a byte stream (gzip, binary, encoding) and opens it as text. Throws InputError for
 * empty, binary or corrupt input, and for a file whose known size is past `maxTextBytes`.
 */
export async function openInputText(stream: ReadableStream<Uint8Array>, options: ReadOptions & { maxTextBytes: number }): Promise<OpenedText> {
  const max = options.maxTextBytes;
  let readBytes = 0;
  const raw = chunksOf(stream, (n) => {
    readBytes += n;
    options.onProgress?.(readBytes);
  });

  let { head, ended } = await takeHead(raw, SNIFF_BYTES);
  if (head.byteLength === 0) throw new InputError('empty', 'This file is empty (0 bytes).');
  let sniffed = sniffBytes(head, ended);
  let compressed = false;
  let chunks = raw;
  if (sniffed.kind === 'gzip') {
    compressed = true;
    // DOM and Node type DecompressionStream differently; both are a byte-to-byte transform.
    const gunzip = new DecompressionStream('gzip') as unknown as { writable: WritableStream<Uint8Array>; readable: ReadableStream<Uint8Array> };
    const inflated = streamOf(head, raw, ended).pipeThrough(gunzip);
    chunks = chunksOf(inflated);
    try {
      ({ head, ended } = await takeHead(chunks, SNIFF_BYTES));
    } catch {
      throw new InputError('unreadable', 'This file starts like a gzip file, but it is damaged or cut short and could not be decompressed.');
    }
    if (head.byteLength === 0) throw new InputError('empty', 'This gzip file decompresses to nothing (0 bytes).');
    sniffed = sniffBytes(head, ended);
    if (sniffed.kind === 'gzip') {
      throw new InputError('binary', 'This file is gzip-compressed twice; decompress it once with gunzip and open the result.');
    }
    if (sniffed.kind === 'binary') sniffed = { kind: 'binary', what: `${sniffed.what.replace(/^an? /, 'a gzip-compressed ')}` };
  }
  if (sniffed.kind === 'binary') {
    await chunks.return(undefined);
    throw new InputError('binary', `This file is ${sniffed.what}, not the text of a memory map.`);
  }
  if (!compressed && options.totalBytes !== null && options.totalBytes > max) {
    await chunks.return(undefined);
    throw tooLarge(`holds ${megabytes(options.totalBytes)} of text, more than the ${megabytes(max)}`);
  }

  const decoder = decoderFor(sniffed.encoding);
  let textBytes = head.byteLength;
  const firstHead = head;
  const past = () => tooLarge(`${compressed ? 'decompresses to' : 'holds'} more than ${megabytes(max)} of text, the most`);
  async function* texts(): AsyncGenerator<string, void, undefined> {
    try {
      if (textBytes > max) throw past();
      yield decoder.decode(firstHead, { stream: !ended });
      if (ended) return;
      for await (const chunk of chunks) {
        textBytes += chunk.byteLength;
        if (textBytes > max) throw past();
        yield decoder.decode(chunk, { stream: true });
      }
      const rest = decoder.decode();
      if (rest.length > 0) yield rest;
    } catch (error) {
      if (error instanceof InputError) throw error;
      if (compressed) {
        throw new InputError('unreadable', `This gzip file is damaged or cut short: decompression stopped after ${megabytes(textBytes)}.`);
      }
      throw error;
    } finally {
      await chunks.return(undefined);
    }
  }
  return { encoding: sniffed.encoding, compressed, texts: texts(), textBytes: () => textBytes, sawInvalid: () => decoder.sawInvalid };
}

/** Reads a byte stream as one text. Throws InputError for empty, binary, too-large or corrupt input. */
export async function readInputStream(stream: ReadableStream<Uint8Array>, options: ReadOptions): Promise<InputText> {
  const opened = await openInputText(stream, { ...options, maxTextBytes: options.maxTextBytes ?? MAX_TEXT_BYTES });
  const parts: string[] = [];
  for await (const part of opened.texts) parts.push(part);
  return finishText(parts.length === 1 ? parts[0] : parts.join(''), opened.textBytes(), opened.compressed, opened.encoding, opened.sawInvalid());
}

/** The InputText of a decoded text: without a byte-order mark, with a warning per line that held bytes that are not UTF-8. */
function finishText(decoded: string, textBytes: number, compressed: boolean, encoding: InputText['encoding'], sawInvalid: boolean): InputText {
  // A UTF-8 byte-order mark (what Windows Notepad writes) is not part of the first line.
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  const diagnostics = sawInvalid ? invalidUtf8Diagnostics(text) : diagnosticSet([]);
  return { text, textBytes, compressed, encoding, diagnostics };
}

/**
 * readInputBytes without waiting: the same sniffing and decoding (lossless UTF-8, BOMs, UTF-16),
 * for callers that cannot await. Gzip needs DecompressionStream, which is asynchronous: a gzip
 * input throws an InputError that says to use readInputBytes.
 */
export function readInputBytesSync(bytes: Uint8Array, options: { maxTextBytes?: number } = {}): InputText {
  const max = options.maxTextBytes ?? MAX_TEXT_BYTES;
  if (bytes.byteLength === 0) throw new InputError('empty', 'This file is empty (0 bytes).');
  const sniffed = sniffBytes(bytes.subarray(0, SNIFF_BYTES), bytes.byteLength <= SNIFF_BYTES);
  if (sniffed.kind === 'gzip') throw new InputError('unreadable', 'This file is gzip-compressed: read it with readInputBytes (asynchronous), or gunzip it first.');
  if (sniffed.kind === 'binary') throw new InputError('binary', `This file is ${sniffed.what}, not the text of a memory map.`);
  if (bytes.byteLength > max) throw tooLarge(`holds ${megabytes(bytes.byteLength)} of text, more than the ${megabytes(max)}`);
  const decoder = decoderFor(sniffed.encoding);
  return finishText(decoder.decode(bytes), bytes.byteLength, false, sniffed.encoding, decoder.sawInvalid);
}

/** Reads bytes already in memory (a file read by the CLI, a test's fixture) like readInputStream. */
export function readInputBytes(bytes: Uint8Array, options: { maxTextBytes?: number } = {}): Promise<InputText> {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (bytes.byteLength > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
  return readInputStream(stream, { totalBytes: bytes.byteLength, maxTextBytes: options.maxTextBytes });
}

/** Counts U+FFFD replacement characters (in UTF-16 input: unpaired surrogates). */
export function countReplacementChars(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) n++;
  return n;
}
