/** `mapscope stats`: totals by kind and by permissions; a Markdown summary with --markdown. */
import { diagnosticsJsonLines, formatBytes, formatMarkdownSummary, lintRegions, sortRowsByBegin, summarizeRegions, toJson, type MemorySummary, type ParseResult, type Rollup, type SummaryRow } from '../internal.js';
import { LineWriter, type TextSink } from './cli-output.js';
import { rollupsJson } from './cli-rollup.js';
import { textTableLines } from './text-table.js';

/** The table's rows in address order. */
function addressOrder(result: ParseResult): Uint32Array {
  const c = result.regions.columns;
  return sortRowsByBegin(c.beginHi, c.beginLo, result.regions.length);
}

/** The summary of a parse (src/analyze/summary.ts). */
function summarize(result: ParseResult): MemorySummary {
  return summarizeRegions(result.regions, addressOrder(result));
}

/** Writes the Markdown summary (src/export/markdown.ts): totals by kind and module, and the findings. */
export async function writeStatsMarkdown(result: ParseResult, fileName: string | null, sink: TextSink): Promise<void> {
  const order = addressOrder(result);
  const text = formatMarkdownSummary({
    fileName,
    format: result.format,
    table: result.regions,
    summary: summarizeRegions(result.regions, order),
    findings: lintRegions(result.regions, order),
  });
  const out = new LineWriter(sink);
  await out.line(text.slice(0, -1));
  await out.flush();
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

/** Writes `{"format","total","byKind","byPerms","diagnostics","diagnosticGroups"}` (and `"rollups"` for an smaps_rollup file), a diagnostic a line. */
export async function writeStatsJson(result: ParseResult, sink: TextSink, rollups: readonly Rollup[] | null = null): Promise<void> {
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
  if (rollups !== null) await out.line(`"rollups":${rollupsJson(rollups)},`);
  for (const line of diagnosticsJsonLines(result)) await out.line(line);
  await out.line('}');
  await out.flush();
}
