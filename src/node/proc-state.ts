/**
 * Is the process still the one whose map we read? proc(5) /proc/PID/maps is produced a page at a
 * time (fs/seq_file.c); between two read() calls the process may exit, and once its memory is
 * released the next read sees end-of-file (fs/proc/task_mmu.c m_start: mmget_not_zero fails), so
 * the text simply stops: a partial map that looks whole. The process's state in /proc/PID/stat,
 * read before and after the map, tells whether that can have happened.
 */
import { existsSync, readFileSync } from 'node:fs';
import { MapsReadError, translateReadError, type ReadContext } from './errors.js';

/** Which file of /proc/<pid>/ to read. */
export type ProcMapsFile = 'maps' | 'smaps' | 'smaps_rollup';

/** A pid as the kernel numbers processes, or `self` (proc(5): /proc/self is the reader). */
export type Pid = number | 'self';

/** The path of a process's maps file: `/proc/<pid>/maps`. Throws RangeError for a non-pid. */
export function procMapsPath(pid: Pid, file: ProcMapsFile = 'maps', procRoot = '/proc'): string {
  if (pid !== 'self' && !(Number.isSafeInteger(pid) && pid > 0)) {
    throw new RangeError(`invalid pid ${String(pid)}: expected a positive integer or "self"`);
  }
  return `${procRoot}/${pid}/${file}`;
}

/** A live process's map given as a path (`mapscope parse /proc/123/maps`): read like --pid, with its exit check. */
const PROC_MAP_PATH = /^\/proc\/([1-9][0-9]*|self)\/(maps|smaps|smaps_rollup)$/;

/** The pid and file a path like /proc/123/maps names; undefined for any other path. */
export function procMapOfPath(path: string): { pid: Pid; file: ProcMapsFile } | undefined {
  const proc = PROC_MAP_PATH.exec(path);
  return proc ? { pid: proc[1] === 'self' ? 'self' : Number(proc[1]), file: proc[2] as ProcMapsFile } : undefined;
}

/** Throws MapsReadError('not-linux') when this platform has no /proc/<pid>/maps. */
export function assertProcfsPlatform(path: string, pid?: Pid): void {
  if (process.platform !== 'linux') {
    throw new MapsReadError(
      'not-linux',
      `reading a process's memory map needs Linux procfs; this is ${process.platform} (read a saved maps file instead)`,
      { path, pid },
    );
  }
}

/**
 * Reads /proc/<pid>/<file> with `read`, telling a missing process from a missing /proc, and
 * refusing a map that the process's exit (or an execve) may have cut short: /proc/PID/stat is
 * read before and after. A procfs copy without a stat file (procRoot pointing at saved files) is
 * read as it is.
 */
export async function readProcFile<T>(pid: Pid, file: ProcMapsFile, procRoot: string, read: (context: ReadContext) => T | Promise<T>): Promise<T> {
  const path = procMapsPath(pid, file, procRoot);
  assertProcfsPlatform(path, pid);
  const statPath = `${procRoot}/${pid}/stat`;
  const before = readProcStat(statPath);
  const exited = (why: string, cause?: unknown) =>
    new MapsReadError('process-exited', `process ${pid} exited while its memory map was being read (${path}: ${why})`, { path, pid, cause });
  let result: T;
  try {
    result = await read({ path, pid });
  } catch (error) {
    if (error instanceof MapsReadError && error.code === 'no-such-process') {
      if (before !== undefined) throw exited('it is gone', error.cause);
      if (!existsSync(`${procRoot}/self/maps`)) throw translateReadError(error.cause, { path, pid, procMounted: false });
    }
    throw error;
  }
  if (before !== undefined) {
    const after = readProcStat(statPath);
    const why = exitDuringRead(before, after);
    if (why !== undefined) throw exited(why);
    if (after !== undefined && execDuringRead(before, after)) {
      throw new MapsReadError('process-changed', `process ${pid} started a new program while its memory map was being read (${path})`, { path, pid });
    }
  }
  return result;
}

/** include/linux/sched.h: set by do_exit (exit_signals) before the memory is released (exit_mm). */
export const PF_EXITING = 0x00000004;

/** What /proc/PID/stat says about a process, the fields this check needs. */
export interface ProcStat {
  /** proc(5) field 3: R, S, D, Z (zombie), X (dead), T, t, I, … */
  state: string;
  /** proc(5) field 9: the kernel's PF_* flags. */
  flags: number;
  /** proc(5) field 22: start time in clock ticks since boot; a reused pid has another. */
  startTime: bigint;
  /**
   * proc(5) fields 26-28, startcode, endcode and startstack, as one text: set when the process
   * starts a program (fs/exec.c) and fixed after, so a change means an execve replaced the whole
   * memory map. All 0 when we may not see them (then the check cannot tell, and does not claim).
   */
  programLayout: string;
}

/**
 * Parses the text of /proc/PID/stat; undefined if it is not in that form. proc(5): the command
 * name (field 2) is in parentheses and may itself hold spaces and parentheses, so the fields are
 * counted after the last ')'.
 */
export function parseProcStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = text.slice(close + 2).trim().split(' ');
  // fields[0] is field 3 (state), fields[6] field 9 (flags), fields[19] field 22 (starttime),
  // fields[23..25] fields 26-28 (startcode, endcode, startstack).
  if (fields.length < 26 || !/^[0-9]+$/.test(fields[6]) || !/^[0-9]+$/.test(fields[19])) return undefined;
  return { state: fields[0], flags: Number(fields[6]), startTime: BigInt(fields[19]), programLayout: fields.slice(23, 26).join(':') };
}

/** Reads /proc/PID/stat (one short read: synchronous); undefined when it cannot be read (no such process, or a procfs copy without it). */
export function readProcStat(statPath: string): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(statPath, 'latin1'));
  } catch {
    return undefined;
  }
}

/** True for a process that is exiting or has exited: its memory map is gone or going. */
export function hasExited(stat: ProcStat): boolean {
  return stat.state === 'Z' || stat.state === 'X' || stat.state === 'x' || (stat.flags & PF_EXITING) !== 0;
}

/**
 * Why a map read between `before` and `after` cannot be trusted to be whole, or undefined when it
 * can: the process was exiting, is gone, or its pid now names another process.
 */
export function exitDuringRead(before: ProcStat, after: ProcStat | undefined): string | undefined {
  if (hasExited(before)) return before.state === 'Z' ? 'it had already exited (a zombie)' : 'it was already exiting';
  if (after === undefined) return 'it is gone';
  if (after.startTime !== before.startTime) return 'its pid now belongs to another process';
  if (hasExited(after)) return after.state === 'Z' ? 'it is now a zombie' : 'it is exiting';
  return undefined;
}

/**
 * True when the process started another program (execve) between `before` and `after`: its old
 * memory map was released mid-read (the text stops there, as on exit) and a new one replaced it.
 */
export function execDuringRead(before: ProcStat, after: ProcStat): boolean {
  return before.programLayout !== after.programLayout;
}
