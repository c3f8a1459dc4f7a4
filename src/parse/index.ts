/**
 * The one entry point of parsing: detects the format (file name and content, see detect.ts) and
 * hands the text to its importer. Text in none of the formats gets one clear error, not one per
 * line; so do binary data and (as a warning) empty input.
 */
import { ParseError, clipDiagnosticText, type Diagnostic } from '../model/diagnostic.js';
import { DiagnosticStore, diagnosticSet, mergeDiagnosticSets, type DiagnosticSet } from '../model/diagnostic-store.js';
import { RegionTable } from '../model/region-table.js';
import { detectFormat, formatFromFileName, type Detection } from './detect.js';
import { parseGdbMappings } from './gdb.js';
import { textLooksBinary } from './binary-sample.js';
import { extractMapLines, type ExtractedMapLines } from './line-prefix.js';
import { forEachLine, forEachLineHolding, isBlank, lineEndings, textShape, type LineEndings } from './lines.js';
import { parseProcMaps } from './maps.js';
import { parsePmap } from './pmap.js';
import { FORMAT_LABEL, FORMAT_NAMES, type FormatName, type ParseResult } from './result.js';
import { parseSmaps } from './smaps.js';
import { isRecordingText, parseRecordingAsMap } from './recording.js';
import { keepParseShapes } from './shape-keeper.js';
import { markTableThreadStacks } from './row-passes.js';

/** Options of parseMaps and parseMapsStrict. */
export interface ParseOptions {
  /** The file's name, when known (`smaps`, `123.smaps_rollup`, `pmap.txt`): a hint for detection. */
  fileName?: string;
  /** Skip detection and read the text as this format. */
  format?: FormatName;
  /** Which of a crash artifact's memory maps to read (an index into ArtifactInfo.choices); src/artifact reads the default one when absent. */
  choice?: number;
}

/** "/proc/PID/maps, /proc/PID/smaps, … or gdb info proc mappings", for messages. */
export function describeFormats(): string {
  const labels = FORMAT_NAMES.map((f) => FORMAT_LABEL[f]);
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

/** Reads text in a known format (no detection); `ends`: lineEndings(text), when known. */
function parseAs(format: FormatName, text: string, ends?: LineEndings): ParseResult {
  // The sample parses of shape-keeper.ts: their objects keep a parse's hidden classes alive.
  const smaps = format === 'smaps' || format === 'smaps_rollup';
  keepParseShapes(smaps ? 'smaps' : 'maps', smaps ? (sample) => parseSmaps(sample) : (sample) => parseProcMaps(sample));
  switch (format) {
    case 'maps':
      return parseProcMaps(text, ends);
    case 'smaps':
    case 'smaps_rollup':
      return parseSmaps(text, format, ends);
    case 'pmap':
    case 'pmap-d':
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
    ...diagnosticSet([d]),
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
function isEmptyText(text: string, ends: LineEndings): boolean {
  // A CR is a line end only in a CRLF file (lines.ts): in "\n\r\n" it is a line's text.
  const { crlf } = textShape(text, ends);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || (c === 0xfeff && i === 0)) continue;
    if (c === 13 && crlf && text.charCodeAt(i + 1) === 10) continue;
    return false;
  }
  return true;
}

/** Formats a count for a message: 1,000. */
const count = (n: number) => n.toLocaleString('en-US');

/**
 * Drops a run of NUL characters that ends the text: the unused rest of a fixed-size buffer the
 * map was copied into. Returns the text without it and a note, or the text as it is.
 */
function dropTrailingNul(text: string, notes: Diagnostic[]): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0) end--;
  // Only after a complete text (its last line ended) or none: a NUL ending a line's text is that line's.
  if (end === text.length || (end > 0 && text.charCodeAt(end - 1) !== 10)) return text;
  notes.push({
    line: 0,
    column: 0,
    severity: 'warning',
    code: 'trailing-nul',
    message: `${count(text.length - end)} NUL bytes after the end of the text (the rest of a fixed-size buffer?) were dropped`,
    text: '',
  });
  return text.slice(0, end);
}

