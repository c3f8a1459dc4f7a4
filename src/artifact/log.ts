/**
 * Any log with maps lines in it: the lines of /proc/PID/maps that a program, a test run or a
 * person logged among other lines, with or without a prefix (a timestamp, a quote mark: the shapes
 * of src/parse/line-prefix.ts extractMapLines). Each run of consecutive map lines is one dump; a log
 * with several holds several maps (choices), and the largest is read unless another is chosen.
 * Every other line is a recognised line of the log, never an error; one note says how many.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { detectFormat } from '../parse/detect.js';
import { extractionNotes } from '../parse/index.js';
import { extractMapLines } from '../parse/line-prefix.js';
import { compareHiLo } from '../address.js';
import type { RegionTable } from '../model/region-table.js';
import type { ParseResult } from '../parse/result.js';
import type { ArtifactInfo } from './artifact.js';
import { ArtifactText, MapLines, mapChoices, readEmbeddedMap } from './embedded-map.js';

/**
 * True when a map read from the text holds a second dump of it: a run of two or more regions on
 * consecutive lines that starts below where an earlier run ended (the address order starting
 * again), not the continuation of one map after a stray line. Reads the table's columns only.
 */
function severalDumps(table: RegionTable): boolean {
  const { line, beginHi, beginLo } = table.columns;
  let highest = -1;
  let runFirst = 0;
  for (let i = 1; i <= table.length; i++) {
    if (i < table.length && line[i] === line[i - 1] + 1) continue;
    // Rows runFirst..i-1 are one run.
    if (i - runFirst >= 2) {
      if (highest >= 0 && compareHiLo(beginHi[runFirst], beginLo[runFirst], beginHi[highest], beginLo[highest]) < 0) return true;
      if (highest < 0 || compareHiLo(beginHi[i - 1], beginLo[i - 1], beginHi[highest], beginLo[highest]) > 0) highest = i - 1;
    }
    runFirst = i;
  }
  return false;
}

/**
 * A text read as maps that has other lines too (recognised or rejected): a log when it holds
 * several dumps of the map, each starting again from low addresses (`read`, its reading as maps,
 * tells); otherwise (undefined) a maps file whose few other lines are its errors. Asked only after
 * such a parse, so a clean maps file never pays for it.
 */
export function readLogOfDumps(text: string, read: ParseResult, fileName: string | undefined, choice?: number): ParseResult | undefined {
  return severalDumps(read.regions) ? readLog(text, fileName, choice) : undefined;
}

/**
 * Reads the maps lines of a log, in dumps (runs of consecutive lines): text in no format of src/parse
 * (detectFormat said `unknown`: the caller asks that first, readText reusing its answer), or a map
 * read with other lines that holds several dumps (readLogOfDumps). Undefined when the text is not
 * one: a map whose every line has the same prefix (a quoted or dmesg-stamped map: no other lines),
 * smaps records among other lines, or no map lines at all.
 */
export function readLog(text: string, fileName: string | undefined, choice?: number): ParseResult | undefined {
  // smaps records among other lines stay parseMaps' (smaps); around a maps dump, `Key: value` lines are the log's.
  const withFields = extractMapLines(text);
  if (withFields === undefined || withFields.skipped === 0 || detectFormat(withFields.text, fileName).format !== 'maps') return undefined;
  const found = withFields.fieldLines > 0 ? extractMapLines(text, false) : withFields;
  if (found === undefined || found.lineOf.length === 0) return undefined;
  // The dumps: runs of consecutive lines.
  const runs: { first: number; last: number }[] = [];
  for (let k = 0; k < found.lineOf.length; k++) {
    const run = runs[runs.length - 1];
    if (run !== undefined && found.lineOf[k] === found.lineOf[run.last] + 1) run.last = k;
    else runs.push({ first: k, last: k });
  }
  const largest = runs.reduce((best, run, k) => (run.last - run.first > runs[best].last - runs[best].first ? k : best), 0);
  const count = (k: number) => runs[k].last - runs[k].first + 1;
  const { choices, chosen } = mapChoices(
    runs.map((run) => found.lineOf[run.first] - 1),
    (h) => {
      const k = runs.findIndex((run) => found.lineOf[run.first] - 1 === h);
      return `${count(k)} maps ${count(k) === 1 ? 'line' : 'lines'}`;
    },
    choice ?? largest,
  );
  const source = new ArtifactText(text);
  const map = new MapLines(source);
  for (let k = runs[chosen].first; k <= runs[chosen].last; k++) map.add(found.lineOf[k] - 1, found.cut[k]);
  // The log's other lines (and the other dumps'), skipped: said once, as for map lines among other text.
  const first = found.lineOf[runs[chosen].first];
  const last = found.lineOf[runs[chosen].last];
  let skipped = 0;
  let firstSkipped = 0;
  let lastSkipped = 0;
  for (let i = 0; i < source.count; i++) {
    if ((i + 1 >= first && i + 1 <= last) || source.line(i).trim() === '') continue;
    skipped++;
    if (firstSkipped === 0) firstSkipped = i + 1;
    lastSkipped = i + 1;
  }
  const notes: Diagnostic[] = extractionNotes({ prefix: found.prefix, skipped, firstSkipped, lastSkipped }, map.length);
  const info: ArtifactInfo = {
    format: 'log',
    title: `log with maps lines · ${count(chosen)} of ${source.count} lines`,
    pid: null,
    signal: null,
    addresses: [],
    context: [],
    choices,
    chosen,
  };
  return readEmbeddedMap(source, map, info, { notes });
}
