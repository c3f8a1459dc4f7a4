/**
 * The toData/fromData pairs of src/layout, as the parse worker and the page use them: build in
 * one place, send through structured clone (postMessage's algorithm: Node's structuredClone), wrap
 * in another — and get the same answers as building on the spot.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { U64_MAX } from '../../src/address';
import { frameOrigin, type AddressScale } from '../../src/layout/address-scale';
import { buildCompressedScaleData, compressedScaleFromData, createCompressedScale, type CompressedScaleData } from '../../src/layout/compressed-scale';
import { buildLodData, lodIndexFromData, type LodIndexData } from '../../src/layout/level-of-detail';
import { sizeApproxAt, sortedRegionsFromData, sortedRegionsToData, type SortedRegions, type SortedRegionsData } from '../../src/layout/sorted-regions';
import { RegionTable, type RegionTableData } from '../../src/model/region-table';
import { RegionIndex } from '../../src/query/region-index';
import { generateMaps } from '../bench/generate-maps';
import { arbAddress, arbRegion, tableOf } from '../query/table-fixtures';
import { realMapsFiles, sortedOf, tableOfText } from './layout-fixtures';

interface Sent {
  table: RegionTable;
  sorted: SortedRegions;
  lod: LodIndexData;
  compressed: CompressedScaleData;
}

/** Builds the view's data of `table`, sends it with the table through one structured clone, and re-attaches it. */
function send(table: RegionTable): Sent {
  const sorted = sortedOf(table);
  const message = structuredClone({
    table: table.toData(),
    sorted: sortedRegionsToData(sorted),
    lod: buildLodData(sorted),
    compressed: buildCompressedScaleData(sorted),
  }) as { table: RegionTableData; sorted: SortedRegionsData; lod: LodIndexData; compressed: CompressedScaleData };
  const received = new RegionTable(message.table);
  return { table: received, sorted: sortedRegionsFromData(received, message.sorted), lod: message.lod, compressed: message.compressed };
}

const SORTED_ARRAYS = ['rows', 'positionOfRow', 'beginHi', 'beginLo', 'endHi', 'endLo', 'reachHi', 'reachLo', 'flags'] as const;

/** Addresses to probe a scale with: every region's edges, their neighbours, the ends of the 64-bit space, and `extra`. */
function probes(table: RegionTable, extra: readonly bigint[]): bigint[] {
  const out = [0n, 1n, U64_MAX, 0xffff_ffff_ff60_0000n, ...extra];
  for (let i = 0; i < table.length; i++) {
    for (const a of [table.begin(i), table.end(i)]) out.push(a, a > 0n ? a - 1n : a, a < U64_MAX ? a + 1n : a);
  }
  return out;
}

/** Where two scales answer differently: domain, every position's deltas, address ↔ unit both ways, segments. */
function scaleDifferences(got: AddressScale, want: AddressScale, addresses: readonly bigint[]): string[] {
  const out: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)) !== JSON.stringify(b, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))) out.push(what);
  };
  same('domain', got.domain, want.domain);
  same('fit', [got.fitStartU, got.fitEndU], [want.fitStartU, want.fitEndU]);
  const origins = [frameOrigin(0n), frameOrigin(want.domain.endU / 3n)];
  for (let k = 0; k < want.regions.count; k++) {
    for (const o of origins) {
      if (got.beginDelta(k, o) !== want.beginDelta(k, o) || got.endDelta(k, o) !== want.endDelta(k, o) || got.reachDelta(k, o) !== want.reachDelta(k, o)) {
        out.push(`deltas of position ${k}`);
      }
    }
  }
  for (const a of addresses) if (got.uOfAddr(a) !== want.uOfAddr(a)) out.push(`uOfAddr(0x${a.toString(16)})`);
  const end = want.domain.endU;
  for (const u of [0n, 1n, end / 2n, end - 1n, end, ...addresses.map((a) => want.uOfAddr(a))]) {
    if (got.addrOfU(u) !== want.addrOfU(u)) out.push(`addrOfU(${u})`);
    same(`segmentAt(${u})`, got.segmentAt(u), want.segmentAt(u));
  }
  return out;
}

/**
 * What the received scale must say on its own, whatever built it: a non-empty region's begin and
 * end are at the units of its begin and end addresses, and the reach is the running maximum of the
 * ends. (Empty regions at one address each get a sliver of their own, so an address there has
 * several places.)
 */
function positionErrors(scale: AddressScale, table: RegionTable): string[] {
  const out: string[] = [];
  const o = frameOrigin(0n);
  const r = scale.regions;
  let reach = -Infinity;
  for (let k = 0; k < r.count; k++) {
    const row = r.rows[k];
    const end = scale.endDelta(k, o);
    reach = Math.max(reach, end);
    if (table.end(row) > table.begin(row)) {
      if (scale.beginDelta(k, o) !== Number(scale.uOfAddr(table.begin(row)))) out.push(`begin of position ${k}`);
      if (end !== Number(scale.uOfAddr(table.end(row)))) out.push(`end of position ${k}`);
    }
    if (scale.reachDelta(k, o) !== reach) out.push(`reach of position ${k}`);
  }
  return out;
}

/** Range maximum (ties: lowest position) and range OR by a linear scan. */
function scan(sorted: SortedRegions, first: number, last: number): [number, number] {
  let largest = first;
  let flags = 0;
  for (let k = first; k < last; k++) {
    if (sizeApproxAt(sorted, k) > sizeApproxAt(sorted, largest)) largest = k;
    flags |= sorted.flags[k];
  }
  return [largest, flags];
}

