/**
 * Bytes from a path or a stream into text (or, for a minidump or an ELF core file, read by offset: src/input/read-artifact.ts), through the same pipeline as the app (src/input:
 * sniff, gunzip, decode), with a size limit applied before the input is read whole: a regular
 * file by its size, anything else (a FIFO, /dev/zero, procfs, whose stat size is 0, standard
 * input, what a gzip file decompresses to) by counting while reading.
 */
import { closeSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { diagnosticSet, InputError, InputPieceError, parseInputBytes, parseInputPieces, parseInputText, readBinaryArtifact, readInputPieces, type ByteSource, type InputPiece, type InputText, type ParseOptions, type ParseResult } from '../internal.js';
import { fileByteSource } from './file-byte-source.js';
import { MapsReadError, translateReadError, type ReadContext } from './errors.js';
import { DEFAULT_MAX_BYTES, fileStream, openRegularFile, readOpenedFile } from './read-sync.js';

/** The text of an input with no bytes at all (a kernel thread's maps): the parser warns about it. */
const EMPTY_INPUT: InputText = { text: '', textBytes: 0, compressed: false, encoding: 'utf-8', diagnostics: diagnosticSet([]) };

export { DEFAULT_MAX_BYTES };

/** Characters of text parsed at a time (read-pieces.ts): a quarter of what one string holds. */
export const PIECE_CHARS = 2 ** 27;

function tooLarge(context: ReadContext, limitBytes: number, sizeBytes: number | undefined, compressed: boolean): MapsReadError {
  const what =
    sizeBytes !== undefined
      ? `${sizeBytes} bytes`
      : compressed
        ? `decompresses to more than ${limitBytes} bytes`
        : `more than ${limitBytes} bytes`;
  return new MapsReadError('too-large', `${context.path}: too large (${what}; the size limit is ${limitBytes} bytes)`, {
    ...context,
    limitBytes,
    sizeBytes,
  });
}

/** What readInputParsed needs besides the stream. */
export interface ReadParsedOptions {
  /** Refuse more bytes of (decompressed) text than this; DEFAULT_MAX_BYTES when undefined. */
  maxBytes?: number;
  parse: ParseOptions;
  /** Characters parsed at a time (tests make it small); PIECE_CHARS when undefined. */
  pieceChars?: number;
}

/**
 * Reads a byte stream through src/input and parses it, in pieces when it is larger than one
 * string holds. `totalBytes` is the size when known (a regular file). Throws MapsReadError:
 * too-large, not-text (binary data, a damaged gzip file), or the translated system error of a
 * failed read.
 */
export async function readInputParsed(stream: ReadableStream<Uint8Array>, totalBytes: number | null, context: ReadContext, options: ReadParsedOptions): Promise<ParseResult> {
  return readInputWith(stream, totalBytes, context, options, parsed(options));
}

/** The consumer that parses the pieces as one map (parseInputPieces). */
function parsed(options: ReadParsedOptions): InputConsumer<ParseResult> {
  return { pieces: (pieces) => parseInputPieces(pieces, options.parse), single: (result) => result };
}

/** What readInputWith does with the text: read its pieces; or take one map read otherwise (no bytes at all, a binary crash artifact). */
export interface InputConsumer<T> {
  pieces: (pieces: AsyncIterable<InputPiece>) => Promise<T>;
  single: (result: ParseResult) => T;
}

/** readInputParsed with another use of the pieces (a recording's snapshots, src/input parseInputSeries): the same limits and errors. */
export async function readInputWith<T>(stream: ReadableStream<Uint8Array>, totalBytes: number | null, context: ReadContext, options: ReadParsedOptions, consume: InputConsumer<T>): Promise<T> {
  const limitBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (totalBytes !== null && totalBytes > limitBytes) {
    await stream.cancel().catch(() => undefined);
    throw tooLarge(context, limitBytes, totalBytes, false);
  }
  let rawBytes = 0;
  const counted = stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        rawBytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }),
  );
  try {
    const pieces = readInputPieces(counted, { totalBytes, maxTextBytes: limitBytes, pieceChars: options.pieceChars ?? PIECE_CHARS });
    return await consume.pieces(pieces);
  } catch (error) {
    if (!(error instanceof InputError)) throw translateReadError(error, context);
    switch (error.code) {
      case 'empty':
        // No bytes at all is a (warned) empty map; a gzip file holding nothing is not a map.
        if (rawBytes === 0) return consume.single(parseInputText(EMPTY_INPUT, options.parse));
        break;
      case 'too-large':
        // Within the limit, text that cannot be cut into pieces: its message says why.
        if (error instanceof InputPieceError) throw new MapsReadError('too-large', `${context.path}: ${error.message}`, { ...context, cause: error });
        throw tooLarge(context, limitBytes, undefined, rawBytes <= limitBytes);
      case 'unreadable':
      case 'binary':
        break;
    }
    throw new MapsReadError('not-text', `${context.path}: ${error.message}`, { ...context, cause: error });
  }
}

