/** The column widths the parse worker measures for the region table (view-data.ts, measureColumns): the widest text of each column, as a pass over the formatted rows finds it; and the rows of each kind and permission value, counted row by row. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIND_CODE, REGION_KINDS, formatHexPadded, parseMaps, type RegionTable } from '../../../src/internal';
import { measureColumns } from '../../../app/workers/view-data';
import { generateMaps } from '../../bench/generate-maps';

const SAMPLES = join(import.meta.dirname, '../../../public/samples');

/** The widths by formatting every row, as the table shows it. */
function widest(table: RegionTable) {
  const rows = table.toArray();
  const max = (xs: number[]) => Math.max(0, ...xs);
  return {
    addressDigits: max(rows.map((r) => formatHexPadded(r.end).length)),
    offsetDigits: max(rows.map((r) => formatHexPadded(r.offset).length)),
    inodeDigits: max(rows.map((r) => r.inode.toString().length)),
    kinds: [...new Set(rows.map((r) => KIND_CODE[r.kind]))].sort((a, b) => a - b),
    kindCounts: REGION_KINDS.map((kind) => rows.filter((r) => r.kind === kind).length),
    permsCounts: Array.from({ length: 16 }, (_, bits) => rows.filter((_r, i) => table.columns.perms[i] === bits).length),
  };
}

describe('measureColumns', () => {
  it.each(['c-hello.maps', 'i386-static.maps', 'remarkable-arm32.maps', 'android-arm64-app.maps', 'openjdk17-jit.maps'])('%s: the widest text of each column', (name) => {
    const table = parseMaps(readFileSync(join(SAMPLES, name), 'utf8')).regions;
    expect(measureColumns(table)).toEqual(widest(table));
  });

  it('hand-written edges: a 64-bit end, an offset past 2^32, an inode past 2^53, and an empty table', () => {
    const text = [
      '00400000-00401000 r-xp 1234567890ab 08:01 18446744073709551615 /bin/x',
      'ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]',
    ].join('\n');
    const table = parseMaps(text).regions;
    expect(measureColumns(table)).toEqual(widest(table));
    expect(measureColumns(table)).toMatchObject({ addressDigits: 16, offsetDigits: 12, inodeDigits: 20 });
    expect(measureColumns(parseMaps('').regions)).toEqual({ addressDigits: 8, offsetDigits: 8, inodeDigits: 1, kinds: [], kindCounts: REGION_KINDS.map(() => 0), permsCounts: Array(16).fill(0) });
  });

  it('a generated file of 20,000 regions', () => {
    const table = parseMaps(generateMaps({ regions: 20_000, seed: 9 }).text).regions;
    expect(measureColumns(table)).toEqual(widest(table));
  });
});
