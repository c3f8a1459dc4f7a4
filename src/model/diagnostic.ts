/** A problem found in one input line, or in the file as a whole (line 0). */
export interface Diagnostic {
  /** 1-based input line; 0 when the diagnostic concerns the whole input. */
  line: number;
  /** 1-based column (in UTF-16 code units) where the problem starts. */
  column: number;
  severity: 'error' | 'warning';
  /** A stable machine-readable code, e.g. `bad-permissions`. */
  code: string;
  /** A message a person understands, e.g. `invalid permissions "rwz-": expected [r-][w-][x-][sp]`. */
  message: string;
  /** The raw text of the line (without its newline), cut to a reasonable length. */
  text: string;
}

/** Longest raw text kept in a diagnostic; longer lines are cut with an ellipsis. */
export const DIAGNOSTIC_TEXT_MAX = 512;

/**
 * Cuts a line's text for a diagnostic, as a copy that shares no memory with the input: V8 keeps
 * the whole parent string alive behind a slice of 13 or more characters, and the line's text is
 * usually such a slice (see detachAll in region-table.ts). Concatenating and slicing again
 * flattens into a new string; diagnostics are few, so the copy costs nothing that matters.
 */
export function clipDiagnosticText(text: string): string {
  const clipped = text.length > DIAGNOSTIC_TEXT_MAX ? text.slice(0, DIAGNOSTIC_TEXT_MAX) + '…' : text;
  return (' ' + clipped).slice(1);
}

/** Thrown by strict parsing at the first bad line. */
export class ParseError extends Error {
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly text: string;
  constructor(diagnostic: Diagnostic) {
    super(`line ${diagnostic.line}, column ${diagnostic.column}: ${diagnostic.message}`);
    this.name = 'ParseError';
    this.line = diagnostic.line;
    this.column = diagnostic.column;
    this.code = diagnostic.code;
    this.text = diagnostic.text;
  }
}
