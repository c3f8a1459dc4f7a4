import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { U64_MAX } from '../../src/address';
import { RegionIndex, type LookupResult } from '../../src/query/region-index';
import { shareColumns, type RegionTable } from '../../src/model/region-table';
import { arbAddress, arbMessySpecs, arbOrderedSpecs, tableOf, type RegionSpec } from './table-fixtures';

const TWO_64 = U64_MAX + 1n;

/** The (begin, row) order the index promises for ties between overlapping regions. */
function byBeginThenRow(specs: readonly RegionSpec[]) {
  return (a: number, b: number) => (specs[a].begin < specs[b].begin ? -1 : specs[a].begin > specs[b].begin ? 1 : a - b);
}

/** What lookup must answer, by a linear scan over the specs. */
function naiveLookup(specs: readonly RegionSpec[], addr: bigint): LookupResult {
  const rows = specs.map((_, i) => i);
  const containing = rows.filter((i) => specs[i].begin <= addr && addr < specs[i].end).sort(byBeginThenRow(specs));
  if (containing.length > 0) {
    const row = containing[0];
    const offsetInRegion = addr - specs[row].begin;
    return { mapped: true, address: addr as never, row, offsetInRegion, fileOffset: (specs[row].offset ?? 0n) + offsetInRegion };
  }
  const nonEmpty = rows.filter((i) => specs[i].end > specs[i].begin);
  const below = nonEmpty.filter((i) => specs[i].end <= addr);
  const above = nonEmpty.filter((i) => specs[i].begin > addr);
  const gapBegin = below.reduce((m, i) => (specs[i].end > m ? specs[i].end : m), 0n);
  const gapEnd = above.reduce((m, i) => (specs[i].begin < m ? specs[i].begin : m), TWO_64);
  const beforeRow = below.filter((i) => specs[i].end === gapBegin).sort(byBeginThenRow(specs))[0] ?? -1;
  const afterRow = above.filter((i) => specs[i].begin === gapEnd).sort((a, b) => a - b)[0] ?? -1;
  return { mapped: false, address: addr as never, gapBegin, gapEnd, beforeRow, afterRow };
}

/** Addresses worth asking about: every region's edges and their neighbours, plus the extremes. */
function probeAddresses(specs: readonly RegionSpec[], extra: readonly bigint[]): bigint[] {
  const out = new Set<bigint>([0n, 1n, U64_MAX, 0xffff_ffffn, 0x1_0000_0000n, ...extra]);
  for (const s of specs) for (const a of [s.begin - 1n, s.begin, s.end - 1n, s.end]) if (a >= 0n && a <= U64_MAX) out.add(a);
  return [...out];
}

function checkAgainstScan(specs: RegionSpec[], extra: bigint[]): void {
  const table = tableOf(specs);
  const index = RegionIndex.build(table);
  for (const addr of probeAddresses(specs, extra)) {
    const expected = naiveLookup(specs, addr);
    expect(index.lookup(addr)).toEqual(expected);
    expect(index.findRow(addr)).toBe(expected.mapped ? expected.row : -1);
    expect(index.findRowHiLo(Number(addr >> 32n), Number(addr & 0xffff_ffffn))).toBe(expected.mapped ? expected.row : -1);
    const all = specs.map((_, i) => i).filter((i) => specs[i].begin <= addr && addr < specs[i].end).sort(byBeginThenRow(specs));
    expect(index.findAllRows(addr)).toEqual(all);
    if (!expected.mapped) {
      // Independently of the scan's definition: the gap holds the address and no region overlaps it.
      expect(expected.gapBegin <= addr && addr < expected.gapEnd).toBe(true);
      for (const s of specs) expect(s.end <= expected.gapBegin || s.begin >= expected.gapEnd || s.end <= s.begin).toBe(true);
    }
  }
}

describe('RegionIndex agrees with a linear scan', () => {
  it('on messy tables (unsorted, overlapping, duplicate, empty, adjacent)', () => {
    fc.assert(fc.property(arbMessySpecs, fc.array(arbAddress, { maxLength: 10 }), checkAgainstScan), { numRuns: 400 });
  });

  it('on tables shaped like a real file', () => {
    fc.assert(fc.property(arbOrderedSpecs, fc.array(arbAddress, { maxLength: 10 }), checkAgainstScan), { numRuns: 300 });
  });

  it('on a real-shaped table given in shuffled file order', () => {
    const arb = arbOrderedSpecs.chain((specs) => fc.shuffledSubarray(specs, { minLength: specs.length, maxLength: specs.length }));
    fc.assert(fc.property(arb, fc.array(arbAddress, { maxLength: 5 }), checkAgainstScan), { numRuns: 200 });
  });

  it('order lists every row ascending by begin, ties in file order', () => {
    fc.assert(
      fc.property(arbMessySpecs, (specs) => {
        const order = [...RegionIndex.build(tableOf(specs)).order];
        expect(order).toEqual(specs.map((_, i) => i).sort(byBeginThenRow(specs)));
      }),
    );
  });
});

