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
import type { ParseResult } from '../parse/result.js';
import type { ArtifactInfo } from './artifact.js';
import { ArtifactText, MapLines, mapChoices, readEmbeddedMap } from './embedded-map.js';

/** The begin address of each line of `text` (the kept map lines, one a line), as a bigint; -1 for a line without one. */
function beginsOf(text: string): bigint[] {
  return text.split('\n').map((line) => {
    const m = /^\s*([0-9a-fA-F]{1,16})-/.exec(line);
    return m === null ? -1n : BigInt('0x' + m[1]);
  });
}

/** True when a later run of two or more lines starts below where an earlier one ended: a second dump of the map, not its continuation. */
function restartsAddresses(text: string, runs: { first: number; last: number }[]): boolean {
  const begins = beginsOf(text);
  let highest = -1n;
  for (const run of runs) {
    if (run.last === run.first) continue;
    if (begins[run.first] >= 0n && begins[run.first] < highest) return true;
    if (begins[run.last] > highest) highest = begins[run.last];
  }
  return false;
}

/**
 * Reads the maps lines of a log; undefined when the text is not one: a map as a whole (detection
 * finds a format other than maps, or maps in one dump), a map whose every line has the same prefix (a quoted or dmesg-stamped map: no
 * other lines), smaps records among other lines, or no map lines at all.
 */
export function readLog(text: string, fileName: string | undefined, choice?: number): ParseResult | undefined {
  const detected = detectFormat(text, fileName).format;
  if (detected !== 'unknown' && detected !== 'maps') return undefined;
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
  // Mostly maps lines (detection says maps): a log only when it holds several dumps, each starting
  // again from low addresses; otherwise a maps file whose few other lines are its errors.
  if (detected === 'maps' && !restartsAddresses(found.text, runs)) return undefined;
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
