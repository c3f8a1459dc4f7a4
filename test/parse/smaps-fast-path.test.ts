/**
 * The smaps parser's native fast path (a field line's key by startsWith against the key the
 * previous record had at that position, its value's layout by one sticky regular expression)
 * against its character loop (parseSmaps(…, fastPath = false)): for any text both give the same
 * regions, records, exact values, diagnostics and counts. The texts mix the kernel's lines with the
 * deviations the fast path must leave to the loop: tabs, missing or foreign units, 15/16/17 digits
 * and values past 2^53 and 2^64, keys in another order or repeated, blank, bad and cut lines, CRLF.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Diagnostic } from '../../src/model/diagnostic';
import { formatMapsLine } from '../../src/model/region';
import type { RegionTable } from '../../src/model/region-table';
import { lineEndings } from '../../src/parse/lines';
import type { ParseResult } from '../../src/parse/result';
import { parseSmaps } from '../../src/parse/smaps';
import { FieldRun } from '../../src/parse/smaps-fields';
import { generateSmaps } from '../bench/generate-maps';
import { listCorpus, readCorpus } from '../helpers/fixtures';

/** Everything a parse says, as plain data. */
function summary(r: ParseResult) {
  const t: RegionTable = r.regions;
  return {
    format: r.format,
    stats: r.stats,
    diagnostics: r.diagnostics.map((d: Diagnostic) => ({ ...d })),
    regions: t.toArray().map((x) => x.format()),
    smaps: t.smaps === null ? null : t.smaps.map((s) => (s === null ? null : { ...s })),
  };
}

/** Parses `text` with and without the fast path; expects one answer and returns it. */
function sameOnBothPaths(text: string, format: 'smaps' | 'smaps_rollup' = 'smaps'): ReturnType<typeof summary> {
  const ends = lineEndings(text);
  const loop = summary(parseSmaps(text, format, ends, false));
  expect(summary(parseSmaps(text, format, ends, true))).toEqual(loop);
  return loop;
}

/** Region i's header as the kernel writes it: one page (Size: 4 kB), in address order. */
const header = (i: number) =>
  formatMapsLine({ begin: 0x7f00_0000_0000n + BigInt(i) * 0x2000n, end: 0x7f00_0000_1000n + BigInt(i) * 0x2000n, perms: 1, offset: 0n, device: { major: 254, minor: 0 }, inode: BigInt(1000 + i), pathname: `/usr/lib/lib${i % 3}.so` });

// Pss_Dirty and Pss: a key that starts with another.
const KEYS = ['Size', 'Rss', 'Pss', 'Pss_Dirty', 'Swap', 'THPeligible', 'ProtectionKey', 'Private_Dirty', 'Fresh_Key'];
const digits = fc.oneof(
  fc.nat({ max: 99999 }).map(String),
  fc.constantFrom('0', '4', '999999999999999', '1000000000000000', '9007199254740992', '9007199254740993', '18014398509481983', '18446744073709551615', '18446744073709551616', '00012'),
);
const blanks = fc.constantFrom('', ' ', '        ', '\t', ' \t ', '   ');
const unit = fc.constantFrom(' kB', ' kB', '', ' KB', 'kB', ' kB ', ' MB', ' kB x', '  kB');
/** A field line: mostly the kernel's, often not. */
const fieldLine = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...KEYS), blanks, digits, unit).map(([k, b, d, u]) => `${k}:${b}${d}${u}`) },
  { weight: 1, arbitrary: fc.tuple(blanks, fc.constantFrom('rd wr mr', 'rd  RD x', 'zz ?? ab', '')).map(([b, f]) => `VmFlags:${b}${f}`) },
  { weight: 1, arbitrary: fc.constantFrom('Name:   [anon:x]', 'Rss:', 'Rss: kB', 'Rss: -4 kB', 'Size 4 kB', 'Pss:12', '', '  ', 'garbage', 'Size:\t\t4\tkB', 'Rss: 4 kB\r') },
);
const record = fc.tuple(fc.boolean(), fc.array(fieldLine, { maxLength: 12 }));