describe('RegionIndex edge cases', () => {
  const specs: RegionSpec[] = [
    /* 0 */ { begin: 0x1000n, end: 0x2000n, offset: 0x10_0000n, pathname: '/bin/a' },
    /* 1 */ { begin: 0x2000n, end: 0x3000n, pathname: '/bin/a' }, // adjacent to row 0
    /* 2 */ { begin: 0x5000n, end: 0x5000n }, // empty: contains nothing, bounds no gap
    /* 3 */ { begin: 0xffff_f000n, end: 0x1_0000_1000n }, // straddles the 32-bit halves
    /* 4 */ { begin: 0xffff_ffff_ff60_0000n, end: 0xffff_ffff_ff60_1000n, pathname: '[vsyscall]' },
    /* 5 */ { begin: 0xffff_ffff_ffff_f000n, end: U64_MAX }, // ends at the largest end a file can write
    /* 6 */ { begin: (1n << 53n) - 0x1000n, end: (1n << 53n) + 0x1000n, offset: (1n << 53n) + 1n }, // across 2^53
  ];
  const index = RegionIndex.build(tableOf(specs));
  const gap = (gapBegin: bigint, gapEnd: bigint, beforeRow: number, afterRow: number) => ({ mapped: false, gapBegin, gapEnd, beforeRow, afterRow });
  const hit = (row: number, offsetInRegion: bigint, fileOffset: bigint) => ({ mapped: true, row, offsetInRegion, fileOffset });
  const cases: [string, bigint, object][] = [
    ['0, below everything', 0n, gap(0n, 0x1000n, -1, 0)],
    ['one below the first region', 0xfffn, gap(0n, 0x1000n, -1, 0)],
    ['first byte of a region', 0x1000n, hit(0, 0n, 0x10_0000n)],
    ['last byte of a region', 0x1fffn, hit(0, 0xfffn, 0x10_0fffn)],
    ['end of a region = begin of the adjacent one', 0x2000n, hit(1, 0n, 0n)],
    ['end of the adjacent pair', 0x3000n, gap(0x3000n, 0xffff_f000n, 1, 3)],
    ['the empty region does not split the gap', 0x5000n, gap(0x3000n, 0xffff_f000n, 1, 3)],
    ['2^32 - 1 inside the straddling region', 0xffff_ffffn, hit(3, 0xfffn, 0xfffn)],
    ['2^32 inside the straddling region', 0x1_0000_0000n, hit(3, 0x1000n, 0x1000n)],
    ['end of the straddling region', 0x1_0000_1000n, gap(0x1_0000_1000n, (1n << 53n) - 0x1000n, 3, 6)],
    ['2^53 - 1 below the double limit', (1n << 53n) - 1n, hit(6, 0xfffn, (1n << 53n) + 0x1000n)],
    ['2^53 + 1, which no double holds', (1n << 53n) + 1n, hit(6, 0x1001n, (1n << 53n) + 0x1002n)],
    ['end of the region across 2^53', (1n << 53n) + 0x1000n, gap((1n << 53n) + 0x1000n, 0xffff_ffff_ff60_0000n, 6, 4)],
    ['[vsyscall]', 0xffff_ffff_ff60_0000n, hit(4, 0n, 0n)],
    ['[vsyscall] last byte', 0xffff_ffff_ff60_0fffn, hit(4, 0xfffn, 0xfffn)],
    ['2^64 - 2, last byte of the top region', U64_MAX - 1n, hit(5, 0xffen, 0xffen)],
    ['2^64 - 1, above the last region', U64_MAX, gap(U64_MAX, TWO_64, 5, -1)],
  ];
  it.each(cases)('%s', (_, addr, expected) => {
    expect(index.lookup(addr)).toMatchObject(expected);
  });

  it('rejects values outside [0, 2^64)', () => {
    expect(() => index.lookup(-1n)).toThrow(RangeError);
    expect(() => index.lookup(TWO_64)).toThrow(RangeError);
    expect(index.findRow(-1n)).toBe(-1);
    expect(index.findRow(TWO_64 + 0x1000n)).toBe(-1);
    expect(index.findAllRows(TWO_64)).toEqual([]);
  });

  it('answers on an empty table and a table of only empty regions', () => {
    for (const t of [tableOf([]), tableOf([{ begin: 5n, end: 5n }])]) {
      const i = RegionIndex.build(t);
      expect(i.lookup(5n)).toMatchObject(gap(0n, TWO_64, -1, -1));
      expect(i.findRow(U64_MAX)).toBe(-1);
      expect(i.order.length).toBe(t.length);
    }
  });

  it('finds a small region inside a huge one, and the huge one around it', () => {
    // Row 0 spans everything; rows 1..1000 are nested inside. The lowest begin wins.
    const nested: RegionSpec[] = [{ begin: 0n, end: U64_MAX }];
    for (let k = 1n; k <= 1000n; k++) nested.push({ begin: k * 0x10000n, end: k * 0x10000n + 0x1000n });
    const i = RegionIndex.build(tableOf(nested));
    expect(i.findRow(500n * 0x10000n)).toBe(0);
    expect(i.findAllRows(500n * 0x10000n)).toEqual([0, 500]);
    expect(i.findAllRows(500n * 0x10000n + 0x1000n)).toEqual([0]);
  });
});

