/**
 * The `mapscope` command. `main(argv, io)` does the work and returns the exit status, so tests
 * run it in-process; the bottom of this file connects it to the real process when run directly
 * (`npx tsx src/node/cli.ts`, or the bundled dist/cli.js).
 *
 * Exit status: 0 success; 1 the input had errors (diagnostics on stderr); 2 usage error, or the
 * input could not be read.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatNameForDisplay } from '../internal.js';
import { parseCommandLine, UsageError } from './cli-args.js';
import { helpText, usageText } from './cli-help.js';
import { loadInput } from './cli-input.js';
import type { CliIo } from './cli-io.js';
import { writeLookup } from './cli-lookup.js';
import { writeParseJson, writeRegionTable } from './cli-parse.js';
import { hasErrors, reportDiagnostics } from './cli-report.js';
import { writeStatsJson, writeStatsTable } from './cli-stats.js';
import { MapsReadError } from './errors.js';
import { findPackageVersion } from './package-version.js';

export type { CliIo } from './cli-io.js';

export const EXIT_OK = 0;
export const EXIT_INPUT_ERRORS = 1;
export const EXIT_USAGE = 2;

/** Runs `mapscope` with the arguments after the program name; resolves to the exit status. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let command;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`mapscope: ${formatNameForDisplay(error.message)}\n${usageText()}\n`);
    return EXIT_USAGE;
  }
  if (command.action === 'help') {
    io.stdout(helpText(command.command) + '\n');
    return EXIT_OK;
  }
  if (command.action === 'version') {
    io.stdout(`mapscope ${findPackageVersion(import.meta.url) ?? 'unknown version'}\n`);
    return EXIT_OK;
  }

  let input;
  try {
    input = await loadInput(command.input, io, command.format);
  } catch (error) {
    if (!(error instanceof MapsReadError)) throw error;
    io.stderr(`mapscope: ${formatNameForDisplay(error.message)}\n`);
    return EXIT_USAGE;
  }
  const { result, sourceName } = input;
  switch (command.command) {
    case 'parse':
      if (command.json) writeParseJson(result, io.stdout);
      else writeRegionTable(result, io.stdout);
      break;
    case 'stats':
      if (command.json) writeStatsJson(result, io.stdout);
      else writeStatsTable(result, io.stdout);
      break;
    case 'lookup':
      writeLookup(result, command.addresses, command.json, io.stdout);
      break;
  }
  reportDiagnostics(sourceName, result.diagnostics, io.stderr, command.json);
  return hasErrors(result.diagnostics) ? EXIT_INPUT_ERRORS : EXIT_OK;
}

/** Reads all of standard input as bytes. */
async function readProcessStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
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

if (isEntryPoint()) {
  // `mapscope parse big.maps | head` closes the pipe early: stop quietly, as cat does.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_OK);
    throw error;
  });
  const io: CliIo = {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin: readProcessStdin,
  };
  // exitCode rather than process.exit(): let buffered output drain first.
  main(process.argv.slice(2), io).then((status) => (process.exitCode = status));
}
