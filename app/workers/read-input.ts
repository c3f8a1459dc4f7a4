/**
 * Turns a byte stream into the text the parser reads: recognises gzip (and decompresses it with
 * DecompressionStream), images, archives and other binary files (one clear error instead of a
 * pile of line errors), UTF-16 from Windows tools, and inputs too large for one JavaScript string.
 * Runs in the worker; pure enough to test under Node, which has the same stream APIs.
 */
import { sniffBytes } from './sniff';
import { MAX_TEXT_BYTES, type LoadErrorCode } from './protocol';

/** An input that cannot become text; `message` is shown to the user as is. */
export class InputError extends Error {
  readonly code: LoadErrorCode;
  constructor(code: LoadErrorCode, message: string) {
    super(message);
    this.name = 'InputError';
    this.code = code;
  }
}


/** Bytes examined to recognise the input: enough for tar's magic at 257 and for a NUL test. */
const SNIFF_BYTES = 64 * 1024;

export interface ReadOptions {
  /** Input size in bytes, when known: for progress, and to refuse a too-large file before reading it. */
  totalBytes: number | null;
  maxTextBytes?: number;
  /** Called with the input bytes read so far (compressed bytes for gzip). */
  onProgress?: (doneBytes: number) => void;
}

export interface ReadResult {
  text: string;
  /** Bytes of decompressed input. */
  textBytes: number;
  compressed: boolean;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
}

/** Formats a size in MB for messages, e.g. `612.4 MB`. */
function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** The too-large error; `holds` completes "it …", e.g. `holds 612.4 MB of text, more than`. */
function tooLarge(holds: string): InputError {
  return new InputError(
    'too-large',
    `This file is too large to open in a browser tab: it ${holds} a browser can hold as one text. ` +
      `Cut it down first, e.g. keep only the lines you need with grep or head.`,
  );
}

/** Yields the chunks of a stream, counting the bytes read. */
async function* chunksOf(stream: ReadableStream<Uint8Array>, count?: (n: number) => void): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      count?.(value.byteLength);
      yield value;
    }
  } finally {
    reader.releaseLock();
    await stream.cancel().catch(() => undefined);
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

/** Reads a byte stream as text. Throws InputError for empty, binary, too-large or corrupt input. */
export async function readInputText(stream: ReadableStream<Uint8Array>, options: ReadOptions): Promise<ReadResult> {
  const max = options.maxTextBytes ?? MAX_TEXT_BYTES;
  let readBytes = 0;
  const raw = chunksOf(stream, (n) => {
    readBytes += n;
    options.onProgress?.(readBytes);
  });

  let { head, ended } = await takeHead(raw, SNIFF_BYTES);
  if (head.byteLength === 0) throw new InputError('empty', 'This file is empty (0 bytes).');
  let sniffed = sniffBytes(head);
  let compressed = false;
  let chunks = raw;
  if (sniffed.kind === 'gzip') {
    compressed = true;
    const inflated = streamOf(head, raw, ended).pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
    chunks = chunksOf(inflated);
    try {
      ({ head, ended } = await takeHead(chunks, SNIFF_BYTES));
    } catch {
      throw new InputError('unreadable', 'This file starts like a gzip file, but it is damaged or cut short and could not be decompressed.');
    }
    if (head.byteLength === 0) throw new InputError('empty', 'This gzip file decompresses to nothing (0 bytes).');
    sniffed = sniffBytes(head);
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

  const encoding = sniffed.encoding;
  const decoder = new TextDecoder(encoding); // not fatal: a stray byte in a pathname shows as U+FFFD
  const parts: string[] = [decoder.decode(head, { stream: !ended })];
  let textBytes = head.byteLength;
  try {
    if (textBytes > max) throw tooLarge(`${compressed ? 'decompresses to' : 'holds'} more than ${megabytes(max)} of text, the most`);
    if (!ended) {
      for await (const chunk of chunks) {
        textBytes += chunk.byteLength;
        if (textBytes > max) throw tooLarge(`${compressed ? 'decompresses to' : 'holds'} more than ${megabytes(max)} of text, the most`);
        parts.push(decoder.decode(chunk, { stream: true }));
      }
      parts.push(decoder.decode());
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (compressed) {
      throw new InputError('unreadable', `This gzip file is damaged or cut short: decompression stopped after ${megabytes(textBytes)}.`);
    }
    throw error;
  }
  return { text: parts.length === 1 ? parts[0] : parts.join(''), textBytes, compressed, encoding };
}

/** Counts U+FFFD replacement characters (bytes that were not valid in the file's encoding). */
export function countReplacementChars(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) n++;
  return n;
}