describe('RegionIndex data hand-off (worker -> page)', () => {
  it('answers the same after structuredClone with the buffers transferred', () => {
    fc.assert(
      fc.property(arbMessySpecs, fc.array(arbAddress, { minLength: 1, maxLength: 10 }), (specs, addrs) => {
        const table = tableOf(specs);
        const original = RegionIndex.build(table);
        const probes = probeAddresses(specs, addrs);
        const before = probes.map((a) => original.lookup(a));
        const data = structuredClone(original.toData(), { transfer: original.transferables() });
        const moved = RegionIndex.fromData(table, data);
        expect(probes.map((a) => moved.lookup(a))).toEqual(before);
        expect(original.order.length).toBe(0); // transferred, so detached here
      }),
      { numRuns: 100 },
    );
  });

  it('the order of a table in address order whose columns are shared is shared too: kept by the sender, in no transfer list', () => {
    const specs: RegionSpec[] = [
      { begin: 0x1000n, end: 0x2000n },
      { begin: 0x3000n, end: 0x5000n },
    ];
    expect(shareColumns(true)).toBe(true);
    let table: RegionTable;
    let unordered: RegionTable;
    try {
      table = tableOf(specs);
      unordered = tableOf([specs[1], specs[0]]);
    } finally {
      shareColumns(false);
    }
    expect(table.sharedColumns() && unordered.sharedColumns()).toBe(true);
    const index = RegionIndex.build(table);
    expect(index.order.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(index.transferables()).toEqual([]);
    expect(index.byteLength()).toBe(4 * specs.length);
    const moved = RegionIndex.fromData(table, structuredClone(index.toData(), { transfer: index.transferables() }));
    expect([...index.order]).toEqual([0, 1]); // kept by the sender
    expect(moved.lookup(0x3000n)).toEqual(index.lookup(0x3000n));
    // Not in address order: a sorted order of its own, transferred.
    const sorted = RegionIndex.build(unordered);
    expect(sorted.order.buffer).toBeInstanceOf(ArrayBuffer);
    expect(sorted.transferables()).toContain(sorted.order.buffer);
  });

  it('a table in address order (no empty region, ends ascending) is its own spans: the index holds only its order', () => {
    const ordered: RegionSpec[] = [
      { begin: 0x1000n, end: 0x2000n },
      { begin: 0x2000n, end: 0x5000n },
      { begin: 0xffff_ffff_0000_0000n, end: 0xffff_ffff_ff60_1000n },
    ];
    const inOrder = RegionIndex.build(tableOf(ordered));
    expect(inOrder.byteLength()).toBe(4 * ordered.length);
    expect(inOrder.toData().maxEndLo).toEqual(Uint32Array.from(ordered, (r) => Number(r.end & 0xffff_ffffn)));
    // An empty region, an end below the one before, rows out of order: spans of its own.
    for (const specs of [
      [...ordered.slice(0, 2), { begin: 0x5000n, end: 0x5000n }],
      [{ begin: 0x1000n, end: 0x9000n }, { begin: 0x2000n, end: 0x3000n }],
      [ordered[1], ordered[0]],
    ]) {
      expect(RegionIndex.build(tableOf(specs)).byteLength(), JSON.stringify(specs, (_, v) => (typeof v === 'bigint' ? v.toString(16) : v))).toBeGreaterThan(4 * specs.length);
    }
  });

  it('shares the columns exactly when the table is in the kernel order, and knows whether its order is the file order (property)', () => {
    fc.assert(
      fc.property(fc.oneof(arbMessySpecs, arbOrderedSpecs), (specs) => {
        const index = RegionIndex.build(tableOf(specs));
        const kernelOrder = specs.every((s, i) => s.end > s.begin && (i === 0 || (s.begin >= specs[i - 1].begin && s.end >= specs[i - 1].end)));
        expect(index.byteLength() === 4 * specs.length).toBe(kernelOrder);
        expect(index.inFileOrder).toBe(index.order.every((row, k) => row === k));
      }),
      { numRuns: 400 },
    );
  });

  it('refuses data built for another table', () => {
    const data = RegionIndex.build(tableOf([{ begin: 0n, end: 1n }])).toData();
    expect(() => RegionIndex.fromData(tableOf([]), data)).toThrow(RangeError);
  });
});
