/**
 * The analysis from the grouping's typed arrays (groupModuleRuns) against the analysis as it was
 * before (analysis-reference.ts, verbatim): the same modules, module index, summary, findings and
 * per-row arrays, exactly — on the corpus, on generated maps read from their bytes (the app's
 * path: names sliced from one decode) and on random maps that exercise every rule of the grouping
 * (holes, .bss, second mappings, deleted files, one name under two inodes, disorder).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInputBytes } from '../../../src/input/parse-bytes';
import { RegionIndex, groupModules, lintRegions, parseMaps, type RegionTable } from '../../../src/internal';
import { analyzeTable, type AnalysisObjects } from '../../../app/workers/analysis';
import { generateMaps } from '../../bench/generate-maps';
import { listCorpus, readCorpus } from '../../helpers/fixtures';
import { analyzeTableReference, groupModulesReference, lintRegionsReference } from './analysis-reference';

const withoutTime = ({ elapsedMs, ...rest }: AnalysisObjects) => (void elapsedMs, rest);

/** Every answer of the reworked functions equals the reference's on `table`. */
function expectSameAnalysis(table: RegionTable): void {
  const order = RegionIndex.build(table).order;
  const { runs, ...grouping } = groupModules(table, order);
  expect(runs.moduleOfRow).toBe(grouping.moduleOfRow);
  expect(grouping).toEqual(groupModulesReference(table, order));
  expect(lintRegions(table, order)).toEqual(lintRegionsReference(table, order));
  expect(withoutTime(analyzeTable(table, order))).toEqual(withoutTime(analyzeTableReference(table, order)));
}

describe('analysis from typed arrays = the analysis before (analysis-reference.ts)', () => {
  it('the corpus (maps and smaps)', () => {
    const names = [...listCorpus('.maps'), ...listCorpus('.smaps')];
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expectSameAnalysis(parseMaps(readCorpus(name), { fileName: name }).regions);
  });

  it('generated maps read from their bytes, as the app reads them', () => {
    for (const [regions, seed] of [[3_000, 1], [20_000, 2], [65_530, 3]]) {
      const bytes = new TextEncoder().encode(generateMaps({ regions, seed }).text);
      const parsed = parseInputBytes(bytes);
      expect(parsed).toBeDefined();
      expectSameAnalysis(parsed!.result.regions);
    }
  });

  it('a module per region: more modules than the grouping first makes room for (a quarter of the rows), so its arrays grow', () => {
    const lines = Array.from({ length: 3_000 }, (_, i) => {
      const begin = 0x7f00_0000_0000 + i * 0x2000;
      return `${begin.toString(16)}-${(begin + 0x1000).toString(16)} ${i % 3 === 0 ? 'r-xp' : 'r--p'} 00000000 08:01 ${100 + i} /usr/lib/lib${i}.so`;
    });
    const table = parseMaps(lines.join('\n') + '\n').regions;
    expect(groupModules(table, RegionIndex.build(table).order).modules).toHaveLength(3_000);
    expectSameAnalysis(table);
  });

  it('property: random maps with holes, .bss, second mappings, deleted files and disorder', () => {
    const PAGE = 0x1000;
    const region = fc.record({
      gapPages: fc.constantFrom(0, 0, 0, 1, 3),
      pages: fc.integer({ min: 1, max: 4 }),
      perms: fc.constantFrom('r--p', 'r-xp', 'rw-p', '---p', 'rwxp', 'rw-s', 'r-xs'),
      name: fc.constantFrom('', '', '', '/usr/lib/libc.so.6', '/usr/lib/libc.so.6', '/usr/lib/libc.so.6', '/usr/lib/libc.so.6', '/opt/a.so (deleted)', '/usr/bin/app (deleted)', '/tmp/x (deleted)', '[anon:.bss]', '[heap]', '/memfd:jit (deleted)', '/dev/shm/q', '/lib/libm.so.6'),
      offsetPages: fc.constantFrom(0, 1, 2, 3, 5),
      inode: fc.constantFrom(0, 17, 17, 17, 42),
    });
    fc.assert(
      fc.property(fc.array(region, { minLength: 1, maxLength: 60 }), fc.boolean(), (regions, shuffle) => {
        let at = 0x7f00_0000_0000;
        const lines = regions.map((r) => {
          at += r.gapPages * PAGE;
          const begin = at;
          at += r.pages * PAGE;
          const inode = r.name.startsWith('/') ? r.inode : 0;
          return `${begin.toString(16)}-${at.toString(16)} ${r.perms} ${(r.offsetPages * PAGE).toString(16).padStart(8, '0')} 08:01 ${inode}${r.name === '' ? '' : ` ${r.name}`}`;
        });
        if (shuffle && lines.length > 2) lines.push(lines.splice(1, 1)[0]);
        expectSameAnalysis(parseMaps(lines.join('\n') + '\n').regions);
      }),
      { numRuns: 500 },
    );
  });
});
