/**
 * Random access to a file's bytes, for the binary artifacts (minidumps, ELF core files) that are
 * read at the offsets their headers name, never whole: a core file is often gigabytes. Node reads
 * with positioned reads (src/node/file-byte-source.ts), the app's worker with File.slice
 * (app/workers/parse.worker.ts); tests wrap either to count what is read.
 */

/** A file read by offset. */
export interface ByteSource {
  /** The file's size in bytes. */
  readonly sizeBytes: number;
  /**
   * The bytes at [offset, offset + length), fewer when the file ends sooner (none past its end).
   * `offset` and `length` are safe integers; callers check them against `sizeBytes` first.
   */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A ByteSource over bytes already in memory (a test's fixture, standard input read whole). */
export function memoryByteSource(bytes: Uint8Array): ByteSource {
  return {
    sizeBytes: bytes.byteLength,
    read: (offset, length) => Promise.resolve(bytes.subarray(Math.min(offset, bytes.byteLength), Math.min(offset + length, bytes.byteLength))),
  };
}
