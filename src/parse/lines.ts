/** Line splitting shared by the importers: `\n` only; CRLF files; a UTF-8 byte-order mark. */

/** Where the text's content starts (after a BOM) and whether its lines end in CRLF. */
export interface TextShape {
  start: number;
  crlf: boolean;
}

/**
 * A file is CRLF when its first line ends in `\r\n`; then the one `\r` right before each `\n` is
 * dropped (a last line with no `\n` after it keeps its `\r`: there is no CRLF there). Otherwise
 * a `\r` is a name character (names may contain CR, VT, FF, U+2028).
 */
export function textShape(text: string): TextShape {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const nl = text.indexOf('\n', start);
  return { start, crlf: nl > start && text.charCodeAt(nl - 1) === 13 };
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
