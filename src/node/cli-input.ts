/**
 * Loads the input of a command — a file (gzip-compressed or not), standard input, or a live
 * process — through the pipeline the app uses (src/input via read.ts and read-input-file.ts),
 * and turns every way that can fail into one CliFailure with exit status 3.
 */
import { formatBytes, type FormatName, type ParseResult } from '../internal.js';
import type { InputSource, SizeArg } from './cli-args.js';
import { CliFailure, EXIT_CANNOT_READ } from './cli-exit.js';
import type { CliIo } from './cli-io.js';
import { MapsReadError } from './errors.js';
import { readInputParsed } from './read-input-file.js';
import { procMapsPath, readMapsFromPath, readMapsFromPid } from './read.js';

/** A parsed input and the name to show in diagnostics. */
export interface LoadedInput {
  result: ParseResult;
  /** `maps.txt`, `/proc/123/maps`, `<stdin>`. */
  sourceName: string;
}

export const STDIN_NAME = '<stdin>';

/** `600000003 bytes (572.2 MiB)`. */
function sizeText(bytes: number): string {
  return `${bytes} bytes (${formatBytes(bytes)})`;
}

/** src/input's messages are sentences for the app ("This file is a PNG image, not …."): one clause here. */
function clauseOf(error: MapsReadError): string {
  const message = error.cause instanceof Error ? error.cause.message : error.message;
  return message.charAt(0).toLowerCase() + message.slice(1).replace(/\.$/, '');
}

/** What the CLI says about an input it could not read: the `<what>` of `mapscope: <what> (<where>)`. */
export function describeReadError(error: MapsReadError, maxSize: SizeArg): string {
  const who = error.pid === undefined || error.pid === 'self' ? 'this process' : `process ${error.pid}`;
  switch (error.code) {
    case 'file-not-found':
      return 'no such file';
    case 'is-directory':
      return 'is a directory, not a memory map';
    case 'permission-denied':
      // proc(5): reading /proc/<pid>/maps needs PTRACE_MODE_READ_FSCREDS on the target.
      return error.pid === undefined
        ? 'permission denied'
        : `permission denied: reading the memory map of ${who} needs ptrace access (the same user, or root / CAP_SYS_PTRACE)`;
    case 'no-such-process':
      return `no such process: ${error.pid}`;
    case 'process-exited':
      return `${who} exited while its memory map was being read`;
    case 'process-changed':
      return `${who} started a new program (execve) while its memory map was being read`;
    case 'not-linux':
      return process.platform === 'linux' ? '/proc is not mounted, so process memory maps cannot be read' : `reading a process's memory map needs Linux /proc; this is ${process.platform}`;
    case 'too-large': {
      // Within --max-size, text that cannot be read in pieces (a line longer than a string holds, a huge pmap file).
      if (error.limitBytes === undefined) return clauseOf(error);
      const size = error.sizeBytes === undefined ? 'more than' : `${sizeText(error.sizeBytes)}, more than`;
      return `too large: ${size} --max-size ${maxSize.text} (${error.limitBytes} bytes) of text`;
    }
    case 'not-text':
      return clauseOf(error);
    case 'read-failed': {
      const cause = error.cause instanceof Error ? error.cause.message : (error.syscallCode ?? error.message);
      return `cannot read: ${cause}`;
    }
  }
}

/** Reads and parses the input; throws CliFailure (exit 3) when it cannot be read. */
export async function loadInput(source: InputSource, io: CliIo, options: { format?: FormatName; maxSize: SizeArg }): Promise<LoadedInput> {
  const { format, maxSize } = options;
  const maxBytes = maxSize.bytes;
  let sourceName = STDIN_NAME;
  try {
    switch (source.kind) {
      case 'file':
        sourceName = source.path;
        return { result: await readMapsFromPath(source.path, { format, maxBytes }), sourceName };
      case 'stdin': {
        const result = await readInputParsed(io.stdin(), io.stdinBytes?.() ?? null, { path: STDIN_NAME }, { maxBytes, parse: { format } });
        return { result, sourceName };
      }
      case 'pid':
        sourceName = procMapsPath(source.pid, source.file);
        return { result: await readMapsFromPid(source.pid, { file: source.file, maxBytes }), sourceName };
    }
  } catch (error) {
    throw asCliFailure(error, maxSize);
  }
}

/** A MapsReadError as the CliFailure (exit 3) the command ends with; any other error as it is. */
export function asCliFailure(error: unknown, maxSize: SizeArg): unknown {
  if (!(error instanceof MapsReadError)) return error;
  const where = error.path === STDIN_NAME ? 'standard input' : error.path;
  return new CliFailure(EXIT_CANNOT_READ, describeReadError(error, maxSize), where, { cause: error });
}
