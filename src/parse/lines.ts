/** Line splitting shared by the importers: `\n` only; CRLF files; a UTF-8 byte-order mark. */

/** Where the text's content starts (after a BOM) and whether its lines end in CRLF. */
export interface TextShape {
  start: number;
  crlf: boolean;
}

/**
 * How the text's lines end, decided from the whole text: `lf` (the kernel's), `crlf` (a Windows
 * editor), `crcrlf` (a CRLF file converted to CRLF once more), `cr` (no LF at all: classic Mac
 * OS line ends). `crLines` of `sampledLines` line ends (all of them up to SAMPLE_LINES, else a
 * sample spread evenly over the text) had at least one CR before their LF. A text of at most
 * WHOLE_SEARCH characters that holds no CR at all is `lf` without a sample: sampledLines 0, complete.
 */
export interface LineEndings {
  eol: 'lf' | 'crlf' | 'crcrlf' | 'cr';
  sampledLines: number;
  crLines: number;
  crcrLines: number;
  /** True when every line end was examined: sampledLines are all of them, or a search of the whole text found no CR. */
  complete: boolean;
}

/** The start of a line of one of the formats: a maps/smaps header, an smaps field, a gdb or pmap row. */
const LINE_START = /^[ \t]*(?:[0-9a-fA-F]+-[0-9a-fA-F]+[ \t]|0x[0-9a-fA-F]+[ \t]|[0-9a-fA-F]{8,16}[ \t])|^[A-Za-z_][A-Za-z0-9_]*:/;

/**
 * A text with no LF is CR-only when a line of a map follows its first CR (run). The kernel ends
 * every line with LF, so a text without one was converted; but one line with a CR in its name
 * and no final newline (cut from a file) is still one line.
 */
function crOnly(text: string, start: number): boolean {
  let at = text.indexOf('\r', start);
  if (at < 0) return false;
  while (text.charCodeAt(at) === 13) at++;
  return LINE_START.test(text.slice(at, at + 64));
}

/** Line ends examined to decide; a file with more lines gets this many spread over it. */
const SAMPLE_LINES = 4096;

/**
 * Texts searched whole for a CR before any line end is examined: about a millisecond at the limit
 * (measured 0.25 ms for 4.46 MB), where the sample costs 1.5–2 ms of a fresh process's first parse.
 */
const WHOLE_SEARCH = 16 << 20;

/**
 * A file's lines end in CRLF when most of them (more than half) do: an editor converts every line
 * (and a line typed or pasted in afterwards may lack the CR), while the kernel writes a raw CR
 * inside a name (proc_pid_maps(5): only "\n" is escaped), so a few names ending in CR do not make a
 * CRLF file, and no real map has most of its names end in CR. CR CR LF likewise, by most lines.
 * Reads at most SAMPLE_LINES line ends: a cost that does not grow with the text (the parsers call
 * this once each).
 */
export function lineEndings(text: string): LineEndings {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const len = text.length;
  // Nearly every map holds no CR: one native search says so, where the sample below steps through
  // up to 4,096 line ends in a fresh process's interpreter (about 1 ms of a small file's first parse, issue 19).
  if (len <= WHOLE_SEARCH && text.indexOf('\r', start) < 0) return { eol: 'lf', sampledLines: 0, crLines: 0, crcrLines: 0, complete: true };
  let sampled = 0;
  let cr = 0;
  let crcr = 0;
  const count = (nl: number) => {
    sampled++;
    if (nl > start && text.charCodeAt(nl - 1) === 13) {
      cr++;
      if (nl - 1 > start && text.charCodeAt(nl - 2) === 13) crcr++;
    }
  };
  let nl = text.indexOf('\n', start);
  if (nl < 0) return { eol: crOnly(text, start) ? 'cr' : 'lf', sampledLines: 0, crLines: 0, crcrLines: 0, complete: true };
  // The first SAMPLE_LINES / 2 line ends, then the rest spread evenly over the remaining text.
  while (nl >= 0 && sampled < SAMPLE_LINES / 2) {
    count(nl);
    nl = text.indexOf('\n', nl + 1);
  }
  let complete = nl < 0;
  if (!complete) {
    const from = nl;
    const span = len - from;
    const spread = SAMPLE_LINES / 2;
    let last = from - 1;
    for (let k = 0; k < spread; k++) {
      const at = text.indexOf('\n', Math.max(from + Math.floor((k * span) / spread), last + 1));
      if (at < 0) break;
      count(at);
      last = at;
    }
    // The spread may have reached every remaining line end of a short text.
    complete = text.indexOf('\n', last + 1) < 0 && sampled < SAMPLE_LINES;
  }
  let eol: LineEndings['eol'] = 'lf';
  if (cr * 2 > sampled) eol = crcr * 2 > sampled ? 'crcrlf' : 'crlf';
  return { eol, sampledLines: sampled, crLines: cr, crcrLines: crcr, complete };
}

/**
 * The text's content start and line ends (see lineEndings). In a CRLF file the one `\r` right
 * before each `\n` is dropped (a last line with no `\n` after it keeps its `\r`: there is no
 * CRLF there); otherwise a `\r` is a name character (names may contain CR, VT, FF, U+2028).
 * CR CR LF and CR-only texts are rewritten to LF by the parse entry (parse/index.ts) before any
 * importer sees them.
 */
export function textShape(text: string, ends?: LineEndings): TextShape {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // `ends`: lineEndings(text) when the caller has it already (a parse decides them once: parse/index.ts).
  const { eol } = ends ?? lineEndings(text);
  return { start, crlf: eol === 'crlf' || eol === 'crcrlf' };
}

/**
 * Calls `fn(lineStart, lineEnd, lineNumber)` for each line (lineEnd excludes `\n` and, in a CRLF
 * file, the `\r` before it). A final line without a newline counts; a final newline does not
 * start a line. Returns the number of lines.
 */
export function forEachLine(text: string, fn: (start: number, end: number, line: number) => void): number {
  const { start, crlf } = textShape(text);
  const len = text.length;
  let s = start;
  let line = 0;
  while (s < len) {
    let nl = text.indexOf('\n', s);
    if (nl < 0) nl = len;
    let e = nl;
    if (crlf && nl < len && e > s && text.charCodeAt(e - 1) === 13) e--;
    fn(s, e, ++line);
    s = nl + 1;
  }
  return line;
}

/** True when text[s..e) is only spaces and tabs. */
export function isBlank(text: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/**
 * Calls `fn(line, lineStart, lineEnd, at)` once for each line (split at `newline`, after a BOM) that
 * holds a match, `at` being its first: `next(from)` finds the next match at or after `from`
 * (-1 for none). Costs one search per matching line plus the newline count up to it.
 */
export function forEachLineHolding(
  text: string,
  next: (from: number) => number,
  fn: (line: number, lineStart: number, lineEnd: number, at: number) => void,
  newline: '\n' | '\r' = '\n',
): void {
  let line = 1;
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let at = next(lineStart);
  while (at >= 0) {
    for (let nl = text.indexOf(newline, lineStart); nl >= 0 && nl < at; nl = text.indexOf(newline, lineStart)) {
      line++;
      lineStart = nl + 1;
    }
    let lineEnd = text.indexOf(newline, at);
    if (lineEnd < 0) lineEnd = text.length;
    fn(line, lineStart, lineEnd, at);
    at = lineEnd < text.length ? next(lineEnd) : -1;
  }
}
