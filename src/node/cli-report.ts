/** Diagnostics on standard error, compiler style: `FILE:LINE:COLUMN: error: message [code]`. */
import { countDiagnostics, DIAGNOSTIC_EXAMPLES_PER_KIND, formatCount, formatNameForDisplay, type Diagnostic, type DiagnosticSet } from '../internal.js';
import { LineWriter, type TextSink } from './cli-output.js';

/** Examples of each kind printed; the rest of the kind is one line that counts them. */
export const PRINTED_PER_KIND = 10;
/** Line numbers listed in a kind's "… and N more" line. */
const MORE_LINES_LISTED = 10;

/** Formats one diagnostic as two lines: the message, then the offending input line indented. */
export function formatDiagnostic(sourceName: string, d: Diagnostic): string {
  const where = d.line > 0 ? `${sourceName}:${d.line}:${d.column}` : sourceName;
  const head = formatNameForDisplay(`${where}: ${d.severity}: ${d.message} [${d.code}]`);
  return d.text.length > 0 ? `${head}\n    ${formatNameForDisplay(d.text)}` : head;
}

/**
 * Writes diagnostics to standard error: the first PRINTED_PER_KIND examples of each kind in line
 * order, then for each kind with more "… and N more CODE (lines a, b, …)" (the lines of the
 * further kept examples), then the exact totals.
 */
export async function reportDiagnostics(sourceName: string, set: DiagnosticSet, sink: TextSink, json: boolean): Promise<void> {
  if (set.diagnosticGroups.length === 0) return;
  const out = new LineWriter(sink);
  const printed = new Map<string, number>();
  const unprintedLines = new Map<string, number[]>();
  for (const d of set.diagnostics) {
    const key = `${d.severity} ${d.code}`;
    const n = printed.get(key) ?? 0;
    if (n < PRINTED_PER_KIND) {
      printed.set(key, n + 1);
      await out.line(formatDiagnostic(sourceName, d));
    } else if (d.line > 0) {
      const lines = unprintedLines.get(key) ?? [];
      lines.push(d.line);
      unprintedLines.set(key, lines);
    }
  }
  for (const g of set.diagnosticGroups) {
    const key = `${g.severity} ${g.code}`;
    const more = g.count - (printed.get(key) ?? 0);
    if (more <= 0) continue;
    const lines = unprintedLines.get(key) ?? [];
    const listed = lines.slice(0, MORE_LINES_LISTED).join(', ') + (more > Math.min(lines.length, MORE_LINES_LISTED) ? ', …' : '');
    await out.line(formatNameForDisplay(`${sourceName}: … and ${formatCount(more)} more ${g.code} ${g.severity}s${lines.length > 0 ? ` (lines ${listed})` : ''}`));
  }
  const { errors, warnings } = countDiagnostics(set.diagnosticGroups);
  const hidden = set.diagnosticGroups.some((g) => g.count > (printed.get(`${g.severity} ${g.code}`) ?? 0));
  const tail = hidden && !json ? ` (--json lists the first ${DIAGNOSTIC_EXAMPLES_PER_KIND} of each kind, with every kind counted)` : '';
  await out.line(formatNameForDisplay(`${sourceName}: ${formatCount(errors)} error${errors === 1 ? '' : 's'}, ${formatCount(warnings)} warning${warnings === 1 ? '' : 's'}${tail}`));
  await out.flush();
}

/** True when any diagnostic is an error (exit status 1). */
export function hasErrors(set: DiagnosticSet): boolean {
  return set.diagnosticGroups.some((g) => g.severity === 'error');
}
