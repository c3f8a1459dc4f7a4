/**
 * `mapscope diff`: the summary (how the sides were matched, regions and bytes added, removed and
 * changed, by kind and by module, smaps sums when both sides have them) and the list of changes;
 * or, with --json, `{"added":[REGION…],"removed":[REGION…],"changed":[{"before","after","what",
 * "match"}…],"unchanged":N,…}` with regions as `parse --json` writes them (src/export/region-json.ts).
 */
import {
  describeChange,
  diffSnapshots,
  formatBytes,
  formatCount,
  formatNameForDisplay,
  MATCH_RULES,
  RegionJsonWriter,
  toJson,
  type ChangeRow,
  type DiffSummary,
  type RegionTable,
  type SnapshotDiff,
} from '../internal.js';
import type { DiffCommand } from './cli-args.js';
import { loadDiffInputs, type DiffSide } from './cli-diff-input.js';
import { EXIT_OK } from './cli-exit.js';
import type { CliIo } from './cli-io.js';
import { LineWriter, type TextSink } from './cli-output.js';
import { reportDiagnostics } from './cli-report.js';
import { textTableLines } from './text-table.js';

/** Rows of the by-module table shown (the JSON has them all). */
const MODULES_SHOWN = 20;

/** `+1.5 MiB`, `-4.0 KiB`, `0 B`. */
function signedBytes(delta: bigint): string {
  if (delta === 0n) return '0 B';
  return delta > 0n ? `+${formatBytes(delta)}` : `-${formatBytes(-delta)}`;
}

/** `37 of 40 (92.5%)`. */
function share(part: number, whole: number): string {
  const pct = whole === 0 ? 100 : (part * 100) / whole;
  return `${formatCount(part)} of ${formatCount(whole)} (${pct >= 99.95 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1)}%)`;
}

/** How one side is named: the file, and which snapshot of a recording. */
function sideLabel(side: DiffSide): string {
  const name = formatNameForDisplay(side.sourceName);
  const s = side.snapshot;
  if (s === undefined) return name;
  const time = s.timeMs === null ? 'time unknown' : new Date(s.timeMs).toISOString();
  return `${name} snapshot ${s.number} (line ${s.headerLine}, ${time})`;
}

/** The matched share of both sides as a sentence, with a warning when little matched. */
export function matchedLine(summary: DiffSummary): string {
  const before = summary.beforeRegions === 0 ? 1 : summary.matchedBefore / summary.beforeRegions;
  const after = summary.afterRegions === 0 ? 1 : summary.matchedAfter / summary.afterRegions;
  const text = `matched: ${share(summary.matchedBefore, summary.beforeRegions)} regions before, ${share(summary.matchedAfter, summary.afterRegions)} after`;
  return Math.min(before, after) < 0.5 ? `${text} — little matched: these look like different programs or unrelated inputs` : text;
}

function cell(regions: number, bytes: string): string {
  return regions === 0 ? '-' : `${formatCount(regions)} (${bytes})`;
}

/** A summary table (by kind, by module). */
function* breakdownLines(title: string, rows: readonly ChangeRow[]): Generator<string> {
  yield* textTableLines(
    [
      { header: title, align: 'left', cell: (i) => formatNameForDisplay(rows[i].key) },
      { header: 'ADDED', align: 'right', cell: (i) => cell(rows[i].added.regions, formatBytes(rows[i].added.bytes)) },
      { header: 'REMOVED', align: 'right', cell: (i) => cell(rows[i].removed.regions, formatBytes(rows[i].removed.bytes)) },
      { header: 'CHANGED', align: 'right', cell: (i) => cell(rows[i].changed.regions, signedBytes(rows[i].changed.bytesDelta)) },
      { header: 'UNCHANGED', align: 'right', cell: (i) => formatCount(rows[i].unchanged) },
    ],
    rows.length,
  );
}

/** A region as the kernel writes it, its name made safe for the terminal, and its input line. */
function regionText(table: RegionTable, row: number): string {
  return `${formatNameForDisplay(table.get(row).format())}  [line ${table.columns.line[row]}]`;
}

