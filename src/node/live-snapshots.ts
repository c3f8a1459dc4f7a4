/**
 * The snapshots `mapscope serve` takes of a live process: /proc/PID/maps (or smaps) read every
 * interval the way `--pid` reads it (proc-state.ts: a read the process's exit or execve may have
 * cut short is not kept), kept only when its bytes differ from the last one, in a series bounded
 * by bytes (the oldest dropped first, counted). The bytes are kept as the kernel wrote them: the
 * page parses them with the one input pipeline, exactly as a dropped file.
 */
import { readFileSync } from 'node:fs';
import { execDuringRead, exitDuringRead, readProcStat } from './proc-state.js';
import type { ProcMapsFile } from './read.js';

/** One reading of the process's map. */
export interface Snapshot {
  /** 1, 2, 3, … in the order taken; a dropped snapshot's number is not reused. */
  seq: number;
  /** When the read finished, in ms since the epoch. */
  time: number;
  bytes: Buffer;
}

/** What one read gives: a snapshot's bytes, the process's end, or a read to try again. */
export type ReadOutcome = { kind: 'read'; bytes: Buffer } | { kind: 'exited'; why: string } | { kind: 'retry'; why: string };

/** Reads /proc/PID/FILE once, with the stat check before and after (read.ts does the same for --pid). */
export async function readProcSnapshot(pid: number, file: ProcMapsFile, procRoot = '/proc'): Promise<ReadOutcome> {
  const statPath = `${procRoot}/${pid}/stat`;
  const before = await readProcStat(statPath);
  if (before === undefined) return { kind: 'exited', why: 'it is gone' };
  let bytes: Buffer;
  try {
    bytes = readFileSync(`${procRoot}/${pid}/${file}`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return { kind: 'exited', why: 'it is gone' };
    throw error;
  }
  const after = await readProcStat(statPath);
  const exited = exitDuringRead(before, after);
  if (exited !== undefined) return { kind: 'exited', why: exited };
  if (after !== undefined && execDuringRead(before, after)) return { kind: 'retry', why: 'it started a new program during the read' };
  return { kind: 'read', bytes };
}

/** What a series tells its listeners. */
export type SeriesEvent = { kind: 'snapshot'; snapshot: Snapshot } | { kind: 'exit'; why: string; time: number } | { kind: 'error'; message: string };

export interface SeriesOptions {
  pid: number;
  file: ProcMapsFile;
  intervalMs: number;
  /** The most bytes of snapshots kept; older ones are dropped first (the newest is always kept). */
  maxBytes?: number;
  procRoot?: string;
  /** Reads the map; readProcSnapshot unless a test counts reads. */
  read?: (pid: number, file: ProcMapsFile, procRoot?: string) => Promise<ReadOutcome>;
}

/** Kept snapshot bytes when not told: 256 MiB, 80 snapshots of a 65,530-region process's smaps. */
export const SERIES_MAX_BYTES = 256 * 1024 ** 2;

/** The snapshots of one process, taken every interval while anyone listens or until it exits. */
export class SnapshotSeries {
  readonly snapshots: Snapshot[] = [];
  /** Snapshots dropped to stay within maxBytes. */
  dropped = 0;
  /** Reads made (kept or not): the cost of watching, for benchmarks and tests. */
  reads = 0;
  ended: { why: string; time: number } | null = null;
  private bytes = 0;
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private reading = false;
  private readonly listeners = new Set<(event: SeriesEvent) => void>();

  constructor(private readonly options: SeriesOptions) {}

  /** Reads now, then every interval, until stop() or the process's exit. */
  start(): void {
    if (this.timer !== undefined || this.ended) return;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Calls `listener` with every later event; returns the unsubscribe. */
  listen(listener: (event: SeriesEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: SeriesEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** One read; skipped while the previous one is still running (a slow read never piles up). */
  async tick(): Promise<void> {
    if (this.reading || this.ended) return;
    this.reading = true;
    try {
      const { pid, file, procRoot } = this.options;
      this.reads++;
      const outcome = await (this.options.read ?? readProcSnapshot)(pid, file, procRoot);
      if (outcome.kind === 'exited') {
        this.ended = { why: outcome.why, time: Date.now() };
        this.stop();
        this.emit({ kind: 'exit', ...this.ended });
      } else if (outcome.kind === 'read') {
        const last = this.snapshots.at(-1);
        if (last === undefined || !last.bytes.equals(outcome.bytes)) this.keep(outcome.bytes);
      }
    } catch (error) {
      this.emit({ kind: 'error', message: `reading process ${this.options.pid}'s ${this.options.file} failed: ${(error as Error).message}` });
    } finally {
      this.reading = false;
    }
  }

  private keep(bytes: Buffer): void {
    const snapshot: Snapshot = { seq: ++this.seq, time: Date.now(), bytes };
    this.snapshots.push(snapshot);
    this.bytes += bytes.length;
    const max = this.options.maxBytes ?? SERIES_MAX_BYTES;
    while (this.bytes > max && this.snapshots.length > 1) {
      this.bytes -= this.snapshots.shift()!.bytes.length;
      this.dropped++;
    }
    this.emit({ kind: 'snapshot', snapshot });
  }
}
