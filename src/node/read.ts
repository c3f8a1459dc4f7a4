/**
 * Reading a maps or smaps file from a path or from a live process, through the pipeline the app
 * uses (src/input: gzip, encodings, binary files refused). proc(5): files under /proc report a
 * size of 0, so they are read until EOF (read-input-file.ts; test/node/read.test.ts checks this
 * on /proc/self/maps).
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { ParseError, parseInputText, readInputBytesSync, type FormatName, type ParseOptions, type ParseResult } from '../internal.js';
import { MapsReadError, translateReadError } from './errors.js';
import { execDuringRead, exitDuringRead, readProcStat } from './proc-state.js';
import { readInputFile } from './read-input-file.js';

/** Which file of /proc/<pid>/ to read. */
export type ProcMapsFile = 'maps' | 'smaps' | 'smaps_rollup';

/** Options of readMapsFromPid. */
export interface PidReadOptions {
  /** `maps` (default), `smaps` (adds Rss, Pss, … per region) or `smaps_rollup` (one summed record). */
  file?: ProcMapsFile;
  /** Where procfs is mounted; `/proc` unless reading a copy or another mount. */
  procRoot?: string;
  /** Refuse (MapsReadError 'too-large') a map of more bytes than this; 8 GiB by default (DEFAULT_MAX_BYTES). */
  maxBytes?: number;
}

/** Options of readMapsFromPath. */
export interface PathReadOptions {
  /** Skip format detection and read the text as this format. */
  format?: FormatName;
  /** Refuse (MapsReadError 'too-large') an input of more bytes (decompressed) than this; 8 GiB by default (DEFAULT_MAX_BYTES). */
  maxBytes?: number;
}

/** A pid as the kernel numbers processes, or `self` (proc(5): /proc/self is the reader). */
export type Pid = number | 'self';

/** The path of a process's maps file: `/proc/<pid>/maps`. Throws RangeError for a non-pid. */
export function procMapsPath(pid: Pid, file: ProcMapsFile = 'maps', procRoot = '/proc'): string {
  if (pid !== 'self' && !(Number.isSafeInteger(pid) && pid > 0)) {
    throw new RangeError(`invalid pid ${String(pid)}: expected a positive integer or "self"`);
  }
  return `${procRoot}/${pid}/${file}`;
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

/** The name used as a format hint: `x.smaps.gz` hints like `x.smaps`. */
function hintName(path: string): string {
  return basename(path).replace(/\.gz$/i, '');
}

/**
 * Reads /proc/<pid>/<file>, telling a missing process from a missing /proc, and refusing a map
 * that the process's exit may have cut short (proc-state.ts). A procfs copy without a stat file
 * (procRoot pointing at saved files) is read as it is.
 */
async function readProcMap(pid: Pid, options: PidReadOptions, parse: ParseOptions): Promise<ParseResult> {
  const procRoot = options.procRoot ?? '/proc';
  const path = procMapsPath(pid, options.file ?? 'maps', procRoot);
  assertProcfsPlatform(path, pid);
  const statPath = `${procRoot}/${pid}/stat`;
  const before = await readProcStat(statPath);
  const exited = (why: string, cause?: unknown) =>
    new MapsReadError('process-exited', `process ${pid} exited while its memory map was being read (${path}: ${why})`, { path, pid, cause });
  let result: ParseResult;
  try {
    result = await readInputFile({ path, pid }, { maxBytes: options.maxBytes, parse });
  } catch (error) {
    if (error instanceof MapsReadError && error.code === 'no-such-process') {
      if (before !== undefined) throw exited('it is gone', error.cause);
      if (!existsSync(`${procRoot}/self/maps`)) throw translateReadError(error.cause, { path, pid, procMounted: false });
    }
    throw error;
  }
  if (before !== undefined) {
    const after = await readProcStat(statPath);
    const why = exitDuringRead(before, after);
    if (why !== undefined) throw exited(why);
    if (after !== undefined && execDuringRead(before, after)) {
      throw new MapsReadError('process-changed', `process ${pid} started a new program while its memory map was being read (${path})`, { path, pid });
    }
  }
  return result;
}

/** A live process's map given as a path (`mapscope parse /proc/123/maps`): read like --pid, with its exit check. */
const PROC_MAP_PATH = /^\/proc\/([1-9][0-9]*|self)\/(maps|smaps|smaps_rollup)$/;

/** Reads and parses a maps/smaps (or pmap, gdb) file, gzip-compressed or not; tolerant like parseMaps. */
export async function readMapsFromPath(path: string, options: PathReadOptions = {}): Promise<ParseResult> {
  const proc = PROC_MAP_PATH.exec(path);
  const parse = { fileName: hintName(path), format: options.format };
  return proc
    ? readProcMap(proc[1] === 'self' ? 'self' : Number(proc[1]), { file: proc[2] as ProcMapsFile, maxBytes: options.maxBytes }, parse)
    : readInputFile({ path }, { maxBytes: options.maxBytes, parse });
}

/** Like readMapsFromPath, but throws a ParseError at the first bad line. */
export async function readMapsFromPathStrict(path: string, options: PathReadOptions = {}): Promise<ParseResult> {
  return strict(await readMapsFromPath(path, options));
}

/** Reads and parses /proc/<pid>/maps (or smaps, smaps_rollup) of a live process. */
export async function readMapsFromPid(pid: Pid, options: PidReadOptions = {}): Promise<ParseResult> {
  return readProcMap(pid, options, { fileName: options.file ?? 'maps' });
}

/** Like readMapsFromPid, but throws a ParseError at the first bad line. */
export async function readMapsFromPidStrict(pid: Pid, options: PidReadOptions = {}): Promise<ParseResult> {
  return strict(await readMapsFromPid(pid, options));
}

/** parseMapsStrict's rule on a parsed result: the first error (decoding notes included) is thrown. */
function strict(result: ParseResult): ParseResult {
  const first = result.diagnostics.find((d) => d.severity === 'error');
  if (first) throw new ParseError(first);
  return result;
}

/**
 * Parses bytes already in memory, synchronously, read as the CLI and the app read them
 * (src/input readInputBytesSync: lossless UTF-8, BOMs, UTF-16; bytes that are not valid UTF-8
 * kept and warned about). Throws an InputError for empty, binary or gzip input (gzip needs the
 * asynchronous pipeline: readInputBytes and parseInputText of the core).
 */
export function parseMapsBytes(bytes: Uint8Array, fileName?: string, format?: FormatName): ParseResult {
  return parseInputText(readInputBytesSync(bytes), { fileName, format });
}
