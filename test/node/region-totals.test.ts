import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMaps } from '../../src/index';
import { totalRegions } from '../../src/node/region-totals';

const hex = (v: bigint) => v.toString(16).padStart(8, '0');
const names = [null, '/usr/lib/libc.so.6', '[heap]', '[stack]', '/memfd:x (deleted)', '[anon:y]'];
const perms = ['r--p', 'rw-p', 'r-xp', '---p', 'rw-s'];

describe('totalRegions', () => {
  it('groups partition the regions and sum exactly (property against a linear sum)', () => {
    const region = fc.record({
      begin: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      size: fc.bigInt({ min: 0n, max: 1n << 63n }),
      perms: fc.constantFrom(...perms),
      name: fc.constantFrom(...names),
    });
    fc.assert(
      fc.property(fc.array(region, { maxLength: 40 }), (regions) => {
        const lines = regions.map((r) => {
          const end = r.begin + r.size > (1n << 64n) - 1n ? (1n << 64n) - 1n : r.begin + r.size;
          return { ...r, end, text: `${hex(r.begin)}-${hex(end)} ${r.perms} 00000000 00:00 0 ${r.name ?? ''}` };
        });
        const table = parseMaps(lines.map((l) => l.text).join('\n')).regions;
        expect(table.length).toBe(lines.length);
        const totals = totalRegions(table);
        const sum = lines.reduce((s, l) => s + (l.end - l.begin), 0n);
        expect(totals.total).toEqual({ key: 'total', count: lines.length, sizeBytes: sum });
        for (const groups of [totals.byKind, totals.byPerms]) {
          expect(groups.reduce((n, g) => n + g.count, 0)).toBe(lines.length);
          expect(groups.reduce((s, g) => s + g.sizeBytes, 0n)).toBe(sum);
          expect(new Set(groups.map((g) => g.key)).size).toBe(groups.length);
        }
        for (const g of totals.byPerms) {
          const mine = lines.filter((l) => l.perms === g.key);
          expect(g.count).toBe(mine.length);
          expect(g.sizeBytes).toBe(mine.reduce((s, l) => s + (l.end - l.begin), 0n));
        }
      }),
      { numRuns: 200 },
    );
  });
});
