import { describe, expect, test } from 'vitest';
import { percentile } from './browser-app';

describe('percentile (the benchmarks\' medians and p95s)', () => {
  test('nearest rank over the sample', () => {
    expect(percentile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 0.95)).toBe(5);
    expect(percentile([10, 20, 30, 40], 0.5)).toBe(30);
  });

  test('a NaN (a figure not read) is left out, wherever it lies', () => {
    expect(percentile([0.02, NaN, 0.01, 0.03], 0.5)).toBe(0.02);
    expect(percentile([NaN, 0.03, 0.01, 0.02], 0.5)).toBe(0.02);
    expect(percentile([0.03, 0.01, 0.02, NaN], 0.5)).toBe(0.02);
  });

  test('NaN when nothing was measured', () => {
    expect(percentile([NaN, NaN], 0.5)).toBeNaN();
    expect(percentile([], 0.5)).toBeNaN();
  });
});