describe('smaps fast path = character loop', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('property: any mix of kernel and deviant lines, LF or CRLF, cut or not', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.boolean(), fc.nat({ max: 40 }), (records, crlf, cut, cutBy) => {
        const lines: string[] = [];
        records.forEach(([kernelOrder, fields], i) => {
          lines.push(header(i));
          // The kernel's run (the same keys in order, then VmFlags, which ends the run FieldRun learns
          // from the first record and matches under later headers), then the record's own lines.
          if (kernelOrder) {
            for (const k of KEYS.slice(0, 4)) lines.push(`${`${k}:`.padEnd(16)}${String(4 * i).padStart(8)} kB`);
            lines.push(`${'THPeligible:'.padEnd(16)}${String(i + 1).padStart(8)}`, 'VmFlags: rd mr ');
          }
          lines.push(...fields);
        });
        let text = lines.join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n');
        if (cut) text = text.slice(0, Math.max(1, text.length - cutBy));
        sameOnBothPaths(text);
      }),
      { numRuns: 400 },
    );
  });

  it('kernel records in one order, then the order changed, a key repeated and a key left out', () => {
    const value = (k: string, i: number) => (k === 'Size' ? 4 : k === 'THPeligible' ? 0 : i + 1);
    const rec = (i: number, keys: string[]) => [header(i), ...keys.map((k) => `${`${k}:`.padEnd(16)}${String(value(k, i)).padStart(8)}${k === 'THPeligible' ? '' : ' kB'}`), 'VmFlags: rd mr '];
    const text = [
      ...rec(0, ['Size', 'Rss', 'Pss', 'THPeligible']),
      ...rec(1, ['Size', 'Rss', 'Pss', 'THPeligible']),
      ...rec(2, ['Rss', 'Size', 'Pss', 'THPeligible']),
      ...rec(3, ['Size', 'Rss', 'Rss', 'THPeligible']),
      ...rec(4, ['Size', 'Pss', 'THPeligible']),
      '',
    ].join('\n');
    const r = sameOnBothPaths(text);
    expect(r.regions.length).toBe(5);
    expect(r.diagnostics.map((d) => `${d.code} @${d.line}`)).toEqual(['duplicate-field @22']);
    expect(r.smaps?.[2]?.fields).toEqual({ Rss: 3 * 1024, Size: 4 * 1024, Pss: 3 * 1024, THPeligible: 0 });
  });

  it('values at the edges of the fast path: 15 digits exact, 16 and more through the exact path', () => {
    const text = [header(0), 'Size:    4 kB', 'Swap:    999999999999999 kB', 'Rss:    9007199254740993 kB', 'Pss: 18446744073709551616 kB', 'THPeligible:    1', ''].join('\n');
    const r = sameOnBothPaths(text);
    const rec = r.smaps?.[0];
    expect(rec?.fields.Swap).toBe(999999999999999 * 1024);
    expect(rec?.exactFields?.Swap).toBeUndefined();
    expect(rec?.exactFields?.Rss).toBe(9007199254740993n * 1024n);
    expect(rec?.fields.Pss).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['value-range', 'value-range']);
  });

  it('the generated smaps of the benchmarks, the fixtures and the corpus', () => {
    sameOnBothPaths(generateSmaps({ bytes: 300_000, seed: 19 }).text);
    sameOnBothPaths(readFileSync(new URL('../fixtures/smaps/python-mapper.smaps', import.meta.url), 'utf8'));
    sameOnBothPaths(readFileSync(new URL('../fixtures/smaps/python-mapper.smaps_rollup', import.meta.url), 'utf8'), 'smaps_rollup');
    const corpus = [...listCorpus('.smaps'), ...listCorpus('.smaps_rollup')];
    expect(corpus.length).toBeGreaterThan(0);
    for (const f of corpus) sameOnBothPaths(readCorpus(f), /rollup/.test(f) ? 'smaps_rollup' : 'smaps');
  });

  it('the run of a kernel file is read in one match under every header after the first', () => {
    const read = vi.spyOn(FieldRun.prototype, 'read');
    const text = generateSmaps({ bytes: 100_000, seed: 7 }).text;
    const r = sameOnBothPaths(text);
    // Asked under each header on the fast path only (sameOnBothPaths parses twice); nothing is learnt before the first record ends.
    const counts = read.mock.results.map((x) => x.value as number);
    expect(counts.length).toBe(r.regions.length);
    expect(counts[0]).toBe(0);
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(counts[1]).toBeGreaterThan(20);
  });

  it("this process's own smaps", () => {
    const r = sameOnBothPaths(readFileSync('/proc/self/smaps', 'utf8'));
    expect(r.regions.length).toBeGreaterThan(20);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
