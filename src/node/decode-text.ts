/**
 * Decoding file bytes to text without losing track of bad bytes. proc_pid_maps(5) pathnames are
 * raw bytes (the kernel escapes only "\n", as \012), so a maps file need not be valid UTF-8. We
 * decode as UTF-8 (what every other path name on the system shows) and, when bytes had to be
 * replaced with U+FFFD, say so on the lines concerned instead of changing names silently.
 */
import { isUtf8 } from 'node:buffer';
import { clipDiagnosticText, type Diagnostic, type ParseResult } from '../internal.js';

/** Text decoded from bytes, and whether the bytes were valid UTF-8. */
export interface DecodedText {
  text: string;
  validUtf8: boolean;
}

/** Decodes bytes as UTF-8 (invalid sequences become U+FFFD) and reports whether any were invalid. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  const validUtf8 = isUtf8(bytes);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return { text, validUtf8 };
}

/**
 * Adds one warning for each line of `text` holding a U+FFFD, when the bytes were not valid
 * UTF-8 (a U+FFFD in a valid file is a real character and stays unremarked). Keeps the
 * diagnostics in line order.
 */
export function addInvalidUtf8Warnings(result: ParseResult, decoded: DecodedText): void {
  if (decoded.validUtf8) return;
  const { text } = decoded;
  const warnings: Diagnostic[] = [];
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let at = text.indexOf('\ufffd', lineStart);
  while (at >= 0) {
    // Count the newlines between the last line start and this replacement character.
    for (let nl = text.indexOf('\n', lineStart); nl >= 0 && nl < at; nl = text.indexOf('\n', lineStart)) {
      line++;
      lineStart = nl + 1;
    }
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd < 0) lineEnd = text.length;
    const lineText = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    warnings.push({
      line,
      column: at - lineStart + 1,
      severity: 'warning',
      code: 'invalid-utf8',
      message: 'bytes that are not valid UTF-8 were replaced with U+FFFD (pathnames are raw bytes; this one is not shown exactly)',
      text: clipDiagnosticText(lineText),
    });
    at = text.indexOf('\ufffd', lineEnd);
  }
  if (warnings.length === 0) return;
  result.diagnostics.push(...warnings);
  // Array.prototype.sort is stable (ES2019), so errors of one line keep their order.
  result.diagnostics.sort((a, b) => a.line - b.line);
}
