/**
 * The parse worker's analysis (app/workers/analysis.ts): in parts, no part and no rest holds more
 * objects than asked, and joining the parts, after a trip through structured clone as postMessage
 * makes it, gives back every module and summary row in order; packed as columns, a part comes back
 * exact (bigints over 64 bits, null smaps values); a module's first position and
 * segment count are those of its segments in the address order, and smaps values reach the
 * summary from the real records.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RegionIndex, groupModules, parseMaps, summarizeRegions, summarizeSelection, type Addr, type RegionTable, type SummaryRow } from '../../../src/internal';
import { PART_OBJECTS, ROLE_CODES, analyzeRuns, analyzeTable, joinAnswer, packAnswer, packAnswerParts, packedBuffers, pathIdsOf, splitAnswer, unpackAnswer, type AnswerObjects, type PackedAnswer, type PackedModule } from '../../../app/workers/analysis';
import { generateMaps } from '../../bench/generate-maps';

/** Stand-ins: the split never looks inside an object. */
function objects(modules: number, rows: number): AnswerObjects {
  return {
    modules: Array.from({ length: modules }, (_, i) => ({ index: i }) as unknown as PackedModule),
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

  it('cuts the modules and summary rows of 131,072 generated regions into parts of PART_OBJECTS', () => {
    const table = parseMaps(generateMaps({ regions: 131_072, seed: 7 }).text).regions;
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

const U64 = (1n << 64n) - 1n;
const bigValue = fc.oneof(fc.bigInt({ min: 0n, max: U64 }), fc.constantFrom(0n, U64, U64 + 1n, 1n << 70n, -1n));
const smapsValue = fc.option(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { nil: null });

const packedModule = fc.record({
  index: fc.nat(),
  pathname: fc.string(),
  name: fc.string(),
  beginAddr: bigValue.map((v) => v as Addr),
  endAddr: bigValue.map((v) => v as Addr),
  sizeBytes: bigValue,
  fileBytes: bigValue,
  bssBytes: bigValue,
  anonymousAfterRow: fc.integer({ min: -1, max: 0x7fff_ffff }),
  executable: fc.boolean(),
  deleted: fc.boolean(),
  firstPosition: fc.nat(),
  segmentCount: fc.nat(),
}) satisfies fc.Arbitrary<PackedModule>;

const summaryRow = fc.record({ key: fc.string(), count: fc.nat(), sizeBytes: bigValue, rssBytes: smapsValue, pssBytes: smapsValue, swapBytes: smapsValue }) satisfies fc.Arbitrary<SummaryRow>;

/** What the page receives of a packed answer: a structured clone, its buffers transferred. */
function postedAndUnpacked(all: AnswerObjects): AnswerObjects {
  // The table's pathnames: the modules' (distinct), here in reverse order of first use.
  const pathnames = [...new Set(all.modules.map((m) => m.pathname))].reverse();
  const packed = packAnswer(all, pathIdsOf(pathnames));
  return unpackAnswer(structuredClone(packed, { transfer: packedBuffers(packed) }), pathnames);
}

describe('analysis answer as columns', () => {
  it('gives back every module and summary row, exactly and in order, after a trip through structured clone (property)', () => {
    fc.assert(
      fc.property(fc.array(packedModule, { maxLength: 40 }), fc.array(summaryRow, { maxLength: 40 }), (modules, byModule) => {
        expect(postedAndUnpacked({ modules, byModule })).toEqual({ modules, byModule });
      }),
    );
  });

  it('keeps sums over 2^64 bytes exact (a module of many copies of one large region)', () => {
    const huge = (1n << 64n) * 3n + 5n;
    const row: SummaryRow = { key: '/big', count: 4, sizeBytes: huge, rssBytes: null, pssBytes: 0, swapBytes: null };
    expect(postedAndUnpacked({ modules: [], byModule: [row] }).byModule[0].sizeBytes).toBe(huge);
  });

  it('gives back the modules and summary rows of 65,530 generated regions', () => {
    const table = parseMaps(generateMaps({ regions: 65_530, seed: 7 }).text).regions;
    const order = RegionIndex.build(table).order;
    const { modules, summary } = analyzeTable(table, order);
    expect(modules.length).toBeGreaterThan(1000);
    const back = postedAndUnpacked({ modules, byModule: summary.byModule });
    expect(back.modules).toEqual(modules);
    expect(back.byModule).toEqual(summary.byModule);
  });
});

describe('modules by pathname id', () => {
  it("sends a module's pathname as its id in the table's pathnames, and each distinct name once", () => {
    const table = parseMaps(generateMaps({ regions: 65_530, seed: 5 }).text).regions;
    const { modules, summary } = analyzeTable(table, RegionIndex.build(table).order);
    const packed = packAnswer({ modules, byModule: summary.byModule }, pathIdsOf(table.pathnames));
    const names = new Set(modules.map((m) => m.name));
    expect(packed.modules.names).toHaveLength(names.size);
    const back = unpackAnswer(structuredClone(packed), table.pathnames);
    expect(back.modules).toEqual(modules);
    // The table's own strings, not copies.
    back.modules.forEach((m, i) => expect(m.pathname).toBe(table.pathnames[packed.modules.pathId[i]]));
  });

  it('refuses a module whose pathname is not in the table', () => {
    const table = parseMaps(readFileSync(new URL('../../../public/samples/c-hello.maps', import.meta.url), 'utf8')).regions;
    const { modules } = analyzeTable(table, RegionIndex.build(table).order);
    expect(() => packAnswer({ modules: [{ ...modules[0], pathname: '/not/in/the/table' }], byModule: [] }, pathIdsOf(table.pathnames))).toThrow(/not the table's/);
  });
});

/** The answer as the worker used to pack it: analyzeTable's objects, cut by splitAnswer, each part packed by packAnswer. */
function packedFromObjects(table: RegionTable, order: Uint32Array, partObjects: number): { parts: PackedAnswer[]; rest: PackedAnswer } {
  const { modules, summary } = analyzeTable(table, order);
  const { parts, rest } = splitAnswer({ modules, byModule: summary.byModule }, partObjects);
  const pathIds = pathIdsOf(table.pathnames);
  return { parts: parts.map((part) => packAnswer(part, pathIds)), rest: packAnswer(rest, pathIds) };
}

function packedFromRuns(table: RegionTable, order: Uint32Array, partObjects: number): { parts: PackedAnswer[]; rest: PackedAnswer } {
  const { runs, summary } = analyzeRuns(table, order);
  return packAnswerParts(table, order, runs, summary.byModule, partObjects);
}

describe('answer packed from the runs', () => {
  it('equals the answer packed from the module objects, part by part (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.nat(1000), fc.integer({ min: 1, max: 2000 }), (regions, seed, partObjects) => {
        const table = parseMaps(generateMaps({ regions, seed }).text).regions;
        const order = RegionIndex.build(table).order;
        expect(packedFromRuns(table, order, partObjects)).toEqual(packedFromObjects(table, order, partObjects));
      }),
      { numRuns: 30 },
    );
  });

  it('equals it on the samples and on a module whose sizes fill 64 bits', () => {
    const samples = ['c-hello.maps', 'c-hello.smaps', 'android-arm64-app.maps', 'i386-static.maps', 'node20-jit.maps', 'openjdk17-jit.maps', 'remarkable-arm32.maps'];
    const texts = samples.map((name) => readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url), 'utf8'));
    texts.push('0000000000000000-8000000000000000 r--p 00000000 08:01 12 /big/lib.so\n8000000000000000-ffffffffffffffff r-xp 80000000 08:01 12 /big/lib.so\n');
    for (const text of texts) {
      const table = parseMaps(text).regions;
      const order = RegionIndex.build(table).order;
      for (const partObjects of [1, 7, PART_OBJECTS]) expect(packedFromRuns(table, order, partObjects)).toEqual(packedFromObjects(table, order, partObjects));
    }
    const big = parseMaps(texts.at(-1) ?? '').regions;
    const { modules } = analyzeTable(big, RegionIndex.build(big).order);
    expect(modules.map((m) => m.sizeBytes)).toEqual([(1n << 64n) - 1n]);
  });
});

