/**
 * Reading a maps or smaps file from a path or from a live process, through the pipeline the app
 * uses (src/input: gzip, encodings, binary files refused). proc(5): files under /proc report a
 * size of 0, so they are read until EOF (read-input-file.ts; test/node/read.test.ts checks this
 * on /proc/self/maps).
 */
import { ParseError, parseInputBytes, parseInputText, readInputBytesSync, type FormatName, type ParseOptions, type ParseResult } from '../internal.js';
import { procMapOfPath, readProcFile, type Pid, type ProcMapsFile } from './proc-state.js';
import { inputHintName } from './read-sync.js';
import { readInputFile } from './read-input-file.js';

export { assertProcfsPlatform, procMapsPath, type Pid, type ProcMapsFile } from './proc-state.js';

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

/** Reads and parses /proc/<pid>/<file> (proc-state.ts readProcFile: refused when the process exits or execs meanwhile). */
function readProcMap(pid: Pid, options: PidReadOptions, parse: ParseOptions): Promise<ParseResult> {
  return readProcFile(pid, options.file ?? 'maps', options.procRoot ?? '/proc', (context) => readInputFile(context, { maxBytes: options.maxBytes, parse }));
}

/** Reads and parses a maps/smaps (or pmap, gdb) file, gzip-compressed or not; tolerant like parseMaps. A /proc/PID/maps path is read like --pid, with its exit check. */
export async function readMapsFromPath(path: string, options: PathReadOptions = {}): Promise<ParseResult> {
  const proc = procMapOfPath(path);
  const parse = { fileName: inputHintName(path), format: options.format };
  return proc
    ? readProcMap(proc.pid, { file: proc.file, maxBytes: options.maxBytes }, parse)
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
  // A maps file straight from its bytes (src/input/parse-bytes.ts), any other input decoded first: the same result.
  return parseInputBytes(bytes, { fileName, format })?.result ?? parseInputText(readInputBytesSync(bytes), { fileName, format });
}
