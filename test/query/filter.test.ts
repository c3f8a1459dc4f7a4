import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { U64_MAX } from '../../src/address';
import { REGION_KINDS } from '../../src/model/kind';
import { PERM_EXEC, PERM_READ, PERM_SHARED, PERM_WRITE } from '../../src/model/permissions';
import type { RegionTable } from '../../src/model/region-table';
import { filterPositions, filterRegions, type RegionFilter } from '../../src/query/filter';
import { RegionIndex } from '../../src/query/region-index';
import { arbAddress, arbMessySpecs, arbOrderedSpecs, tableOf } from './table-fixtures';

/** The obvious filter: one Region object per row, bigint sizes, a fresh regex per test. */
function naiveFilter(table: RegionTable, f: RegionFilter): number[] {
  return table.toArray().filter((r) => {
    const name = r.pathname;
    if (f.text && (name === null || !name.toLowerCase().includes(f.text.toLowerCase()))) return false;
    if (f.regex && (name === null || !new RegExp(f.regex.source, f.regex.flags.replace(/[gy]/g, '')).test(name))) return false;
    if (f.pathnameTest && (name === null || !f.pathnameTest(name))) return false;
    if (f.kinds && !f.kinds.includes(r.kind)) return false;
    if (f.minSizeBytes !== undefined && r.sizeBytes < f.minSizeBytes) return false;
    if (f.maxSizeBytes !== undefined && r.sizeBytes > f.maxSizeBytes) return false;
    if (f.permsRequired !== undefined && (r.perms & f.permsRequired) !== f.permsRequired) return false;
    if (f.permsExcluded !== undefined && (r.perms & f.permsExcluded) !== 0) return false;
    return true;
  }).map((r) => r.index);
}

const arbFilter: fc.Arbitrary<RegionFilter> = fc.record(
  {
    text: fc.constantFrom('', 'libc', 'LIBC', 'so.', '[', 'heap', ' (deleted)', '\\012', 'zz'),
    regex: fc.constantFrom(/^\[/, /libc\.so/i, /\(deleted\)$/g, /a/y, /^$/, /\.so(\.\d+)*$/),
    pathnameTest: fc.constantFrom((name: string) => name.length % 2 === 0, (name: string) => name.startsWith('/')),
    kinds: fc.subarray([...REGION_KINDS]),
    minSizeBytes: fc.oneof(arbAddress, fc.constantFrom(-1n, U64_MAX + 2n)),
    maxSizeBytes: fc.oneof(arbAddress, fc.constantFrom(-1n, U64_MAX + 2n)),
    permsRequired: fc.integer({ min: 0, max: 15 }),
    permsExcluded: fc.integer({ min: 0, max: 15 }),
  },
  { requiredKeys: [] },
);

describe('filterRegions agrees with a naive filter', () => {
  it('on random tables and random filters', () => {
    fc.assert(
      fc.property(fc.oneof(arbMessySpecs, arbOrderedSpecs), arbFilter, (specs, filter) => {
        const table = tableOf(specs);
        expect([...filterRegions(table, filter)]).toEqual(naiveFilter(table, filter));
      }),
      { numRuns: 1000 },
    );
  });

  it('visits rows in the order given (e.g. address order)', () => {
    fc.assert(
      fc.property(arbMessySpecs, arbFilter, (specs, filter) => {
        const table = tableOf(specs);
        const order = RegionIndex.build(table).order;
        const kept = new Set(naiveFilter(table, filter));
        expect([...filterRegions(table, filter, order)]).toEqual([...order].filter((r) => kept.has(r)));
      }),
      { numRuns: 200 },
    );
  });

  it('filterPositions: the indexes into the rows given of those that pass, ascending', () => {
    fc.assert(
      fc.property(arbMessySpecs, arbFilter, (specs, filter) => {
        const table = tableOf(specs);
        const order = RegionIndex.build(table).order;
        const kept = new Set(naiveFilter(table, filter));
        expect([...filterPositions(table, filter, order)]).toEqual([...order.keys()].filter((k) => kept.has(order[k])));
        expect([...filterPositions(table, filter)]).toEqual(naiveFilter(table, filter));
      }),
      { numRuns: 200 },
    );
  });
});

describe('filterRegions edge cases', () => {
  const table = tableOf([
    /* 0 */ { begin: 0x1000n, end: 0x2000n, perms: PERM_READ, pathname: '/usr/lib/LibFoo.so' },
    /* 1 */ { begin: 0x2000n, end: 0x3000n, perms: PERM_READ | PERM_EXEC, pathname: '/usr/lib/LibFoo.so' },
    /* 2 */ { begin: 0x3000n, end: 0x1_0000_3000n, perms: PERM_READ | PERM_WRITE }, // 4 GiB, anonymous
    /* 3 */ { begin: 0x1_0000_3000n, end: 0x1_0000_3000n, perms: 0 }, // empty
    /* 4 */ { begin: 0x5000n, end: 0x6000n, perms: PERM_READ, pathname: '/foo' }, // /foo/g matches before the last match's lastIndex
    /* 5 */ { begin: 0n, end: U64_MAX, perms: PERM_READ | PERM_SHARED, pathname: '/dev/shm/x' },
  ]);
  const cases: [string, RegionFilter, number[]][] = [
    ['no criteria keeps everything', {}, [0, 1, 2, 3, 4, 5]],
    ['text is case-insensitive', { text: 'libfoo' }, [0, 1]],
    ['text matches anywhere in the name', { text: 'FOO' }, [0, 1, 4]],
    ['anonymous regions never match text', { text: '/' }, [0, 1, 4, 5]],
    ['an empty kinds list keeps nothing', { kinds: [] }, []],
    ['kinds', { kinds: ['anonymous', 'shared-memory'] }, [2, 3, 5]],
    ['exact lower size bound at 2^32', { minSizeBytes: 0x1_0000_0000n }, [2, 5]],
    ['one byte more than 2^32 excludes it', { minSizeBytes: 0x1_0000_0001n }, [5]],
    ['upper size bound 0 keeps the empty region', { maxSizeBytes: 0n }, [3]],
    ['size 2^64 - 1 is exact', { minSizeBytes: U64_MAX }, [5]],
    ['required r-x', { permsRequired: PERM_READ | PERM_EXEC }, [1]],
    ['excluded w and s', { permsExcluded: PERM_WRITE | PERM_SHARED }, [0, 1, 3, 4]],
    ['a regex with the g or y flag keeps no lastIndex between names', { regex: /foo/gi }, [0, 1, 4]],
    ['a sticky regex', { regex: /\//y }, [0, 1, 4, 5]],
  ];
  it.each(cases)('%s', (_, filter, rows) => {
    expect([...filterRegions(table, filter)]).toEqual(rows);
  });

  it('tests each distinct pathname once, not each region', () => {
    const specs = Array.from({ length: 1000 }, (_, i) => ({ begin: BigInt(i) * 0x1000n, end: BigInt(i + 1) * 0x1000n, pathname: i % 2 ? '/lib/a.so' : '/lib/b.so' }));
    // Count the lower-casing filterRegions does: one for the query, one per distinct pathname.
    let tests = 0;
    const original = String.prototype.toLowerCase;
    String.prototype.toLowerCase = function (this: string) {
      tests++;
      return original.call(this);
    };
    try {
      expect(filterRegions(tableOf(specs), { text: 'A.SO' }).length).toBe(500);
    } finally {
      String.prototype.toLowerCase = original;
    }
    expect(tests).toBe(1 + 2);
  });
});
