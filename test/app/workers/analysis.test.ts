/**
 * The parse worker's analysis (app/workers/analysis.ts): packed as columns, after a trip through
 * structured clone as postMessage makes it, the answer comes back exact (bigints over 64 bits, null
 * smaps values) and in order, whether unpacked into objects or read in place (ModuleColumns, the
 * page's); a module's first position and segment count are those of its segments in the address
 * order, and smaps values reach the summary from the real records.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RegionIndex, groupModules, moduleName, parseMaps, shareColumns, summarizeSelection, type Addr, type RegionTable, type SummaryRow } from '../../../src/internal';
import { ModuleColumns, ROLE_CODES, analysisPostings, analyzeRuns, filePathIdsOf, analyzeTable, packAnswer, packAnswerRuns, packedBuffers, pathIdsOf, unpackAnswer, withRowsOnDemand, type AnswerObjects, type PackedAnswer, type PackedModule } from '../../../app/workers/analysis';
import { generateMaps } from '../../bench/generate-maps';

const U64 = (1n << 64n) - 1n;
const bigValue = fc.oneof(fc.bigInt({ min: 0n, max: U64 }), fc.constantFrom(0n, U64, U64 + 1n, 1n << 70n, -1n));
const smapsValue = fc.option(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { nil: null });

// A module's name is its pathname's (src/analyze/modules.ts): the page makes it, it is not sent.
const packedModule = fc.record({
  index: fc.nat(),
  pathname: fc.string(),
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
}).map((m): PackedModule => ({ ...m, name: moduleName(m.pathname) }));

const summaryRow = fc.record({ key: fc.string(), count: fc.nat(), sizeBytes: bigValue, rssBytes: smapsValue, pssBytes: smapsValue, swapBytes: smapsValue }) satisfies fc.Arbitrary<SummaryRow>;

/** The table's pathnames of an answer: the modules' and the rows' keys (distinct), here in reverse order of first use. */
const pathnamesOf = (all: AnswerObjects) => [...new Set([...all.modules.map((m) => m.pathname), ...all.byModule.map((r) => r.key)])].reverse();

/** What the page receives of a packed answer: a structured clone, its buffers transferred. */
function posted(packed: PackedAnswer): PackedAnswer {
  return structuredClone(packed, { transfer: packedBuffers(packed) });
}

function postedAndUnpacked(all: AnswerObjects): AnswerObjects {
  const pathnames = pathnamesOf(all);
  return unpackAnswer(posted(packAnswer(all, pathIdsOf(pathnames))), pathnames);
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
  it("sends a module's pathname as its id in the table's pathnames, and no name: the page's is its pathname's", () => {
    const table = parseMaps(generateMaps({ regions: 65_530, seed: 5 }).text).regions;
    const { modules, summary } = analyzeTable(table, RegionIndex.build(table).order);
    const packed = packAnswer({ modules, byModule: summary.byModule }, pathIdsOf(table.pathnames));
    expect(Object.keys(packed.modules).sort()).toEqual(['bytes', 'flags', 'ints', 'pathId']);
    const back = unpackAnswer(structuredClone(packed), table.pathnames);
    expect(back.modules).toEqual(modules);
    // The table's own strings, not copies.
    back.modules.forEach((m, i) => expect(m.pathname).toBe(table.pathnames[packed.modules.pathId[i]]));
    back.byModule.forEach((r, i) => expect(r.key).toBe(table.pathnames[packed.byModule.keyId[i]]));
  });

  it("refuses a module whose pathname is not in the table, whose name is not its pathname's, or a row whose file is not in the table", () => {
    const table = parseMaps(readFileSync(new URL('../../../public/samples/c-hello.maps', import.meta.url), 'utf8')).regions;
    const { modules, summary } = analyzeTable(table, RegionIndex.build(table).order);
    const pathIds = pathIdsOf(table.pathnames);
    expect(() => packAnswer({ modules: [{ ...modules[0], pathname: '/not/in/the/table' }], byModule: [] }, pathIds)).toThrow(/not the table's/);
    expect(() => packAnswer({ modules: [{ ...modules[0], name: 'other' }], byModule: [] }, pathIds)).toThrow(/not its pathname's/);
    expect(() => packAnswer({ modules: [], byModule: [{ ...summary.byModule[0], key: '/not/in/the/table' }] }, pathIds)).toThrow(/not the table's/);
  });
});

/** The answer packed from analyzeTable's objects by packAnswer. */
function packedFromObjects(table: RegionTable, order: Uint32Array): PackedAnswer {
  const { modules, summary } = analyzeTable(table, order);
  return packAnswer({ modules, byModule: summary.byModule }, pathIdsOf(table.pathnames));
}

function packedFromRuns(table: RegionTable, order: Uint32Array): PackedAnswer {
  const { runs, byModule, files } = analyzeRuns(table, order);
  return packAnswerRuns(table, order, runs, byModule, filePathIdsOf(files, runs));
}

describe('answer packed from the runs', () => {
  it('equals the answer packed from the module objects (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.nat(1000), (regions, seed) => {
        const table = parseMaps(generateMaps({ regions, seed }).text).regions;
        const order = RegionIndex.build(table).order;
        expect(packedFromRuns(table, order)).toEqual(packedFromObjects(table, order));
      }),
      { numRuns: 30 },
    );
  });

  it('equals it on the samples, on deleted files mapped twice beside a live one, and on a module whose sizes fill 64 bits', () => {
    const samples = ['c-hello.maps', 'c-hello.smaps', 'android-arm64-app.maps', 'i386-static.maps', 'node20-jit.maps', 'openjdk17-jit.maps', 'remarkable-arm32.maps'];
    const texts = samples.map((name) => readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url), 'utf8'));
    const deleted = [
      '7f0000000000-7f0000001000 r--p 00000000 08:01 12 /opt/a.so (deleted)',
      '7f0000001000-7f0000002000 r-xp 00001000 08:01 12 /opt/a.so (deleted)',
      '7f0000010000-7f0000011000 r--p 00000000 08:01 13 /usr/lib/b.so',
      '7f0000020000-7f0000021000 r--p 00000000 08:01 12 /opt/a.so (deleted)',
      '7f0000030000-7f0000031000 r-xp 00000000 08:01 14 /usr/bin/app (deleted)',
    ];
    texts.push(deleted.join('\n') + '\n');
    const deletedTable = parseMaps(texts.at(-1)!).regions;
    expect(analyzeTable(deletedTable, RegionIndex.build(deletedTable).order).modules.map((m) => m.deleted)).toEqual([true, false, true, true]);
    texts.push('0000000000000000-8000000000000000 r--p 00000000 08:01 12 /big/lib.so\n8000000000000000-ffffffffffffffff r-xp 80000000 08:01 12 /big/lib.so\n');
    for (const text of texts) {
      const table = parseMaps(text).regions;
      const order = RegionIndex.build(table).order;
      expect(packedFromRuns(table, order)).toEqual(packedFromObjects(table, order));
    }
    const big = parseMaps(texts.at(-1) ?? '').regions;
    const { modules } = analyzeTable(big, RegionIndex.build(big).order);
    expect(modules.map((m) => m.sizeBytes)).toEqual([(1n << 64n) - 1n]);
  });
});

