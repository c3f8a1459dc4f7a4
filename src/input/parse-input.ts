/** The last step of the one pipeline from bytes to regions: parse the decoded text, keep the decoder's notes. */
import { mergeDiagnostics, parseMaps, type ParseOptions } from '../parse/index.js';
import type { ParseResult } from '../parse/result.js';
import type { InputText } from './read-input.js';

/** Parses an input read by readInputStream / readInputBytes; its decoding notes join the parser's, in line order. */
export function parseInputText(input: InputText, options: ParseOptions = {}): ParseResult {
  const result = parseMaps(input.text, options);
  result.diagnostics = mergeDiagnostics(result.diagnostics, input.diagnostics);
  return result;
}
