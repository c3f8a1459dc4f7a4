/**
 * A search's answer as a set of address-order positions (src/query/position-set.ts), in each of its
 * forms — an ascending array, bits, every position — must read as the listed positions do: its
 * size, has, rank, the j-th, and "one in [from, to)" over any range (outside the regions too), on
 * sets of up to a few blocks of the bits' rank directory (2,048 positions), sparse and dense; and
 * filterPositionSetIndexed's set must read as the pass over every row lists.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REGION_KINDS } from '../../src/model/kind';
import { filterPositions, type RegionFilter } from '../../src/query/filter';
import { PositionBits, allPositions, positionSetOf, type PositionSet } from '../../src/model/position-set';
import { filterPositionSetIndexed } from '../../src/query/row-groups';
import { RegionIndex } from '../../src/query/region-index';
import { parseMaps } from '../../src/internal';
import { generateMaps } from '../bench/generate-maps';

/** Every read of `set` against the ascending `listed` positions below `regionCount`, at the given probes. */
function expectReads(set: PositionSet, listed: number[], regionCount: number, probes: number[], ranges: [number, number][]): void {
  expect(set.size).toBe(listed.length);
  expect(Array.from(set.toArray())).toEqual(listed);
  const member = new Set(listed);
  for (let j = 0; j < listed.length; j += Math.max(1, Math.floor(listed.length / 200))) expect(set.at(j)).toBe(listed[j]);
  if (listed.length > 0) expect(set.at(listed.length - 1)).toBe(listed[listed.length - 1]);
  for (const p of [...probes, -1, 0, regionCount - 1, regionCount, regionCount + 40]) {
    expect(set.has(p), `has ${p}`).toBe(member.has(p));
    expect(set.rank(p), `rank ${p}`).toBe(listed.filter((q) => q < p).length);
  }
  for (const [from, to] of ranges) expect(set.anyIn(from, to), `[${from}, ${to})`).toBe(listed.some((q) => q >= from && q < to));
  // Read in pieces (copyFrom): the whole set, each piece starting after the last, and from each probe.
  for (const piece of [1, 7, 64]) {
    const out = new Uint32Array(piece);
    const read: number[] = [];
    for (let from = -3, count = set.copyFrom(from, out); count > 0; count = set.copyFrom(from, out)) {
      read.push(...out.subarray(0, count));
      from = out[count - 1] + 1;
    }
    expect(read, `pieces of ${piece}`).toEqual(listed);
  }
  const five = new Uint32Array(5);
  for (const p of [...probes, regionCount + 40]) {
    const count = set.copyFrom(p, five);
    expect(Array.from(five.subarray(0, count)), `copyFrom ${p}`).toEqual(listed.filter((q) => q >= p).slice(0, 5));
  }
  expect(set.copyFrom(0, new Uint32Array(0))).toBe(0);
}

/** Bits of `listed` (ascending, below `regionCount`), marked as positionSetOfGroups marks them. */
function bitsOf(listed: number[], regionCount: number): PositionBits {
  const bits = new PositionBits(regionCount);
  for (const p of listed) bits.words[p >>> 5] |= 1 << (p & 31);
  bits.size = listed.length;
  return bits;
}

/** Ascending positions below n: sparse, dense, or in runs (whole words set and clear). */
const arbPositions = fc.integer({ min: 0, max: 6000 }).chain((n) =>
  fc.tuple(
    fc.constant(n),
    fc.oneof(
      fc.double({ min: 0, max: 1, noNaN: true }).chain((density) => fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }).map((xs) => xs.flatMap((x, p) => (x < density ? [p] : [])))),
      fc.array(fc.tuple(fc.nat(Math.max(0, n - 1)), fc.integer({ min: 1, max: 300 })), { maxLength: 6 }).map((runs) => {
        const on = new Set<number>();
        for (const [from, length] of runs) for (let p = from; p < Math.min(n, from + length); p++) on.add(p);
        return [...on].sort((a, b) => a - b);
      }),
    ),
  ),
);