/** Writes the readable summary and the list of changes. */
export async function writeDiffText(diff: SnapshotDiff, before: DiffSide, after: DiffSide, sink: TextSink): Promise<void> {
  const out = new LineWriter(sink);
  const s = diff.summary;
  const x = diff.before.regions;
  const y = diff.after.regions;
  const lines: string[] = [
    `before: ${sideLabel(before)}: ${formatCount(s.beforeRegions)} regions, ${formatBytes(s.beforeBytes)}`,
    `after:  ${sideLabel(after)}: ${formatCount(s.afterRegions)} regions, ${formatBytes(s.afterBytes)}`,
    `compared as: ${diff.mode} (${diff.modeReason})`,
    matchedLine(s),
    `rules: ${Object.entries(s.byRule).map(([rule, n]) => `${rule} ${formatCount(n)}`).join(', ') || 'none matched'}`,
    `${formatCount(s.added.regions)} added (${formatBytes(s.added.bytes)}), ${formatCount(s.removed.regions)} removed (${formatBytes(s.removed.bytes)}), ` +
      `${formatCount(s.changed.regions)} changed (${signedBytes(s.changed.bytesDelta)}), ${formatCount(diff.unchanged.before.length)} unchanged`,
    '',
  ];
  for (const line of lines) await out.line(line);
  for (const line of breakdownLines('KIND', s.byKind)) await out.line(line);
  await out.line('');
  // Modules where something changed (the JSON lists every module).
  const modules = s.byModule.filter((r) => r.added.regions + r.removed.regions + r.changed.regions > 0);
  if (modules.length === 0) await out.line(`MODULE: no change in any of ${formatCount(s.byModule.length)} (module or no module)`);
  for (const line of breakdownLines('MODULE', modules.slice(0, MODULES_SHOWN))) await out.line(line);
  if (modules.length > MODULES_SHOWN) await out.line(`… and ${formatCount(modules.length - MODULES_SHOWN)} more modules that changed (--json lists them all)`);
  if (s.smaps.length > 0) {
    await out.line('');
    const rows = s.smaps;
    for (const line of textTableLines(
      [
        { header: 'SMAPS (sum)', align: 'left', cell: (i) => formatNameForDisplay(rows[i].field) },
        { header: 'BEFORE', align: 'right', cell: (i) => rows[i].before.toString() },
        { header: 'AFTER', align: 'right', cell: (i) => rows[i].after.toString() },
        { header: 'DELTA', align: 'right', cell: (i) => (rows[i].delta > 0n ? '+' : '') + rows[i].delta.toString() },
      ],
      rows.length,
    )) {
      await out.line(line);
    }
  }
  await out.line('');
  await out.line('changes (+ added, - removed, ~ changed: before => after, what, rule; * split or merged):');
  for (const row of diff.removed) {
    const wait = out.line(`- ${regionText(x, row)}`);
    if (wait) await wait;
  }
  for (const row of diff.added) {
    const wait = out.line(`+ ${regionText(y, row)}`);
    if (wait) await wait;
  }
  const c = diff.changed;
  for (let k = 0; k < c.before.length; k++) {
    const wait = out.line(`~ ${regionText(x, c.before[k])}\n  => ${regionText(y, c.after[k])}\n     ${describeChange(diff, k).join(', ')} (${MATCH_RULES[c.rule[k]]})`);
    if (wait) await wait;
  }
  const g = diff.groups;
  for (let k = 0; k < g.count; k++) {
    await out.line(`* ${MATCH_RULES[g.rule[k]]}:`);
    for (let i = g.beforeStart[k]; i < g.beforeStart[k + 1]; i++) await out.line(`  ${regionText(x, g.beforeRows[i])}`);
    for (let i = g.afterStart[k]; i < g.afterStart[k + 1]; i++) await out.line(`  => ${regionText(y, g.afterRows[i])}`);
  }
  await out.flush();
}

/** The JSON of a summary row. */
function rowJson(r: ChangeRow): unknown {
  return {
    key: r.key,
    ...(r.pathname !== undefined && { pathname: r.pathname }),
    added: { regions: r.added.regions, bytes: r.added.bytes.toString() },
    removed: { regions: r.removed.regions, bytes: r.removed.bytes.toString() },
    changed: { regions: r.changed.regions, bytesDelta: r.changed.bytesDelta.toString() },
    unchanged: r.unchanged,
  };
}

