import fc from 'fast-check';
import { readFileSync, readlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frameOrigin } from '../../src/layout/address-scale';
import { createCompressedScale } from '../../src/layout/compressed-scale';
import { findLandmarks, forLandmarkItems, forLandmarkRuns, isLibraryPathname, type Landmark } from '../../src/layout/landmarks';
import { buildLodIndex, createFrameItems, layoutFrame, visibleEndPx } from '../../src/layout/level-of-detail';
import { createLinearScale } from '../../src/layout/linear-scale';
import { zoomAt, type Viewport } from '../../src/layout/viewport';
import { fitViewport } from '../../src/layout/fit-viewport';
import type { SortedRegions } from '../../src/layout/sorted-regions';
import { generateMaps } from '../bench/generate-maps';
import { sortedOf, tableOfText } from './layout-fixtures';

const ROOT = resolve(import.meta.dirname, '../..');
const sample = (name: string) => readFileSync(resolve(ROOT, 'public/samples', name), 'utf8');

/** The landmark of `kind` (and, for files, whose base name is `base`). */
function find(landmarks: Landmark[], kind: Landmark['kind'], base?: string): Landmark | undefined {
  return landmarks.find((l) => l.kind === kind && (base === undefined || l.pathname?.endsWith('/' + base)));
}

/** Every position of `sorted` whose region satisfies `test`, by a plain scan. */
function positionsWhere(sorted: SortedRegions, test: (row: number) => boolean): number[] {
  const out: number[] = [];
  for (let k = 0; k < sorted.count; k++) if (test(sorted.rows[k])) out.push(k);
  return out;
}

