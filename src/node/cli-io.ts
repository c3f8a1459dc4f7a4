/** The CLI's connection to the world, passed in so tests can run `main` in-process. */
import type { TextSink } from './cli-output.js';

/** Where the CLI writes and what it reads for `-`. */
export interface CliIo {
  /** Standard output. */
  stdout: TextSink;
  /** Standard error: diagnostics and the one-line failure message. */
  stderr: TextSink;
  /** Standard input as a byte stream (read only for the file name `-`). */
  stdin: () => ReadableStream<Uint8Array>;
  /** Standard input's size when it is a regular file (`< big.maps`), so --max-size can refuse it unread. */
  stdinBytes?: () => number | null;
  /** Starts listening for SIGINT (only `record` does): the signal is aborted on it, and `record` stops and finishes its file. */
  interrupt?: () => AbortSignal;
}
