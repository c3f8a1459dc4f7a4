/**
 * Bytes from a path or a stream into text, through the same pipeline as the app (src/input:
 * sniff, gunzip, decode), with a size limit applied before the input is read whole: a regular
 * file by its size, anything else (a FIFO, /dev/zero, procfs, whose stat size is 0, standard
 * input, what a gzip file decompresses to) by counting while reading.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { InputError, MAX_TEXT_BYTES, readInputStream, type InputText } from '../internal.js';
import { MapsReadError, translateReadError, type ReadContext } from './errors.js';

/** The text of an input with no bytes at all (a kernel thread's maps): the parser warns about it. */
const EMPTY_INPUT: InputText = { text: '', textBytes: 0, compressed: false, encoding: 'utf-8', diagnostics: [] };

/** The limit actually applied: `maxBytes`, but never more than one JavaScript string holds. */
export function effectiveMaxBytes(maxBytes: number | undefined): number {
  return Math.min(maxBytes ?? MAX_TEXT_BYTES, MAX_TEXT_BYTES);
}

function tooLarge(context: ReadContext, limitBytes: number, sizeBytes: number | undefined, compressed: boolean): MapsReadError {
  const what =
    sizeBytes !== undefined
      ? `${sizeBytes} bytes`
      : compressed
        ? `decompresses to more than ${limitBytes} bytes`
        : `more than ${limitBytes} bytes`;
  const why = limitBytes === MAX_TEXT_BYTES ? 'the most text one JavaScript string holds' : 'the size limit';
  return new MapsReadError('too-large', `${context.path}: too large (${what}; ${why} is ${limitBytes} bytes)`, {
    ...context,
    limitBytes,
    sizeBytes,
  });
}

/**
 * Reads a byte stream as text through src/input. `totalBytes` is the size when known (a
 * regular file). Throws MapsReadError: too-large, not-text (binary data, a damaged gzip file),
 * or the translated system error of a failed read.
 */
export async function readInputText(stream: ReadableStream<Uint8Array>, totalBytes: number | null, context: ReadContext, maxBytes?: number): Promise<InputText> {
  const limitBytes = effectiveMaxBytes(maxBytes);
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
    return await readInputStream(counted, { totalBytes, maxTextBytes: limitBytes });
  } catch (error) {
    if (!(error instanceof InputError)) throw translateReadError(error, context);
    switch (error.code) {
      case 'empty':
        // No bytes at all is a (warned) empty map; a gzip file holding nothing is not a map.
        if (rawBytes === 0) return EMPTY_INPUT;
        break;
      case 'too-large':
        throw tooLarge(context, limitBytes, undefined, rawBytes <= limitBytes);
      case 'unreadable':
      case 'binary':
        break;
    }
    throw new MapsReadError('not-text', `${context.path}: ${error.message}`, { ...context, cause: error });
  }
}

/** Opens `context.path` and reads it with readInputText; directories and too-large regular files are refused before any read. */
export async function readInputFile(context: ReadContext, maxBytes?: number): Promise<InputText> {
  let handle: FileHandle;
  try {
    handle = await open(context.path, 'r');
  } catch (error) {
    throw translateReadError(error, context);
  }
  let totalBytes: number | null;
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw translateReadError(Object.assign(new Error('EISDIR: is a directory'), { code: 'EISDIR' }), context);
    // proc(5): files under /proc report a size of 0 although they are not empty; FIFOs and
    // devices have no size at all. Those are counted while they are read.
    totalBytes = stat.isFile() && stat.size > 0 ? stat.size : null;
  } catch (error) {
    await handle.close();
    throw translateReadError(error, context);
  }
  // autoClose (the default): the handle is closed at the end, on an error, or when the reader cancels.
  const stream = Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>;
  return readInputText(stream, totalBytes, context, maxBytes);
}
