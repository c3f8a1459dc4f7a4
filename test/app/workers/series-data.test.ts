/**
 * The Timeline's data (app/workers/series-data.ts): in every snapshot, the kind stack and the
 * module stack each sum to the snapshot's total — virtual size, and Rss, Pss and Swap from smaps —
 * as an independent sum over its regions gives it; top growers come with it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMaps, REGION_KINDS, sumRegionSizes, type ParseResult } from '../../../src/internal';
import { buildSeriesData, snapshotInfo, STACKED_MODULES } from '../../../app/workers/series-data';
import { generateMaps } from '../../bench/generate-maps';

const sample = (name: string) => readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url), 'utf8');

function stackSum(bytes: Float64Array, groups: number, count: number, s: number): number {
  let sum = 0;
  for (let g = 0; g < groups; g++) sum += bytes[g * count + s];
  return sum;
}

describe('series data', () => {
  it('stacks by kind and by module sum to each snapshot\'s virtual size', () => {
    const results: ParseResult[] = [1, 2, 3].map((seed) => parseMaps(generateMaps({ regions: 3000, seed }).text, { fileName: 'maps' }));
    const series = buildSeriesData(results.map((result) => ({ timeMs: null, result })));
    expect(series.count).toBe(3);
    expect(series.metrics).toEqual(['size']);
    expect(series.byModule.labels.length).toBeLessThanOrEqual(STACKED_MODULES + 2);
    results.forEach((r, s) => {
      const total = Number(sumRegionSizes(r.regions));
      expect(stackSum(series.byKind.bytes.size, series.byKind.labels.length, 3, s)).toBeCloseTo(total, -3);
      expect(stackSum(series.byModule.bytes.size, series.byModule.labels.length, 3, s)).toBeCloseTo(total, -3);
    });
  });

  it('names each kind group by the kinds it holds, as the search and the map legend name them', () => {
    const results: ParseResult[] = [4, 5].map((seed) => parseMaps(generateMaps({ regions: 3000, seed }).text, { fileName: 'maps' }));
    const series = buildSeriesData(results.map((result) => ({ timeMs: null, result })));
    const present = new Set<string>();
    for (const r of results) for (let row = 0; row < r.regions.length; row++) present.add(REGION_KINDS[r.regions.columns.kind[row]]);
    expect(present.has('vdso') && present.has('vsyscall')).toBe(true);
    // Every present kind is named by exactly one group that holds bytes; no group names a kind that is absent.
    const named: string[] = [];
    series.byKind.labels.forEach((label, g) => {
      if (!series.byKind.bytes.size.subarray(g * 2, g * 2 + 2).some((v) => v > 0)) return;
      for (const word of label.split(', ')) {
        expect(present.has(word)).toBe(true);
        named.push(word);
      }
    });
    expect(named.sort()).toEqual([...present].sort());
  });

  it('stacks Rss, Pss and Swap of smaps snapshots to their totals, and lists growers', () => {
    const text = sample('c-hello.smaps');
    const results = [parseMaps(text, { fileName: 'smaps' }), parseMaps(text, { fileName: 'smaps' }), parseMaps(text, { fileName: 'smaps' })];
    const series = buildSeriesData(results.map((result, i) => ({ timeMs: i * 1000, result })));
    expect(series.metrics).toEqual(['size', 'rss', 'pss', 'swap']);
    const info = snapshotInfo(results[0], 'smaps', 0);
    let rss = 0;
    for (const record of results[0].regions.smaps ?? []) rss += record?.fields.Rss ?? 0;
    expect(info.rssBytes).toBe(rss);
    for (let s = 0; s < 3; s++) {
      expect(stackSum(series.byKind.bytes.rss, series.byKind.labels.length, 3, s)).toBe(rss);
      expect(stackSum(series.byModule.bytes.rss, series.byModule.labels.length, 3, s)).toBe(rss);
    }
    // Identical snapshots: nothing grew.
    expect(series.growers.regions).toEqual([]);
    expect(series.growers.spanMs).toBe(2000);
  });
});
