/** The benchmark's generated maps must be valid kernel-shaped text, or the figures mean nothing. */
import { describe, expect, it } from 'vitest';
import { parseMaps, formatMapsLine } from '../../src/internal';
import { naiveSmapsParse } from './baselines';
import { generateMaps, generateSmaps, mulberry32 } from './generate-maps';

describe('generateMaps', () => {
  const sizes = [1, 4, 5, 7, 100, 65_530];
  it.each(sizes)('%i regions: exactly that many, clean, ascending, non-overlapping', (n) => {
    const g = generateMaps({ regions: n, seed: 7 });
    const { regions, diagnostics, stats } = parseMaps(g.text);
    expect(diagnostics).toEqual([]);
    expect(regions.length).toBe(n);
    expect(stats.lines).toBe(n);
    for (let i = 1; i < regions.length; i++) expect(regions.begin(i) >= regions.end(i - 1)).toBe(true);
  });

  it('writes each line exactly as formatMapsLine does (names at column 73)', () => {
    const g = generateMaps({ regions: 2000, seed: 3 });
    const { regions } = parseMaps(g.text);
    const lines = g.text.split('\n');
    regions.toArray().forEach((r, i) => expect(lines[i]).toBe(formatMapsLine(r)));
    expect(lines.filter((l) => l.endsWith('/libc.so.6') || l.includes('/lib')).every((l) => l[72] === ' ' && l[73] === '/')).toBe(true);
  });

  it('holds the mix of a real process', () => {
    const { regions } = parseMaps(generateMaps({ regions: 20_000, seed: 11 }).text);
    const kinds = new Set(regions.toArray().map((r) => r.kind));
    for (const k of ['file', 'anonymous', 'named-anonymous', 'heap', 'stack', 'vdso', 'vvar', 'vsyscall', 'memfd', 'shared-memory'] as const) {
      expect(kinds, k).toContain(k);
    }
    const perms = new Set(regions.toArray().map((r) => r.permissions.text));
    for (const p of ['r--p', 'r-xp', 'rw-p', '---p', 'rwxp', 'r--s', 'rw-s']) expect(perms, p).toContain(p);
    expect(regions.get(regions.length - 1).pathname).toBe('[vsyscall]');
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(generateMaps({ regions: 500, seed: 5 }).text).toBe(generateMaps({ regions: 500, seed: 5 }).text);
    expect(generateMaps({ regions: 500, seed: 5 }).text).not.toBe(generateMaps({ regions: 500, seed: 6 }).text);
    const r = mulberry32(1);
    const xs = Array.from({ length: 1000 }, r);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(1000);
  });

  it('generateSmaps: about the size asked, clean smaps whose Size fields agree with the ranges, read alike by the ad-hoc baseline', () => {
    const g = generateSmaps({ bytes: 160_000, seed: 19 });
    expect(g.text.length).toBeGreaterThanOrEqual(160_000);
    expect(g.text.length).toBeLessThan(162_000);
    const { format, regions, diagnostics, stats } = parseMaps(g.text);
    expect(format).toBe('smaps');
    expect(diagnostics).toEqual([]);
    expect(regions.length).toBe(g.regions);
    expect(stats.rejected).toBe(0);
    const naive = naiveSmapsParse(g.text);
    expect(naive.length).toBe(g.regions);
    naive.forEach((r, i) => {
      expect(r.begin).toBe(regions.begin(i));
      expect(r.fields.Size).toBe(Number(r.end - r.begin));
      expect(regions.smaps?.[i]?.fields.Rss).toBe(r.fields.Rss);
    });
  });
});
