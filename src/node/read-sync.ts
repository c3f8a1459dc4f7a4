/**
 * Reading an input file with synchronous read(2) calls, for the CLI's one-shot commands: a regular
 * file (procfs files among them) is read in a few large reads on the main thread, rather than
 * 64 KiB at a time through the thread pool and a Node stream (issue 19 measured 38–52 ms for
 * `fs.promises.readFile` of a 60,000-region /proc/PID/maps where a read loop takes ~23 ms, and
 * `cat` ~20 ms: the kernel's own cost of writing the text). A FIFO, a socket or a device is left
 * to the asynchronous path: opening a FIFO blocks until a writer comes, and that writer may be in
 * this very process. Nothing here imports the input pipeline, so the fast lookup loads only this.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { translateReadError, type ReadContext } from './errors.js';

/**
 * The most text read when no limit is given: 8 GiB, room for a 4,194,304-region smaps file
 * (~3.2 GB as Linux 6.1 writes it), which parses in pieces (src/input/read-pieces.ts).
 */
export const DEFAULT_MAX_BYTES = 8 * 1024 ** 3;

/** Bytes read into one chunk when the size is not known (procfs reports 0). */
const UNKNOWN_SIZE_CHUNK = 4 * 1024 * 1024;
/** The most bytes read into one chunk for a file of known size. */
const KNOWN_SIZE_CHUNK = 64 * 1024 * 1024;
/** The least, so that a file that grew since its stat is read on to its end in few chunks. */
const MIN_CHUNK = 64 * 1024;

/** The name a file's path gives the parser as a format hint: `x.smaps.gz` hints like `x.smaps`. */
export function inputHintName(path: string): string {
  return basename(path).replace(/\.gz$/i, '');
}

/** A regular file opened for synchronous reads: its descriptor and its size (null for procfs files, which report 0). */
export interface OpenedFile {
  fd: number;
  totalBytes: number | null;
}

/**
 * Opens `context.path` for synchronous reads when it is a regular file; undefined for a FIFO, a
 * socket or a device (read those asynchronously). Throws the translated MapsReadError of a failed
 * open, and 'is-directory' for a directory, as the asynchronous path does.
 */
export function openRegularFile(context: ReadContext): OpenedFile | undefined {
  try {
    const stat = statSync(context.path);
    if (stat.isFIFO() || stat.isSocket() || stat.isCharacterDevice() || stat.isBlockDevice()) return undefined;
  } catch {
    // The open below says why, in the same words as for any open.
  }
  let fd: number;
  try {
    fd = openSync(context.path, 'r');
  } catch (error) {
    throw translateReadError(error, context);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw Object.assign(new Error('EISDIR: is a directory'), { code: 'EISDIR' });
    if (!stat.isFile()) {
      // Replaced by a FIFO or a device between the two stats: the asynchronous path reads it.
      closeSync(fd);
      return undefined;
    }
    // proc(5): files under /proc report a size of 0 although they are not empty; they are counted while read.
    return { fd, totalBytes: stat.size > 0 ? stat.size : null };
  } catch (error) {
    closeSync(fd);
    throw translateReadError(error, context);
  }
}

/**
 * Up to `want` bytes from the file position, by as many read(2) calls as it takes (procfs gives
 * at most a page a call: fs/seq_file.c fills its one-page buffer per read); fewer only at end of
 * file, none after it.
 */
function readChunk(fd: number, want: number): Uint8Array {
  const buffer = Buffer.allocUnsafe(want);
  let done = 0;
  for (let n = 1; done < want && n > 0; done += n) n = readSync(fd, buffer, done, want - done, null);
  return done === want ? buffer : buffer.subarray(0, done);
}

/** How many bytes to ask of the next read, `done` bytes in. */
function chunkSize(totalBytes: number | null, done: number): number {
  if (totalBytes === null) return UNKNOWN_SIZE_CHUNK;
  return Math.max(MIN_CHUNK, Math.min(KNOWN_SIZE_CHUNK, totalBytes - done));
}

/**
 * The bytes of an opened file as a stream, read synchronously when the reader pulls, to its end
 * (whatever its stat said); the descriptor is closed at the end, on an error and on cancel.
 */
export function fileStream(file: OpenedFile): ReadableStream<Uint8Array> {
  let open = true;
  let ended = false;
  let done = 0;
  const close = () => {
    if (open) {
      open = false;
      closeSync(file.fd);
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (ended) {
          close();
          controller.close();
          return;
        }
        const want = chunkSize(file.totalBytes, done);
        let chunk: Uint8Array;
        try {
          chunk = readChunk(file.fd, want);
        } catch (error) {
          close();
          controller.error(error);
          return;
        }
        ended = chunk.byteLength < want;
        done += chunk.byteLength;
        if (chunk.byteLength > 0) controller.enqueue(chunk);
        else {
          close();
          controller.close();
        }
      },
      cancel: close,
    },
    { highWaterMark: 0 },
  );
}

/**
 * The bytes of an opened file from its position on, by as many chunks as it takes, up to its end or
 * past `maxBytes` (then `ended` is false and the descriptor is where the reads stopped: fileStream
 * reads on from there). Joined once at the end. Throws what read(2) throws.
 */
export function readOpenedFile(file: OpenedFile, maxBytes: number): { bytes: Uint8Array; ended: boolean } {
  const chunks: Uint8Array[] = [];
  let done = 0;
  let ended = false;
  while (!ended && done <= maxBytes) {
    // One byte past the limit at most: enough to know the file is larger.
    const want = Math.min(chunkSize(file.totalBytes, done), maxBytes + 1 - done);
    const chunk = readChunk(file.fd, want);
    done += chunk.byteLength;
    if (chunk.byteLength > 0) chunks.push(chunk);
    ended = chunk.byteLength < want; // end of file
  }
  return { bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, done), ended };
}

/**
 * Opens the regular file `context.path` and hands `consume` a reader of its bytes: each call one
 * read(2) into the caller's memory from the file position on (0 at the end), so that nothing is
 * allocated for the text (`mapscope lookup` reads straight into its scanner's window). The descriptor
 * is closed after. Undefined for a FIFO or a device (read those asynchronously), and for a file whose
 * stat says it holds more than `maxBytes`. Throws the translated MapsReadError of a failed open or read.
 */
export function readFileWith<T>(context: ReadContext, maxBytes: number, consume: (read: (into: Uint8Array) => number) => T): T | undefined {
  const file = openRegularFile(context);
  if (file === undefined) return undefined;
  const read = (into: Uint8Array) => {
    try {
      return readSync(file.fd, into, 0, into.length, null);
    } catch (error) {
      throw translateReadError(error, context);
    }
  };
  try {
    return file.totalBytes !== null && file.totalBytes > maxBytes ? undefined : consume(read);
  } finally {
    closeSync(file.fd);
  }
}
