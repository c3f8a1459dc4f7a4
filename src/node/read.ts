/**
 * Reading a maps or smaps file from a path or from a live process. proc(5): files under /proc
 * report a size of 0, so they are read until EOF (fs.readFile does: it falls back to chunked
 * reads when fstat says 0 — test/node/read.test.ts checks this on /proc/self/maps).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseMaps, parseMapsStrict, type FormatName, type ParseResult } from '../internal.js';
import { addInvalidUtf8Warnings, decodeUtf8, type DecodedText } from './decode-text.js';
import { MapsReadError, translateReadError, type ReadContext } from './errors.js';

/** Which file of /proc/<pid>/ to read. */
export type ProcMapsFile = 'maps' | 'smaps' | 'smaps_rollup';

/** Options of readMapsFromPid. */
export interface PidReadOptions {
  /** `maps` (default), `smaps` (adds Rss, Pss, … per region) or `smaps_rollup` (one summed record). */
  file?: ProcMapsFile;
  /** Where procfs is mounted; `/proc` unless reading a copy or another mount. */
  procRoot?: string;
}

/** Options of readMapsFromPath. */
export interface PathReadOptions {
  /** Skip format detection and read the text as this format. */
  format?: FormatName;
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

/** Reads a file's bytes, decoded as UTF-8; fs errors become MapsReadError. */
async function readText(context: ReadContext): Promise<DecodedText> {
  let bytes: Buffer;
  try {
    bytes = await readFile(context.path);
  } catch (error) {
    throw translateReadError(error, context);
  }
  // The Buffer is dropped when this returns: only the string stays alive.
  return decodeUtf8(bytes);
}

/** Reads /proc/<pid>/<file>, telling a missing process from a missing /proc. */
async function readProcText(pid: Pid, options: PidReadOptions): Promise<DecodedText> {
  const procRoot = options.procRoot ?? '/proc';
  const path = procMapsPath(pid, options.file ?? 'maps', procRoot);
  assertProcfsPlatform(path, pid);
  try {
    return await readText({ path, pid });
  } catch (error) {
    if (error instanceof MapsReadError && error.code === 'no-such-process' && !existsSync(`${procRoot}/self/maps`)) {
      throw translateReadError(error.cause, { path, pid, procMounted: false });
    }
    throw error;
  }
}

function finish(decoded: DecodedText, result: ParseResult): ParseResult {
  addInvalidUtf8Warnings(result, decoded);
  return result;
}

/** Reads and parses a maps/smaps (or pmap, gdb) file; tolerant like parseMaps. */
export async function readMapsFromPath(path: string, options: PathReadOptions = {}): Promise<ParseResult> {
  const decoded = await readText({ path });
  return finish(decoded, parseMaps(decoded.text, { fileName: basename(path), format: options.format }));
}

/** Like readMapsFromPath, but throws a ParseError at the first bad line. */
export async function readMapsFromPathStrict(path: string, options: PathReadOptions = {}): Promise<ParseResult> {
  const decoded = await readText({ path });
  return finish(decoded, parseMapsStrict(decoded.text, { fileName: basename(path), format: options.format }));
}

/** Reads and parses /proc/<pid>/maps (or smaps, smaps_rollup) of a live process. */
export async function readMapsFromPid(pid: Pid, options: PidReadOptions = {}): Promise<ParseResult> {
  const decoded = await readProcText(pid, options);
  return finish(decoded, parseMaps(decoded.text, { fileName: options.file ?? 'maps' }));
}

/** Like readMapsFromPid, but throws a ParseError at the first bad line. */
export async function readMapsFromPidStrict(pid: Pid, options: PidReadOptions = {}): Promise<ParseResult> {
  const decoded = await readProcText(pid, options);
  return finish(decoded, parseMapsStrict(decoded.text, { fileName: options.file ?? 'maps' }));
}

/** Parses bytes already in memory (stdin, a download) the way the readers do. */
export function parseMapsBytes(bytes: Uint8Array, fileName?: string, format?: FormatName): ParseResult {
  const decoded = decodeUtf8(bytes);
  return finish(decoded, parseMaps(decoded.text, { fileName, format }));
}
