/**
 * Map lines inside other text: a maps file quoted in a mail (`> `), numbered by `cat -n`, logged
 * through dmesg or the journal (`[ 1234.567890] `, `May 01 12:00:01 host app[4242]: `, an ISO
 * timestamp), or a few map lines among thousands of log lines. The parse entry calls this only
 * when detection found no format in the text as it is, so a real capture never pays for it.
 *
 * One pass picks the prefix shape under which most lines read as map lines; a second keeps those
 * lines with the prefix cut off, recording each kept line's original number and how many
 * characters were cut, so that diagnostics can point into the original text.
 */
import { forEachLine, isBlank } from './lines.js';
import { looksLikeMapsHeader } from './maps-scan.js';
import { KNOWN_SMAPS_KEYS } from './smaps.js';

/** A prefix shape: a sticky regular expression matched at the start of a line. */
interface PrefixShape {
  /** Completes "each map line starts with …", for the note. */
  name: string;
  re: RegExp | null;
}

/** The shapes tried, most specific first (ties go to the earlier one). */
const SHAPES: PrefixShape[] = [
  { name: 'nothing (map lines among other text)', re: null },
  // printk's timestamp, "[%5lu.%06lu] " (kernel/printk/printk.c, print_time).
  { name: 'a dmesg timestamp ("[ 1234.567890] ")', re: /\[ *\d+\.\d+\] ?/y },
  // dmesg -T: "[Mon May  1 12:00:01 2026] ", and other bracketed stamps of varying width.
  { name: 'a bracketed timestamp ("[Mon May  1 12:00:01 2026] ")', re: /\[[^\]\n]{1,64}\] ?/y },
  // syslog / journalctl's default "short" format: "May 01 12:00:01 host app[4242]: ".
  { name: 'a syslog or journal prefix ("May 01 12:00:01 host app[4242]: ")', re: /[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ [^\s:]+: ?/y },
  // RFC 3339 / ISO 8601 timestamps, optionally followed by journalctl -o short-iso's "host app[pid]: ".
  {
    name: 'an ISO 8601 timestamp ("2026-11-30T10:00:01Z ")',
    re: /\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?(?: \S+ [^\s:]+:)? ?/y,
  },
  // A mail or Markdown quote, nested or not: "> ", ">> ", "> > ".
  { name: 'a quote mark ("> ")', re: /(?:> ?)+/y },
  // cat -n: the line number right-aligned in 6 columns, then a tab (coreutils cat.c, next_line_num).
  { name: 'cat -n line numbers', re: / *\d+\t/y },
];

/** True when text[s..e) reads as a line of a maps or smaps file. */
function isMapLine(text: string, s: number, e: number): boolean {
  return looksLikeMapsHeader(text, s, e) || isFieldLine(text, s, e);
}

/** True when text[s..e) reads as an smaps field: a known key, a colon. */
function isFieldLine(text: string, s: number, e: number): boolean {
  let k = s;
  while (k < e && k - s < 40) {
    const c = text.charCodeAt(k);
    if (c === 58 /* : */) return k > s && KNOWN_SMAPS_KEYS.has(text.slice(s, k));
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95)) return false;
    k++;
  }
  return false;
}

/** Characters the shape's prefix takes at text[s..e), or -1 when the line does not start with it. */
function prefixLength(shape: PrefixShape | { literal: string }, text: string, s: number, e: number): number {
  if ('literal' in shape) {
    return e - s >= shape.literal.length && text.startsWith(shape.literal, s) ? shape.literal.length : -1;
  }
  if (shape.re === null) return 0;
  shape.re.lastIndex = s;
  return shape.re.test(text) && shape.re.lastIndex <= e ? shape.re.lastIndex - s : -1;
}

/** Map lines that, once found, settle the choice of shape (no need to read a long log twice). */
const ENOUGH_HITS = 64;

/** The text in front of the first `hex-hex perms` found inside a line, as a constant prefix candidate. */
const EMBEDDED_HEADER = /[0-9a-f]+-[0-9a-f]+ [r-][w-][x-][ps]/;

