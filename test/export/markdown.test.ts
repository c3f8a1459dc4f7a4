/** The Markdown summary: totals equal sums over the regions, and no name can become Markdown. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatMarkdownSummary, lintRegions, markdownName, parseMaps, sortRowsByBegin, summarizeRegions, type RegionTable } from '../../src/internal';
import { unescapeDisplay } from '../fixtures/hostile/inert';
import { hostileMapsText } from '../fixtures/hostile/names';

const SMAPS = new URL('../fixtures/smaps/python-mapper.smaps', import.meta.url).pathname;

function markdownOf(text: string, fileName: string | null): { table: RegionTable; md: string } {
  const { regions: table, format } = parseMaps(text);
  const c = table.columns;
  const order = sortRowsByBegin(c.beginHi, c.beginLo, table.length);
  return { table, md: formatMarkdownSummary({ fileName, format, table, summary: summarizeRegions(table, order), findings: lintRegions(table, order) }) };
}

/** The cells of a GFM table row, split at pipes that are not backslash-escaped. */
function cells(line: string): string[] {
  return line
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.trim());
}

/** The text of a code span as the summary writes it (fence, optional padding, `\|` in a table). */
function codeSpanText(cell: string): string {
  const m = /^(`+)( ?)([^]*)\2\1$/.exec(cell);
  expect(m).not.toBeNull();
  return m![3].replace(/\\\|/g, '|');
}

describe('formatMarkdownSummary', () => {
  for (const [name, text] of [
    ['smaps', () => readFileSync(SMAPS, 'utf8')],
    ['hostile names', () => hostileMapsText()],
  ] as const) {
    it(`${name}: the rows by kind are the counts and exact sizes of the regions of each kind`, () => {
      const { table, md } = markdownOf(text(), 'x.maps');
      const expected = new Map<string, { count: number; size: bigint }>();
      for (const r of table) {
        const g = expected.get(r.kind) ?? { count: 0, size: 0n };
        g.count++;
        g.size += r.end - r.begin;
        expected.set(r.kind, g);
      }
      const lines = md.split('\n');
      const start = lines.indexOf('### By kind') + 4;
      const got = new Map<string, { count: number; size: bigint }>();
      for (let i = start; lines[i].startsWith('| '); i++) {
        const [kind, count, size] = cells(lines[i]);
        got.set(kind, { count: Number(count.replace(/,/g, '')), size: BigInt(/\(([0-9,]+) B\)$/.exec(size)![1].replace(/,/g, '')) });
      }
      expect(got).toEqual(expected);
    });
  }

  it('shows every hostile module name as a code span that reads back to the name, cells intact', () => {
    const { table, md } = markdownOf(hostileMapsText(), '<img src=x onerror=alert(1)>|[a](javascript:x)');
    const lines = md.split('\n');
    // The file name cannot make a tag or a link: it is a code span.
    expect(lines[0]).toBe('## Memory map of `<img src=x onerror=alert(1)>|[a](javascript:x)`');
    const start = lines.indexOf('### By module') + 4;
    const names: string[] = [];
    for (let i = start; lines[i].startsWith('| '); i++) {
      const row = cells(lines[i]);
      expect(row).toHaveLength(3);
      names.push(unescapeDisplay(codeSpanText(row[0])));
    }
    const files = new Set([...table].map((r) => r.pathname).filter((p): p is string => p !== null && p.startsWith('/')));
    for (const n of names) expect(files.has(n)).toBe(true);
    expect(names.length).toBe(Math.min(25, files.size));
    // No raw line break, bidi or control character anywhere.
    expect(md).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2028\u2029]/);
  });

  it('lists each finding with its regions', () => {
    const { table, md } = markdownOf(hostileMapsText(), null);
    const c = table.columns;
    const findings = lintRegions(table, sortRowsByBegin(c.beginHi, c.beginLo, table.length));
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(md).toContain(`- **${f.title}** (${f.severity})`);
  });

  it('fences a name holding backticks with a longer run', () => {
    for (const name of ['/a`b', '``x', '/tmp/`', ' lead', '/p|q']) {
      const span = markdownName(name);
      const fence = /^`+/.exec(span)![0];
      expect(name.match(/`+/g)?.every((run) => run.length < fence.length) ?? true).toBe(true);
      expect(codeSpanText(span)).toBe(name);
    }
  });
});
