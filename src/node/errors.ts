/**
 * Errors of reading a maps file from a path or a pid. Every failure of the file system is
 * translated into one MapsReadError with a stable `code`, so callers (the CLI, tools) can tell
 * "the process is gone" from "you may not look at it" without parsing messages.
 */

/** Why a maps file could not be read. */
export type MapsReadErrorCode =
  /** The platform has no procfs: not Linux, or /proc is not mounted. */
  | 'not-linux'
  /** proc(5): /proc/<pid> does not exist (ENOENT), or the process exited while we read (ESRCH). */
  | 'no-such-process'
  /** EACCES/EPERM: a file without read permission, or another user's process without ptrace rights. */
  | 'permission-denied'
  /** A path (not a pid) that does not exist. */
  | 'file-not-found'
  /** A directory was given where a file was expected. */
  | 'is-directory'
  /**
   * The process exited (or its pid was reused) while its map was being read: what was read may
   * be a part of the map only, so none of it is returned (proc-state.ts).
   */
  | 'process-exited'
  /** The process started another program (execve) while its map was being read: the old map was cut short, a new one replaced it. */
  | 'process-changed'
  /** The input is larger than the `maxBytes` option (8 GiB by default), or cannot be read in pieces (a line longer than a string holds, a pmap or gdb file past one piece). */
  | 'too-large'
  /** Not the text of a memory map: binary data (an image, an ELF file…) or a damaged gzip file. */
  | 'not-text'
  /** Any other I/O failure; `syscallCode` and `cause` tell more. */
  | 'read-failed';

/** Thrown by readMapsFromPath / readMapsFromPid and their strict variants. */
export class MapsReadError extends Error {
  readonly code: MapsReadErrorCode;
  /** The path that was read. */
  readonly path: string;
  /** The process id, when reading by pid. */
  readonly pid: number | 'self' | undefined;
  /** The system error code underneath (`ENOENT`, `EACCES`, …), when there was one. */
  readonly syscallCode: string | undefined;
  /** too-large: the limit that was applied, in bytes. */
  readonly limitBytes: number | undefined;
  /** too-large: the input's size in bytes, when known before reading (a regular file). */
  readonly sizeBytes: number | undefined;

  constructor(
    code: MapsReadErrorCode,
    message: string,
    details: { path: string; pid?: number | 'self'; syscallCode?: string; cause?: unknown; limitBytes?: number; sizeBytes?: number },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'MapsReadError';
    this.code = code;
    this.path = details.path;
    this.pid = details.pid;
    this.syscallCode = details.syscallCode;
    this.limitBytes = details.limitBytes;
    this.sizeBytes = details.sizeBytes;
  }
}

/** The `code` of a Node system error (`ENOENT`, …), or undefined for anything else. */
export function systemErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** Where a read failed: a path, and the pid when the path is /proc/<pid>/…. */
export interface ReadContext {
  path: string;
  pid?: number | 'self';
  /**
   * Whether procfs itself is present (checked only after an ENOENT under /proc): false turns
   * "no such process" into "not Linux / no /proc".
   */
  procMounted?: boolean;
}

/** Translates an error thrown by fs while reading a maps file into a MapsReadError. */
export function translateReadError(error: unknown, context: ReadContext): MapsReadError {
  if (error instanceof MapsReadError) return error;
  const syscallCode = systemErrorCode(error);
  const { path, pid } = context;
  const details = { path, pid, syscallCode, cause: error };
  const who = pid === undefined ? undefined : pid === 'self' ? 'this process' : `process ${pid}`;
  switch (syscallCode) {
    case 'ENOENT':
    case 'ESRCH':
      if (who === undefined) return new MapsReadError('file-not-found', `${path}: no such file`, details);
      if (context.procMounted === false) {
        return new MapsReadError('not-linux', `${path}: /proc is not mounted, so process memory maps cannot be read`, details);
      }
      return new MapsReadError('no-such-process', `${who} does not exist (${path}: ${syscallCode === 'ESRCH' ? 'process exited' : 'not found'})`, details);
    case 'EACCES':
    case 'EPERM':
      if (who === undefined) return new MapsReadError('permission-denied', `${path}: permission denied`, details);
      // proc(5): reading /proc/<pid>/maps needs PTRACE_MODE_READ_FSCREDS on the target.
      return new MapsReadError(
        'permission-denied',
        `${path}: permission denied (reading the memory map of ${who} needs ptrace access: the same user, or root/CAP_SYS_PTRACE)`,
        details,
      );
    case 'EISDIR':
      return new MapsReadError('is-directory', `${path}: is a directory, not a maps file`, details);
    default: {
      const reason = error instanceof Error ? error.message : String(error);
      return new MapsReadError('read-failed', `${path}: cannot read: ${reason}`, details);
    }
  }
}