function expectRoundTrip(table: RegionTable, extra: readonly bigint[], label: string): void {
  const sent = send(table);
  const local = sortedOf(table);
  for (const name of SORTED_ARRAYS) expect(Array.from(sent.sorted[name]), `${label} ${name}`).toEqual(Array.from(local[name]));
  expect(sent.sorted.count, label).toBe(table.length);
  const received = compressedScaleFromData(sent.sorted, sent.compressed);
  expect(scaleDifferences(received, createCompressedScale(local), probes(table, extra)), label).toEqual([]);
  expect(positionErrors(received, sent.table), label).toEqual([]);
  const lod = lodIndexFromData(sent.sorted, sent.lod);
  const n = table.length;
  const wrong: string[] = [];
  for (let first = 0; first < n; first += Math.max(1, n >> 4)) {
    for (const last of [first + 1, Math.min(n, first + 7), n]) {
      const [largest, flags] = scan(local, first, last);
      if (lod.largestIn(first, last) !== largest || lod.flagsIn(first, last) !== flags) wrong.push(`[${first}, ${last})`);
    }
  }
  expect(wrong, label).toEqual([]);
}

describe('layout data sent to the page', () => {
  it('answers like a build on the spot, for every real file', () => {
    for (const file of realMapsFiles()) expectRoundTrip(tableOfText(file.text), [], file.name);
  });

  it('answers like a build on the spot, for any table: unsorted, overlapping, empty regions (property)', () => {
    fc.assert(
      fc.property(fc.array(arbRegion, { minLength: 0, maxLength: 40 }), fc.array(arbAddress, { maxLength: 8 }), (specs, extra) => {
        expectRoundTrip(tableOf(specs), extra, `${specs.length} regions`);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps one copy of the arrays a sorted file shares with its table', () => {
    const table = tableOfText(generateMaps({ regions: 3000, seed: 5 }).text);
    const sent = send(table);
    const c = sent.table.columns;
    // A kernel-written file is in address order and has no overlaps: positions are rows.
    expect(sent.sorted.beginHi).toBe(c.beginHi);
    expect(sent.sorted.endLo).toBe(c.endLo);
    expect(sent.sorted.reachHi).toBe(c.endHi);
    expect(sent.sorted.positionOfRow).toBe(sent.sorted.rows);
    expect(sent.compressed.pieceBeginHi).toBe(c.beginHi);
    // Nor are the first units kept: each is the end unit before it, plus a gap's (startUnitsOf).
    expect(sent.compressed.beginU).toBeNull();
    expect(sent.compressed.pieceStartU).toBeNull();
  });

  it('refuses data that does not fit the regions', () => {
    const table = tableOfText(generateMaps({ regions: 50, seed: 2 }).text);
    const other = tableOfText(generateMaps({ regions: 49, seed: 2 }).text);
    const sorted = sortedOf(table);
    const data = sortedRegionsToData(sorted);
    const lod = buildLodData(sorted);
    const compressed = buildCompressedScaleData(sorted);
    const cases: [string, () => unknown][] = [
      ['sorted data of another table', () => sortedRegionsFromData(other, data)],
      ['a short column', () => sortedRegionsFromData(table, { ...data, flags: data.flags.subarray(1) })],
      ['trees of another count', () => lodIndexFromData(sortedOf(other), lod)],
      ['trees with too few leaves', () => lodIndexFromData(sorted, { ...lod, leaves: lod.leaves / 2 })],
      ['a short tree', () => lodIndexFromData(sorted, { ...lod, best: lod.best.subarray(1) })],
      ['scale of another table', () => compressedScaleFromData(sortedOf(other), compressed)],
      ['more pieces than regions', () => compressedScaleFromData(sorted, { ...compressed, pieceCount: 51 })],
      ['short unit columns', () => compressedScaleFromData(sorted, { ...compressed, endU: compressed.endU.subarray(1) })],
      ['first units of the regions but not of the pieces', () => compressedScaleFromData(sorted, { ...compressed, pieceStartU: compressed.pieceEndU })],
      ['an empty line', () => compressedScaleFromData(sorted, { ...compressed, totalU: 0 })],
    ];
    for (const [what, make] of cases) expect(make, what).toThrow(RangeError);
    expect(() => compressedScaleFromData(sorted, compressed)).not.toThrow();
    expect(() => lodIndexFromData(sorted, lod)).not.toThrow();
  });

  it('places [vsyscall] at the end of the compressed line after the trip', () => {
    const table = tableOfText(generateMaps({ regions: 2000, seed: 9 }).text);
    const sent = send(table);
    const scale = compressedScaleFromData(sent.sorted, sent.compressed);
    const vsyscall = RegionIndex.build(sent.table).findRow(0xffff_ffff_ff60_0000n);
    expect(sent.table.pathname(vsyscall)).toBe('[vsyscall]');
    expect(scale.uOfAddr(0xffff_ffff_ff60_1000n)).toBe(scale.domain.endU);
    expect(scale.segmentAt(scale.domain.endU - 1n)).toMatchObject({ mapped: true, beginAddr: 0xffff_ffff_ff60_0000n, endAddr: 0xffff_ffff_ff60_1000n });
  });
});
