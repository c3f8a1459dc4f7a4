/**
 * JSON for a terminal. Text meant for a terminal goes through formatNameForDisplay (src/model/
 * display-text.ts, the one implementation the app shares); JSON through escapeJsonText, which
 * escapes the same characters so that JSON text is as inert on a terminal as the table.
 */
import { UNSAFE_DISPLAY_CHAR } from '../model/display-text.js';

const UNSAFE_ALL = new RegExp(UNSAFE_DISPLAY_CHAR.source, 'gu');

function escapeUnits(ch: string): string {
  let out = '';
  // RFC 8259 §7: a character outside the BMP is escaped as its UTF-16 surrogate pair.
  for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/**
 * Escapes, inside already serialised JSON, the characters JSON.stringify leaves raw but a
 * terminal or a JavaScript parser may act on (DEL, C1, U+2028/9, bidi overrides, zero-width and
 * other format characters). Safe on a whole compact JSON text: these characters can only occur
 * inside strings.
 */
export function escapeJsonText(json: string): string {
  return json.replace(UNSAFE_ALL, escapeUnits);
}
