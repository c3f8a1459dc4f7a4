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
import { buildKindRows, buildNameRows, buildPermRows, buildSizeRows, filterPositionsIndexed, kindRowSteps, nameRowSteps, permRowSteps, positionsOfNames, sizeRowSteps, sizeTake, type RowGroups } from '../../src/query/row-groups';
import { RegionIndex } from '../../src/query/region-index';
import { parseMaps } from '../../src/internal';
import { generateMaps } from '../bench/generate-maps';
import { arbAddress, arbMessySpecs, arbRegion, tableOf } from './table-fixtures';

/** A size class's edge: a power of two, or one of the seven steps between it and the next (top: its leading four bits, 8–15). */
const classEdge = (bits: number, top: number) => (bits < 4 ? 1n << BigInt(bits) : BigInt(top) << BigInt(bits - 3));

/** Sizes on and around the edges of the size classes, and anywhere, negative and past 2^64 included. */
const arbSize: fc.Arbitrary<bigint> = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 8, max: 15 }), fc.integer({ min: -2, max: 2 })).map(([bits, top, d]) => classEdge(bits, top) + BigInt(d)),
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

/** Tables whose sizes sit on and around the size classes' edges (a region of exactly a bound's size). */
const arbEdgeTable = fc.array(
  fc.tuple(arbAddress, arbSize, fc.constantFrom(null, '/usr/lib/libc.so.6', '[heap]')).map(([begin, size, pathname]) => {
    const end = begin + size;
    return size < 0n || end > 0xffff_ffff_ffff_ffffn ? { begin, end: begin, pathname } : { begin, end, pathname };
  }),
  { maxLength: 40 },
);

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
      fc.property(fc.oneof(arbTable, arbEdgeTable), arbBounds, (specs, filter) => {
        const index = RegionIndex.build(tableOf(specs));
        const indexed = filterPositionsIndexed(index, filter);
        if (indexed === null) expect(filter).toEqual({});
        else expect(Array.from(indexed)).toEqual(pass(index, filter));
      }),
      { numRuns: 600 },
    );
  });

  it('a bound on a size class edge cuts no class; one past it cuts one (only its regions are tested one by one)', () => {
    const cut = (filter: RegionFilter) => sizeTake(filter).slice(0, -1).filter((t) => t === 2).length;
    for (let bits = 0; bits <= 64; bits++) {
      for (let top = 8; top < (bits < 4 ? 9 : 16); top++) {
        const edge = classEdge(bits, top);
        expect(cut({ minSizeBytes: edge }), `min ${edge}`).toBe(0);
        expect(cut({ maxSizeBytes: edge - 1n }), `max ${edge - 1n}`).toBe(0);
        if (edge > 1n && edge < 1n << 64n) expect(cut({ minSizeBytes: edge + 1n }), `min ${edge + 1n}`).toBe(1);
      }
    }
  });

  it('each criterion alone, on 20,000 generated regions: a kind, a permission, a size bound at every size class edge', () => {
    const one = (filter: RegionFilter) => {
      const indexed = filterPositionsIndexed(generated, filter)!;
      const expected = filterPositions(generated.table, filter, generated.order);
      // Compared here, not by toEqual: thousands of arrays of up to 20,000 positions.
      const same = indexed.length === expected.length && indexed.every((p, j) => p === expected[j]);
      expect(same, JSON.stringify(filter, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).toBe(true);
    };
    for (const kind of REGION_KINDS) one({ kinds: [kind] });
    one({ kinds: [] });
    for (let bits = 1; bits < 16; bits++) {
      one({ permsRequired: bits });
      one({ permsExcluded: bits });
    }
    // Every power of two; every step between them where the file's sizes are (2^12 to 2^28).
    for (let bits = 0; bits <= 64; bits++) {
      for (let top = 8; top < (bits >= 12 && bits <= 28 ? 16 : 9); top++) {
        for (const d of [-1n, 0n, 1n]) {
          const v = classEdge(bits, top) + d;
          one({ minSizeBytes: v });
          one({ maxSizeBytes: v });
        }
      }
    }
    one({ minSizeBytes: 0x3000n, maxSizeBytes: 0x20_0000n });
  });

  it('rowsAt maps positions to rows: itself when the file is in address order, a mapped copy otherwise', () => {
    expect(generated.inFileOrder).toBe(true);
    const at = filterPositionsIndexed(generated, { kinds: ['file'] })!;
    expect(generated.rowsAt(at)).toBe(at);
    fc.assert(
      fc.property(arbMessySpecs, (specs) => {
        const index = RegionIndex.build(tableOf(specs));
        const all = Uint32Array.from(index.order.keys());
        expect(index.inFileOrder).toBe(index.order.every((row, k) => row === k));
        expect(Array.from(index.rowsAt(all))).toEqual(Array.from(index.order));
      }),
      { numRuns: 200 },
    );
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

  it('names that take most of the regions, beside anonymous ones in no group, keep only their own (property)', () => {
    // The marking pass may mark the groups left out instead, when they are fewer — only where
    // every region is in some group (kinds, permissions, sizes); anonymous regions are in no name's.
    const arbSpecs = fc.array(fc.tuple(arbAddress, fc.constantFrom(null, '/a', '/b', '/c', '/d')), { minLength: 8, maxLength: 60 });
    fc.assert(
      fc.property(arbSpecs, fc.uniqueArray(fc.constantFrom<string>('/a', '/b', '/c', '/d'), { minLength: 1 }), (specs, taken) => {
        const index = RegionIndex.build(tableOf(specs.map(([begin, pathname]) => ({ begin, end: begin, pathname }))));
        const { table, order } = index;
        const ok = new Uint8Array(table.pathnames.length);
        table.pathnames.forEach((name, id) => (ok[id] = taken.includes(name) ? 1 : 0));
        const expected: number[] = [];
        order.forEach((row, k) => {
          const id = table.columns.pathId[row];
          if (id >= 0 && ok[id] === 1) expected.push(k);
        });
        expect(Array.from(positionsOfNames(index.nameRows, ok))).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('every region taken whole is every position, in order', () => {
    for (const filter of [{ minSizeBytes: 0n }, { permsExcluded: 0x100 }, { kinds: [...REGION_KINDS] }] satisfies RegionFilter[]) {
      const indexed = filterPositionsIndexed(generated, filter);
      expect(indexed === null ? null : Array.from(indexed)).toEqual(pass(generated, filter));
    }
  });
});

describe('stepped builds (RegionIndex.prepareSearch, for idle time)', () => {
  /** The groups a one-shot build makes, as plain arrays. */
  const plain = (g: RowGroups) => ({ starts: Array.from(g.starts), positions: Array.from(g.positions), regionCount: g.regionCount });

  it('a build in steps of any size makes the one-shot build’s groups, and yields once a step of each pass', () => {
    fc.assert(
      fc.property(arbMessySpecs, fc.integer({ min: 1, max: 9 }), (specs, step) => {
        const index = RegionIndex.build(tableOf(specs));
        const table = index.table;
        const order = index.order;
        const builds: [Generator<void, RowGroups>, RowGroups, number][] = [
          [nameRowSteps(table, order, step), buildNameRows(table, order), 2],
          [kindRowSteps(table, order, step), buildKindRows(table, order), 2],
          [permRowSteps(table, order, step), buildPermRows(table, order), 2],
          [sizeRowSteps(table, order, step), buildSizeRows(table, order), 3],
        ];
        for (const [steps, whole, passes] of builds) {
          let yields = 0;
          let next = steps.next();
          for (; next.done !== true; next = steps.next()) yields++;
          expect(plain(next.value)).toEqual(plain(whole));
          expect(yields).toBe(passes * Math.ceil(order.length / step));
        }
      }),
    );
  });

  it('prepareSearch makes what the getters would, and a getter asked halfway keeps its own groups', () => {
    const specsOf = fc.sample(arbMessySpecs, { numRuns: 30, seed: 19 });
    for (const [n, specs] of specsOf.entries()) {
      const fresh = RegionIndex.build(tableOf(specs));
      const prepared = RegionIndex.build(tableOf(specs));
      const steps = prepared.prepareSearch();
      // Half the steps, then a getter, then the rest: the getter's groups are the ones kept.
      let total = 0;
      for (const counter = RegionIndex.build(tableOf(specs)).prepareSearch(); counter.next().done !== true; ) total++;
      for (let i = 0; i < total >> 1; i++) steps.next();
      const early = n % 2 === 0 ? prepared.kindRows : prepared.sizeRows;
      while (steps.next().done !== true);
      expect(n % 2 === 0 ? prepared.kindRows : prepared.sizeRows).toBe(early);
      expect(plain(prepared.nameRows)).toEqual(plain(fresh.nameRows));
      expect(plain(prepared.kindRows)).toEqual(plain(fresh.kindRows));
      expect(plain(prepared.permRows)).toEqual(plain(fresh.permRows));
      expect(plain(prepared.sizeRows)).toEqual(plain(fresh.sizeRows));
      expect(prepared.table.pathnamesLowerCase()).toEqual(fresh.table.pathnames.map((name) => name.toLowerCase()));
      expect(prepared.inFileOrder).toBe(fresh.inFileOrder);
    }
  });
});
