/** Size metrics: the virtual size of every row as a double, and Rss/Pss/Swap read from smaps records. */
import { describe, expect, it } from 'vitest';
import { availableMetrics, findSmapsMetricBytes, metricBytesOfRows } from '../../src/index';
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
