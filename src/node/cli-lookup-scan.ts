/**
 * `mapscope lookup`: for a few addresses in a /proc/PID/maps (or a maps file) as the kernel writes
 * it, the answer from a scan of the bytes (src/parse/scan-lookup.ts) — no table of every region,
 * no index, and none of the code that builds them loaded. The input is read whole with
 * synchronous reads (read-sync.ts); when the scan cannot vouch for it (another format, a line the
 * kernel would not write, regions out of order, bytes outside printable ASCII, …) those same
 * bytes go through the full path (cli-run.ts): the output is the full path's either way
 * (test/cli/lookup-scan.test.ts), and a live process is read once.
 */
import { formatFromFileName, RegionIndex, scanLookup, type ParseOptions } from '../internal.js';
import type { RunCommand } from './cli-args.js';
import { EXIT_OK } from './cli-exit.js';
import type { ReadInput } from './cli-input.js';
import type { CliIo } from './cli-io.js';
import { writeLookup } from './cli-lookup.js';
import type { TextSink } from './cli-output.js';
import { asCliFailure } from './cli-read-error.js';
import type { ReadContext } from './errors.js';
import { procMapOfPath, readProcFile, type Pid, type ProcMapsFile } from './proc-state.js';
import { inputHintName, readWholeFile } from './read-sync.js';

/** More addresses than this are answered by the index, which pays for itself after a few (the scan is one pass per call, the index O(log n) a lookup). */
export const SCAN_MAX_ADDRESSES = 16;
/** The most bytes read whole for a scan: larger inputs are read and parsed as the other commands read them. */
const SCAN_MAX_BYTES = 256 * 1024 * 1024;

/** Reads a live process's maps whole (its exit or exec during the read refused, as for any read). */
async function readProcWhole(pid: Pid, file: ProcMapsFile, maxBytes: number, parse: ParseOptions): Promise<ReadInput | undefined> {
  return readProcFile(pid, file, '/proc', (context) => {
    const whole = readWholeFile(context, maxBytes);
    return whole === undefined ? undefined : { whole, context, parse };
  });
}

/**
 * Reads the input whole when the scan may answer for it: a maps file (by --format, the file's
 * name or --pid), a regular or procfs file within SCAN_MAX_BYTES and --max-size. Undefined
 * otherwise. Throws MapsReadError when the input cannot be read.
 */
async function readForScan(command: RunCommand): Promise<ReadInput | undefined> {
  if (command.addresses.length > SCAN_MAX_ADDRESSES || (command.format !== undefined && command.format !== 'maps')) return undefined;
  const maxBytes = Math.min(command.maxSize.bytes, SCAN_MAX_BYTES);
  const source = command.input;
  if (source.kind === 'stdin') return undefined;
  if (source.kind === 'pid') return source.file === 'maps' ? readProcWhole(source.pid, 'maps', maxBytes, { fileName: 'maps' }) : undefined;
  const parse = { fileName: inputHintName(source.path), format: command.format };
  const proc = procMapOfPath(source.path);
  if (proc !== undefined) return proc.file === 'maps' ? readProcWhole(proc.pid, proc.file, maxBytes, parse) : undefined;
  // A name that says smaps, pmap or gdb (and no --format maps): the full path reads the text as that.
  const hint = command.format ?? formatFromFileName(parse.fileName);
  if (hint !== undefined && hint !== 'maps') return undefined;
  const context: ReadContext = { path: source.path };
  const whole = readWholeFile(context, maxBytes);
  return whole === undefined ? undefined : { whole, context, parse };
}

/** Runs `mapscope lookup`; `scan` false takes the full path whatever the input (tests compare the two). */
export async function runLookup(command: RunCommand, io: CliIo, stderr: TextSink, scan = true): Promise<number> {
  let read: ReadInput | undefined;
  try {
    read = scan ? await readForScan(command) : undefined;
  } catch (error) {
    throw asCliFailure(error, command.maxSize);
  }
  const scanned = read && scanLookup(read.whole.bytes, command.addresses.map((a) => a.addr));
  if (scanned !== undefined) {
    await writeLookup(scanned.regions, RegionIndex.build(scanned.regions), scanned.addressSpace, command.addresses, command.json, io.stdout);
    return EXIT_OK;
  }
  return (await import('./cli-run.js')).runReadCommand(command, io, stderr, read);
}
