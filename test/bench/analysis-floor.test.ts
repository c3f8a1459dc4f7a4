/**
 * The analysis floor (analysis-floor.ts) must be a lower bound of the app's analysis, not another
 * analysis: it sums what the summary sums, and puts in a module only rows the grouping does.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { REGION_KINDS, RegionIndex, groupModuleRuns, parseMaps, summarizeRegions } from '../../src/internal';
import { analysisFloor } from './analysis-floor';
import { generateMaps } from './generate-maps';

const sum = (hi: number, lo: number) => BigInt(hi) * 0x1_0000_0000n + BigInt(lo);

describe('analysisFloor', () => {
  it('sums each kind as the summary does, and groups a subset of the grouping’s rows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 1_000_000 }), (regions, seed) => {
        const table = parseMaps(generateMaps({ regions, seed }).text).regions;
        const order = RegionIndex.build(table).order;
        const floor = analysisFloor(table, order);
        const summary = summarizeRegions(table, order);
        const byKind = new Map(summary.byKind.map((r) => [r.key, r]));
        REGION_KINDS.forEach((kind, k) => {
          const row = byKind.get(kind);
          expect(floor.byKind[3 * k]).toBe(row?.count ?? 0);
          expect(sum(floor.byKind[3 * k + 1], floor.byKind[3 * k + 2])).toBe(row?.sizeBytes ?? 0n);
        });
        const runs = groupModuleRuns(table, order);
        for (let row = 0; row < table.length; row++) if (floor.moduleOfRow[row] >= 0) expect(runs.moduleOfRow[row]).toBeGreaterThanOrEqual(0);
        expect(floor.modules).toBeGreaterThanOrEqual(runs.firstRow.length);
      }),
      { numRuns: 25 },
    );
  });
});