export interface ExtractedMapLines {
  /** The kept lines, prefix cut, joined with `\n`. */
  text: string;
  /** Original line number (1-based) of each kept line. */
  lineOf: Int32Array;
  /** Characters cut from the start of each kept line. */
  cut: Int32Array;
  /** Where each kept line starts in the original text (its prefix included). */
  start: Int32Array;
  /** Kept lines that are smaps field lines (not headers). */
  fieldLines: number;
  /** The prefix, for the note ("each map line starts with …"); undefined when there was none. */
  prefix: string | undefined;
  /** Lines of the original text left out (not map lines), blank ones apart. */
  skipped: number;
  skippedBlank: number;
  firstSkipped: number;
  lastSkipped: number;
  lines: number;
}

/**
 * Finds the map lines of a text that is not a map as a whole. Undefined when no shape yields at
 * least one map line, or when the text is a map already (every non-blank line a map line).
 * `keepFields: false` leaves smaps field lines out, as other text: around a maps file they are
 * the log's (a JVM crash log's /proc/meminfo: `AnonHugePages: 5312512 kB`), not the map's.
 */
export function extractMapLines(text: string, keepFields = true): ExtractedMapLines | undefined {
  const shapes: Array<PrefixShape | { literal: string; name: string }> = [...SHAPES];
  const hits = new Array<number>(SHAPES.length + 1).fill(0);
  let literal: { literal: string; name: string } | undefined;
  let settled = false;
  forEachLine(text, (s, e) => {
    if (settled) return;
    for (let k = 0; k < shapes.length; k++) {
      const n = prefixLength(shapes[k], text, s, e);
      if (n >= 0 && isMapLine(text, s + n, e)) hits[k]++;
    }
    if (literal === undefined) {
      const line = text.slice(s, Math.min(e, s + 1024));
      const at = line.search(EMBEDDED_HEADER);
      if (at > 0 && !isBlank(text, s, s + at)) {
        literal = { literal: line.slice(0, at), name: `"${line.slice(0, at)}"` };
        shapes.push(literal);
        if (isMapLine(text, s + at, e)) hits[shapes.length - 1]++;
      }
    }
    if (hits.some((h) => h >= ENOUGH_HITS)) settled = true;
  });
  let best = 0;
  for (let k = 1; k < shapes.length; k++) if (hits[k] > hits[best]) best = k;
  // One line that looks like a map line is an example in prose (a README's "0-1 r-xp"), not a map.
  if (hits[best] < 2) return undefined;
  const shape = shapes[best];

  const parts: string[] = [];
  const lineOf: number[] = [];
  const cut: number[] = [];
  const starts: number[] = [];
  let skipped = 0;
  let skippedBlank = 0;
  let firstSkipped = 0;
  let lastSkipped = 0;
  let fieldLines = 0;
  const lines = forEachLine(text, (s, e, line) => {
    const n = prefixLength(shape, text, s, e);
    const header = n >= 0 && looksLikeMapsHeader(text, s + n, e);
    if (header || (n >= 0 && keepFields && isFieldLine(text, s + n, e))) {
      if (!header) fieldLines++;
      parts.push(text.slice(s + n, e));
      lineOf.push(line);
      cut.push(n);
      starts.push(s);
      return;
    }
    if (isBlank(text, s, e)) {
      skippedBlank++;
      return;
    }
    skipped++;
    if (firstSkipped === 0) firstSkipped = line;
    lastSkipped = line;
  });
  if (skipped === 0 && best === 0) return undefined;
  return {
    text: parts.join('\n') + '\n',
    lineOf: Int32Array.from(lineOf),
    cut: Int32Array.from(cut),
    start: Int32Array.from(starts),
    fieldLines,
    prefix: best === 0 ? undefined : shape.name,
    skipped,
    skippedBlank,
    firstSkipped,
    lastSkipped,
    lines,
  };
}
