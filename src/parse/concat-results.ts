/**
 * One parse result from the results of an input's pieces (src/input/read-pieces.ts: an input
 * too large for one string, cut where region headers start). Regions and line numbers become the
 * whole input's; order warnings (proc_pid_maps(5): ascending, never overlapping) are found again
 * on the whole table, so that a region of one piece overlapping one of another is reported; the
 * notes a parse gives once for its whole text (line 0) are kept once each.
 */
import { clipDiagnosticText } from '../model/diagnostic.js';
import { DiagnosticStore } from '../model/diagnostic-store.js';
import { concatRegionTables } from '../model/concat-tables.js';
import type { RegionTable } from '../model/region-table.js';
import { checkRegionOrder } from './region-checks.js';
import type { ParseResult } from './result.js';
import { markTableThreadStacks } from './row-passes.js';

/** A piece's result and the number, in the whole input, of its text's first line. */
export interface ResultPiece {
  result: ParseResult;
  firstLine: number;
}

/** The warnings of checkRegionOrder, which the joined table is checked for again. */
const ORDER_CODES: ReadonlySet<string> = new Set(['empty-region', 'out-of-order', 'duplicate', 'overlap']);

/** The text of a region's line: as a piece's warning quoted it, else the region as the kernel writes it. */
function lineTextOf(table: RegionTable, quoted: ReadonlyMap<number, string>): (line: number) => string {
  let rowOfLine: Map<number, number> | null = null;
  return (line) => {
    const text = quoted.get(line);
    if (text !== undefined) return text;
    if (rowOfLine === null) {
      rowOfLine = new Map();
      for (let i = 0; i < table.length; i++) rowOfLine.set(table.columns.line[i], i);
    }
    const row = rowOfLine.get(line);
    return row === undefined ? '' : clipDiagnosticText(table.get(row).format());
  };
}

/** The result the pieces' results make together (the first piece's format). */
export function concatResults(pieces: readonly ResultPiece[]): ParseResult {
  if (pieces.length === 1 && pieces[0].firstLine === 1) return pieces[0].result;
  const regions = concatRegionTables(pieces.map((p) => ({ table: p.result.regions, firstLine: p.firstLine })));
  const diagnostics = new DiagnosticStore();
  const wholeInputNotes = new Set<string>();
  const quoted = new Map<number, string>();
  const stats = { lines: 0, regions: 0, blank: 0, recognized: 0, rejected: 0 };
  for (const { result, firstLine } of pieces) {
    for (const d of result.diagnostics) {
      if (d.line === 0) {
        if (!wholeInputNotes.has(d.code)) diagnostics.push(d);
        wholeInputNotes.add(d.code);
        continue;
      }
      const line = d.line + firstLine - 1;
      if (ORDER_CODES.has(d.code) && d.severity === 'warning') quoted.set(line, d.text);
      else diagnostics.push({ ...d, line });
    }
    // What the piece counted without keeping (bounded: diagnostic-store.ts) is counted here too.
    for (const g of result.diagnosticGroups) {
      if (ORDER_CODES.has(g.code) && g.severity === 'warning') continue;
      diagnostics.countMore(g.code, g.severity, g.firstLine === 0 ? 0 : g.firstLine + firstLine - 1, g.count - g.examples.length);
    }
    for (const k of Object.keys(stats) as (keyof typeof stats)[]) stats[k] += result.stats[k];
  }
  checkRegionOrder(regions, diagnostics, lineTextOf(regions, quoted));
  markTableThreadStacks(regions); // again across the pieces' seams
  return { format: pieces[0].result.format, regions, ...diagnostics.result(), stats };
}
