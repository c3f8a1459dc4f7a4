/**
 * `mapscope lookup`: for a few addresses in a /proc/PID/maps (or a maps file) as the kernel writes
 * it, the answer from a scan of the bytes (src/parse/scan-lookup.ts) — no table of every region,
 * no index, and none of the code that builds them loaded. The input is read with synchronous reads
 * straight into the scanner's window (read-sync.ts readFileWith): no buffer of the whole text, whose
 * first-touch page faults cost a 60,000-region lookup ~10 ms of CPU. When the scan cannot vouch for
 * the text (another format, a line the kernel would not write, regions out of order, bytes outside
 * printable ASCII, …) the full path (cli-run.ts) reads and parses the input again: the output is the
 * full path's either way (test/cli/lookup-scan.test.ts); for a live process it is then the map of
 * that second read (nothing of the first was written).
 */
import { formatFromFileName, RegionIndex, scanLookupRead, type ScannedLookup } from '../internal.js';
import type { RunCommand } from './cli-args.js';
import { EXIT_OK } from './cli-exit.js';
import type { CliIo } from './cli-io.js';
import { writeLookup } from './cli-lookup.js';
import type { TextSink } from './cli-output.js';
import { asCliFailure } from './cli-read-error.js';
import type { ReadContext } from './errors.js';
import { procMapOfPath, readProcFile } from './proc-state.js';
import { inputHintName, readFileWith } from './read-sync.js';

/** More addresses than this are answered by the index, which pays for itself after a few (the scan is one pass per call, the index O(log n) a lookup). */
export const SCAN_MAX_ADDRESSES = 16;

/**
 * The scan's answer for the command's input, read as it scans, when the scan may answer for it: a
 * maps file (by --format, the file's name or --pid), a regular or procfs file within --max-size.
 * Undefined otherwise, and when the scan gives up. Throws MapsReadError when the input cannot be read.
 */
async function scanInput(command: RunCommand): Promise<ScannedLookup | undefined> {
  if (command.addresses.length > SCAN_MAX_ADDRESSES || (command.format !== undefined && command.format !== 'maps')) return undefined;
  const maxBytes = command.maxSize.bytes;
  const addresses = command.addresses.map((a) => a.addr);
  const scan = (context: ReadContext) => readFileWith(context, maxBytes, (read) => scanLookupRead(read, addresses, { maxBytes }));
  const source = command.input;
  if (source.kind === 'stdin') return undefined;
  // A live process's map: its exit or exec during the read refused, as for any read.
  if (source.kind === 'pid') return source.file === 'maps' ? readProcFile(source.pid, 'maps', '/proc', scan) : undefined;
  const proc = procMapOfPath(source.path);
  if (proc !== undefined) return proc.file === 'maps' ? readProcFile(proc.pid, proc.file, '/proc', scan) : undefined;
  // A name that says smaps, pmap or gdb (and no --format maps): the full path reads the text as that.
  const hint = command.format ?? formatFromFileName(inputHintName(source.path));
  if (hint !== undefined && hint !== 'maps') return undefined;
  return scan({ path: source.path });
}

/** Runs `mapscope lookup`; `scan` false takes the full path whatever the input (tests compare the two). */
export async function runLookup(command: RunCommand, io: CliIo, stderr: TextSink, scan = true): Promise<number> {
  let scanned: ScannedLookup | undefined;
  try {
    scanned = scan ? await scanInput(command) : undefined;
  } catch (error) {
    throw asCliFailure(error, command.maxSize);
  }
  if (scanned !== undefined) {
    await writeLookup(scanned.regions, RegionIndex.build(scanned.regions), scanned.addressSpace, command.addresses, command.json, io.stdout);
    return EXIT_OK;
  }
  return (await import('./cli-run.js')).runReadCommand(command, io, stderr);
}
