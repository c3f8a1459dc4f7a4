/**
 * A summary of a memory map in Markdown, to paste into an issue: the totals by kind and by
 * module (Rss and Pss beside them for smaps), and the findings with the regions they concern.
 * `mapscope stats --markdown` and the app's Export write the same text.
 *
 * Names are untrusted text: each is shown as formatNameForDisplay shows it (control, bidi and
 * invisible characters as reversible escapes, so one name stays on one line) inside a code span,
 * where Markdown makes no link, tag or emphasis (CommonMark §6.1), its fence longer than any run of
 * backticks in the name and `|` escaped so that it cannot end a table cell (GFM §4.10). Other text
 * that may quote the file (the findings' sentences) has the characters that start inline Markdown
 * backslash-escaped (CommonMark §2.4). Sizes are exact byte counts beside the rounded ones.
 */
import { formatHex } from '../address.js';
import { formatBytes } from '../format/format-size.js';
import type { Finding } from '../analyze/lints.js';
import type { MemorySummary, SummaryRow } from '../analyze/summary.js';
import { formatNameForDisplay } from '../model/display-text.js';
import type { RegionTable } from '../model/region-table.js';

/** What the summary is about. */
export interface MarkdownInput {
  /** The file's name as given, or null (pasted text, standard input). */
  fileName: string | null;
  format: string;
  table: RegionTable;
  summary: MemorySummary;
  findings: readonly Finding[];
}

/** Modules listed before `… and N more`. */
export const MARKDOWN_MODULES = 25;
/** Regions listed under a finding before `… and N more`. */
export const MARKDOWN_FINDING_ROWS = 10;

/** Untrusted text as inert Markdown text: displayed escapes, then what starts inline Markdown (emphasis, code, links, tags, entities, cells) backslash-escaped. */
export function markdownText(text: string): string {
  return formatNameForDisplay(text).replace(/[\\`*_[\]<>!&~|]/g, '\\$&');
}

/** A name as a Markdown code span: displayed escapes, a fence longer than its longest backtick run, `|` escaped in a table's cell. */
export function markdownName(name: string, inTable = false): string {
  const display = formatNameForDisplay(name);
  const shown = inTable ? display.replace(/\|/g, '\\|') : display;
  const longest = Math.max(0, ...(shown.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // CommonMark §6.1: one space is stripped from each end when both have one; padding keeps an edge backtick or space.
  const pad = /^[` ]|[` ]$/.test(shown) ? ' ' : '';
  return `${fence}${pad}${shown}${pad}${fence}`;
}

function sizeCell(bytes: bigint): string {
  return `${formatBytes(bytes)} (${bytes.toLocaleString('en-US')} B)`;
}

function smapsCell(bytes: number | null): string {
  return bytes === null ? '' : formatBytes(bytes);
}

function table(header: string[], rows: string[][]): string[] {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines;
}

function summaryRows(rows: readonly SummaryRow[], smaps: boolean, key: (row: SummaryRow) => string): string[][] {
  return rows.map((r) => [key(r), r.count.toLocaleString('en-US'), sizeCell(r.sizeBytes), ...(smaps ? [smapsCell(r.rssBytes), smapsCell(r.pssBytes)] : [])]);
}

/** The Markdown text, lines joined with `\n`, ending with a newline. */
export function formatMarkdownSummary(input: MarkdownInput): string {
  const { summary, table: regions, findings } = input;
  const smaps = summary.hasSmaps;
  const cols = (first: string) => [first, 'Regions', 'Size', ...(smaps ? ['Rss', 'Pss'] : [])];
  const out: string[] = [];
  out.push(`## Memory map${input.fileName === null ? '' : ` of ${markdownName(input.fileName)}`}`, '');
  out.push(
    `${markdownText(input.format)}: ${summary.total.count.toLocaleString('en-US')} regions, ${sizeCell(summary.total.sizeBytes)} mapped` +
      (smaps ? `, Rss ${smapsCell(summary.total.rssBytes)}, Pss ${smapsCell(summary.total.pssBytes)}` : '') +
      '.',
    '',
  );
  out.push('### By kind', '', ...table(cols('Kind'), summaryRows(summary.byKind, smaps, (r) => r.key)), '');
  const modules = summary.byModule.slice(0, MARKDOWN_MODULES);
  out.push('### By module', '');
  if (modules.length === 0) out.push('No file-backed modules.');
  else out.push(...table(cols('Module'), summaryRows(modules, smaps, (r) => markdownName(r.key, true))));
  if (summary.byModule.length > modules.length) out.push('', `… and ${(summary.byModule.length - modules.length).toLocaleString('en-US')} more modules.`);
  out.push('', '### Findings', '');
  if (findings.length === 0) out.push('None.');
  for (const f of findings) {
    out.push(`- **${markdownText(f.title)}** (${f.severity}): ${markdownText(f.message)}`);
    for (const row of f.rows.slice(0, MARKDOWN_FINDING_ROWS)) {
      const name = regions.pathname(row);
      out.push(`  - \`${formatHex(regions.begin(row))}-${formatHex(regions.end(row))}\` ${name === null ? '(anonymous)' : markdownName(name)}`);
    }
    if (f.rows.length > MARKDOWN_FINDING_ROWS) out.push(`  - … and ${(f.rows.length - MARKDOWN_FINDING_ROWS).toLocaleString('en-US')} more regions`);
  }
  return out.join('\n') + '\n';
}
