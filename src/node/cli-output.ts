/**
 * Where the CLI writes: standard output and standard error as sinks that apply backpressure and
 * remember the first write error. Node reports a failed write (EPIPE from `| head`, ENOSPC from
 * `> /dev/full`, EIO) as an 'error' event on the next tick, and `write` then returns false with
 * no 'drain' to follow; without a listener that event ends the process with a stack trace.
 */
import { writeSync } from 'node:fs';

/** A text destination with backpressure. */
export interface TextSink {
  /**
   * Writes `text`; returns a promise when the caller should wait before writing more (the
   * stream's buffer is full), undefined otherwise. Throws OutputError once a write has failed.
   */
  write(text: string): Promise<void> | undefined;
  /** Resolves when everything written has been handed to the system; throws OutputError if a write failed. */
  flush(): Promise<void>;
}

/** The stream a write failed on, and the system error (`EPIPE`, `ENOSPC`, `EIO`, …). */
export class OutputError extends Error {
  readonly stream: 'stdout' | 'stderr';
  readonly syscallCode: string | undefined;

  constructor(stream: 'stdout' | 'stderr', cause: unknown) {
    const code = (cause as { code?: unknown } | null)?.code;
    super(`cannot write to ${stream}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'OutputError';
    this.stream = stream;
    this.syscallCode = typeof code === 'string' ? code : undefined;
  }

  /** True when the reader went away (`| head`): not a failure of ours, stop quietly as cat does. */
  get readerClosed(): boolean {
    return this.syscallCode === 'EPIPE';
  }
}

/** The part of a Node Writable a StreamSink uses (process.stdout, process.stderr, a file stream). */
export interface WritableLike {
  write(chunk: string | Uint8Array): boolean;
  readonly writableLength: number;
  on(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'drain' | 'error' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'error' | 'close', listener: () => void): unknown;
}

/** A TextSink over a Node stream. */
export class StreamSink implements TextSink {
  private failure: OutputError | undefined;

  constructor(
    private readonly stream: WritableLike,
    name: 'stdout' | 'stderr',
  ) {
    // Always listening: an 'error' event without a listener would crash the process.
    stream.on('error', (error) => (this.failure ??= new OutputError(name, error)));
  }

  /** The first write error, if any. */
  get error(): OutputError | undefined {
    return this.failure;
  }

  write(text: string | Uint8Array): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    if (this.stream.write(text)) return undefined;
    return this.settle();
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.stream.writableLength > 0) await this.settle();
    // A synchronous write that failed reports it on the next tick: give it the chance.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.failure) throw this.failure;
  }

  /** Waits for 'drain', or for the error that means no 'drain' will come. */
  private settle(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        this.stream.off('close', done);
        if (this.failure) reject(this.failure);
        else resolve();
      };
      this.stream.once('drain', done);
      this.stream.once('error', done);
      this.stream.once('close', done);
    });
  }
}

/**
 * A TextSink that writes to a file descriptor with write(2) and no stream: standard output and
 * error as a command-line program writes them. Node's process.stdout writes files, pipes and
 * terminals synchronously on Linux too, but touching it loads Node's whole stream machinery
 * (~20 internal modules, 4–6 ms of every command, measured against `node -e 0`: issue 19).
 * A descriptor set non-blocking by someone else (EAGAIN) hands the rest of the output to the
 * stream `fallback()` gives, which waits for the reader as StreamSink does.
 */
export class FdSink implements TextSink {
  private failure: OutputError | undefined;
  private stream: StreamSink | undefined;

  constructor(
    private readonly fd: number,
    private readonly name: 'stdout' | 'stderr',
    private readonly fallback: () => WritableLike,
  ) {}

  write(text: string): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    if (this.stream) return this.stream.write(text);
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < bytes.length) {
      try {
        done += writeSync(this.fd, bytes, done);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === 'EINTR') continue;
        if (code === 'EAGAIN') {
          this.stream = new StreamSink(this.fallback(), this.name);
          return this.stream.write(bytes.subarray(done));
        }
        this.failure = new OutputError(this.name, error);
        throw this.failure;
      }
    }
    return undefined;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    await this.stream?.flush();
  }
}

/** A TextSink that keeps everything in memory (tests run `main` in-process with these). */
export class MemorySink implements TextSink {
  private parts: string[] = [];

  write(text: string): undefined {
    this.parts.push(text);
    return undefined;
  }

  async flush(): Promise<void> {}

  /** Everything written so far. */
  text(): string {
    return this.parts.join('');
  }
}

/** Collects output lines and hands them on in chunks of about `chunkChars` (one write per line is slow). */
export class LineWriter {
  private parts: string[] = [];
  private size = 0;

  constructor(
    private readonly sink: TextSink,
    private readonly chunkChars = 1 << 16,
  ) {}

  /** Queues one line (a newline is appended); returns a promise when the caller should wait for the sink. */
  line(text: string): Promise<void> | undefined {
    this.parts.push(text, '\n');
    this.size += text.length + 1;
    return this.size >= this.chunkChars ? this.flushChunk() : undefined;
  }

  /** Writes whatever is queued and waits until the sink has taken it. */
  async flush(): Promise<void> {
    await this.flushChunk();
  }

  private flushChunk(): Promise<void> | undefined {
    if (this.parts.length === 0) return undefined;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    return this.sink.write(text);
  }
}
