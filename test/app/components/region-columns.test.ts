/**
 * The region table's tracks (app/components/region-columns.ts): a cell that does not clip
 * (RegionColumn.clips false: no overflow clip, no ellipsis) must never hold more characters than
 * its track is wide, for any map — every row's text, and a collapsed module row's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RegionIndex, parseMaps, parseSmaps, type RegionTable } from '../../../src/internal';
import { moduleCellText } from '../../../app/components/module-rows';
import { analyzeTable } from '../../../app/workers/analysis';
import { columnsOf } from '../../../app/components/region-columns';
import { CHANGE_NAMES } from '../../../app/workers/compare-table';

const MAX64 = (1n << 64n) - 1n;
const hex = (v: bigint) => v.toString(16);
/** 64-bit values, small, page-like and near the top (the widest texts). */
const arb64 = fc.oneof(fc.bigInt({ min: 0n, max: MAX64 }), fc.bigInt({ min: 0n, max: 1n << 48n }), fc.bigInt({ min: MAX64 - (1n << 20n), max: MAX64 }));
/** A region's size: any, or a value of 1 to 1023 of a unit (B, KiB, … EiB) and a part of the next smaller one — the widest texts (`1023.5 MiB`). */
const arbSize = fc.oneof(
  fc.bigInt({ min: 1n, max: MAX64 }),
  fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 1023 }), fc.integer({ min: 0, max: 1023 })).map(([unit, v, part]) => (BigInt(v) << BigInt(10 * unit)) + (unit === 0 ? 0n : BigInt(part) << BigInt(10 * (unit - 1)))),
);
/** A region: an address and a size (its end kept in the 64-bit space), permissions, offset, device, inode and a name. */
const arbRegion = fc.record({
  a: arb64,
  size: arbSize,
  perms: fc.constantFrom('r--p', 'rw-p', 'r-xp', 'rwxs', '---p'),
  offset: arb64,
  major: fc.integer({ min: 0, max: 0xfff }),
  minor: fc.integer({ min: 0, max: 0xfffff }),
  inode: arb64,
  name: fc.constantFrom('', '[heap]', '[stack]', '[vdso]', '/usr/lib/libc.so.6', '/a/very/long/directory/name/that/goes/on/libsomething.so.1.2.3', '[anon:x]'),
});
/** Sizes in kB, as smaps writes them: small, and up to the largest a kernel writes (2^64 bytes). */
const arbKb = fc.oneof(fc.nat(), fc.bigInt({ min: 0n, max: MAX64 >> 10n }));

type Region = typeof arbRegion extends fc.Arbitrary<infer T> ? T : never;

function mapsText(regions: Region[], smaps: (bigint | number)[][] | null): string {
  return regions
    .map((r, i) => {
      const size = r.size > MAX64 ? MAX64 : r.size;
      const lo = r.a > MAX64 - size ? MAX64 - size : r.a;
      const line = `${hex(lo)}-${hex(lo + size)} ${r.perms} ${hex(r.offset).padStart(8, '0')} ${hex(BigInt(r.major)).padStart(2, '0')}:${hex(BigInt(r.minor)).padStart(2, '0')} ${r.inode} ${r.name}`.trimEnd();
      if (smaps === null) return line;
      const [rss, pss, swap] = smaps[i];
      return `${line}\nSize: 4 kB\nRss: ${rss} kB\nPss: ${pss} kB\nSwap: ${swap} kB`;
    })
    .join('\n');
}

/** The characters a `Nch` track holds, or null for another track (the pathname's). */
const trackChars = (width: string) => (/^(\d+)ch$/.exec(width) === null ? null : Number(/^(\d+)ch$/.exec(width)![1]));

function expectFits(table: RegionTable): void {
  const columns = columnsOf(table);
  for (const col of columns) {
    if (col.clips) continue;
    const chars = trackChars(col.width);
    expect(chars, col.key).not.toBeNull();
    for (let row = 0; row < table.length; row++) expect(col.text(table, row).length, `${col.key}: ${col.text(table, row)}`).toBeLessThanOrEqual(chars!);
  }
  // A collapsed module row's cells (module-rows.ts moduleCellText) in the same tracks.
  const { order } = RegionIndex.build(table);
  for (const m of analyzeTable(table, order).modules) {
    for (const col of columns) {
      if (col.clips) continue;
      const text = col.key === 'change' ? '' : moduleCellText(col.key, m, table, order);
      expect(text.length, `module ${col.key}: ${text}`).toBeLessThanOrEqual(trackChars(col.width)!);
    }
  }
}

describe('region table tracks', () => {
  it('every cell that does not clip fits its track, in a maps file', () => {
    fc.assert(
      fc.property(fc.array(arbRegion, { minLength: 1, maxLength: 8 }), (regions) => {
        const table = parseMaps(mapsText(regions, null)).regions;
        expect(table.length).toBe(regions.length);
        expectFits(table);
      }),
      { numRuns: 300 },
    );
  });

  it('and in an smaps file, whose Rss, Pss and Swap take any size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(arbRegion, fc.tuple(arbKb, arbKb, arbKb)), { minLength: 1, maxLength: 6 }),
        (rows) => {
          const table = parseSmaps(mapsText(rows.map(([r]) => r), rows.map(([, s]) => s))).regions;
          expect(table.length).toBe(rows.length);
          expect(table.smaps).not.toBeNull();
          expectFits(table);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a comparison's change fits its track", () => {
    const table = parseMaps('1000-2000 r--p 00000000 00:00 0').regions;
    const change = columnsOf(table, { change: new Uint8Array([0]) } as never)[0];
    expect(change.key).toBe('change');
    expect(change.clips).toBe(false);
    for (const name of CHANGE_NAMES) expect(name.length).toBeLessThanOrEqual(trackChars(change.width)!);
  });
});
