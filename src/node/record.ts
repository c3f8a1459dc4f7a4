/**
 * `mapscope record`: timestamped snapshots of a live process's maps or smaps, written as a
 * recording (src/parse/recording.ts, docs/recording.md) — the kernel's text as read, each behind
 * its header line. Each read is checked as `--pid` checks it (proc-state.ts): a map that the
 * process's exit or execve may have cut short is not written. Stops after --count snapshots or
 * --duration, when the process exits or starts another program, or when `signal` aborts (SIGINT);
 * the file always ends with its `#mapscope end` line.
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { recordingLines } from '../internal.js';
import { MapsReadError, translateReadError } from './errors.js';
import { execDuringRead, exitDuringRead, readProcStat } from './proc-state.js';
import { assertProcfsPlatform, procMapsPath, type Pid } from './read.js';

/** Options of recordProcess. */
export interface RecordOptions {
  pid: Pid;
  file: 'maps' | 'smaps';
  /** Time from the start of one snapshot to the start of the next. */
  intervalMs: number;
  /** Stop after this many snapshots. */
  count?: number;
  /** Stop once this long has passed since the first snapshot. */
  durationMs?: number;
  /** The recording's path. */
  output: string;
  /** Refuse (MapsReadError too-large) a snapshot of more bytes. */
  maxBytes: number;
  /** Aborted: stop after the snapshot being taken (SIGINT). */
  signal?: AbortSignal;
  procRoot?: string;
}

/** Why a recording stopped, as its end line says (`reason=`). */
export type RecordStop = 'count' | 'duration' | 'exited' | 'exec' | 'interrupted' | 'error';

/** What was recorded. */
export interface RecordOutcome {
  snapshots: number;
  reason: RecordStop;
  elapsedMs: number;
}

/** One read of the process's map: its bytes, or why there are none (the process is gone or changed). */
async function readSnapshot(pid: Pid, options: RecordOptions): Promise<Buffer | 'exited' | 'exec'> {
  const procRoot = options.procRoot ?? '/proc';
  const path = procMapsPath(pid, options.file, procRoot);
  const statPath = `${procRoot}/${pid}/stat`;
  const before = await readProcStat(statPath);
  if (before === undefined) return 'exited';
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const failure = translateReadError(error, { path, pid });
    if (failure.code === 'no-such-process') return 'exited';
    throw failure;
  }
  const after = await readProcStat(statPath);
  if (exitDuringRead(before, after) !== undefined) return 'exited';
  if (after !== undefined && execDuringRead(before, after)) return 'exec';
  if (bytes.byteLength > options.maxBytes) {
    throw new MapsReadError('too-large', `${path}: too large (${bytes.byteLength} bytes; the size limit is ${options.maxBytes} bytes)`, { path, pid, limitBytes: options.maxBytes, sizeBytes: bytes.byteLength });
  }
  return bytes;
}

/**
 * Records the process (see the file's comment). Throws MapsReadError when the first snapshot
 * cannot be read (no such process, permission denied): then no file is written.
 */
export async function recordProcess(options: RecordOptions): Promise<RecordOutcome> {
  const { pid } = options;
  const path = procMapsPath(pid, options.file, options.procRoot);
  assertProcfsPlatform(path, pid);
  const started = Date.now();
  let out: FileHandle | undefined;
  let snapshots = 0;
  let reason: RecordStop | undefined;
  try {
    for (;;) {
      const at = new Date();
      const read = await readSnapshot(pid, options);
      if (typeof read === 'string') {
        if (snapshots === 0) {
          const why = read === 'exec' ? 'process-changed' : 'no-such-process';
          throw new MapsReadError(why, `${path}: ${read === 'exec' ? 'the process started another program while its map was read' : 'no such process'}`, { path, pid });
        }
        reason = read;
        break;
      }
      if (out === undefined) {
        out = await open(options.output, 'w');
        await out.write(recordingLines.start());
      }
      await out.write(recordingLines.snapshot(at.getTime(), pid, path));
      await out.write(read);
      // The kernel ends every line with a newline; a text that does not would run into the next header.
      if (recordingLines.needsNewline(read)) await out.write('\n');
      snapshots++;
      if (options.count !== undefined && snapshots >= options.count) {
        reason = 'count';
        break;
      }
      const next = at.getTime() + options.intervalMs;
      if (options.durationMs !== undefined && next - started > options.durationMs) {
        reason = 'duration';
        break;
      }
      if (options.signal?.aborted) {
        reason = 'interrupted';
        break;
      }
      try {
        await delay(Math.max(0, next - Date.now()), undefined, { signal: options.signal });
      } catch {
        reason = 'interrupted';
        break;
      }
    }
  } catch (error) {
    // A read that failed after some snapshots (permission taken away, too large): the file still ends properly.
    reason = 'error';
    throw error;
  } finally {
    await out?.write(recordingLines.end(Date.now(), snapshots, reason ?? 'error'));
    await out?.close();
  }
  return { snapshots, reason: reason ?? 'error', elapsedMs: Date.now() - started };
}
