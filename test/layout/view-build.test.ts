/**
 * The view's builds (buildLodData, buildCompressedScaleData, findLandmarks, measureColumns) equal, array for array, what they built before their rework for 4,194,304
 * regions (view-build-reference.ts, kept verbatim): on messy tables (gaps, overlaps, unsorted rows,
 * duplicates, empty regions, 64-bit high addresses and [vsyscall] at 0xffffffffff600000, smaps Rss
 * on some rows, every kind), on kernel-shaped ones, on real files and on a generated file.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { U64_MAX, hiOf, loOf } from '../../src/address';
import { frameOrigin } from '../../src/layout/address-scale';
import { buildCompressedScaleData, compressedScaleFromData } from '../../src/layout/compressed-scale';
import { findLandmarks } from '../../src/layout/landmarks';
import { buildLodData } from '../../src/layout/level-of-detail';
import { beginAt, endAt, sortRegions } from '../../src/layout/sorted-regions';
import { REGION_KINDS } from '../../src/model/kind';
import { RegionTable, type SmapsRecord } from '../../src/model/region-table';
import { RegionIndex } from '../../src/query/region-index';
import { measureColumns } from '../../app/workers/view-data';
import { generateMaps } from '../bench/generate-maps';
import { arbMessySpecs, arbOrderedSpecs, arbAddress, tableOf, type RegionSpec } from '../query/table-fixtures';
import { realMapsFiles, tableOfText } from './layout-fixtures';
import { buildCompressedScaleDataBefore, buildLodDataBefore, findLandmarksBefore, measureColumnsBefore } from './view-build-reference';

/** Every build of `table`, new and before, over the same address-ordered regions. */
function expectSameBuilds(table: RegionTable): void {
  const before = sortRegions(table, RegionIndex.build(table).order);
  // The trees are the same above the leaves, which are no longer stored (LodIndexData).
  const lod = buildLodDataBefore(before);
  expect(buildLodData(before)).toEqual({ ...lod, best: lod.best.slice(0, lod.leaves), flags: lod.flags.slice(0, lod.leaves) });
  const compressed = buildCompressedScaleData(before);
  const reference = buildCompressedScaleDataBefore(before);
  if (compressed.beginU === null) {
    // Regions that do not overlap keep no first units: the scale finds each from the end units.
    const scale = compressedScaleFromData(before, compressed);
    const origin = frameOrigin(0n);
    expect(Float64Array.from({ length: before.count }, (_, k) => scale.beginDelta(k, origin))).toEqual(reference.beginU);
    expect(compressed.pieceStartU).toBeNull();
    expect({ ...compressed, pieceStartU: reference.pieceStartU, beginU: reference.beginU }).toEqual(reference);
    // And the exact maths over the pieces: every region's edges, their neighbours, and the units there.
    const kept = compressedScaleFromData(before, reference);
    for (let k = 0; k < before.count; k++) {
      for (const addr of [beginAt(before, k), endAt(before, k)].flatMap((a) => [a - 1n, a, a + 1n])) {
        if (addr < 0n || addr > U64_MAX) continue;
        const u = kept.uOfAddr(addr);
        expect(scale.uOfAddr(addr)).toBe(u);
        for (const v of [u - 1n, u, u + 1n]) {
          expect(scale.addrOfU(v)).toBe(kept.addrOfU(v));
          expect(scale.segmentAt(v)).toEqual(kept.segmentAt(v));
        }
      }
    }
  } else expect(compressed).toEqual(reference);
  expect(findLandmarks(before)).toEqual(findLandmarksBefore(before));
  expect(measureColumns(table)).toEqual(measureColumnsBefore(table));
}

/** Per row: a kind code (any of REGION_KINDS, thread stacks too, which only the parser's passes give), an inode, and an smaps Rss or none. */
/** What tableWith sets on a row. */
interface RowExtras {
  kind: number | undefined;
  inode: bigint;
  rss: number | undefined;
}

const arbRowExtras: fc.Arbitrary<RowExtras> = fc.record({ kind: fc.option(fc.integer({ min: 0, max: REGION_KINDS.length - 1 }), { nil: undefined }), inode: arbAddress, rss: fc.option(fc.nat({ max: 1 << 30 }), { nil: undefined }) });

/** `specs` as a table with `extras` applied row by row (cycled); with smaps records when any extra has an Rss. */
function tableWith(specs: readonly RegionSpec[], extras: readonly RowExtras[]): RegionTable {
  const table = tableOf(specs);
  if (extras.length === 0) return table;
  const c = table.columns;
  const smaps: (SmapsRecord | null)[] = [];
  for (let row = 0; row < table.length; row++) {
    const extra = extras[row % extras.length];
    if (extra.kind !== undefined) c.kind[row] = extra.kind;
    c.inodeHi[row] = hiOf(extra.inode);
    c.inodeLo[row] = loOf(extra.inode);
    smaps.push(extra.rss === undefined ? null : { fields: { Rss: extra.rss }, vmFlags: null });
  }
  return new RegionTable({ ...table.toData(), smaps: extras.some((e) => e.rss !== undefined) ? smaps : null });
}

describe('the view builds equal the builds before their rework', () => {
  it('on messy tables: unsorted, overlapping, duplicated, empty and 64-bit high regions, any kind, Rss on some rows', () => {
    fc.assert(
      fc.property(arbMessySpecs, fc.array(arbRowExtras, { maxLength: 8 }), fc.boolean(), (specs, extras, twice) => {
        expectSameBuilds(tableWith(twice ? [...specs, ...specs] : specs, extras));
      }),
      { numRuns: 400 },
    );
  });

  it('on tables shaped like the kernel writes them, up to [vsyscall] at 0xffffffffff600000', () => {
    const vsyscall: RegionSpec = { begin: 0xffff_ffff_ff60_0000n, end: 0xffff_ffff_ff60_1000n, perms: 4, pathname: '[vsyscall]' };
    fc.assert(
      fc.property(arbOrderedSpecs, fc.array(arbRowExtras, { maxLength: 8 }), (specs, extras) => {
        const below = specs.filter((s) => s.end <= vsyscall.begin);
        expectSameBuilds(tableWith([...below, vsyscall], extras));
      }),
      { numRuns: 400 },
    );
  });

  it('on real files, and on a generated file of 10,000 regions and its rows reversed', () => {
    for (const { text } of realMapsFiles()) expectSameBuilds(tableOfText(text));
    const lines = generateMaps({ regions: 10_000, seed: 21 }).text.trimEnd().split('\n');
    expectSameBuilds(tableOfText(lines.join('\n')));
    expectSameBuilds(tableOfText(lines.reverse().join('\n')));
  });
});
