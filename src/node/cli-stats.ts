/** `mapscope stats`: totals by kind and by permissions. */
import { formatBytes, sortRowsByBegin, summarizeRegions, type MemorySummary, type ParseResult, type SummaryRow } from '../internal.js';
import { LineWriter } from './cli-io.js';
import { diagnosticJson, toJson } from './json-out.js';
import { formatTextTable } from './text-table.js';

/** The summary of a parse (src/analyze/summary.ts); the table's rows sorted by address first. */
function summarize(result: ParseResult): MemorySummary {
  const c = result.regions.columns;
  return summarizeRegions(result.regions, sortRowsByBegin(c.beginHi, c.beginLo, result.regions.length));
}

function rowJson(keyName: 'kind' | 'perms', row: SummaryRow): Record<string, string | number> {
  return { [keyName]: row.key, count: row.count, sizeBytes: row.sizeBytes.toString() };
}

/** Writes the totals as two tables (by kind, by perms), each ending with the total. */
export function writeStatsTable(result: ParseResult, write: (text: string) => void): void {
  const totals = summarize(result);
  const out = new LineWriter(write);
  const group = (title: string, rows: SummaryRow[]) => {
    const all = [...rows, totals.total];
    formatTextTable(
      [
        { header: title, align: 'left', cell: (i) => all[i].key },
        { header: 'REGIONS', align: 'right', cell: (i) => String(all[i].count) },
        { header: 'SIZE', align: 'right', cell: (i) => formatBytes(all[i].sizeBytes) },
        { header: 'BYTES', align: 'right', cell: (i) => all[i].sizeBytes.toString() },
      ],
      all.length,
      (line) => out.line(line),
    );
  };
  group('KIND', totals.byKind);
  out.line('');
  group('PERMS', totals.byPerms);
  out.flush();
}

/** Writes `{"format","total","byKind","byPerms","diagnostics"}`. */
export function writeStatsJson(result: ParseResult, write: (text: string) => void): void {
  const totals = summarize(result);
  const json = {
    format: result.format,
    total: { count: totals.total.count, sizeBytes: totals.total.sizeBytes.toString() },
    byKind: totals.byKind.map((r) => rowJson('kind', r)),
    byPerms: totals.byPerms.map((r) => rowJson('perms', r)),
    diagnostics: result.diagnostics.map(diagnosticJson),
  };
  write(toJson(json) + '\n');
}
