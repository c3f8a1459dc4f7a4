/**
 * The inputs that once froze the app (issue 11, case 14) parse with every line counted and only
 * the first examples of each kind kept: no million diagnostic objects.
 */
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_EXAMPLES_MAX, DIAGNOSTIC_EXAMPLES_PER_KIND } from '../../src/model/diagnostic-store';
import { parseMaps, parseMapsStrict } from '../../src/parse/index';
import type { ParseResult } from '../../src/parse/result';
import { FREEZING_INPUTS } from '../bench/freezing-inputs';

const text = (name: string) => FREEZING_INPUTS.find(([n]) => n.startsWith(name))![1]();
const groups = (r: ParseResult) => r.diagnosticGroups.map((g) => [g.code, g.severity, g.count, g.firstLine, g.examples.length]);

describe('the freezing inputs', () => {
  it('1,000,000 duplicate lines: 1,000,000 regions, 999,999 duplicate warnings counted, the first 100 kept', () => {
    const r = parseMaps(text('1,000,000'));
    expect(r.regions.length).toBe(1_000_000);
    expect(r.stats).toEqual({ lines: 1_000_000, regions: 1_000_000, blank: 0, recognized: 0, rejected: 0 });
    expect(groups(r)).toEqual([['duplicate', 'warning', 999_999, 2, DIAGNOSTIC_EXAMPLES_PER_KIND]]);
    expect(r.diagnostics.map((d) => d.line)).toEqual(Array.from({ length: DIAGNOSTIC_EXAMPLES_PER_KIND }, (_, i) => i + 2));
  });

  it('1,500,000 bad lines of three kinds: each kind counted exactly, every rejected line covered', () => {
    const r = parseMaps(text('1,500,000'));
    expect(r.regions.length).toBe(1);
    expect(r.stats).toEqual({ lines: 1_500_000, regions: 1, blank: 0, recognized: 0, rejected: 1_499_999 });
    // Lines 2, 5, 8, … are cut after the offset; 3, 6, … have the device 08:0z; 4, 7, … permissions rwz-.
    expect(groups(r)).toEqual([
      ['missing-field', 'error', 500_000, 2, DIAGNOSTIC_EXAMPLES_PER_KIND],
      ['bad-device', 'error', 500_000, 3, DIAGNOSTIC_EXAMPLES_PER_KIND],
      ['bad-permissions', 'error', 499_999, 4, DIAGNOSTIC_EXAMPLES_PER_KIND],
    ]);
    expect(r.diagnostics.length).toBeLessThanOrEqual(DIAGNOSTIC_EXAMPLES_MAX);
    expect(r.diagnostics.slice(0, 3).map((d) => [d.line, d.code])).toEqual([[2, 'missing-field'], [3, 'bad-device'], [4, 'bad-permissions']]);
    // Strict parsing still stops at the first bad line.
    expect(() => parseMapsStrict(text('1,500,000'))).toThrow(/^line 2, column/);
  });

  it('one 50 MB pathname: one region with the whole name, no diagnostic', () => {
    const t = text('one 50 MB');
    const r = parseMaps(t);
    expect(r.regions.length).toBe(1);
    expect(r.regions.pathname(0)).toBe(t.slice(t.indexOf('/'), -1));
    expect(r.diagnosticGroups).toEqual([]);
  });
});