describe('findLandmarks', () => {
  it('finds the C example’s binary, heap, libc, stack, vDSO and its thread stack, each with every one of its regions', () => {
    const sorted = sortedOf(tableOfText(sample('c-hello.maps')));
    const table = sorted.table;
    const landmarks = findLandmarks(sorted);
    const binary = find(landmarks, 'binary');
    expect(binary?.pathname).toBe('/tmp/demo/hello');
    expect([...binary!.positions]).toEqual(positionsWhere(sorted, (r) => table.pathname(r) === '/tmp/demo/hello'));
    for (const [kind, name] of [['heap', '[heap]'], ['stack', '[stack]'], ['vdso', '[vdso]'], ['vsyscall', '[vsyscall]']] as const) {
      expect([...find(landmarks, kind)!.positions], kind).toEqual(positionsWhere(sorted, (r) => table.pathname(r) === name));
    }
    // [vvar] and [vvar_vclock] (Linux 6.13+) are one landmark.
    expect(find(landmarks, 'vvar')?.positions.length).toBe(2);
    expect([...find(landmarks, 'thread-stacks')!.positions]).toEqual(positionsWhere(sorted, (r) => table.kind(r) === 'thread-stack'));
    expect(find(landmarks, 'thread-stacks')!.positions.length).toBeGreaterThan(0);
    for (const lib of ['libc.so.6', 'libm.so.6', 'ld-linux-x86-64.so.2']) expect(find(landmarks, 'library', lib), lib).toBeDefined();
    // Data files are not libraries, and nothing is a landmark twice.
    expect(landmarks.some((l) => l.pathname === '/etc/services')).toBe(false);
    const all = landmarks.flatMap((l) => [...l.positions]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('ranks libraries by resident memory when the file has smaps', () => {
    const sorted = sortedOf(tableOfText(sample('c-hello.smaps')));
    const table = sorted.table;
    expect(table.smaps).not.toBeNull();
    const rss = new Map<string, number>();
    for (let r = 0; r < table.length; r++) {
      const path = table.pathname(r);
      if (path !== null && /\.so(\.\d+)*$/.test(path) && table.kind(r) === 'file') rss.set(path, (rss.get(path) ?? 0) + (table.smaps![r]?.fields.Rss ?? 0));
    }
    const expected = [...rss].sort((a, b) => b[1] - a[1]).map(([path]) => path);
    const libraries = findLandmarks(sorted).filter((l) => l.kind === 'library');
    expect(libraries.map((l) => l.pathname).sort()).toEqual(expected.sort());
    // In priority order the two largest come first.
    const byRss = [...rss].sort((a, b) => b[1] - a[1]);
    expect(libraries[0].pathname).toBe(byRss[0][0]);
    expect(libraries[0].weight).toBe(byRss[0][1]);
  });

  it('finds the Android app’s binary though it has no [heap] and its ART images sit lower', () => {
    const landmarks = findLandmarks(sortedOf(tableOfText(sample('android-arm64-app.maps'))));
    expect(find(landmarks, 'binary')?.pathname).toBe('/system/bin/app_process64');
    expect(find(landmarks, 'heap')).toBeUndefined();
    // bionic's libc is always a landmark, the largest libraries too.
    expect(find(landmarks, 'library', 'libc.so')).toBeDefined();
    expect(landmarks.filter((l) => l.kind === 'library').length).toBe(7);
  });

  it('finds the binary of the JIT samples and of this very process', () => {
    expect(find(findLandmarks(sortedOf(tableOfText(sample('node20-jit.maps')))), 'binary')?.pathname).toMatch(/\/node$/);
    expect(find(findLandmarks(sortedOf(tableOfText(sample('openjdk17-jit.maps')))), 'binary')?.pathname).toMatch(/\/java$/);
    // This process: the binary is the file the kernel runs it from (/proc/self/exe).
    const self = findLandmarks(sortedOf(tableOfText(readFileSync('/proc/self/maps', 'utf8'))));
    expect(find(self, 'binary')?.pathname?.replace(/ \(deleted\)$/, '')).toBe(readlinkSync('/proc/self/exe'));
  });

  it('without a [heap] takes the lowest executable file that is not a library; with one, the one closest below it', () => {
    const noHeap = [
      '00400000-00401000 r--p 00000000 08:01 10 /opt/a/libfoo.so',
      '00401000-00402000 r-xp 00001000 08:01 10 /opt/a/libfoo.so',
      '10000000-10001000 r-xp 00000000 08:01 11 /opt/a/prog',
      '20000000-20001000 r-xp 00000000 08:01 12 /opt/a/other',
    ].join('\n');
    expect(find(findLandmarks(sortedOf(tableOfText(noHeap))), 'binary')?.pathname).toBe('/opt/a/prog');
    const heap = noHeap + '\n20002000-20100000 rw-p 00000000 00:00 0 [heap]\n30000000-30001000 r-xp 00000000 08:01 13 /opt/a/after';
    expect(find(findLandmarks(sortedOf(tableOfText(heap))), 'binary')?.pathname).toBe('/opt/a/other');
  });

  it('names libraries as loaders do, and reads only the end of a long name', () => {
    for (const yes of ['/lib/libc.so.6', '/usr/lib/libstdc++.so.6.0.30', '/x/_ctypes.cpython-312-x86_64-linux-gnu.so', '/l/libz.so (deleted)', '/system/framework/arm64/boot.oat', '/data/app/base.apk'])
      expect(isLibraryPathname(yes), yes).toBe(true);
    for (const no of ['/usr/bin/python3.12', '/etc/services', '/x/so', '/x/libfoo.so.x', '/x/a.sox']) expect(isLibraryPathname(no), no).toBe(false);
    expect(isLibraryPathname('/x/' + '.so.1'.repeat(2_000_000) + '-')).toBe(false);
  });

  it('finds every landmark of a generated 262,144-region file', () => {
    const sorted = sortedOf(tableOfText(generateMaps({ regions: 262_144, seed: 3 }).text));
    const table = sorted.table;
    const landmarks = findLandmarks(sorted);
    expect(landmarks.map((l) => l.kind).slice(0, 5)).toEqual(['binary', 'heap', 'stack', 'thread-stacks', 'vdso']);
    expect(find(landmarks, 'binary')?.pathname).toMatch(/\/bin\/java$/);
    expect(find(landmarks, 'thread-stacks')!.positions.length).toBe(positionsWhere(sorted, (r) => table.kind(r) === 'thread-stack').length);
    for (const kind of ['vvar', 'vsyscall'] as const) expect(find(landmarks, kind), kind).toBeDefined();
    expect(landmarks.filter((l) => l.kind === 'library').length).toBeGreaterThanOrEqual(6);
  });

  it('finds nothing in a file of anonymous memory only, and nothing at all in an empty one', () => {
    expect(findLandmarks(sortedOf(tableOfText('1000-2000 rw-p 00000000 00:00 0\n')))).toEqual([]);
    expect(findLandmarks(sortedOf(tableOfText('')))).toEqual([]);
  });
});

describe('forLandmarkRuns', () => {
  const sorted = sortedOf(tableOfText(generateMaps({ regions: 20_000, seed: 5 }).text));
  const landmarks = findLandmarks(sorted);
  const scales = [createCompressedScale(sorted), createLinearScale(sorted)];
  const WIDTH = 1000;

  it('covers every visible region of a landmark with ascending runs a pixel or more apart, at any zoom', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: landmarks.length - 1 }), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.05, max: 0.9, noNaN: true })), { maxLength: 6 }), (s, l, zooms) => {
        const scale = scales[s];
        let v: Viewport = fitViewport(scale);
        for (const [at, factor] of zooms) v = zoomAt(v, scale.domain, WIDTH, at * WIDTH, factor);
        const runs: [number, number][] = [];
        forLandmarkRuns(scale, v, WIDTH, landmarks[l], (x0, x1) => runs.push([x0, x1]));
        for (let i = 1; i < runs.length; i++) expect(runs[i][0]).toBeGreaterThanOrEqual(runs[i - 1][1] + 1);
        const o = frameOrigin(v.startU);
        const upp = Number(v.spanU) / WIDTH;
        for (const k of landmarks[l].positions) {
          const b = scale.beginDelta(k, o) / upp;
          const e = scale.endDelta(k, o) / upp;
          if (e <= 0 || b >= WIDTH) continue;
          expect(runs.some(([x0, x1]) => x0 <= b && e <= x1), `region ${k} [${b}, ${e}]`).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('reads a dense group’s runs off the frame: every item holding one of its regions inside a run, runs a pixel or more apart (forLandmarkItems)', () => {
    const stacks = landmarks.find((l) => l.kind === 'thread-stacks')!;
    const holdsStack = (items: ReturnType<typeof createFrameItems>, i: number) => stacks.positions.some((k) => k >= items.first[i] && k < items.last[i]);
    const lod = buildLodIndex(sorted);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 }), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.05, max: 0.9, noNaN: true })), { maxLength: 6 }), (s, zooms) => {
        const scale = scales[s];
        let v: Viewport = fitViewport(scale);
        for (const [at, factor] of zooms) v = zoomAt(v, scale.domain, WIDTH, at * WIDTH, factor);
        const items = layoutFrame(scale, lod, v, WIDTH, createFrameItems());
        const runs: [number, number][] = [];
        forLandmarkItems(items, stacks.positions, (x0, x1) => runs.push([x0, x1]));
        for (let i = 1; i < runs.length; i++) expect(runs[i][0]).toBeGreaterThanOrEqual(runs[i - 1][1] + 1);
        for (let i = 0; i < items.count; i++) {
          const holds = holdsStack(items, i);
          const inside = runs.some(([x0, x1]) => x0 <= items.x0[i] && visibleEndPx(items, i) <= x1);
          if (holds) expect(inside, `item ${i}`).toBe(true);
        }
        // Each run starts at an item that holds a stack.
        for (const [x0] of runs) expect([...Array(items.count).keys()].some((i) => items.x0[i] === x0 && holdsStack(items, i))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});