/** Opens `context.path` and reads it with readInputParsed; directories and too-large regular files are refused before any read. */
export async function readInputFile(context: ReadContext, options: ReadParsedOptions): Promise<ParseResult> {
  return readInputFileWith(context, options, parsed(options));
}

/** readInputFile with another use of the pieces (readInputWith): a regular file read synchronously (read-sync.ts), anything else as a stream. */
export async function readInputFileWith<T>(context: ReadContext, options: ReadParsedOptions, consume: InputConsumer<T>): Promise<T> {
  const file = openRegularFile(context);
  if (file === undefined) return readStreamedFile(context, options, consume);
  // A minidump or an ELF core file is read by offset (its headers, never its dumped memory), whatever its size.
  if (file.totalBytes !== null) {
    let artifact: ParseResult | undefined;
    try {
      artifact = await readArtifact(fileByteSource(file.fd, file.totalBytes), context);
    } catch (error) {
      closeSync(file.fd);
      throw error;
    }
    if (artifact !== undefined) {
      closeSync(file.fd);
      return consume.single(artifact);
    }
  }
  const limitBytes = wholeBytes(options);
  if (file.totalBytes === null || file.totalBytes <= limitBytes) {
    // A file that is one piece of text (procfs files too, whose size is unknown): read whole, and
    // parsed from its bytes when the bytes entry takes it (src/input/parse-bytes.ts).
    let head: ReturnType<typeof readOpenedFile>;
    try {
      head = readOpenedFile(file, limitBytes);
    } catch (error) {
      closeSync(file.fd);
      throw translateReadError(error, context);
    }
    if (head.ended) {
      closeSync(file.fd);
      return readBytesWith(head.bytes, file.totalBytes, context, options, consume);
    }
    // Larger than that: the bytes read, then the rest of the file, as a stream.
    return readInputWith(withHead(head.bytes, fileStream(file)), file.totalBytes, context, options, consume);
  }
  // fileStream closes the descriptor at the end, on an error, or when the reader cancels.
  return readInputWith(fileStream(file), file.totalBytes, context, options, consume);
}

/** The most bytes read whole and parsed as one text: within the size limit, and fewer than a piece (read-pieces.ts cuts at `pieceChars`). */
const wholeBytes = (options: ReadParsedOptions) => Math.min(options.maxBytes ?? DEFAULT_MAX_BYTES, (options.pieceChars ?? PIECE_CHARS) - 1);

/** A stream of `head`, then of `rest`. */
function withHead(head: Uint8Array, rest: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = rest.getReader();
  let sentHead = head.byteLength === 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!sentHead) {
          sentHead = true;
          controller.enqueue(head);
          return;
        }
        const next = await reader.read();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/**
 * The bytes of a whole file: parsed from the bytes (src/input parseInputBytes) when they are
 * a maps file it takes and one piece of text, else read as a stream of them (the text path).
 */
function readBytesWith<T>(bytes: Uint8Array, totalBytes: number | null, context: ReadContext, options: ReadParsedOptions, consume: InputConsumer<T>): Promise<T> {
  const parsed = parseInputBytes(bytes, { ...options.parse, maxTextBytes: wholeBytes(options) });
  if (parsed !== undefined) return Promise.resolve(consume.single(parsed.result));
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (bytes.byteLength > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
  return readInputWith(stream, totalBytes, context, options, consume);
}

/** readBinaryArtifact with its errors as MapsReadError. */
async function readArtifact(source: ByteSource, context: ReadContext): Promise<ParseResult | undefined> {
  try {
    return await readBinaryArtifact(source);
  } catch (error) {
    if (error instanceof InputError) throw new MapsReadError('not-text', `${context.path}: ${error.message}`, { ...context, cause: error });
    throw translateReadError(error, context);
  }
}

/** A FIFO, a socket or a device: opened and read asynchronously (the writer may be in this process), until its end. */
async function readStreamedFile<T>(context: ReadContext, options: ReadParsedOptions, consume: InputConsumer<T>): Promise<T> {
  let handle: FileHandle;
  try {
    handle = await open(context.path, 'r');
  } catch (error) {
    throw translateReadError(error, context);
  }
  // autoClose (the default): the handle is closed at the end, on an error, or when the reader cancels.
  const stream = Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>;
  return readInputWith(stream, null, context, options, consume);
}
