/**
 * The one entry point of parsing: detects the format (by file name first, then by content) and
 * hands the text to its importer. Importers live beside this file.
 */
import { ParseError } from '../model/diagnostic';
import { parseProcMaps } from './maps';
import type { FormatName, ParseResult } from './result';

export interface ParseOptions {
  /** The file's name, when known (`smaps`, `123.smaps_rollup`, `pmap.txt`): a hint for detection. */
  fileName?: string;
  /** Skip detection and read the text as this format. */
  format?: FormatName;
}

/**
 * Tolerant parse — the entry the app, the CLI and other tools call. Text in, regions and
 * diagnostics out; never throws on any input.
 */
export function parseMaps(text: string, options: ParseOptions = {}): ParseResult {
  void options; // TODO(format detection): smaps, smaps_rollup, pmap, gdb
  return parseProcMaps(text);
}

/** Strict parse: like parseMaps, but throws a ParseError at the first bad line. */
export function parseMapsStrict(text: string, options: ParseOptions = {}): ParseResult {
  const result = parseMaps(text, options);
  const first = result.diagnostics.find((d) => d.severity === 'error');
  if (first) throw new ParseError(first);
  return result;
}
