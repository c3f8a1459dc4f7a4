/** The command line of `mapscope`: commands, options and their checks. Errors are UsageError (exit 2). */
import { DEFAULT_MAX_BYTES } from './read-input-file.js';
import { FORMAT_NAMES, parseAddr, type Addr, type FormatName } from '../internal.js';
import type { Pid, ProcMapsFile } from './read.js';

export const COMMANDS = ['parse', 'lookup', 'stats'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** A wrong command line: unknown command or option, missing or extra argument, bad address. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Where the input comes from. */
export type InputSource = { kind: 'file'; path: string } | { kind: 'stdin' } | { kind: 'pid'; pid: Pid; file: ProcMapsFile };

/** A checked command line. */
export type CommandLine =
  | { action: 'help'; command?: CommandName }
  | { action: 'version' }
  | {
      action: 'run';
      command: CommandName;
      input: InputSource;
      json: boolean;
      /** --csv / --tsv (parse) or --markdown (stats): another text form of the output; null for the table or --json. */
      export: ExportForm | null;
      format?: FormatName;
      addresses: AddressArg[];
      /** --max-size: inputs of more bytes (decompressed) are refused. */
      maxSize: SizeArg;
    };

/** The export forms: parse --csv and --tsv, stats --markdown. */
export type ExportForm = 'csv' | 'tsv' | 'markdown';

/** The command each export form belongs to. */
const EXPORT_COMMAND: Record<ExportForm, CommandName> = { csv: 'parse', tsv: 'parse', markdown: 'stats' };

/** A size as typed (`512M`) and its value in bytes. */
export interface SizeArg {
  text: string;
  bytes: number;
}

/** --max-size when not given: 8 GiB (read-input-file.ts DEFAULT_MAX_BYTES), room for a 4,194,304-region smaps file. */
export const DEFAULT_MAX_SIZE: SizeArg = { text: '8G', bytes: DEFAULT_MAX_BYTES };

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Parses a size: a decimal number of bytes with an optional binary unit, `100000`, `64K`, `512M`, `2G`, `2GiB`. */
export function parseSize(text: string): number | undefined {
  const m = /^([0-9]+)(?:([kmgt])(?:i?b)?|b)?$/i.exec(text);
  if (!m) return undefined;
  const bytes = Number(m[1]) * SIZE_UNITS[(m[2] ?? '').toLowerCase()];
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/** An address as typed, and its value. */
export interface AddressArg {
  text: string;
  addr: Addr;
}

/** Parses `--pid` values: a positive decimal integer or `self`. */
function parsePid(text: string): Pid {
  if (text === 'self') return 'self';
  if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`invalid pid "${text}": expected a positive decimal number or "self"`);
  }
  return Number(text);
}

/** Parses the arguments after `mapscope` (process.argv.slice(2)). */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  let command: CommandName | undefined;
  let help = false;
  let version = false;
  let json = false;
  let exportForm: ExportForm | null = null;
  let pid: Pid | undefined;
  let procFile: ProcMapsFile | undefined;
  let format: FormatName | undefined;
  let maxSize = DEFAULT_MAX_SIZE;
  const positionals: string[] = [];
  let optionsEnded = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (optionsEnded || arg === '-' || !arg.startsWith('-')) {
      if (command === undefined) {
        if (!(COMMANDS as readonly string[]).includes(arg)) {
          throw new UsageError(`unknown command "${arg}": expected one of ${COMMANDS.join(', ')}`);
        }
        command = arg as CommandName;
      } else {
        positionals.push(arg);
      }
      continue;
    }
    if (arg === '--') {
      optionsEnded = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw new UsageError(`option ${name} needs a value`);
      return argv[++i];
    };
    const noValue = (): void => {
      if (inline !== undefined) throw new UsageError(`option ${name} takes no value`);
    };
    switch (name) {
      case '-h':
      case '--help':
        noValue();
        help = true;
        break;
      case '-V':
      case '--version':
        noValue();
        version = true;
        break;
      case '--json':
        noValue();
        json = true;
        break;
      case '--csv':
      case '--tsv':
      case '--markdown': {
        noValue();
        const form = name.slice(2) as ExportForm;
        if (exportForm !== null && exportForm !== form) throw new UsageError(`give only one of --csv, --tsv and --markdown`);
        exportForm = form;
        break;
      }
      case '--pid':
        pid = parsePid(value());
        break;
      case '--smaps':
      case '--smaps-rollup': {
        noValue();
        const file: ProcMapsFile = name === '--smaps' ? 'smaps' : 'smaps_rollup';
        if (procFile !== undefined && procFile !== file) throw new UsageError('give only one of --smaps and --smaps-rollup');
        procFile = file;
        break;
      }
      case '--format': {
        const f = value();
        if (!(FORMAT_NAMES as readonly string[]).includes(f)) {
          throw new UsageError(`unknown format "${f}": expected one of ${FORMAT_NAMES.join(', ')}`);
        }
        format = f as FormatName;
        break;
      }
      case '--max-size': {
        const text = value();
        const bytes = parseSize(text);
        if (bytes === undefined) throw new UsageError(`invalid size "${text}" for --max-size: expected bytes, or a number with K, M, G or T (1024-based), like 512M or 2G`);
        maxSize = { text, bytes };
        break;
      }
      default:
        throw new UsageError(`unknown option "${arg}"`);
    }
  }

  if (help) return { action: 'help', command };
  if (version) return { action: 'version' };
  if (command === undefined) throw new UsageError('no command given: expected one of ' + COMMANDS.join(', '));
  if (exportForm !== null && EXPORT_COMMAND[exportForm] !== command) throw new UsageError(`--${exportForm} applies to ${EXPORT_COMMAND[exportForm]}, not to ${command}`);
  if (exportForm !== null && json) throw new UsageError(`give only one of --json and --${exportForm}`);
  if (procFile !== undefined && pid === undefined) throw new UsageError(`--${procFile === 'smaps' ? 'smaps' : 'smaps-rollup'} reads /proc/PID/${procFile}: it needs --pid`);
  if (pid !== undefined && format !== undefined) throw new UsageError('--format applies to files, not to --pid');

  let input: InputSource;
  if (pid !== undefined) {
    input = { kind: 'pid', pid, file: procFile ?? 'maps' };
  } else {
    const path = positionals.shift();
    if (path === undefined) throw new UsageError(`${command} needs a FILE (or - for standard input, or --pid N)`);
    input = path === '-' ? { kind: 'stdin' } : { kind: 'file', path };
  }

  const addresses: AddressArg[] = [];
  if (command === 'lookup') {
    if (positionals.length === 0) throw new UsageError('lookup needs at least one ADDRESS');
    for (const text of positionals) {
      const addr = parseAddr(text);
      if (addr === undefined) throw new UsageError(`invalid address "${text}": expected hex, like 0x7f3a2c000000 or 7f3a2c000000, at most 64 bits`);
      addresses.push({ text, addr });
    }
  } else if (positionals.length > 0) {
    const what = input.kind === 'pid' ? 'with --pid no FILE is read' : 'only one FILE is read';
    throw new UsageError(`unexpected argument "${positionals[0]}": ${what}`);
  }
  return { action: 'run', command, input, json, export: exportForm, format, addresses, maxSize };
}
