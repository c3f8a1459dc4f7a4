/** The CLI's connection to the world, passed in so tests can run `main` in-process. */

/** Where the CLI writes and what it reads for `-`. */
export interface CliIo {
  /** Writes text to standard output. */
  stdout: (text: string) => void;
  /** Writes text to standard error. */
  stderr: (text: string) => void;
  /** Reads all of standard input (for the file name `-`). */
  readStdin: () => Promise<Uint8Array>;
}

/** Collects output lines and hands them on in chunks of about `chunkChars` (one write per line is slow). */
export class LineWriter {
  private parts: string[] = [];
  private size = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly chunkChars = 1 << 16,
  ) {}

  /** Queues one line; a newline is appended. */
  line(text: string): void {
    this.parts.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= this.chunkChars) this.flush();
  }

  /** Writes whatever is queued. */
  flush(): void {
    if (this.parts.length === 0) return;
    this.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}
