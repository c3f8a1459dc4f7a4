/**
 * Untrusted text made safe to show. proc_pid_maps(5): a pathname is the file's name as raw bytes
 * (the kernel escapes only "\n", as \012), so a map can carry "\x1b]8;;http://evil\x07", a
 * right-to-left override, a zero-width space or a Hangul filler in a name. Every place mapscope
 * shows a name — the CLI's table, the app's map labels, tooltip, details, tables, diagnostics —
 * shows the form returned here: such characters are visible as escapes and never act on the
 * terminal, reorder the text around them or pass for another name ("libc.so.6\uFE0F").
 *
 * The rule, one for the app and the CLI:
 * - every character below is shown as an escape: `\xHH` for a code point under U+0080 and for a
 *   byte that was not valid UTF-8 (0x80–0xFF), `\u{H…}` for any other code point;
 * - a backslash is shown as `\\`, so that the display reads back to exactly one text (a literal
 *   `\x1b` in a name shows as `\\x1b`, the real ESC as `\x1b`);
 * - every other character, U+0020 and U+FFFD included, is shown as it is;
 * - formatNameForDisplay's `maxChars` cuts a long text for display, saying how much is left out.
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
 * - Co: private use — its glyph is whatever a font chose, so two names can look alike.
 * - Default_Ignorable_Code_Point (UAX #44): drawn as nothing — variation selectors (U+FE0F),
 *   the combining grapheme joiner U+034F, Mongolian free variation selectors (U+180B–U+180F),
 *   Khmer inherent vowels U+17B4/U+17B5, Hangul fillers U+115F, U+1160, U+3164, U+FFA0.
 * - Zs but U+0020: spaces that look like a space or like nothing (U+00A0, U+1680, U+2000–U+200A,
 *   U+202F, U+205F, U+3000); and U+2800, the blank braille pattern, a "letter" drawn blank.
 * - Noncharacters (Unicode §23.7): U+FDD0–U+FDEF and the last two code points of every plane.
 */
export const UNSAFE_DISPLAY_CHAR =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Default_Ignorable_Code_Point}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u2800\ufdd0-\ufdef\ufffe\uffff\u{1fffe}\u{1ffff}\u{2fffe}\u{2ffff}\u{3fffe}\u{3ffff}\u{4fffe}\u{4ffff}\u{5fffe}\u{5ffff}\u{6fffe}\u{6ffff}\u{7fffe}\u{7ffff}\u{8fffe}\u{8ffff}\u{9fffe}\u{9ffff}\u{afffe}\u{affff}\u{bfffe}\u{bffff}\u{cfffe}\u{cffff}\u{dfffe}\u{dffff}\u{efffe}\u{effff}\u{ffffe}\u{fffff}\u{10fffe}\u{10ffff}]/u;
/** What formatNameForDisplay rewrites: the unsafe characters and the backslash. */
const REWRITTEN = new RegExp(`\\\\|${UNSAFE_DISPLAY_CHAR.source}`, 'u');
const REWRITTEN_ALL = new RegExp(REWRITTEN.source, 'gu');

function escapeChar(ch: string): string {
  if (ch === '\\') return '\\\\';
  const code = ch.codePointAt(0)!;
  // A byte that was not valid UTF-8, kept as U+DC80–U+DCFF by the input decoder (src/input/utf8-lossless.ts): the byte.
  if (code >= 0xdc80 && code <= 0xdcff) return `\\x${(code - 0xdc00).toString(16)}`;
  // Under U+0080 `\xHH`; above it `\u{…}`, so that `\x80`–`\xff` mean bytes only.
  return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** Options of formatNameForDisplay. */
export interface DisplayOptions {
  /**
   * Show at most this many characters of the text (code points, counted before escaping), then
   * `… (N more characters)`: a 50 MB name must not be escaped, measured or laid out whole.
   */
  maxChars?: number;
}

/**
 * Above this many UTF-16 units the rest of a cut text is not walked to count its characters
 * (a 50 MB name would cost ~50 ms each time it is shown): the note gives UTF-16 units instead.
 */
const COUNT_LIMIT = 1 << 20;

/**
 * Shows a pathname (or any untrusted text) inertly and reversibly: controls as `\xHH`
 * (ESC → `\x1b`), bytes that were not valid UTF-8 as `\xHH` too, format, bidi, invisible,
 * private-use, noncharacter and look-alike space characters as `\u{H…}` (RLO → `\u{202e}`), a
 * backslash as `\\`; everything else, U+FFFD included, as it is. With `maxChars`, a longer text
 * is cut there, with `… (N more characters)` after it.
 */
export function formatNameForDisplay(text: string, options: DisplayOptions = {}): string {
  const { maxChars } = options;
  if (maxChars !== undefined && exceedsChars(text, maxChars)) {
    const cut = cutAt(text, maxChars);
    return escapeText(text.slice(0, cut)) + `… (${describeRest(text, cut)})`;
  }
  return escapeText(text);
}

function escapeText(text: string): string {
  // Nearly every real name is plain: test first, so those come back without a copy.
  return REWRITTEN.test(text) ? text.replace(REWRITTEN_ALL, escapeChar) : text;
}

/** The UTF-16 index after the first `maxChars` code points of `text` (never inside a surrogate pair). */
function cutAt(text: string, maxChars: number): number {
  let i = 0;
  for (let n = 0; n < maxChars && i < text.length; n++) {
    const unit = text.charCodeAt(i);
    i += unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return i;
}

/** True when `text` has more than `maxChars` characters: formatNameForDisplay would cut it. */
export function exceedsChars(text: string, maxChars: number): boolean {
  return text.length > maxChars && cutAt(text, maxChars) < text.length;
}

function describeRest(text: string, from: number): string {
  const units = text.length - from;
  if (units > COUNT_LIMIT) return `${units.toLocaleString('en-US')} more UTF-16 units`;
  let chars = 0;
  for (let i = from; i < text.length; i++, chars++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return `${chars.toLocaleString('en-US')} more character${chars === 1 ? '' : 's'}`;
}

/** True when `text` holds a character formatNameForDisplay shows as an escape (a backslash aside). */
export function hasUnsafeDisplayChars(text: string): boolean {
  return UNSAFE_DISPLAY_CHAR.test(text);
}

/**
 * A name inside text meant to be copied (a lookup answer, a list of regions): wrapped in U+2068
 * FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE (UAX #9), so that right-to-left letters
 * in the name cannot reorder the addresses and words around it where the text is pasted.
 */
export function isolateName(name: string): string {
  return `\u2068${name}\u2069`;
}
