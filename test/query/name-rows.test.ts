/**
 * The name index (src/query/name-rows.ts): per pathname, its regions' address-order positions.
 * filterPositionsByName must give exactly what the pass over every row (filterPositions over
 * RegionIndex.order) gives, for any filter that tests pathnames, on messy tables (unsorted, ties,
 * empty and anonymous regions) and on a generated file of 20,000 regions with thousands of names —
 * through both ways positionsOfNames joins several names (a sort of the gathered positions, a
 * marking pass), which the cases below each reach.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REGION_KINDS } from '../../src/model/kind';
import { filterPositions, type RegionFilter } from '../../src/query/filter';
import { buildNameRows, filterPositionsByName, positionsOfNames } from '../../src/query/name-rows';
import { RegionIndex } from '../../src/query/region-index';
import { parseMaps } from '../../src/internal';
import { generateMaps } from '../bench/generate-maps';
import { arbMessySpecs, tableOf } from './table-fixtures';

const arbPathFilter: fc.Arbitrary<RegionFilter> = fc
  .record(
    {
      text: fc.constantFrom('', 'libc', 'LIBC', 'so.', '[', 'heap', ' (deleted)', 'java', 'zz', 'l'),
      regex: fc.constantFrom(/^\[/, /libc\.so/i, /\(deleted\)$/g, /^$/, /\.so(\.\d+)*$/, /[0-9]{3}/),
      pathnameTest: fc.constantFrom((name: string) => name.length % 2 === 0, (name: string) => name.startsWith('/')),
      kinds: fc.subarray([...REGION_KINDS]),
      permsRequired: fc.integer({ min: 0, max: 15 }),
      permsExcluded: fc.integer({ min: 0, max: 15 }),
    },
    { requiredKeys: [] },
  )
  // At least one pathname criterion: what the name index answers.
  .filter((f) => Boolean(f.text) || f.regex !== undefined || f.pathnameTest !== undefined);

const generated = RegionIndex.build(parseMaps(generateMaps({ regions: 20_000, seed: 3 }).text).regions);

describe('name index', () => {
  it('filterPositionsByName = filterPositions over the address order, on messy tables', () => {
    fc.assert(
      fc.property(arbMessySpecs, arbPathFilter, (specs, filter) => {
        const index = RegionIndex.build(tableOf(specs));
        expect(Array.from(filterPositionsByName(index, filter)!)).toEqual(Array.from(filterPositions(index.table, filter, index.order)));
      }),
      { numRuns: 300 },
    );
  });

  it('filterPositionsByName = filterPositions over the address order, on 20,000 generated regions', () => {
    fc.assert(
      fc.property(arbPathFilter, (filter) => {
        expect(Array.from(filterPositionsByName(generated, filter)!)).toEqual(Array.from(filterPositions(generated.table, filter, generated.order)));
      }),
      { numRuns: 60 },
    );
  });

  it('answers null for a filter on no pathname (a pass over the rows answers it)', () => {
    expect(filterPositionsByName(generated, {})).toBeNull();
    expect(filterPositionsByName(generated, { text: '', kinds: ['heap'] })).toBeNull();
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