/**
 * Decides the line ends from the whole text (lines.ts lineEndings), says what it did, and turns
 * CR CR LF and CR-only text into LF text: the importers split at LF and drop at most the one CR
 * of a CRLF file. Only line-ending CRs go; CRs inside a line stay (the kernel writes them raw in
 * names). Positions within lines do not move, so diagnostics still point at the input.
 * Returns the text and its line ends, which the rest of the parse reuses (each lineEndings reads up
 * to 4,096 line ends: measured 1–6 ms in a fresh process, and a parse asked up to five times).
 */
function settleLineEnds(text: string, notes: Diagnostic[]): { text: string; ends: LineEndings } {
  const ends = lineEndings(text);
  // Written only for a note: the first toLocaleString of a process loads ICU's data (measured 10–90 ms, issue 19).
  const of = () => `${count(ends.crLines)} of ${count(ends.sampledLines)} ${ends.complete ? '' : 'sampled '}lines`;
  const note = (message: string) => notes.push({ line: 0, column: 0, severity: 'warning', code: 'line-endings', message, text: '' });
  switch (ends.eol) {
    case 'lf':
      if (ends.crLines > 0) {
        note(`${of()} end in CR before the line feed; the others do not, so the file's lines end in LF and each such CR was kept as the last character of its line (the kernel writes a CR in a name as it is)`);
      }
      return { text, ends };
    case 'crlf':
      note(
        ends.crLines === ends.sampledLines
          ? 'the lines end in CR LF (as Windows editors save text): the CR before each line feed was dropped'
          : `${of()} end in CR LF (as Windows editors save text): the CR before each line feed was dropped; the other lines end in LF alone`,
      );
      return { text, ends };
    case 'crcrlf':
      note('the lines end in CR CR LF (CR LF text converted to CR LF once more): both CRs before each line feed were dropped');
      return withEnds(text.replace(/\r\r\n/g, '\n'));
    case 'cr':
      note('the lines end in CR alone (classic Mac OS line ends): each CR was read as a line end');
      return withEnds(text.replace(/\r/g, '\n'));
  }
}

const withEnds = (text: string) => ({ text, ends: lineEndings(text) });

/**
 * A warning for each line holding a NUL character: the kernel never writes one (a name is a C
 * string), so the line was damaged or edited. The line itself is read as any other: a NUL inside
 * a name stays in the name (shown as \x00); one in the fields makes the line an error.
 */
function nulWarnings(text: string): DiagnosticSet {
  const out = new DiagnosticStore();
  if (text.indexOf('\0') < 0) return out.result();
  // The line's text as the importers read it: without the CR that ends a line of a CRLF text.
  const { crlf } = textShape(text);
  forEachLineHolding(text, (from) => text.indexOf('\0', from), (line, lineStart, end, at) => {
    const lineEnd = crlf && end < text.length && end > lineStart && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    out.push({
      line,
      column: at - lineStart + 1,
      severity: 'warning',
      code: 'nul-byte',
      message: 'a NUL byte inside the line, which the kernel never writes: the line was read with it (a name shows it as \\x00)',
      text: clipDiagnosticText(text.slice(lineStart, lineEnd)),
    });
  });
  return out.result();
}

/**
 * Map lines taken out of a larger text: their text joined with `\n` (a line may have been rewritten
 * into the maps layout by its reader), and for each the original line number (1-based), where the
 * original line starts and how many characters were cut from its start.
 */
export interface EmbeddedMapLines {
  text: string;
  lineOf: Int32Array;
  cut: Int32Array;
  start: Int32Array;
}

/**
 * Parses map lines taken out of a larger text (line-prefix.ts; a crash artifact's map, src/artifact)
 * as `format`, with regions and diagnostics pointing back at the original lines: their numbers,
 * their text, columns moved by the cut prefix, and line numbers named inside messages.
 * The stats are the map lines' own; the caller accounts for the other lines.
 */
