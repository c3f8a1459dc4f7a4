/** Size metrics: the virtual size of every row as a double, and Rss/Pss/Swap read from smaps records. */
import { describe, expect, it } from 'vitest';
import { availableMetrics, findSmapsMetricBytes, metricBytesOfRows, metricPrefixSums, metricShare } from '../../src/internal';
import { referenceSmaps } from '../cli/reference-smaps';
import { readCorpus, readFixture } from '../helpers/fixtures';
import { load } from './analyze-helpers';

describe('size metrics', () => {
  it('maps offers the virtual size only; smaps the four', () => {
    expect(availableMetrics(load(readCorpus('rsprocmaps-golden.maps')).table)).toEqual(['size']);
    expect(availableMetrics(load(readFixture('smaps/python-mapper.smaps'), 'smaps').table)).toEqual(['size', 'rss', 'pss', 'swap']);
  });

  it('python-mapper.smaps: per row, the size is end - begin and Rss/Pss/Swap are the lines\' kB values', () => {
    const text = readFixture('smaps/python-mapper.smaps');
    const { table } = load(text, 'smaps');
    const reference = referenceSmaps(text);
    expect(reference).toHaveLength(table.length);
    const size = metricBytesOfRows(table, 'size');
    const rss = metricBytesOfRows(table, 'rss');
    const pss = metricBytesOfRows(table, 'pss');
    const swap = metricBytesOfRows(table, 'swap');
    reference.forEach((r, row) => {
      expect(size[row]).toBe(Number(BigInt(r.end) - BigInt(r.begin)));
      expect(rss[row]).toBe(r.fields.Rss);
      expect(pss[row]).toBe(r.fields.Pss);
      expect(swap[row]).toBe(r.fields.Swap);
      expect(findSmapsMetricBytes(table, row, 'rss')).toBe(r.fields.Rss);
    });
  });

  it('the size of a region near 2^64 is the nearest double; without smaps the other metrics are 0', () => {
    const { table } = load('0000000000000000-ffffffffffffffff r--p 00000000 00:00 0 \nffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]\n');
    expect([...metricBytesOfRows(table, 'size')]).toEqual([2 ** 64, 4096]);
    expect([...metricBytesOfRows(table, 'rss')]).toEqual([0, 0]);
    expect(findSmapsMetricBytes(table, 0, 'pss')).toBeUndefined();
  });
});

describe('metric prefix sums', () => {
  it('the share of any run of regions in address order equals a direct sum (python-mapper.smaps)', () => {
    const text = readFixture('smaps/python-mapper.smaps');
    const { table, order } = load(text, 'smaps');
    const reference = referenceSmaps(text);
    const sums = metricPrefixSums(table, order, 'rss');
    for (const [a, b] of [[0, 1], [0, table.length], [3, 17], [20, 21], [5, 5]]) {
      let rss = 0;
      let size = 0;
      for (let k = a; k < b; k++) {
        const r = reference[order[k]];
        rss += r.fields.Rss;
        size += Number(BigInt(r.end) - BigInt(r.begin));
      }
      expect(metricShare(sums, a, b)).toBeCloseTo(size > 0 ? rss / size : 0, 12);
    }
  });

  it('shares stay within 0..1: an edited file whose Rss exceeds its size, and regions of size 0', () => {
    const text = ['00400000-00401000 r--p 00000000 00:00 0 ', 'Size: 4 kB', 'Rss: 8 kB', '00402000-00402000 r--p 00000000 00:00 0 ', 'Rss: 4 kB'].join('\n');
    const { table, order } = load(text, 'smaps');
    const sums = metricPrefixSums(table, order, 'rss');
    expect(metricShare(sums, 0, 1)).toBe(1);
    expect(metricShare(sums, 1, 2)).toBe(0);
  });
});
