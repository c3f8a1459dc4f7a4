/**
 * Pathnames and diagnostic texts are untrusted: a file can be named "\x1b]0;pwned\x07". Text
 * meant for a terminal goes through escapeTerminalText; JSON through escapeJsonText.
 */

// C0 controls, DEL, C1 controls (ECMA-48: 0x9b is a one-byte CSI), line/paragraph separators,
// and the bidirectional overrides that reorder what a reader sees (CVE-2021-42574).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

function hex2(code: number): string {
  return code.toString(16).padStart(2, '0');
}

/**
 * Escapes control and reordering characters for a terminal: C0, DEL and C1 as `\xHH` (ESC →
 * `\x1b`), the others as `\u{HHHH}`. Everything else, backslashes included, is kept as it is.
 */
export function escapeTerminalText(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${hex2(code)}` : `\\u{${code.toString(16)}}`;
  });
}

/**
 * Escapes, inside already serialised JSON, the characters JSON.stringify leaves raw but a
 * terminal or a JavaScript parser may act on (DEL, C1, U+2028/9, bidi overrides). Safe on a
 * whole JSON text: these characters can only occur inside strings.
 */
export function escapeJsonText(json: string): string {
  return json.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