export function parseEmbeddedMap(text: string, found: EmbeddedMapLines, format: FormatName = 'maps'): ParseResult {
  const result = parseAs(format, found.text);
  // Back to the original text: line numbers, columns (the cut prefix counts) and the line's text.
  const { crlf } = textShape(text);
  const lineText = (k: number) => {
    const s = found.start[k];
    let e = text.indexOf('\n', s);
    if (e < 0) e = text.length;
    if (crlf && e > s && e < text.length && text.charCodeAt(e - 1) === 13) e--;
    return text.slice(s, e);
  };
  // Messages that name other lines ("the region on line 12", "lines 2–5") name them in the original too.
  const original = (n: number) => (n >= 1 && n <= found.lineOf.length ? found.lineOf[n - 1] : n);
  const renumber = (message: string) =>
    message.replace(/\b(lines? )(\d+)(?:([–-])(\d+))?/g, (_m, word: string, a: string, dash: string | undefined, b: string | undefined) =>
      `${word}${original(Number(a))}${dash !== undefined ? `${dash}${original(Number(b))}` : ''}`,
    );
  for (const g of result.diagnosticGroups) g.firstLine = original(g.firstLine);
  for (const d of result.diagnostics) {
    d.message = renumber(d.message);
    if (d.line < 1 || d.line > found.lineOf.length) continue;
    const k = d.line - 1;
    d.column += found.cut[k];
    d.line = found.lineOf[k];
    d.text = clipDiagnosticText(lineText(k));
  }
  const lines = result.regions.columns.line;
  for (let i = 0; i < result.regions.length; i++) lines[i] = found.lineOf[lines[i] - 1];
  markTableThreadStacks(result.regions); // kinds that need a region's neighbours, as parseMaps marks them
  return result;
}

/**
 * The notes on map lines found among other text: each line's prefix that was cut (line-prefix.ts:
 * "a dmesg timestamp (…)"), and the other lines, skipped, with the first and last of them.
 */
export function extractionNotes(found: Pick<ExtractedMapLines, 'prefix' | 'skipped' | 'firstSkipped' | 'lastSkipped'>, mapLinesRead: number): Diagnostic[] {
  const notes: Diagnostic[] = [];
  if (found.prefix !== undefined) {
    notes.push({
      line: 0,
      column: 0,
      severity: 'warning',
      code: 'line-prefix',
      message: `each map line starts with ${found.prefix}: cut off before reading the line (columns still count from the start of the line)`,
      text: '',
    });
  }
  if (found.skipped > 0) {
    const where = found.skipped === 1 ? `line ${found.firstSkipped}` : `lines ${found.firstSkipped}–${found.lastSkipped}`;
    notes.push({
      line: 0,
      column: 0,
      severity: 'warning',
      code: 'skipped-lines',
      message: `${count(found.skipped)} ${found.skipped === 1 ? 'line is' : 'lines are'} not part of the map (other text around it, e.g. a log) and ${found.skipped === 1 ? 'was' : 'were'} skipped (${where}); ${count(mapLinesRead)} map lines were read`,
      text: '',
    });
  }
  return notes;
}

/**
 * Parses the map lines found inside other text (line-prefix.ts), with diagnostics pointing at
 * the original lines and columns, and notes on the prefix cut and the lines left out.
 */
function parseExtracted(text: string, extracted: ExtractedMapLines, format: FormatName | undefined, fileName: string | undefined): ParseResult | undefined {
  let found = extracted;
  const chosen = format ?? detectFormat(found.text, fileName).format;
  if (chosen === 'unknown') return undefined;
  // A maps file among other text: its `Key: value` lines are the other text's, not smaps fields.
  if (chosen === 'maps' && found.fieldLines > 0) found = extractMapLines(text, false) ?? found;
  const result = parseEmbeddedMap(text, found, chosen);
  const notes = extractionNotes(found, result.stats.lines - result.stats.blank);
  const merged = mergeDiagnosticSets(diagnosticSet(notes), result);
  result.diagnostics = merged.diagnostics;
  result.diagnosticGroups = merged.diagnosticGroups;
  result.stats = {
    ...result.stats,
    lines: found.lines,
    blank: result.stats.blank + found.skippedBlank,
    recognized: result.stats.recognized + found.skipped,
  };
  return result;
}

