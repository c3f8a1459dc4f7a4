/**
 * The `mapscope` command. `main(argv, io)` does the work and returns the exit status, so tests
 * run it in-process; the bottom of this file connects it to the real process when run directly
 * (`npx tsx src/node/cli.ts`, or the bundled dist/cli.js).
 *
 * Exit status (cli-exit.ts; documented in --help and the README):
 *   0  success (warnings about the input allowed); also when the reader closes the pipe (| head)
 *   1  the input had errors (diagnostics on stderr, with their lines)
 *   2  usage error
 *   3  the input could not be read: missing file or process, permission denied, not Linux, the
 *      process exited or ran a new program during the read, larger than --max-size, not text
 *      (binary, damaged gzip)
 *   4  the output could not be written (ENOSPC, EIO, …)
 *   70 an internal error (a bug)
 * Every failure prints exactly one line, `mapscope: <what> (<file or pid>)`, on stderr.
 */
import { fstatSync, realpathSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { diffSnapshots, formatCount, formatNameForDisplay } from '../internal.js';
import { parseCommandLine, type DiffCommand, type InputSource, type RecordCommand } from './cli-args.js';
import { loadDiffInputs } from './cli-diff-input.js';
import { writeDiffJson, writeDiffText } from './cli-diff.js';
import { recordProcess } from './record.js';
import { classifyFailure, EXIT_CANNOT_WRITE, EXIT_INPUT_ERRORS, EXIT_OK, failureLine } from './cli-exit.js';
import { helpText } from './cli-help.js';
import { asCliFailure, loadInput } from './cli-input.js';
import type { CliIo } from './cli-io.js';
import { writeLookup } from './cli-lookup.js';
import { OutputError, StreamSink, type TextSink } from './cli-output.js';
import { writeDelimited, writeParseJson, writeRegionTable } from './cli-parse.js';
import { hasErrors, reportDiagnostics } from './cli-report.js';
import { runServe } from './cli-serve.js';
import { writeStatsJson, writeStatsMarkdown, writeStatsTable } from './cli-stats.js';
import { writeRollupTables } from './cli-rollup.js';
import { findRollups } from '../internal.js';
import { findPackageVersion } from './package-version.js';

export type { CliIo } from './cli-io.js';
export { EXIT_CANNOT_READ, EXIT_CANNOT_WRITE, EXIT_INPUT_ERRORS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from './cli-exit.js';

/**
 * Standard error as the command uses it: a reader that closed it (EPIPE) is ignored, as cat
 * does, and the command goes on; any other failure is remembered for the exit status.
 */
class DiagnosticSink implements TextSink {
  failure: OutputError | undefined;

  constructor(private readonly sink: TextSink) {}

  write(text: string): Promise<void> | undefined {
    if (this.failure) return undefined;
    try {
      return this.sink.write(text)?.catch((error: unknown) => this.remember(error));
    } catch (error) {
      this.remember(error);
      return undefined;
    }
  }

  async flush(): Promise<void> {
    if (this.failure) return;
    await this.sink.flush().catch((error: unknown) => this.remember(error));
  }

  private remember(error: unknown): void {
    if (!(error instanceof OutputError)) throw error;
    this.failure = error;
  }
}

/** The name a summary gives its input: the file's base name, /proc/PID/FILE, or null for standard input. */
function inputName(input: InputSource): string | null {
  if (input.kind === 'file') return basename(input.path);
  return input.kind === 'pid' ? `/proc/${input.pid}/${input.file}` : null;
}

/** Runs one command; throws on failure (main turns that into one line and a status). */
async function run(argv: readonly string[], io: CliIo, stderr: TextSink): Promise<number> {
  if (argv[0] === 'serve') return runServe(argv.slice(1), io, findPackageVersion(import.meta.url) ?? 'unknown version');
  const command = parseCommandLine(argv);
  if (command.action === 'help') {
    await io.stdout.write(helpText(command.command) + '\n');
    return EXIT_OK;
  }
  if (command.action === 'version') {
    await io.stdout.write(`mapscope ${findPackageVersion(import.meta.url) ?? 'unknown version'}\n`);
    return EXIT_OK;
  }
  if (command.action === 'diff') return runDiff(command, io, stderr);
  if (command.action === 'record') return runRecord(command, io);
  const { result, sourceName } = await loadInput(command.input, io, command);
  switch (command.command) {
    case 'parse':
    case 'stats': {
      // An smaps_rollup file is totals, not a region: its text output is those totals.
      const rollups = findRollups(result.regions);
      if (command.command === 'parse' && (command.export === 'csv' || command.export === 'tsv')) await writeDelimited(result, command.export === 'csv' ? ',' : '\t', io.stdout);
      else if (command.command === 'stats' && command.export === 'markdown') await writeStatsMarkdown(result, inputName(command.input), io.stdout);
      else if (rollups !== null && !command.json) await writeRollupTables(rollups, io.stdout);
      else if (command.command === 'parse') await (command.json ? writeParseJson(result, io.stdout, rollups) : writeRegionTable(result, io.stdout));
      else await (command.json ? writeStatsJson(result, io.stdout, rollups) : writeStatsTable(result, io.stdout));
      break;
    }
    case 'lookup':
      await writeLookup(result, command.addresses, command.json, io.stdout);
      break;
  }
  await reportDiagnostics(sourceName, result, stderr, command.json);
  return hasErrors(result) ? EXIT_INPUT_ERRORS : EXIT_OK;
}

/** `mapscope diff`: exit 0 whenever the comparison was made, whatever the inputs held (their diagnostics on stderr). */
async function runDiff(command: DiffCommand, io: CliIo, stderr: TextSink): Promise<number> {
  const { before, after, reports } = await loadDiffInputs(command, io);
  const diff = diffSnapshots(before.result, after.result, { mode: command.mode });
  await (command.json ? writeDiffJson(diff, before, after, io.stdout) : writeDiffText(diff, before, after, io.stdout));
  for (const r of reports) await reportDiagnostics(r.sourceName, r.diagnostics, stderr, command.json);
  return EXIT_OK;
}

/** `mapscope record`: a line on standard output when done, saying how many snapshots and why it stopped. */
async function runRecord(command: RecordCommand, io: CliIo): Promise<number> {
  const where = `process ${command.pid}`;
  let outcome;
  try {
    outcome = await recordProcess({ ...command, maxBytes: command.maxSize.bytes, signal: io.interrupt?.() });
  } catch (error) {
    throw asCliFailure(error, command.maxSize);
  }
  const why = { count: 'as many as --count asked', duration: 'after --duration', exited: `${where} exited`, exec: `${where} started another program`, interrupted: 'interrupted', error: 'a read failed' }[outcome.reason];
  await io.stdout.write(`recorded ${formatCount(outcome.snapshots)} snapshot${outcome.snapshots === 1 ? '' : 's'} of ${where} in ${(outcome.elapsedMs / 1000).toFixed(1)} s to ${formatNameForDisplay(command.output)}: stopped ${why}\n`);
  return EXIT_OK;
}

/** Runs `mapscope` with the arguments after the program name; resolves to the exit status. Never throws. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const stderr = new DiagnosticSink(io.stderr);
  let status: number;
  try {
    status = await run(argv, io, stderr);
    await io.stdout.flush();
  } catch (error) {
    const failure = classifyFailure(error);
    if (failure === 'quiet') return EXIT_OK;
    await stderr.write(failureLine(failure));
    status = failure.status;
  }
  await stderr.flush();
  // Diagnostics that could not be written are output lost: say so in the status (there is nowhere to print it).
  if (stderr.failure && !stderr.failure.readerClosed) return EXIT_CANNOT_WRITE;
  return status;
}

/** True when this module is the program being run (not imported by a test). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    // npm's bin link is a symlink to dist/cli.js: compare real paths.
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

/** The last resort: an error that escaped main (a bug) still ends as one line and status 70. */
function crash(error: unknown): never {
  const failure = classifyFailure(error);
  if (failure !== 'quiet') {
    try {
      writeSync(2, failureLine(failure));
    } catch {
      // stderr is gone too: the status says it.
    }
  }
  process.exit(failure === 'quiet' ? EXIT_OK : failure.status);
}

if (isEntryPoint()) {
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  const io: CliIo = {
    // SIGINT stops a recording cleanly (its file ends with its end line; a second SIGINT ends it at once); other commands end as before.
    interrupt: () => {
      const interrupt = new AbortController();
      process.on('SIGINT', () => {
        if (interrupt.signal.aborted) process.exit(130);
        interrupt.abort();
      });
      return interrupt.signal;
    },
    stdout: new StreamSink(process.stdout, 'stdout'),
    stderr: new StreamSink(process.stderr, 'stderr'),
    stdin: () => Readable.toWeb(process.stdin) as ReadableStream<Uint8Array>,
    stdinBytes: () => {
      const stat = fstatSync(0);
      return stat.isFile() && stat.size > 0 ? stat.size : null;
    },
  };
  // main has flushed both streams: exit now rather than wait for stdin or other handles.
  void main(process.argv.slice(2), io).then((status) => process.exit(status), crash);
}
