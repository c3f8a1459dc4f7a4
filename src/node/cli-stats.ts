/** `mapscope stats`: totals by kind and by permissions. */
import { formatBytes, sortRowsByBegin, summarizeRegions, type MemorySummary, type ParseResult, type SummaryRow } from '../internal.js';
import { writeDiagnosticsJson } from './cli-parse.js';
import { LineWriter, type TextSink } from './cli-output.js';
import { toJson } from './json-out.js';
import { textTableLines } from './text-table.js';

/** The summary of a parse (src/analyze/summary.ts); the table's rows sorted by address first. */
function summarize(result: ParseResult): MemorySummary {
  const c = result.regions.columns;
  return summarizeRegions(result.regions, sortRowsByBegin(c.beginHi, c.beginLo, result.regions.length));
}

function rowJson(keyName: 'kind' | 'perms', row: SummaryRow): Record<string, string | number> {
  return { [keyName]: row.key, count: row.count, sizeBytes: row.sizeBytes.toString() };
}

/** Writes the totals as two tables (by kind, by perms), each ending with the total. */
export async function writeStatsTable(result: ParseResult, sink: TextSink): Promise<void> {
  const totals = summarize(result);
  const out = new LineWriter(sink);
  const group = async (title: string, rows: SummaryRow[]) => {
    const all = [...rows, totals.total];
    const lines = textTableLines(
      [
        { header: title, align: 'left', cell: (i) => all[i].key },
        { header: 'REGIONS', align: 'right', cell: (i) => String(all[i].count) },
        { header: 'SIZE', align: 'right', cell: (i) => formatBytes(all[i].sizeBytes) },
        { header: 'BYTES', align: 'right', cell: (i) => all[i].sizeBytes.toString() },
      ],
      all.length,
    );
    for (const line of lines) await out.line(line);
  };
  await group('KIND', totals.byKind);
  await out.line('');
  await group('PERMS', totals.byPerms);
  await out.flush();
}

/** Writes `{"format","total","byKind","byPerms","diagnostics","diagnosticGroups"}`, a diagnostic a line. */
export async function writeStatsJson(result: ParseResult, sink: TextSink): Promise<void> {
  const totals = summarize(result);
  const out = new LineWriter(sink);
  const head = toJson({
    format: result.format,
    total: { count: totals.total.count, sizeBytes: totals.total.sizeBytes.toString() },
    byKind: totals.byKind.map((r) => rowJson('kind', r)),
    byPerms: totals.byPerms.map((r) => rowJson('perms', r)),
  });
  // The object without its closing brace, then the diagnostics.
  await out.line(`${head.slice(0, -1)},`);
  await writeDiagnosticsJson(result, out);
  await out.line('}');
  await out.flush();
}