/** parseMaps' reading; `detected`: detectFormat(input, options.fileName), when the caller made it. */
function parseChecked(input: string, options: ParseOptions, detected?: Detection): ParseResult {
  // A recording (recording.ts) holds several maps: read as one, it is its last snapshot.
  if (options.format === undefined && isRecordingText(input)) return parseRecordingAsMap(input);
  const notes: Diagnostic[] = [];
  const { text, ends } = settleLineEnds(dropTrailingNul(input, notes), notes);
  if (textLooksBinary(text)) {
    const nul = text.indexOf('\0');
    const { line, column } = positionOf(text, Math.max(0, nul));
    return rejectAll(text, 'unknown', {
      line,
      column,
      severity: 'error',
      code: 'binary-input',
      message: `binary data, not text (full of NUL bytes and control codes${nul >= 0 ? `; the first NUL at line ${line}, column ${column}` : ''}): expected ${describeFormats()}`,
    });
  }
  const hint = options.fileName === undefined ? undefined : formatFromFileName(options.fileName);
  const hinted: FormatName | undefined = options.format ?? (hint === 'pmap' ? undefined : hint);
  if (isEmptyText(text, ends)) {
    // A kernel thread's maps is empty, so this is a warning, not an error.
    const empty = rejectAll(text, hinted ?? 'unknown', {
      line: 0,
      column: 0,
      severity: 'warning',
      code: 'empty-input',
      message: text.length === 0 ? 'the input is empty: no regions' : 'the input has only blank lines: no regions',
    });
    // How blank lines end is not worth a note.
    return { ...empty, ...mergeDiagnosticSets(diagnosticSet(notes.filter((d) => d.code !== 'line-endings')), empty) };
  }
  const finish = (result: ParseResult): ParseResult => {
    markTableThreadStacks(result.regions); // kinds that need a region's neighbours (model/thread-stacks.ts)
    return { ...result, ...mergeDiagnosticSets(diagnosticSet(notes), mergeDiagnosticSets(result, nulWarnings(text))) };
  };

  if (options.format !== undefined) return finish(orExtracted(text, parseAs(options.format, text, ends), options.format, options.fileName));

  // The caller's detection holds when the text was not rewritten (line ends, trailing NULs).
  const detection = detected !== undefined && text === input ? detected : detectFormat(text, options.fileName, ends);
  if (detection.format === 'unknown') {
    const found = extractMapLines(text);
    const extracted = found && parseExtracted(text, found, undefined, options.fileName);
    if (extracted) return finish(extracted);
    return finish(
      rejectAll(text, 'unknown', {
        severity: 'error',
        code: 'unknown-format',
        message: `not a memory map in a format mapscope reads: expected ${describeFormats()}.${detection.note ? ' ' + detection.note : ''}`,
      }),
    );
  }
  return finish(orExtracted(text, parseAs(detection.format, text, ends), detection.format, options.fileName));
}

/**
 * A result with more rejected lines than regions may be map lines inside other text (quoted,
 * prefixed, or among log lines) read as a format the user forced or the file name named: then
 * the map lines found inside it, when they make at least as many regions. Real captures never
 * get here (they have no rejected lines).
 */
function orExtracted(text: string, result: ParseResult, format: FormatName, fileName: string | undefined): ParseResult {
  if (result.stats.rejected <= result.stats.regions || (format !== 'maps' && format !== 'smaps' && format !== 'smaps_rollup')) return result;
  const found = extractMapLines(text);
  const extracted = found && parseExtracted(text, found, format, fileName);
  if (!extracted) return result;
  // More rejected lines than regions: the map is the smaller part of the text (a log around it), so
  // its other lines get one note rather than one error each, as long as no region is lost.
  // The other text must outweigh the map (more skipped lines than regions): a damaged map whose
  // good lines are the majority keeps an error on each bad line.
  const useful = extracted.stats.regions > 0 && extracted.stats.regions >= result.stats.regions && found.skipped > extracted.stats.regions;
  return useful ? extracted : result;
}

/**
 * Tolerant parse — the entry the app, the CLI and other tools call. Text in, regions and
 * diagnostics out; never throws on any input.
 */
export function parseMaps(text: string, options: ParseOptions = {}): ParseResult {
  return parseMapsDetected(text, options, undefined);
}

/**
 * parseMaps for a caller that has already run detectFormat(text, options.fileName) (src/artifact
 * does, to tell a log): `detected` is that answer, or undefined. The text is detected once.
 */
export function parseMapsDetected(text: string, options: ParseOptions, detected: Detection | undefined): ParseResult {
  try {
    return parseChecked(String(text), options, detected);
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
