/** The last step of the one pipeline from bytes to regions: parse the decoded text, keep the decoder's notes. */
import type { Diagnostic } from '../model/diagnostic.js';
import { parseMaps, type ParseOptions } from '../parse/index.js';
import type { ParseResult } from '../parse/result.js';
import type { InputText } from './read-input.js';

/** Merges two line-ordered diagnostic lists (stable: at one line, `a`'s come first). */
function mergeByLine(a: Diagnostic[], b: Diagnostic[]): Diagnostic[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b.slice();
  const out: Diagnostic[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(b[j].line < a[i].line ? b[j++] : a[i++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

/** Parses an input read by readInputStream / readInputBytes; its decoding notes join the parser's, in line order. */
export function parseInputText(input: InputText, options: ParseOptions = {}): ParseResult {
  const result = parseMaps(input.text, options);
  result.diagnostics = mergeByLine(result.diagnostics, input.diagnostics);
  return result;
}
