/**
 * How `mapscope` ends: its exit statuses, and the one line a failure prints on standard error,
 * `mapscope: <what> (<file or pid>)`. Every error, expected or not, is turned into one of these
 * (cli.ts); none reaches the user as a stack trace.
 */
import { formatNameForDisplay } from '../internal.js';
import { UsageError } from './cli-args.js';
import { OutputError } from './cli-output.js';

/** Success; warnings about the input are allowed. */
export const EXIT_OK = 0;
/** The input was read, but some of it could not be parsed (the diagnostics are on stderr). */
export const EXIT_INPUT_ERRORS = 1;
/** A wrong command line. */
export const EXIT_USAGE = 2;
/** The input could not be read: missing, not permitted, too large, not text, or the process exited during the read. */
export const EXIT_CANNOT_READ = 3;
/** The output could not be written (ENOSPC, EIO, …). A reader that closed the pipe is not a failure. */
export const EXIT_CANNOT_WRITE = 4;
/** A bug in mapscope (sysexits.h EX_SOFTWARE): an exception nobody expected. */
export const EXIT_INTERNAL = 70;

/** A failure that ends the command with `status` and the line `mapscope: <what> (<where>)`. */
export class CliFailure extends Error {
  constructor(
    readonly status: number,
    readonly what: string,
    readonly where: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(where === undefined ? what : `${what} (${where})`, options);
    this.name = 'CliFailure';
  }
}

/** The text of a system error code for messages: `no space left on device`. */
function describeSyscallCode(code: string | undefined, fallback: string): string {
  switch (code) {
    case 'ENOSPC':
      return 'no space left on device';
    case 'EIO':
      return 'input/output error';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EFBIG':
      return 'file too large';
    case 'EBADF':
      return 'the stream is not open';
    default:
      return code ?? fallback;
  }
}

/**
 * What an error means for the command: a CliFailure to print, or `quiet` for a reader that went
 * away (`mapscope … | head`: stop, as cat does, with status 0).
 */
export function classifyFailure(error: unknown): CliFailure | 'quiet' {
  if (error instanceof CliFailure) return error;
  if (error instanceof UsageError) return new CliFailure(EXIT_USAGE, error.message, 'see mapscope --help', { cause: error });
  if (error instanceof OutputError) {
    if (error.readerClosed) return 'quiet';
    const reason = describeSyscallCode(error.syscallCode, error.message);
    return new CliFailure(EXIT_CANNOT_WRITE, `cannot write the output: ${reason}`, error.stream, { cause: error });
  }
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new CliFailure(EXIT_INTERNAL, `internal error: ${what}`, 'a bug in mapscope, please report it', { cause: error });
}

/** The failure's line on stderr, names escaped for the terminal (they come from the command line and the input). */
export function failureLine(failure: CliFailure): string {
  // One line: a newline in a message (a file name can hold one) is escaped like any control character.
  const where = failure.where === undefined ? '' : ` (${formatNameForDisplay(failure.where)})`;
  return `mapscope: ${formatNameForDisplay(failure.what)}${where}\n`;
}
