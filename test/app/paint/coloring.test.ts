/**
 * Module colouring (app/paint/coloring.ts) follows the analysis worker's grouping
 * (src/analyze/modules.ts), as the Modules panel does: a library's .bss and the holes between its
 * segments take its colour, the legend's counts are the modules' region counts, and before the
 * grouping comes no region gets a module colour. On real files and generated ones.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RegionIndex, groupModules, parseMaps, type RegionTable } from '../../../src/internal';
import { buildColoring, classOfRow, moduleDisplayName, permClassOf, type ModuleColoringInput } from '../../../app/paint/coloring';
import { measureColumns } from '../../../app/workers/view-data';
import { DARK, KIND_CLASS_OF, LIGHT } from '../../../app/paint/palette';
import { ModuleColumns, packAnswer, pathIdsOf, type PackedModule } from '../../../app/workers/analysis';
import { generateMaps } from '../../bench/generate-maps';
import { CORPUS_DIR, REPO_ROOT, listCorpus, readCorpus } from '../../helpers/fixtures';

/** The grouping as the page reads it (app/workers/analysis.ts: modules without segment lists, in columns), and its modules as objects (`list`). */
function grouping(table: RegionTable): ModuleColoringInput & { list: PackedModule[]; segmentsOf: number[][] } {
  const order = RegionIndex.build(table).order;
  const g = groupModules(table, order);
  const positionOfRow = new Uint32Array(table.length);
  order.forEach((row, k) => (positionOfRow[row] = k));
  const modules: PackedModule[] = g.modules.map(({ segments, ...m }) => ({ ...m, firstPosition: positionOfRow[segments[0].row], segmentCount: segments.length }));
  const columns = new ModuleColumns(packAnswer({ modules, byModule: [] }, pathIdsOf(table.pathnames)).modules, table.pathnames);
  return { moduleOfRow: g.moduleOfRow, modules: columns, list: modules, segmentsOf: g.modules.map((m) => m.segments.map((s) => s.row)) };
}

const sample = (name: string) => parseMaps(readFileSync(join(REPO_ROOT, 'public/samples', name), 'utf8')).regions;

const files: [string, RegionTable][] = [
  ['/proc/self/maps', parseMaps(readFileSync('/proc/self/maps', 'utf8')).regions],
  ['c-hello.maps', sample('c-hello.maps')],
  ['android-arm64-app.maps', sample('android-arm64-app.maps')],
  ...listCorpus('.maps').map((name): [string, RegionTable] => [join(CORPUS_DIR, name), parseMaps(readCorpus(name)).regions]),
  ['generated 20,000', parseMaps(generateMaps({ regions: 20_000, seed: 3 }).text).regions],
];

describe('module colouring', () => {
  it.each(files)('every module is one colour, every other region a no-module colour: %s', (_name, table) => {
    const input = grouping(table);
    for (const theme of [LIGHT, DARK]) {
      const coloring = buildColoring(table, 'module', theme, input, measureColumns(table));
      expect(coloring.fills.slice(2)).toEqual(theme.module);
      // A module's colour is its name's: the first module of that name, in address order.
      const firstOfName = new Map<string, number>();
      for (const m of input.list) if (!firstOfName.has(m.name)) firstOfName.set(m.name, m.index);
      input.segmentsOf.forEach((rows, i) => {
        const colour = 2 + (firstOfName.get(input.list[i].name)! % theme.module.length);
        for (const row of rows) expect(classOfRow(coloring, row), `module ${i} row ${row}`).toBe(colour);
      });
      for (let row = 0; row < table.length; row++) if (input.moduleOfRow[row] < 0) expect(classOfRow(coloring, row)).toBeLessThan(2);
      // The legend: the largest names (their modules' sizes summed), each once, with their region counts and colours.
      const byName = [...firstOfName.keys()].map((name) => {
        const of = input.list.filter((m) => m.name === name);
        return { name, first: firstOfName.get(name)!, size: of.reduce((s, m) => s + m.sizeBytes, 0n), count: of.reduce((s, m) => s + input.segmentsOf[m.index].length, 0) };
      });
      byName.sort((a, b) => (a.size > b.size ? -1 : a.size < b.size ? 1 : a.first - b.first));
      const expected = byName.slice(0, 8);
      const entries = coloring.legend.slice(0, expected.length);
      expect(entries.map((e) => e.label)).toEqual(expected.map((g) => moduleDisplayName(input.list[g.first].pathname)));
      expect(new Set(entries.map((e) => e.label)).size).toBe(entries.length);
      expect(entries.map((e) => e.count)).toEqual(expected.map((g) => g.count));
      expect(entries.map((e) => e.color)).toEqual(expected.map((g) => theme.module[g.first % theme.module.length]));
      expect(coloring.moreModules).toBe(Math.max(0, byName.length - 8));
    }
  });

  it("c-hello.maps: libc.so.6's regions are libc's colour; the anonymous rw-p after its data (may hold more than its .bss) and [heap] are none", () => {
    const table = sample('c-hello.maps');
    const rows = Array.from({ length: table.length }, (_, row) => row);
    const libc = rows.filter((row) => table.pathname(row)?.endsWith('/libc.so.6'));
    const last = libc[libc.length - 1];
    const bss = rows.find((row) => table.begin(row) === table.end(last))!;
    expect(table.pathname(bss)).toBeNull();
    const coloring = buildColoring(table, 'module', LIGHT, grouping(table), measureColumns(table));
    expect(new Set(libc.map((row) => classOfRow(coloring, row))).size).toBe(1);
    expect(classOfRow(coloring, bss)).not.toBe(classOfRow(coloring, libc[0]));
    const heap = rows.find((row) => table.pathname(row) === '[heap]')!;
    expect(coloring.fills[classOfRow(coloring, heap)]).toBe(LIGHT.moduleNone[1]);
    const entry = coloring.legend.find((e) => e.label === 'libc.so.6')!;
    expect(entry.count).toBe(libc.length);
    expect(entry.color).toBe(coloring.fills[classOfRow(coloring, libc[0])]);
  });

  it('before the grouping comes: no module colours, and the legend says it is grouping', () => {
    const table = sample('c-hello.maps');
    const coloring = buildColoring(table, 'module', LIGHT, null, measureColumns(table));
    for (let row = 0; row < table.length; row++) expect(classOfRow(coloring, row)).toBeLessThan(2);
    expect(coloring.legend.map((e) => e.label)).toEqual(['grouping modules…']);
  });

});

describe('kind and permission colouring', () => {
  it.each(files)('colours each row by its kind or permissions, the legend counting the rows of each class: %s', (_name, table) => {
    const counts = measureColumns(table);
    for (const mode of ['kind', 'perms'] as const) {
      const coloring = buildColoring(table, mode, LIGHT, null, counts);
      const perClass = new Map<string, number>();
      for (let row = 0; row < table.length; row++) {
        const expected = mode === 'kind' ? KIND_CLASS_OF[table.kind(row)] : permClassOf(table.columns.perms[row]);
        expect(classOfRow(coloring, row), `row ${row}`).toBe(expected);
        const fill = coloring.fills[expected];
        perClass.set(fill, (perClass.get(fill) ?? 0) + 1);
      }
      expect(new Map(coloring.legend.map((e) => [e.color, e.count]))).toEqual(perClass);
    }
  });
});
