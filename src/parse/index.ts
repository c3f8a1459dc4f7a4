/**
 * The one entry point of parsing: detects the format (file name and content, see detect.ts) and
 * hands the text to its importer. Text in none of the formats gets one clear error, not one per
 * line; so do binary data and (as a warning) empty input.
 */
import { ParseError, clipDiagnosticText, type Diagnostic } from '../model/diagnostic.js';
import { RegionTable } from '../model/region-table.js';
import { detectFormat, formatFromFileName } from './detect.js';
import { parseGdbMappings } from './gdb.js';
import { forEachLine, isBlank, textShape } from './lines.js';
import { parseProcMaps } from './maps.js';
import { parsePmap } from './pmap.js';
import { FORMAT_LABEL, FORMAT_NAMES, type FormatName, type ParseResult } from './result.js';
import { parseSmaps } from './smaps.js';

/** Options of parseMaps and parseMapsStrict. */
export interface ParseOptions {
  /** The file's name, when known (`smaps`, `123.smaps_rollup`, `pmap.txt`): a hint for detection. */
  fileName?: string;
  /** Skip detection and read the text as this format. */
  format?: FormatName;
}

/** "/proc/PID/maps, /proc/PID/smaps, … or gdb info proc mappings", for messages. */
export function describeFormats(): string {
  const labels = FORMAT_NAMES.map((f) => FORMAT_LABEL[f]);
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

/** Reads text in a known format (no detection). */
function parseAs(format: FormatName, text: string): ParseResult {
  switch (format) {
    case 'maps':
      return parseProcMaps(text);
    case 'smaps':
    case 'smaps_rollup':
      return parseSmaps(text, format);
    case 'pmap-x':
    case 'pmap-X':
    case 'pmap-XX':
      return parsePmap(text, format);
    case 'gdb':
      return parseGdbMappings(text);
  }
}

/**
 * A result that reads nothing: every non-blank line rejected, one diagnostic saying why.
 * `lineOf` picks the diagnostic's line (the first non-blank line when undefined).
 */
function rejectAll(text: string, format: FormatName | 'unknown', diagnostic: Omit<Diagnostic, 'line' | 'column' | 'text'> & { line?: number; column?: number }): ParseResult {
  let blank = 0;
  let firstLine = 0;
  let firstText = '';
  let wantedText = '';
  const lines = forEachLine(text, (s, e, line) => {
    if (isBlank(text, s, e)) {
      blank++;
      return;
    }
    if (firstLine === 0) {
      firstLine = line;
      firstText = text.slice(s, e);
    }
    if (line === diagnostic.line) wantedText = text.slice(s, e);
  });
  const line = diagnostic.line ?? firstLine;
  const d: Diagnostic = {
    line,
    column: diagnostic.column ?? (line > 0 ? 1 : 0),
    severity: diagnostic.severity,
    code: diagnostic.code,
    message: diagnostic.message,
    text: clipDiagnosticText(diagnostic.line !== undefined ? wantedText : firstText),
  };
  return {
    format,
    regions: RegionTable.empty(),
    diagnostics: [d],
    stats: { lines, regions: 0, blank, recognized: 0, rejected: lines - blank },
  };
}

/** Line and column (1-based) of offset `at`. */
function positionOf(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let i = text.indexOf('\n', lineStart); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: at - lineStart + 1 };
}

/** True when the text has nothing but spaces, tabs, line ends and a byte-order mark. */
function isEmptyText(text: string): boolean {
  // A CR is a line end only in a CRLF file (lines.ts): in "\n\r\n" it is a line's text.
  const { crlf } = textShape(text);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || (c === 0xfeff && i === 0)) continue;
    if (c === 13 && crlf && text.charCodeAt(i + 1) === 10) continue;
    return false;
  }
  return true;
}

function parseChecked(text: string, options: ParseOptions): ParseResult {
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const { line, column } = positionOf(text, nul);
    return rejectAll(text, 'unknown', {
      line,
      column,
      severity: 'error',
      code: 'binary-input',
      message: `binary data, not text (a NUL byte at line ${line}, column ${column}): expected ${describeFormats()}`,
    });
  }
  const hint = options.fileName === undefined ? undefined : formatFromFileName(options.fileName);
  const hinted: FormatName | undefined = options.format ?? (hint === 'pmap' ? undefined : hint);
  if (isEmptyText(text)) {
    // A kernel thread's maps is empty, so this is a warning, not an error.
    return rejectAll(text, hinted ?? 'unknown', {
      line: 0,
      column: 0,
      severity: 'warning',
      code: 'empty-input',
      message: text.length === 0 ? 'the input is empty: no regions' : 'the input has only blank lines: no regions',
    });
  }
  if (options.format !== undefined) return parseAs(options.format, text);

  const detection = detectFormat(text, options.fileName);
  if (detection.format === 'unknown') {
    return rejectAll(text, 'unknown', {
      severity: 'error',
      code: 'unknown-format',
      message: `not a memory map in a format mapscope reads: expected ${describeFormats()}.${detection.note ? ' ' + detection.note : ''}`,
    });
  }
  return parseAs(detection.format, text);
}

/**
 * Tolerant parse — the entry the app, the CLI and other tools call. Text in, regions and
 * diagnostics out; never throws on any input.
 */
export function parseMaps(text: string, options: ParseOptions = {}): ParseResult {
  try {
    return parseChecked(String(text), options);
  } catch (err) {
    // A bug, not the input's fault; still an answer rather than an exception (and tests fail on it).
    return rejectAll(String(text), 'unknown', {
      severity: 'error',
      code: 'internal-error',
      message: `internal error while parsing: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
}

/** Strict parse: like parseMaps, but throws a ParseError at the first bad line. */
export function parseMapsStrict(text: string, options: ParseOptions = {}): ParseResult {
  const result = parseMaps(text, options);
  const first = result.diagnostics.find((d) => d.severity === 'error');
  if (first) throw new ParseError(first);
  return result;
}