describe('analyzeTable', () => {
  it('places each module at its segments in the address order (a file in reverse order)', () => {
    const lines = readFileSync(new URL('../../../public/samples/c-hello.maps', import.meta.url), 'utf8').trimEnd().split('\n');
    const table = parseMaps(lines.reverse().join('\n'), { format: 'maps' }).regions;
    const order = RegionIndex.build(table).order;
    const analysis = analyzeTable(table, order);
    const grouping = groupModules(table, order);
    expect(analysis.modules.length).toBe(grouping.modules.length);
    expect(analysis.modules.length).toBeGreaterThan(0);
    for (const m of analysis.modules) {
      const rows = Array.from(order.subarray(m.firstPosition, m.firstPosition + m.segmentCount));
      const segments = grouping.modules[m.index].segments;
      expect(rows).toEqual(segments.map((s) => s.row));
      for (const s of segments) {
        expect(analysis.moduleOfRow[s.row]).toBe(m.index);
        expect(ROLE_CODES[analysis.roleOfRow[s.row]]).toBe(s.role);
      }
    }
  });

  it('sends each module as the grouping made it, its segment list replaced by its first position and count', () => {
    const table = parseMaps(generateMaps({ regions: 20_000, seed: 5 }).text).regions;
    const order = RegionIndex.build(table).order;
    const analysis = analyzeTable(table, order);
    const grouping = groupModules(table, order);
    expect(analysis.modules.length).toBe(grouping.modules.length);
    analysis.modules.forEach((packed, i) => {
      const { segments, ...rest } = grouping.modules[i];
      expect(packed).toStrictEqual({ ...rest, firstPosition: order.indexOf(segments[0].row), segmentCount: segments.length });
    });
  });

  it("names each module's file, so the page sums a selection by module as from the grouping itself", () => {
    const table = parseMaps(generateMaps({ regions: 20_000, seed: 3 }).text).regions;
    const order = RegionIndex.build(table).order;
    const analysis = analyzeTable(table, order);
    const { files, fileOfModule } = analysis.files;
    expect(fileOfModule.length).toBe(analysis.modules.length);
    for (const m of analysis.modules) expect(files[fileOfModule[m.index]]).toBe(m.pathname);
    expect(new Set(files).size).toBe(files.length);
    // Every other row: the selection's summary with the worker's files and with files found again.
    const rows = order.filter((row) => row % 2 === 1);
    const withWorkerFiles = summarizeSelection(table, analysis, rows);
    const withFilesAgain = summarizeSelection(table, groupModules(table, order), rows);
    expect(withWorkerFiles.total).toEqual(withFilesAgain.total);
    expect(withWorkerFiles.byKind).toEqual(withFilesAgain.byKind);
    expect(withWorkerFiles.byPerms).toEqual(withFilesAgain.byPerms);
    expect(withWorkerFiles.byModule).toEqual(withFilesAgain.byModule);
    expect(withWorkerFiles.byModule.size).toBeGreaterThan(1);
  });

  it('sums the smaps records as parsed (Rss, Pss, Swap of a real smaps file)', () => {
    const text = readFileSync(new URL('../../../public/samples/c-hello.smaps', import.meta.url), 'utf8');
    const table = parseMaps(text).regions;
    const { summary } = analyzeTable(table, RegionIndex.build(table).order);
    // The file's own Rss lines, in kB, summed here from the text (proc(5): "Rss: <n> kB").
    const rssKb = [...text.matchAll(/^Rss:\s+(\d+) kB$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(rssKb).toBeGreaterThan(0);
    expect(summary.hasSmaps).toBe(true);
    expect(summary.total.rssBytes).toBe(rssKb * 1024);
  });
});
