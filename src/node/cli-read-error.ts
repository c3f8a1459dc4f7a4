/** What the CLI says about an input it could not read: one CliFailure (exit 3), `mapscope: <what> (<where>)`. */
import { formatBytes } from '../internal.js';
import type { SizeArg } from './cli-args.js';
import { CliFailure, EXIT_CANNOT_READ } from './cli-exit.js';
import { MapsReadError } from './errors.js';

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

/** A MapsReadError as the CliFailure (exit 3) the command ends with; any other error as it is. */
export function asCliFailure(error: unknown, maxSize: SizeArg): unknown {
  if (!(error instanceof MapsReadError)) return error;
  const where = error.path === STDIN_NAME ? 'standard input' : error.path;
  return new CliFailure(EXIT_CANNOT_READ, describeReadError(error, maxSize), where, { cause: error });
}