/** The Modules panel's order of objects before the columns: largest first, then by address (then by index). */
const bySizeOfObjects = (modules: readonly PackedModule[]) =>
  modules
    .map((m, i) => ({ m, i }))
    .sort(({ m: a, i }, { m: b, i: j }) => (a.sizeBytes !== b.sizeBytes ? (a.sizeBytes > b.sizeBytes ? -1 : 1) : a.beginAddr !== b.beginAddr ? (a.beginAddr < b.beginAddr ? -1 : 1) : i - j))
    .map(({ i }) => i);

/** Every read of `columns` against the objects they hold. */
function expectSameModules(columns: ModuleColumns, modules: readonly PackedModule[]): void {
  expect(columns.count).toBe(modules.length);
  modules.forEach((m, i) => {
    expect(columns.at(i)).toStrictEqual(m);
    expect([columns.pathname(i), columns.name(i), columns.sizeBytes(i), columns.bssBytes(i)]).toStrictEqual([m.pathname, m.name, m.sizeBytes, m.bssBytes]);
    expect([columns.firstPosition(i), columns.segmentCount(i), columns.anonymousAfterRow(i)]).toStrictEqual([m.firstPosition, m.segmentCount, m.anonymousAfterRow]);
  });
  expect(Array.from(columns.bySize())).toEqual(bySizeOfObjects(modules));
}

describe('modules read in place (ModuleColumns)', () => {
  it('read the same as the unpacked objects, for random modules (values past 64 bits, equal sizes) (property)', () => {
    const sizes = fc.constantFrom(0n, 1n, 4096n, U64, U64 + 1n);
    const module = fc.tuple(packedModule, sizes, fc.constantFrom(0n, 1n)).map(([m, size, begin]) => ({ ...m, sizeBytes: size, beginAddr: begin as Addr }));
    fc.assert(
      fc.property(fc.array(fc.oneof(packedModule, module), { maxLength: 40 }), (modules) => {
        const all = { modules, byModule: [] };
        const pathnames = pathnamesOf(all);
        expectSameModules(new ModuleColumns(posted(packAnswer(all, pathIdsOf(pathnames))).modules, pathnames), modules);
      }),
    );
  });

  it("read the same as analyzeTable's objects for random tables, and the summary's rows by module too (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.nat(1000), (regions, seed) => {
        const table = parseMaps(generateMaps({ regions, seed }).text).regions;
        const order = RegionIndex.build(table).order;
        const objects = analyzeTable(table, order);
        const packed = posted(packedFromRuns(table, order));
        expectSameModules(new ModuleColumns(packed.modules, table.pathnames), objects.modules);
        const summary = withRowsOnDemand({ ...objects.summary, byModule: [] }, packed.byModule, table.pathnames);
        expect(summary).toEqual(objects.summary);
        expect(summary.byModule).toBe(summary.byModule);
      }),
      { numRuns: 30 },
    );
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

describe('analysisPostings over shared columns (a cross-origin-isolated app)', () => {
  it("shares each row's module instead of copying it: the messages clone as postMessage sends them, and equal those of the same table unshared", () => {
    const text = generateMaps({ regions: 3_000, seed: 11 }).text;
    const plain = parseMaps(text).regions;
    expect(shareColumns(true)).toBe(true);
    let shared: RegionTable;
    try {
      shared = parseMaps(text).regions;
    } finally {
      shareColumns(false);
    }
    expect(shared.sharedColumns()).toBe(true);
    const sent = (table: RegionTable) => [...analysisPostings(1, table, RegionIndex.build(table).order)].map(({ message, transfer }) => {
      // A SharedArrayBuffer in a transfer list throws (DataCloneError), as postMessage does.
      const cloned = structuredClone(message, { transfer });
      return cloned.type === 'analysis' ? { ...cloned, analysis: { ...cloned.analysis, elapsedMs: 0 } } : cloned;
    });
    const [fromShared, fromPlain] = [sent(shared), sent(plain)];
    const [analysis] = fromShared;
    expect(analysis.type === 'analysis' && analysis.analysis.moduleOfRow.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(fromShared.map((m) => m.type)).toEqual(['analysis', 'module-index']);
    expect(fromShared).toEqual(fromPlain);
  });
});
