/**
 * The analysis answer in parts (app/workers/analyze-protocol.ts): no part and no rest holds more
 * objects than asked, and joining the parts, after a trip through structured clone as postMessage
 * makes it, gives back every module and summary row in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RegionIndex, groupModules, parseMaps, summarizeRegions } from '../../../src/internal';
import { PART_OBJECTS, joinAnswer, splitAnswer, type AnswerObjects, type ModuleInfo } from '../../../app/workers/analyze-protocol';
import { generateMaps } from '../../bench/generate-maps';

/** Stand-ins: the split never looks inside an object. */
function objects(modules: number, rows: number): AnswerObjects {
  return {
    modules: Array.from({ length: modules }, (_, i) => ({ index: i }) as unknown as ModuleInfo),
    byModule: Array.from({ length: rows }, (_, i) => ({ key: `row ${i}`, count: i, sizeBytes: BigInt(i) << 40n, rssBytes: null, pssBytes: null, swapBytes: null })),
  };
}

function sizeOf(a: AnswerObjects): number {
  return a.modules.length + a.byModule.length;
}

describe('analysis answer in parts', () => {
  it('keeps every part and the rest within the limit, and joins back in order (property)', () => {
    fc.assert(
      fc.property(fc.nat(300), fc.nat(300), fc.integer({ min: 1, max: 64 }), (modules, rows, limit) => {
        const all = objects(modules, rows);
        const { parts, rest } = splitAnswer(all, limit);
        for (const part of parts) {
          expect(sizeOf(part)).toBeLessThanOrEqual(limit);
          expect(sizeOf(part)).toBeGreaterThan(0);
        }
        expect(sizeOf(rest)).toBeLessThanOrEqual(limit);
        expect(parts.length).toBe(Math.max(0, Math.ceil((modules + rows - limit) / limit)));
        expect(joinAnswer(structuredClone(parts), structuredClone(rest))).toEqual(all);
      }),
    );
  });

  it('sends a small answer whole', () => {
    const all = objects(10, 12);
    expect(splitAnswer(all)).toEqual({ parts: [], rest: all });
  });

  it('cuts the modules and summary rows of 65,530 generated regions into parts of PART_OBJECTS', () => {
    const table = parseMaps(generateMaps({ regions: 65_530, seed: 7 }).text).regions;
    const order = RegionIndex.build(table).order;
    const grouping = groupModules(table, order);
    const summary = summarizeRegions(table, order, grouping);
    const modules = grouping.modules.map(({ segments, ...m }) => ({ ...m, firstPosition: 0, segmentCount: segments.length }));
    const all = { modules, byModule: summary.byModule };
    expect(sizeOf(all)).toBeGreaterThan(PART_OBJECTS);
    const { parts, rest } = splitAnswer(all);
    expect(parts.length).toBeGreaterThan(0);
    for (const part of [...parts, rest]) expect(sizeOf(part)).toBeLessThanOrEqual(PART_OBJECTS);
    const joined = joinAnswer(structuredClone(parts), structuredClone(rest));
    expect(joined.modules.map((m) => [m.index, m.pathname, m.beginAddr, m.endAddr])).toEqual(modules.map((m) => [m.index, m.pathname, m.beginAddr, m.endAddr]));
    expect(joined.byModule).toEqual(summary.byModule);
  });
});
