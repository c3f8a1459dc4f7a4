/**
 * Crash artifacts (issue 14): finds the memory map inside a tombstone, an hs_err log, a glibc
 * abort dump, an Apport report, a systemd-coredump journal entry, a sanitizer report or any log,
 * by content, and reads it through the maps parser; the artifact's fault address, backtrace and
 * context come beside the regions (ArtifactInfo). src/input reads every text through readText.
 */
import { detectFormat, type Detection } from '../parse/detect.js';
import { parseMapsDetected, type ParseOptions } from '../parse/index.js';
import { looksLikeMapsHeader } from '../parse/maps-scan.js';
import type { ParseResult } from '../parse/result.js';
import { isApportReport, readApport } from './apport.js';
import { isCoredumpJournal, readCoredumpJournal } from './coredump-journal.js';
import { isGlibcAbort, readGlibcAbort } from './glibc-abort.js';
import { isHsErr, readHsErr } from './hs-err.js';
import { readLog, readLogOfDumps } from './log.js';
import { isSanitizerReport, readSanitizer } from './sanitizer.js';
import { isTombstone, readTombstone } from './tombstone.js';

export { ARTIFACT_FORMATS, type ArtifactAddress, type ArtifactChoice, type ArtifactFormat, type ArtifactInfo, type ArtifactRegionAttribute } from './artifact.js';

/** The readers with a signature of their own, most specific first; the log reader comes last. */
const READERS: { is: (text: string) => boolean; read: (text: string, choice?: number) => ParseResult }[] = [
  { is: isTombstone, read: readTombstone },
  { is: isHsErr, read: readHsErr },
  { is: isApportReport, read: readApport },
  { is: isCoredumpJournal, read: readCoredumpJournal },
  { is: isSanitizerReport, read: readSanitizer },
  { is: isGlibcAbort, read: readGlibcAbort },
];

/** True when the text's first non-blank line is a maps line: a map (smaps) itself, never an artifact. */
function startsAsMap(text: string): boolean {
  let s = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    let e = text.indexOf('\n', s);
    if (e < 0) e = text.length;
    if (text.slice(s, e).trim() !== '') return looksLikeMapsHeader(text, s, e);
    if (e >= text.length) return false;
    s = e + 1;
  }
}

/**
 * The map inside a crash artifact, or the text's format detection when the text is no artifact (a
 * map in one of the formats of src/parse, or text without maps lines: parseMaps reads those), or
 * undefined when it did not need detecting (a forced `options.format`, or text that starts as a
 * map). `options.choice` picks one of several maps (ArtifactInfo.choices).
 */
function readArtifact(text: string, options: ParseOptions): ParseResult | Detection | undefined {
  if (options.format !== undefined || startsAsMap(text)) return undefined;
  for (const reader of READERS) if (reader.is(text)) return reader.read(text, options.choice);
  // A log is text in no format of src/parse; parseMaps reuses this detection for the others.
  const detection = detectFormat(text, options.fileName);
  return (detection.format === 'unknown' && readLog(text, options.fileName, options.choice)) || detection;
}

/**
 * The one reading of a text: the map inside a crash artifact, or the text as a map (parseMaps) —
 * unless that map has other lines and holds several dumps of it (a log: readLogOfDumps).
 */
export function readText(text: string, options: ParseOptions = {}): ParseResult {
  const artifact = readArtifact(text, options);
  if (artifact !== undefined && 'regions' in artifact) return artifact;
  const result = parseMapsDetected(text, options, artifact);
  const others = result.stats.recognized + result.stats.rejected > 0;
  return (options.format === undefined && result.format === 'maps' && others && readLogOfDumps(text, result, options.fileName, options.choice)) || result;
}
