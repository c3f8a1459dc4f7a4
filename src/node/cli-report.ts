/** Diagnostics on standard error, compiler style: `FILE:LINE:COLUMN: error: message [code]`. */
import { formatNameForDisplay, type Diagnostic } from '../internal.js';
import { LineWriter, type TextSink } from './cli-output.js';

/** More diagnostics than this are counted, not printed (--json lists every one). */
export const MAX_PRINTED_DIAGNOSTICS = 100;

/** Formats one diagnostic as two lines: the message, then the offending input line indented. */
export function formatDiagnostic(sourceName: string, d: Diagnostic): string {
  const where = d.line > 0 ? `${sourceName}:${d.line}:${d.column}` : sourceName;
  const head = formatNameForDisplay(`${where}: ${d.severity}: ${d.message} [${d.code}]`);
  return d.text.length > 0 ? `${head}\n    ${formatNameForDisplay(d.text)}` : head;
}

/** Writes diagnostics to `write` (standard error), at most MAX_PRINTED_DIAGNOSTICS, and a count of the rest. */
export async function reportDiagnostics(sourceName: string, diagnostics: readonly Diagnostic[], sink: TextSink, json: boolean): Promise<void> {
  if (diagnostics.length === 0) return;
  const out = new LineWriter(sink);
  const shown = Math.min(diagnostics.length, MAX_PRINTED_DIAGNOSTICS);
  for (let i = 0; i < shown; i++) await out.line(formatDiagnostic(sourceName, diagnostics[i]));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const more = diagnostics.length - shown;
  const tail = more > 0 ? `; ${more} more not shown (${json ? 'all are in the JSON output' : 'use --json to list them all'})` : '';
  await out.line(formatNameForDisplay(`${sourceName}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${tail}`));
  await out.flush();
}

/** True when any diagnostic is an error (exit status 1). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
