/**
 * ModuleIndex as plain arrays: what the analysis worker builds (`fromGrouping` + `toData`) and
 * the page adopts (`fromData`) after a structured clone must answer exactly like a build on the
 * spot — every name, label and row — on real files, the hostile corpus, a large generated file
 * (hash buckets shared by many names) and random tables.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupModules, moduleName } from '../../src/analyze/modules';
import type { RegionTable } from '../../src/model/region-table';
import { parseMaps } from '../../src/parse/index';
import { ModuleIndex, type ModuleRef, type ModuleResolution } from '../../src/query/module-index';
import { RegionIndex } from '../../src/query/region-index';
import { generateMaps } from '../bench/generate-maps';
import { hostileMapsText } from '../fixtures/hostile/names';
import { CORPUS_DIR, REPO_ROOT, listCorpus, readCorpus } from '../helpers/fixtures';
import { arbMessySpecs, arbOrderedSpecs, tableOf } from './table-fixtures';

/** A module as text that tells every field apart (bigints included). */
function describeModule(m: ModuleRef | undefined): string {
  return m === undefined ? '-' : `${m.label}|${m.pathname}|${m.baseAddr}|${m.endAddr}|${m.regionCount}`;
}

function describeResolution(r: ModuleResolution): string {
  return r.ok ? `ok ${describeModule(r.module)}` : `${r.reason} ${r.candidates.map(describeModule).join(', ')}`;
}

/** The names a user could type for the modules of a build: pathnames, file names, labels, `#n`, prefixes, other directories, blanks. */
function namesToTry(modules: readonly ModuleRef[]): string[] {
  const names = new Set<string>(['', ' ', '#1', 'nosuch.so', '/nosuch/libc.so.6']);
  for (const m of modules) {
    const file = moduleName(m.pathname);
    for (const name of [m.pathname, file, m.label, `${m.label}#1`, `${m.label}#2`, `${file}#3`, file.replace(' (deleted)', ''), file.slice(0, 3), `/lib/${file}`, file.toUpperCase()]) names.add(name);
  }
  return [...names];
}

/** The adopted copy answers like `built` for every row and every name. */
function expectSameAnswers(table: RegionTable, built: ModuleIndex, adopted: ModuleIndex): void {
  expect(adopted.modules.map(describeModule)).toEqual(built.modules.map(describeModule));
  for (let row = 0; row < table.length; row++) expect(describeModule(adopted.moduleOfRow(row))).toBe(describeModule(built.moduleOfRow(row)));
  for (const name of namesToTry(built.modules)) {
    expect(describeResolution(adopted.resolve(name)), name).toBe(describeResolution(built.resolve(name)));
    expect(describeModule(adopted.find(name)), name).toBe(describeModule(built.find(name)));
  }
}

/** Builds as the analysis worker does, and adopts as the page does (through a structured clone, as postMessage copies). */
function workerRoundTrip(table: RegionTable): { built: ModuleIndex; adopted: ModuleIndex } {
  const order = RegionIndex.build(table).order;
  const built = ModuleIndex.build(table, order);
  const data = ModuleIndex.fromGrouping(table, order, groupModules(table, order)).toData();
  return { built, adopted: ModuleIndex.fromData(table, structuredClone(data)) };
}

const realFiles: [string, string][] = [
  ['/proc/self/maps', readFileSync('/proc/self/maps', 'utf8')],
  ...listCorpus('maps').map((name): [string, string] => [join(CORPUS_DIR, name), readCorpus(name)]),
  ...listCorpus('smaps').map((name): [string, string] => [join(CORPUS_DIR, name), readCorpus(name)]),
  ...readdirSync(join(REPO_ROOT, 'public/samples'))
    .filter((name) => /\.(maps|smaps|txt)$/.test(name))
    .map((name): [string, string] => [`public/samples/${name}`, readFileSync(join(REPO_ROOT, 'public/samples', name), 'utf8')]),
];

describe('ModuleIndex toData / fromData', () => {
  it.each(realFiles)('answers like a build on the spot: %s', (_name, text) => {
    const table = parseMaps(text).regions;
    const { built, adopted } = workerRoundTrip(table);
    expectSameAnswers(table, built, adopted);
  });

  it('answers like a build on the spot: hostile names', () => {
    const table = parseMaps(hostileMapsText()).regions;
    expect(table.length).toBeGreaterThan(10);
    const { built, adopted } = workerRoundTrip(table);
    expectSameAnswers(table, built, adopted);
  });

  it('answers like a build on the spot: 20,000 generated regions (shared hash buckets)', () => {
    const table = parseMaps(generateMaps({ regions: 20_000, seed: 11 }).text).regions;
    const { built, adopted } = workerRoundTrip(table);
    expect(built.modules.length).toBeGreaterThan(1000);
    expectSameAnswers(table, built, adopted);
  });

  it('property: random tables (overlapping, unsorted, files mapped twice)', () => {
    fc.assert(
      fc.property(fc.oneof(arbMessySpecs, arbOrderedSpecs), (specs) => {
        const table = tableOf(specs);
        const { built, adopted } = workerRoundTrip(table);
        expectSameAnswers(table, built, adopted);
        for (const m of adopted.modules) expect(adopted.find(m.label)).toBe(m);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves the grouping it was made from as it was', () => {
    const table = parseMaps(readFileSync(join(REPO_ROOT, 'public/samples/c-hello.maps'), 'utf8')).regions;
    const order = RegionIndex.build(table).order;
    const grouping = groupModules(table, order);
    const before = Int32Array.from(grouping.moduleOfRow);
    const bases = ModuleIndex.fromGrouping(table, order, grouping);
    expect(grouping.moduleOfRow).toEqual(before);
    // [heap] and [vdso] have modules of their own in the bases, none in the grouping.
    const heap = table.pathnames.indexOf('[heap]');
    const heapRow = Array.from({ length: table.length }, (_, row) => row).find((row) => table.columns.pathId[row] === heap)!;
    expect(grouping.moduleOfRow[heapRow]).toBe(-1);
    expect(bases.moduleOfRow(heapRow)?.pathname).toBe('[heap]');
  });

  it('refuses the data of another table', () => {
    const a = parseMaps(readFileSync(join(REPO_ROOT, 'public/samples/c-hello.maps'), 'utf8')).regions;
    const b = parseMaps(readCorpus('rsprocmaps-golden.maps')).regions;
    const data = ModuleIndex.build(a).toData();
    expect(() => ModuleIndex.fromData(b, data)).toThrow(/another table/);
  });
});
