/**
 * The row groups (src/query/row-groups.ts): per pathname, kind, permission byte and size class,
 * the regions' address-order positions. filterPositionsIndexed must give exactly what the pass
 * over every row (filterPositions over RegionIndex.order) gives, for any filter, on messy tables
 * (unsorted, ties, empty and anonymous regions, and ends below begins) and on a generated file of
 * 20,000 regions with thousands of names — through both ways positionsOfGroups joins several
 * groups (a sort of the gathered positions, a marking pass), which the cases below each reach, and
 * through size bounds on and around every class's edges.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REGION_KINDS } from '../../src/model/kind';
import { filterPositions, type RegionFilter } from '../../src/query/filter';
import { buildNameRows, filterPositionsIndexed, positionsOfNames } from '../../src/query/row-groups';
import { RegionIndex } from '../../src/query/region-index';
import { parseMaps } from '../../src/internal';
import { generateMaps } from '../bench/generate-maps';
import { arbAddress, arbMessySpecs, arbRegion, tableOf } from './table-fixtures';

/** Sizes on and around the edges of the size classes (powers of two), and anywhere, negative and past 2^64 included. */
const arbSize: fc.Arbitrary<bigint> = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 64 }), fc.integer({ min: -2, max: 2 })).map(([bits, d]) => (1n << BigInt(bits)) + BigInt(d)),
  fc.bigInt({ min: -3n, max: 5000n }),
  arbAddress,
);

const arbFilter: fc.Arbitrary<RegionFilter> = fc.record(
  {
    text: fc.constantFrom('', 'libc', 'LIBC', 'so.', '[', 'heap', ' (deleted)', 'java', 'zz', 'l'),
    regex: fc.constantFrom(/^\[/, /libc\.so/i, /\(deleted\)$/g, /^$/, /\.so(\.\d+)*$/, /[0-9]{3}/),
    pathnameTest: fc.constantFrom((name: string) => name.length % 2 === 0, (name: string) => name.startsWith('/')),
    kinds: fc.subarray([...REGION_KINDS]),
    permsRequired: fc.integer({ min: 0, max: 15 }),
    permsExcluded: fc.integer({ min: 0, max: 15 }),
    minSizeBytes: arbSize,
    maxSizeBytes: arbSize,
  },
  { requiredKeys: [] },
);

/** Messy tables, some regions with their end below their begin (a malformed table: a negative size). */
const arbTable = fc.array(fc.tuple(arbRegion, fc.boolean()).map(([r, swap]) => (swap && r.begin !== r.end ? { ...r, begin: r.end, end: r.begin } : r)), { maxLength: 40 });

const generated = RegionIndex.build(parseMaps(generateMaps({ regions: 20_000, seed: 3 }).text).regions);

/** What the pass over every row answers. */
const pass = (index: RegionIndex, filter: RegionFilter) => Array.from(filterPositions(index.table, filter, index.order));

describe('row groups', () => {
  it('filterPositionsIndexed = filterPositions over the address order, on messy tables', () => {
    fc.assert(
      fc.property(fc.oneof(arbMessySpecs, arbTable), arbFilter, (specs, filter) => {
        const index = RegionIndex.build(tableOf(specs));
        const indexed = filterPositionsIndexed(index, filter);
        if (indexed === null) expect(pass(index, filter)).toEqual(Array.from(index.order.keys()));
        else expect(Array.from(indexed)).toEqual(pass(index, filter));
      }),
      { numRuns: 600 },
    );
  });

  it('filterPositionsIndexed = filterPositions over the address order, on 20,000 generated regions', () => {
    fc.assert(
      fc.property(arbFilter, (filter) => {
        const indexed = filterPositionsIndexed(generated, filter);
        if (indexed === null) expect(pass(generated, filter)).toEqual(Array.from(generated.order.keys()));
        else expect(Array.from(indexed)).toEqual(pass(generated, filter));
      }),
      { numRuns: 150 },
    );
  });

  it('size bounds alone (the size classes answer), on messy tables: sizes anywhere in 64 bits, and negative', () => {
    const arbBounds = fc.record({ minSizeBytes: arbSize, maxSizeBytes: arbSize }, { requiredKeys: [] });
    fc.assert(
      fc.property(arbTable, arbBounds, (specs, filter) => {
        const index = RegionIndex.build(tableOf(specs));
        const indexed = filterPositionsIndexed(index, filter);
        if (indexed === null) expect(filter).toEqual({});
        else expect(Array.from(indexed)).toEqual(pass(index, filter));
      }),
      { numRuns: 600 },
    );
  });

  it('each criterion alone, on 20,000 generated regions: a kind, a permission, a size bound at every class edge', () => {
    const one = (filter: RegionFilter) => expect(Array.from(filterPositionsIndexed(generated, filter)!), JSON.stringify(filter, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).toEqual(pass(generated, filter));
    for (const kind of REGION_KINDS) one({ kinds: [kind] });
    one({ kinds: [] });
    for (let bits = 1; bits < 16; bits++) {
      one({ permsRequired: bits });
      one({ permsExcluded: bits });
    }
    for (let bits = 0; bits <= 64; bits++) {
      for (const d of [-1n, 0n, 1n]) {
        const v = (1n << BigInt(bits)) + d;
        one({ minSizeBytes: v });
        one({ maxSizeBytes: v });
      }
    }
    one({ minSizeBytes: 0x3000n, maxSizeBytes: 0x20_0000n });
  });

  it('answers null for a filter that sets nothing (a pass over the rows answers it)', () => {
    expect(filterPositionsIndexed(generated, {})).toBeNull();
    expect(filterPositionsIndexed(generated, { text: '', permsRequired: 0, permsExcluded: 0 })).toBeNull();
  });

  it('joins several names by a sort (few regions) and by a marking pass (many), both in address order', () => {
    const rows = buildNameRows(generated.table, generated.order);
    const names = generated.table.pathnames.length;
    expect(names).toBeGreaterThan(100);
    const sizes = Array.from({ length: names }, (_, id) => rows.starts[id + 1] - rows.starts[id]);
    const few = new Uint8Array(names);
    // Two small names whose regions interleave in the address order (a concatenation is not
    // sorted): total·log2(total) below the region count (the sort).
    const span = (id: number) => [rows.positions[rows.starts[id]], rows.positions[rows.starts[id + 1] - 1]];
    const small = sizes.flatMap((size, id) => (size >= 2 && size < 20 ? [id] : []));
    const pair = small.flatMap((a) => small.filter((b) => b > a && span(b)[0] < span(a)[1] && span(a)[0] < span(b)[1]).map((b) => [a, b]))[0];
    expect(pair).toBeDefined();
    for (const id of pair) few[id] = 1;
    const many = new Uint8Array(names).fill(1); // every name: far above it (the marking pass)
    for (const ok of [few, many]) {
      const total = sizes.reduce((s, size, id) => s + (ok[id] ? size : 0), 0);
      const expected: number[] = [];
      generated.order.forEach((row, k) => {
        const id = generated.table.columns.pathId[row];
        if (id >= 0 && ok[id] === 1) expected.push(k);
      });
      expect(expected.length).toBe(total);
      expect(Array.from(positionsOfNames(rows, ok))).toEqual(expected);
    }
    expect(sizes.reduce((s, size, id) => s + (few[id] ? size : 0), 0) * Math.log2(40)).toBeLessThan(generated.order.length);
  });
});
