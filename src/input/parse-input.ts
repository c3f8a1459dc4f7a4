/** The last step of the one pipeline from bytes to regions: parse the decoded text, keep the decoder's notes. */
import { concatResults, type ResultPiece } from '../parse/concat-results.js';
import { diagnosticSet, mergeDiagnosticSets } from '../model/diagnostic-store.js';
import { readText } from '../artifact/index.js';
import { parseMaps, type ParseOptions } from '../parse/index.js';
import { FORMAT_LABEL, type FormatName, type ParseResult, type ResultFormat } from '../parse/result.js';
import { isRecordingText, RecordingAsMap, RecordingReader, type Recording, type RecordingInfo, type RecordingSnapshot } from '../parse/recording.js';
import type { DiagnosticSet } from '../model/diagnostic-store.js';
import type { InputText } from './read-input.js';
import { InputPieceError, type InputPiece } from './read-pieces.js';

/**
 * Parses an input read by readInputStream / readInputBytes: the map inside a crash artifact
 * (src/artifact), or the text as a map (parseMaps); its decoding notes join the parser's, in line order.
 */
export function parseInputText(input: InputText, options: ParseOptions = {}): ParseResult {
  const result = readSafely(input.text, options);
  return { ...result, ...mergeDiagnosticSets(result, input.diagnostics) };
}

/** readText, or — when an artifact reader fails on a bug rather than on the input — parseMaps' reading with an error that says so. */
function readSafely(text: string, options: ParseOptions): ParseResult {
  try {
    return readText(text, options);
  } catch (err) {
    const result = parseMaps(text, options);
    const note = {
      line: 0,
      column: 0,
      severity: 'error' as const,
      code: 'internal-error',
      message: `internal error while reading the crash artifact (${err instanceof Error ? err.message : String(err)}): read as plain text instead`,
      text: '',
    };
    return { ...result, ...mergeDiagnosticSets(diagnosticSet([note]), result) };
  }
}

/** The formats whose pieces parse alone: a region is a line (maps) or a header and its fields (smaps). */
const READ_IN_PIECES: ReadonlySet<ResultFormat> = new Set<FormatName>(['maps', 'smaps', 'smaps_rollup']);
const readInPieces = (format: ResultFormat | 'unknown'): format is FormatName => format !== 'unknown' && READ_IN_PIECES.has(format);

/**
 * Parses the pieces of an input (readInputPieces) as one: the first piece decides the format, the
 * others are read as that format, and the results are joined (concat-results.ts). An input of one
 * piece gives what parseInputText gives. Throws InputPieceError for a second piece of a format
 * read whole only (pmap, gdb: their totals and headers belong to the whole text).
 */
export async function parseInputPieces(pieces: AsyncIterable<InputPiece>, options: ParseOptions = {}): Promise<ParseResult> {
  const results: ResultPiece[] = [];
  let format = options.format;
  const iterator = pieces[Symbol.asyncIterator]();
  const head = await iterator.next();
  if (head.done) return concatResults(results);
  const rest = { [Symbol.asyncIterator]: () => iterator };
  // A recording read as one map: its last snapshot, every piece read (src/parse/recording.ts).
  if (format === undefined && isRecordingText(head.value.text)) {
    const collector = new RecordingAsMap();
    return collector.result(await readRecordingPieces(head.value, rest, collector.onSnapshot));
  }
  for await (const piece of prepend(head.value, rest)) {
    if (results.length === 1) {
      const first = results[0].result.format;
      if (!readInPieces(first)) {
        const what = first === 'unknown' ? 'text in no known format' : `${FORMAT_LABEL[first]} output`;
        throw new InputPieceError(`This file is too large to read: it is ${what}, more than one JavaScript string holds. Only maps and smaps files are read in pieces.`);
      }
      format = first;
    }
    results.push({ result: parseInputText(piece, { ...options, format }), firstLine: piece.firstLine });
  }
  return concatResults(results);
}

async function* prepend<T>(first: T, rest: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
  yield first;
  yield* rest;
}

/** A piece's decoding notes (invalid UTF-8), numbered as the whole input's lines. */
function shiftedNotes(piece: InputPiece): DiagnosticSet {
  if (piece.firstLine === 1) return piece.diagnostics;
  const shift = (line: number) => (line === 0 ? 0 : line + piece.firstLine - 1);
  return {
    diagnostics: piece.diagnostics.diagnostics.map((d) => ({ ...d, line: shift(d.line) })),
    diagnosticGroups: piece.diagnostics.diagnosticGroups.map((g) => ({ ...g, firstLine: shift(g.firstLine), examples: g.examples.map((d) => ({ ...d, line: shift(d.line) })) })),
  };
}

/** Reads the pieces of a recording, snapshot by snapshot; the decoding notes join the recording's own diagnostics. */
async function readRecordingPieces(first: InputPiece, rest: AsyncIterable<InputPiece>, onSnapshot: (snapshot: RecordingSnapshot) => void): Promise<RecordingInfo> {
  const reader = new RecordingReader(onSnapshot);
  let notes: DiagnosticSet = { diagnostics: [], diagnosticGroups: [] };
  for await (const piece of prepend(first, rest)) {
    reader.push(piece.text);
    notes = mergeDiagnosticSets(notes, shiftedNotes(piece));
  }
  const info = reader.finish();
  return { ...info, ...mergeDiagnosticSets(notes, info) };
}

/**
 * Reads an input that may be a recording (src/parse/recording.ts): a recording's snapshots go to
 * `onSnapshot` one by one as they are read (keep the ones you need: a recording of 100 snapshots
 * of 65,530 regions is 6.5 million regions) and its facts are returned; any other input is
 * parsed as parseInputPieces does and returned as `{ single }`.
 */
export async function parseInputSeries(
  pieces: AsyncIterable<InputPiece>,
  onSnapshot: (snapshot: RecordingSnapshot) => void,
  options: ParseOptions = {},
): Promise<{ recording: RecordingInfo } | { single: ParseResult }> {
  const iterator = pieces[Symbol.asyncIterator]();
  const head = await iterator.next();
  const rest = { [Symbol.asyncIterator]: () => iterator };
  if (!head.done && options.format === undefined && isRecordingText(head.value.text)) return { recording: await readRecordingPieces(head.value, rest, onSnapshot) };
  const all = head.done ? rest : prepend(head.value, rest);
  return { single: await parseInputPieces(all, options) };
}

/** A whole recording already decoded (the app's worker): every snapshot kept, the decoding notes with the recording's. */
export function parseInputRecording(input: InputText): Recording {
  const snapshots: RecordingSnapshot[] = [];
  const reader = new RecordingReader((s) => snapshots.push(s));
  reader.push(input.text);
  const info = reader.finish();
  return { ...info, ...mergeDiagnosticSets(input.diagnostics, info), snapshots };
}
