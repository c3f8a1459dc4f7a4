/**
 * The `mapscope` command. `main(argv, io)` does the work and returns the exit status, so tests
 * run it in-process; the bottom of this file connects it to the real process when run directly
 * (`npx tsx src/node/cli.ts`, or the bundled dist/cli.cjs).
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
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from './cli-args.js';
import { classifyFailure, EXIT_CANNOT_WRITE, EXIT_OK, failureLine } from './cli-exit.js';
import type { CliIo } from './cli-io.js';
import { FdSink, OutputError, type TextSink } from './cli-output.js';
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

/**
 * Runs one command; throws on failure (main turns that into one line and a status). Each command's
 * code is imported when it runs (chunks of its own in dist/cli/), so that a command loads what it
 * uses and no more: Node compiles every module it loads, and the one 536 KB bundle took 30–50 ms
 * to load before any command began (issue 19).
 */
async function run(argv: readonly string[], io: CliIo, stderr: TextSink): Promise<number> {
  if (argv[0] === 'serve') return (await import('./cli-serve.js')).runServe(argv.slice(1), io, findPackageVersion(import.meta.url) ?? 'unknown version');
  const command = parseCommandLine(argv);
  switch (command.action) {
    case 'help':
      await io.stdout.write((await import('./cli-help.js')).helpText(command.command) + '\n');
      return EXIT_OK;
    case 'version':
      await io.stdout.write(`mapscope ${findPackageVersion(import.meta.url) ?? 'unknown version'}\n`);
      return EXIT_OK;
    case 'diff':
      return (await import('./cli-diff.js')).runDiff(command, io, stderr);
    case 'record':
      return (await import('./cli-record.js')).runRecord(command, io);
    case 'run':
      if (command.command === 'lookup') return (await import('./cli-lookup-scan.js')).runLookup(command, io, stderr);
      return (await import('./cli-run.js')).runReadCommand(command, io, stderr);
  }
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
    const self = fileURLToPath(import.meta.url);
    // `node dist/cli.cjs`: Node gives the script's absolute path. npm's bin link is a symlink to it: compare real paths.
    return script === self || realpathSync(script) === realpathSync(self);
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
    // write(2) on the descriptors: process.stdout and its stream modules load only if a write would block.
    stdout: new FdSink(1, 'stdout', () => process.stdout),
    stderr: new FdSink(2, 'stderr', () => process.stderr),
    // node:stream loads only for a command that reads standard input.
    stdin: () => process.getBuiltinModule('node:stream').Readable.toWeb(process.stdin) as ReadableStream<Uint8Array>,
    stdinBytes: () => {
      const stat = fstatSync(0);
      return stat.isFile() && stat.size > 0 ? stat.size : null;
    },
  };
  // main has flushed both streams: exit now rather than wait for stdin or other handles.
  void main(process.argv.slice(2), io).then((status) => process.exit(status), crash);
}
