/**
 * A ByteSource (src/artifact/byte-source.ts) over an open file: positioned reads (pread(2) through
 * FileHandle.read with a position), so that a core file of gigabytes is read only at the offsets
 * its headers name.
 */
import type { FileHandle } from 'node:fs/promises';
import type { ByteSource } from '../internal.js';

/** Reads `handle` (a regular file of `sizeBytes` bytes) by offset; the caller closes it. */
export function fileByteSource(handle: FileHandle, sizeBytes: number): ByteSource {
  return {
    sizeBytes,
    async read(offset, length) {
      const want = Math.max(0, Math.min(length, sizeBytes - offset));
      const buffer = new Uint8Array(want);
      let done = 0;
      // A positioned read may return fewer bytes than asked (a signal, a file cut meanwhile): read on until EOF.
      while (done < want) {
        const { bytesRead } = await handle.read(buffer, done, want - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === want ? buffer : buffer.subarray(0, done);
    },
  };
}
