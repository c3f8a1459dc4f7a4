/** RegionIndex on real maps files: this process, a process we start, and the shared corpus. */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProcMaps } from '../../src/parse/maps';
import type { RegionTable } from '../../src/model/region-table';
import { RegionIndex } from '../../src/query/region-index';
import { CORPUS_DIR } from '../helpers/fixtures';

const CORPUS = CORPUS_DIR;
const VSYSCALL = 0xffff_ffff_ff60_0000n;

/** Every region's first and last byte look up to a region containing them; to itself when none overlap. */
function checkEveryRegionFindsItself(table: RegionTable, overlapping: boolean): void {
  const index = RegionIndex.build(table);
  for (let row = 0; row < table.length; row++) {
    const begin = table.begin(row);
    const end = table.end(row);
    if (end <= begin) continue; // empty: contains nothing
    for (const addr of [begin, end - 1n]) {
      const found = index.findRow(addr);
      if (!overlapping) expect(found, `row ${row} at 0x${addr.toString(16)}`).toBe(row);
      expect(table.begin(found) <= addr && addr < table.end(found)).toBe(true);
    }
    // The byte after a region is either in the next region or starts a gap that this region bounds.
    const after = index.lookup(end);
    if (!after.mapped && !overlapping) {
      expect(after.gapBegin).toBe(end);
      expect(after.beforeRow).toBe(row);
      if (after.afterRow >= 0) expect(after.gapEnd).toBe(table.begin(after.afterRow));
    }
  }
}

function vsyscallRow(table: RegionTable): number {
  for (let i = 0; i < table.length; i++) if (table.pathname(i) === '[vsyscall]') return i;
  return -1;
}

describe('this process: /proc/self/maps', () => {
  const { regions, diagnostics } = parseProcMaps(readFileSync('/proc/self/maps', 'utf8'));

  it('parses cleanly and every region finds itself', () => {
    expect(diagnostics).toEqual([]);
    expect(regions.length).toBeGreaterThan(20);
    checkEveryRegionFindsItself(regions, false);
  });

  it('0xffffffffff600000 finds [vsyscall] when the kernel maps it', () => {
    const row = vsyscallRow(regions);
    const found = RegionIndex.build(regions).lookup(VSYSCALL);
    if (row < 0) expect(found.mapped && regions.pathname(found.row) === '[vsyscall]').toBe(false);
    else expect(found).toMatchObject({ mapped: true, row, offsetInRegion: 0n });
  });

  it('the middle of [stack] finds [stack]', () => {
    const stackRow = regions.toArray().findIndex((r) => r.pathname === '[stack]');
    expect(stackRow).toBeGreaterThanOrEqual(0);
    const index = RegionIndex.build(regions);
    const middle = (regions.begin(stackRow) + regions.end(stackRow)) / 2n;
    expect(index.findRow(middle)).toBe(stackRow);
  });
});

describe('a process we start', () => {
  let text = '';
  let pid = -1;
  beforeAll(async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    pid = child.pid ?? -1;
    await new Promise((resolve) => child.once('spawn', resolve));
    // exec has happened once /proc/<pid>/exe is sleep; poll briefly.
    for (let k = 0; k < 100 && !text.includes('sleep'); k++) {
      text = readFileSync(`/proc/${pid}/maps`, 'utf8');
      if (!text.includes('sleep')) await new Promise((r) => setTimeout(r, 10));
    }
  });
  afterAll(() => {
    if (pid > 0) process.kill(pid);
  });

  it('every region of sleep finds itself; gaps are bounded by their neighbours', () => {
    const { regions, diagnostics } = parseProcMaps(text);
    expect(diagnostics).toEqual([]);
    expect(regions.toArray().some((r) => r.pathname?.endsWith('/sleep'))).toBe(true);
    checkEveryRegionFindsItself(regions, false);
  });
});

describe('the shared corpus', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.maps'));

  it('holds maps files to test', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files)('%s: every region looks up to a region containing it', (file) => {
    const { regions, diagnostics } = parseProcMaps(readFileSync(join(CORPUS, file), 'utf8'));
    const overlapping = diagnostics.some((d) => d.code === 'overlap' || d.code === 'duplicate' || d.code === 'out-of-order');
    checkEveryRegionFindsItself(regions, overlapping);
    const row = vsyscallRow(regions);
    if (row >= 0) expect(RegionIndex.build(regions).findRow(VSYSCALL)).toBe(row);
  });

  // (The corpus README calls aosp-libmeminfo-short-excerpt.maps unsorted; its addresses are in
  // fact ascending, so disorder is made here from a real file instead.)
  it('a real file with its lines reversed and interleaved still finds every region', () => {
    const lines = readFileSync(join(CORPUS, 'gomarkablestream-remarkable-arm32.maps'), 'utf8').trimEnd().split('\n');
    const shuffled = lines.map((line, i) => ({ line, key: (i * 7919) % lines.length })).sort((a, b) => a.key - b.key).map((x) => x.line);
    const { regions: sorted } = parseProcMaps(lines.join('\n'));
    const { regions, diagnostics } = parseProcMaps(shuffled.reverse().join('\n'));
    expect(diagnostics.some((d) => d.code === 'out-of-order')).toBe(true);
    checkEveryRegionFindsItself(regions, false); // disorder alone creates no overlap
    const index = RegionIndex.build(regions);
    const byAddress = [...index.order].map((row) => regions.begin(row));
    expect(byAddress).toEqual(sorted.toArray().map((r) => r.begin));
  });
});
