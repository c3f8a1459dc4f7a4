/**
 * One warning per line that held bytes which are not valid UTF-8. Such bytes are kept exactly
 * (as escapes, see utf8-lossless.ts) and the name is still a region's name; the warning tells the
 * user that the name is shown with `\xNN` escapes and carried as bytes in JSON (pathnameBytes).
 */
import { clipDiagnosticText } from '../model/diagnostic.js';
import { DiagnosticStore, type DiagnosticSet } from '../model/diagnostic-store.js';
import { forEachLineHolding, lineEndings } from '../parse/lines.js';
import { indexOfEscapedByte } from './utf8-lossless.js';

/** Warnings, in line order, for the lines of `text` (split at `\n`) holding escaped bytes: each counted, the first kept. */
export function invalidUtf8Diagnostics(text: string): DiagnosticSet {
  const warnings = new DiagnosticStore();
  // The line's text as the parse entry reads it: without the CRs that end its lines (lines.ts).
  const { eol } = lineEndings(text);
  const endCrs = eol === 'crlf' ? 1 : eol === 'crcrlf' ? 2 : 0;
  const lineText = (s: number, e: number) => {
    let end = e;
    if (e < text.length) for (let k = 0; k < endCrs && end > s && text.charCodeAt(end - 1) === 13; k++) end--;
    return text.slice(s, end);
  };
  forEachLineHolding(text, (from) => indexOfEscapedByte(text, from), (line, lineStart, lineEnd, at) => {
    warnings.push({
      line,
      column: at - lineStart + 1,
      severity: 'warning',
      code: 'invalid-utf8',
      message: 'bytes that are not valid UTF-8 (pathnames are raw bytes): kept exactly, shown as \\xNN escapes',
      text: clipDiagnosticText(lineText(lineStart, lineEnd)),
    });
  }, eol === 'cr' ? '\r' : '\n');
  return warnings.result();
}