/** Probes and ranges around the word edges of `n` positions, and anywhere. */
const arbProbes = (n: number) => fc.array(fc.integer({ min: -5, max: n + 70 }), { maxLength: 60 });
const arbRanges = (n: number) => fc.array(fc.tuple(fc.integer({ min: -40, max: n + 40 }), fc.integer({ min: -40, max: n + 40 })), { maxLength: 60 });

describe('PositionSet', () => {
  it('bits and an ascending array read as the listed positions (property)', () => {
    fc.assert(
      fc.property(
        arbPositions.chain(([n, listed]) => fc.tuple(fc.constant(n), fc.constant(listed), arbProbes(n), arbRanges(n))),
        ([n, listed, probes, ranges]) => {
          // Word and block edges too: a range from each to each.
          const edges = [31, 32, 33, 63, 64, 2047, 2048, 2049, 4096].filter((e) => e <= n);
          const all = [...ranges, ...edges.flatMap((a) => edges.map((b): [number, number] => [a, b]))];
          expectReads(bitsOf(listed, n), listed, n, probes, all);
          expectReads(positionSetOf(Uint32Array.from(listed)), listed, n, probes, all);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every position below n reads as 0, 1, …, n - 1; bits filled the same', () => {
    for (const n of [0, 1, 31, 32, 33, 2048, 2049, 5000]) {
      const listed = Array.from({ length: n }, (_, p) => p);
      const ranges: [number, number][] = [[-3, 0], [0, 1], [n - 1, n], [n, n + 5], [5, 3], [-10, n + 10], [17, 40]];
      const filled = new PositionBits(n);
      filled.fill();
      for (const set of [allPositions(n), filled]) expectReads(set, listed, n, [1, 31, 32, 2047, 2048, n - 2], ranges);
    }
  });
});

describe('filterPositionSetIndexed', () => {
  const generated = RegionIndex.build(parseMaps(generateMaps({ regions: 20_000, seed: 3 }).text).regions);
  const n = generated.order.length;
  const arbFilter: fc.Arbitrary<RegionFilter> = fc.record(
    {
      text: fc.constantFrom('', 'l', 'lib', 'so', 'java', '/', 'zz'),
      kinds: fc.subarray([...REGION_KINDS]),
      permsRequired: fc.integer({ min: 0, max: 15 }),
      permsExcluded: fc.integer({ min: 0, max: 15 }),
      minSizeBytes: fc.constantFrom(0n, 1n, 4096n, 0x10_0000n, 0x200_0000n),
    },
    { requiredKeys: [] },
  );

  /** The set's reads against the pass's list; the set's form. */
  const check = (filter: RegionFilter, probes: number[], ranges: [number, number][]): string => {
    const set = filterPositionSetIndexed(generated, filter);
    const listed = Array.from(filterPositions(generated.table, filter, generated.order));
    if (set === null) {
      expect(listed.length).toBe(n);
      return 'none';
    }
    // Ranges of a pixel column's size too (a few hundred positions).
    const columns = Array.from({ length: 40 }, (_, k): [number, number] => [Math.floor((k * n) / 40), Math.floor(((k + 1) * n) / 40)]);
    expectReads(set, listed, n, probes, [...ranges, ...columns]);
    return set instanceof PositionBits ? 'bits' : 'other';
  };

  it('reads as the pass over every row lists, on 20,000 generated regions (property)', () => {
    fc.assert(
      fc.property(arbFilter, arbProbes(n), arbRanges(n), (filter, probes, ranges) => void check(filter, probes, ranges)),
      { numRuns: 200 },
    );
  });

  it('a broad answer is bits, a narrow one a list, a whole one every position: each reads as the pass lists', () => {
    const probes = [0, 1, 100, 5000, 19_999];
    const forms = [{ text: 'l' }, { permsRequired: 1 }, { minSizeBytes: 0x10_0000n }, { kinds: ['file', 'stack'] }, { text: 'java' }, { minSizeBytes: 0n }].map((f) => check(f as RegionFilter, probes, []));
    expect(forms).toEqual(['bits', 'bits', 'bits', 'bits', 'other', 'other']);
  });
});
