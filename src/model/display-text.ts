/**
 * Untrusted text made safe to show. proc_pid_maps(5): a pathname is the file's name as raw bytes
 * (the kernel escapes only "\n", as \012), so a map can carry "\x1b]8;;http://evil\x07", a
 * right-to-left override or a zero-width space in a name. Every place mapscope shows a name — the
 * CLI's table, the app's map labels, tooltip, details, tables, diagnostics — shows the form
 * returned here, so such characters are visible as escapes and never act on the terminal or
 * reorder the text around them.
 */

/**
 * The characters that are never shown as themselves, one per match (the `u` flag makes an astral
 * character or a lone surrogate one match):
 * - Cc: C0 controls, DEL and C1 controls (ECMA-48: 0x9b is a one-byte CSI, 0x9d an OSC).
 * - Cf: format characters — the bidirectional embeddings, overrides and isolates
 *   (U+202A–U+202E, U+2066–U+2069; CVE-2021-42574 "Trojan Source"), the marks U+200E, U+200F,
 *   U+061C, zero-width space/joiners U+200B–U+200D, U+2060, the byte-order mark U+FEFF, the soft
 *   hyphen, and tag characters (U+E0001–U+E007F): all invisible or reordering.
 * - Zl, Zp: U+2028, U+2029 — line breaks to a renderer, and to JavaScript before ES2019.
 * - Cs: a lone surrogate (not a character; a string from outside may still hold one).
 */
export const UNSAFE_DISPLAY_CHAR = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const UNSAFE_ALL = new RegExp(UNSAFE_DISPLAY_CHAR.source, 'gu');

function escapeChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  // A byte that was not valid UTF-8, kept as U+DC80–U+DCFF by the input decoder (src/input/utf8-lossless.ts): the byte.
  if (code >= 0xdc80 && code <= 0xdcff) return `\\x${(code - 0xdc00).toString(16)}`;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/**
 * Shows a pathname (or any untrusted text) inertly: controls as `\xHH` (ESC → `\x1b`), bytes that
 * were not valid UTF-8 as `\xHH` too (the decoder keeps them as U+DC80–U+DCFF), format, bidi,
 * separator characters and other lone surrogates as `\u{HHHH}` (RLO → `\u{202e}`); everything
 * else, backslashes and U+FFFD included, as it is.
 */
export function formatNameForDisplay(text: string): string {
  // Nearly every real name is plain: test first, so those come back without a copy.
  return UNSAFE_DISPLAY_CHAR.test(text) ? text.replace(UNSAFE_ALL, escapeChar) : text;
}

/** True when formatNameForDisplay would change `text`. */
export function hasUnsafeDisplayChars(text: string): boolean {
  return UNSAFE_DISPLAY_CHAR.test(text);
}
