/**
 * The inputs of `mapscope diff`: two files (each read as `parse` reads it; a recording given as
 * one of two is its last snapshot), or one recording, of which two snapshots are kept as it is
 * read (--from, --to; the first and the last by default) — every snapshot is parsed and its
 * diagnostics counted, but a recording of 100 snapshots does not stay in memory.
 */
import { basename } from 'node:path';
import { DiagnosticStore, parseInputSeries, type DiagnosticSet, type ParseResult, type RecordingSnapshot } from '../internal.js';
import type { DiffCommand, InputSource } from './cli-args.js';
import { CliFailure, EXIT_USAGE } from './cli-exit.js';
import { loadInput } from './cli-input.js';
import { asCliFailure, STDIN_NAME } from './cli-read-error.js';
import type { CliIo } from './cli-io.js';
import { readInputFileWith, readInputWith, type InputConsumer } from './read-input-file.js';

/** One side of a diff: what was read, where from, and which snapshot of a recording. */
export interface DiffSide {
  result: ParseResult;
  sourceName: string;
  /** The snapshot of a recording this side is; undefined for a plain file. */
  snapshot?: { number: number; timeMs: number | null; headerLine: number; pid: number | null };
}

/** The two sides, and the diagnostics to report, by source. */
export interface DiffInputs {
  before: DiffSide;
  after: DiffSide;
  reports: { sourceName: string; diagnostics: DiagnosticSet }[];
}

/** A live process's map given as a path is read like --pid (read.ts), never as a recording. */
const PROC_PATH = /^\/proc\/([1-9][0-9]*|self)\/(maps|smaps|smaps_rollup)$/;

function sideOf(snapshot: RecordingSnapshot, sourceName: string): DiffSide {
  return { result: snapshot.result, sourceName, snapshot: { number: snapshot.index + 1, timeMs: snapshot.timeMs, headerLine: snapshot.headerLine, pid: snapshot.pid } };
}

/** Reads one input that should be a recording, keeping the snapshots `from` and `to` (1-based; `to` undefined: the last). */
async function loadRecording(source: InputSource, io: CliIo, command: DiffCommand): Promise<DiffInputs> {
  const from = command.from ?? 1;
  const sourceName = source.kind === 'file' ? source.path : STDIN_NAME;
  let first: RecordingSnapshot | undefined;
  let second: RecordingSnapshot | undefined;
  const diagnostics = new DiagnosticStore();
  const onSnapshot = (s: RecordingSnapshot) => {
    diagnostics.addSet(s.result);
    if (s.index + 1 === from) first = s;
    if (command.to === undefined || s.index + 1 === command.to) second = s;
  };
  const parse = { fileName: source.kind === 'file' ? basename(source.path).replace(/\.gz$/i, '') : undefined, format: command.format };
  const options = { maxBytes: command.maxSize.bytes, parse };
  const consumer: InputConsumer<Awaited<ReturnType<typeof parseInputSeries>>> = {
    pieces: (pieces) => parseInputSeries(pieces, onSnapshot, parse),
    single: (result) => ({ single: result }),
  };
  let read;
  try {
    read = source.kind === 'file' ? await readInputFileWith({ path: source.path }, options, consumer) : await readInputWith(io.stdin(), io.stdinBytes?.() ?? null, { path: STDIN_NAME }, options, consumer);
  } catch (error) {
    throw asCliFailure(error, command.maxSize);
  }
  if ('single' in read) {
    throw new CliFailure(EXIT_USAGE, 'diff needs two FILEs to compare; one FILE only when it is a recording of snapshots (mapscope record)', sourceName);
  }
  const count = read.recording.snapshotCount;
  const past = (option: string, n: number) => new CliFailure(EXIT_USAGE, `${option} ${n} is past the recording's last snapshot (it has ${count})`, sourceName);
  if (from > count) throw past('--from', from);
  if (command.to !== undefined && command.to > count) throw past('--to', command.to);
  diagnostics.addSet(read.recording);
  if (first === undefined || second === undefined) throw new CliFailure(EXIT_USAGE, 'the recording holds no snapshot to compare', sourceName);
  return { before: sideOf(first, sourceName), after: sideOf(second, sourceName), reports: [{ sourceName, diagnostics: diagnostics.result() }] };
}

/** Reads the inputs of `mapscope diff` (see the file's comment); throws CliFailure when one cannot be read. */
export async function loadDiffInputs(command: DiffCommand, io: CliIo): Promise<DiffInputs> {
  const [a, b] = command.inputs;
  if (b === undefined) {
    if (a.kind === 'file' && PROC_PATH.test(a.path)) throw new CliFailure(EXIT_USAGE, 'diff needs two FILEs to compare (a live process has one map: record it with mapscope record)', a.path);
    return loadRecording(a, io, command);
  }
  const options = { format: command.format, maxSize: command.maxSize };
  const before = await loadInput(a, io, options);
  const after = await loadInput(b, io, options);
  return {
    before: { result: before.result, sourceName: before.sourceName },
    after: { result: after.result, sourceName: after.sourceName },
    reports: [
      { sourceName: before.sourceName, diagnostics: before.result },
      { sourceName: after.sourceName, diagnostics: after.result },
    ],
  };
}
