/**
 * smaps_rollup in the command's output: totals, not a region (src/analyze/rollup.ts). `parse` and
 * `stats` print the totals instead of a region table or totals by kind; `--json` adds them as
 * `"rollups"`.
 */
import { findSmapsFieldInfo, formatBytes, formatHex, formatNameForDisplay, ROLLUP_HEADLINE_KEYS, toJson, UNITLESS_SMAPS_KEYS, type Rollup } from '../internal.js';
import { LineWriter, type TextSink } from './cli-output.js';
import { textTableLines } from './text-table.js';

/** A field's exact value as text: bytes for sizes, the number for unit-less fields. */
function exactValue(record: Rollup['record'], key: string): string {
  return (record.exactFields?.[key] ?? BigInt(record.fields[key])).toString();
}

/** The fields of a rollup, headline totals first (ROLLUP_HEADLINE_KEYS), then the rest in file order. */
function orderedKeys(record: Rollup['record']): string[] {
  const keys = Object.keys(record.fields);
  const first = ROLLUP_HEADLINE_KEYS.filter((k) => keys.includes(k));
  return [...first, ...keys.filter((k) => !(first as string[]).includes(k))];
}

/** Writes each rollup as a headline and a FIELD / SIZE / BYTES / MEANING table. */
export async function writeRollupTables(rollups: readonly Rollup[], sink: TextSink): Promise<void> {
  const out = new LineWriter(sink);
  for (const [i, r] of rollups.entries()) {
    if (i > 0) await out.line('');
    await out.line(`smaps_rollup (line ${r.line}): totals over the mappings from ${formatHex(r.spanBegin)} to ${formatHex(r.spanEnd)} — a span, not a region`);
    const keys = orderedKeys(r.record);
    const lines = textTableLines(
      [
        { header: 'FIELD', align: 'left', cell: (k) => formatNameForDisplay(keys[k]) }, // untrusted: a file may hold any key
        { header: 'SIZE', align: 'right', cell: (k) => (UNITLESS_SMAPS_KEYS.has(keys[k]) ? '' : formatBytes(BigInt(exactValue(r.record, keys[k])))) },
        { header: 'BYTES', align: 'right', cell: (k) => exactValue(r.record, keys[k]) },
        { header: 'MEANING', align: 'left', cell: (k) => findSmapsFieldInfo(keys[k])?.name ?? '' },
      ],
      keys.length,
    );
    for (const line of lines) await out.line(line);
  }
  await out.flush();
}

/** `"rollups":[{"line","spanBegin","spanEnd","fields":{"Rss":"1736704",…}}]` (values exact, as decimal strings). */
export function rollupsJson(rollups: readonly Rollup[]): string {
  return toJson( // terminal-unsafe characters of a key escaped
    rollups.map((r) => ({
      line: r.line,
      spanBegin: formatHex(r.spanBegin),
      spanEnd: formatHex(r.spanEnd),
      fields: Object.fromEntries(Object.keys(r.record.fields).map((k) => [k, exactValue(r.record, k)])),
    })),
  );
}
