/** The last step of the one pipeline from bytes to regions: parse the decoded text, keep the decoder's notes. */
import { concatResults, type ResultPiece } from '../parse/concat-results.js';
import { diagnosticSet, mergeDiagnosticSets } from '../model/diagnostic-store.js';
import { readText } from '../artifact/index.js';
import { parseMaps, type ParseOptions } from '../parse/index.js';
import { FORMAT_LABEL, type FormatName, type ParseResult, type ResultFormat } from '../parse/result.js';
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
  for await (const piece of pieces) {
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
