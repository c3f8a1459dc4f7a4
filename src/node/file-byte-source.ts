/**
 * A ByteSource (src/artifact/byte-source.ts) over an open file: positioned reads (pread(2)), so
 * that a core file of gigabytes is read only at the offsets its headers name. The reads are
 * synchronous (the CLI waits for each anyway; no trip through the thread pool).
 */
import { readSync } from 'node:fs';
import type { ByteSource } from '../internal.js';

/** Reads file descriptor `fd` (a regular file of `sizeBytes` bytes) by offset; the caller closes it. */
export function fileByteSource(fd: number, sizeBytes: number): ByteSource {
  return {
    sizeBytes,
    read(offset, length) {
      const want = Math.max(0, Math.min(length, sizeBytes - offset));
      const buffer = new Uint8Array(want);
      let done = 0;
      try {
        // A positioned read may return fewer bytes than asked (a signal, a file cut meanwhile): read on until EOF.
        while (done < want) {
          const bytesRead = readSync(fd, buffer, done, want - done, offset + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
      } catch (error) {
        return Promise.reject(error);
      }
      return Promise.resolve(done === want ? buffer : buffer.subarray(0, done));
    },
  };
}