/** The JSON of one side's source. */
function sideJson(side: DiffSide, result: SnapshotDiff['before']): unknown {
  const s = side.snapshot;
  return {
    source: side.sourceName,
    format: result.format,
    regions: result.regions.length,
    ...(s !== undefined && { snapshot: { number: s.number, line: s.headerLine, time: s.timeMs === null ? null : new Date(s.timeMs).toISOString(), pid: s.pid } }),
  };
}

/**
 * Writes the diff as JSON, one region a line: the issue's shape (added, removed, changed,
 * unchanged) first, then what else it found (groups: splits and merges; the mode; the summary;
 * the sources). Sizes and sums are decimal strings (they can exceed 2^53).
 */
export async function writeDiffJson(diff: SnapshotDiff, before: DiffSide, after: DiffSide, sink: TextSink): Promise<void> {
  const out = new LineWriter(sink);
  const x = new RegionJsonWriter(diff.before.regions);
  const y = new RegionJsonWriter(diff.after.regions);
  const list = async (name: string, rows: Uint32Array, writer: RegionJsonWriter) => {
    await out.line(`"${name}":[`);
    for (let i = 0; i < rows.length; i++) {
      const wait = out.line(writer.row(rows[i]) + (i + 1 < rows.length ? ',' : ''));
      if (wait) await wait;
    }
    await out.line('],');
  };
  await out.line('{');
  await list('added', diff.added, y);
  await list('removed', diff.removed, x);
  await out.line('"changed":[');
  const c = diff.changed;
  for (let k = 0; k < c.before.length; k++) {
    const what = toJson(describeChange(diff, k));
    const wait = out.line(`{"before":${x.row(c.before[k])},"after":${y.row(c.after[k])},"what":${what},"match":"${MATCH_RULES[c.rule[k]]}"}${k + 1 < c.before.length ? ',' : ''}`);
    if (wait) await wait;
  }
  await out.line(`],"unchanged":${diff.unchanged.before.length},`);
  await out.line('"groups":[');
  const g = diff.groups;
  for (let k = 0; k < g.count; k++) {
    const rows = (writer: RegionJsonWriter, all: Uint32Array, from: number, to: number) => Array.from(all.subarray(from, to), (r) => writer.row(r)).join(',');
    await out.line(
      `{"before":[${rows(x, g.beforeRows, g.beforeStart[k], g.beforeStart[k + 1])}],"after":[${rows(y, g.afterRows, g.afterStart[k], g.afterStart[k + 1])}],"match":"${MATCH_RULES[g.rule[k]]}"}${k + 1 < g.count ? ',' : ''}`,
    );
  }
  const s = diff.summary;
  const summary = {
    beforeRegions: s.beforeRegions,
    afterRegions: s.afterRegions,
    matchedBefore: s.matchedBefore,
    matchedAfter: s.matchedAfter,
    byRule: s.byRule,
    added: { regions: s.added.regions, bytes: s.added.bytes.toString() },
    removed: { regions: s.removed.regions, bytes: s.removed.bytes.toString() },
    changed: { regions: s.changed.regions, bytesDelta: s.changed.bytesDelta.toString() },
    beforeBytes: s.beforeBytes.toString(),
    afterBytes: s.afterBytes.toString(),
    byKind: s.byKind.map(rowJson),
    byModule: s.byModule.map(rowJson),
    smaps: s.smaps.map((d) => ({ field: d.field, before: d.before.toString(), after: d.after.toString(), delta: d.delta.toString() })),
  };
  await out.line(`],"mode":${toJson(diff.mode)},"modeReason":${toJson(diff.modeReason)},`);
  await out.line(`"before":${toJson(sideJson(before, diff.before))},"after":${toJson(sideJson(after, diff.after))},`);
  await out.line(`"summary":${toJson(summary)}}`);
  await out.flush();
}

/** `mapscope diff`: exit 0 whenever the comparison was made, whatever the inputs held (their diagnostics on stderr). */
export async function runDiff(command: DiffCommand, io: CliIo, stderr: TextSink): Promise<number> {
  const { before, after, reports } = await loadDiffInputs(command, io);
  const diff = diffSnapshots(before.result, after.result, { mode: command.mode });
  await (command.json ? writeDiffJson(diff, before, after, io.stdout) : writeDiffText(diff, before, after, io.stdout));
  for (const r of reports) await reportDiagnostics(r.sourceName, r.diagnostics, stderr, command.json);
  return EXIT_OK;
}
