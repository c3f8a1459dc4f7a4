/**
 * smaps headers read as maps lines do (issue 11, cases 5, 9, 10): a real smaps capture with its
 * headers changed the way tools and people change them gives the original's regions, names and
 * fields, and the same once-per-kind warnings as the same headers in a maps file
 * (maps-deviations.ts, maps-padding.ts, shared through MapsLineParser); a capture cut anywhere in
 * its last field line says "the file ends in the middle of line N" (truncation.ts), not `bad-field`.
 */
import { describe, expect, it } from 'vitest';
import { parseProcMaps } from '../../src/parse/maps';
import type { ParseResult } from '../../src/parse/result';
import { KNOWN_SMAPS_KEYS, parseSmaps } from '../../src/parse/smaps';
import { readFixture, splitLines } from '../helpers/fixtures';
import { orderWarnings } from './maps-expect';

/** A Python process's own smaps (test/fixtures/smaps/README.md). */
const SMAPS = readFixture('smaps/python-mapper.smaps');
const HEADER = /^[0-9a-f]+-[0-9a-f]+ /;

/** Every field of every region, smaps record included. */
const fieldsOf = (r: ParseResult) =>
  r.regions.toArray().map((x) => [x.line, x.begin, x.end, x.perms, x.offset, x.device.major, x.device.minor, x.inode, x.pathname, x.kind, x.smaps]);

/** The warnings that are not about region order, as [code, message] (lines differ between smaps and maps). */
const syntaxWarnings = (r: ParseResult) =>
  r.diagnostics.filter((d) => d.severity === 'warning' && orderWarnings([d]).length === 0).map((d) => [d.code, d.message]);

/** Rewrites each header line of an smaps text with fn. */
const eachHeader = (text: string, fn: (line: string) => string) =>
  splitLines(text)
    .map((l) => (HEADER.test(l) ? fn(l) : l))
    .join('\n') + '\n';

/** The header lines alone: the same map as a maps file. */
const headersOf = (text: string) =>
  splitLines(text)
    .filter((l) => /^\s*[0-9A-Fa-f]+-[0-9A-Fa-f]+\s/.test(l))
    .join('\n') + '\n';

const CHANGES: [name: string, fn: (line: string) => string, code: string][] = [
  ['tabs between fields', (l) => l.replace(/ /, '\t').replace(/ (?=\d\d:)/, '\t'), 'tab-separated'],
  ['upper-case hex', (l) => l.replace(/^[0-9a-f]+-[0-9a-f]+/, (m) => m.toUpperCase()), 'upper-case-hex'],
  ['devices as 8:1', (l) => l.replace(/ (\w\w):(\w\w) /, (_m, a: string, b: string) => ` ${parseInt(a, 16).toString(16)}:${parseInt(b, 16).toString(16)} `), 'device-format'],
  ['28 more spaces before the name', (l) => l.replace(/(\d) {2,}(?=\S)/, (m) => m + ' '.repeat(28)), 'extra-padding'],
  ['indented', (l) => '  ' + l, 'indented'],
];

describe('smaps headers: the deviations of maps, once per kind', () => {
  const original = parseSmaps(SMAPS);

  it('the capture itself has none', () => {
    expect(original.regions.length).toBeGreaterThan(50);
    expect(syntaxWarnings(original)).toEqual([]);
    expect(original.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it.each(CHANGES)('%s: the original regions, names and fields; the warning maps gives for the same headers', (_name, fn, code) => {
    const changed = eachHeader(SMAPS, fn);
    const r = parseSmaps(changed);
    expect(fieldsOf(r)).toEqual(fieldsOf(original));
    const warnings = syntaxWarnings(r);
    expect(warnings.map(([c]) => c)).toContain(code);
    expect(warnings).toEqual(syntaxWarnings(parseProcMaps(headersOf(changed))));
    // On the first changed header, which is the smaps text's first header line.
    const first = r.diagnostics.find((d) => d.code === code)!;
    expect(HEADER.test(splitLines(SMAPS)[first.line - 1])).toBe(true);
  });
});

describe('smaps cut short', () => {
  const lines = splitLines(SMAPS);
  const whole = parseSmaps(SMAPS);

  it('cut anywhere in a field line: "the file ends in the middle of line N", or a complete line', () => {
    // Cut in the last record's field lines: every character of each.
    const lastHeader = lines.length - 1 - [...lines].reverse().findIndex((l) => HEADER.test(l));
    let cuts = 0;
    for (let k = lastHeader + 1; k < lines.length; k++) {
      const head = lines.slice(0, k).join('\n') + '\n';
      for (let cut = 1; cut < lines[k].length; cut++) {
        const r = parseSmaps(head + lines[k].slice(0, cut));
        const problems = r.diagnostics.filter((d) => d.line === k + 1);
        const what = JSON.stringify(lines[k].slice(0, cut));
        // A cut that leaves a line that reads (the kernel's shape, or `Rss: 12` with a warning)
        // cannot be told from a whole line; one that leaves a line that does not read is named.
        if (!problems.some((d) => d.severity === 'error')) continue;
        cuts++;
        expect(problems.map((d) => [d.severity, d.code]), what).toEqual([['error', 'truncated']]);
        expect(problems[0].message, what).toMatch(new RegExp(`^the file ends in the middle of line ${k + 1}: was it cut short\\? \\(as it stands: `));
        expect(r.regions.length, what).toBe(whole.regions.length);
      }
    }
    // Cuts inside each key, and right after each colon.
    expect(cuts).toBeGreaterThanOrEqual(2 * (lines.length - lastHeader - 1));
  });

  it("the issue's cut (`Private`) is named, not a bad field", () => {
    const k = lines.findIndex((l) => l.startsWith('Private_Clean'));
    const r = parseSmaps(lines.slice(0, k).join('\n') + '\nPrivate');
    expect(r.diagnostics.map((d) => [d.line, d.code, d.message])).toEqual([
      [k + 1, 'truncated', `the file ends in the middle of line ${k + 1}: was it cut short? (as it stands: expected "Key: value" or a region header, found "Private")`],
    ]);
  });

  it('the same lines followed by a newline, or not a beginning of a field, are not a cut', () => {
    const k = lines.findIndex((l) => l.startsWith('Private_Clean'));
    const head = lines.slice(0, k).join('\n') + '\n';
    expect(parseSmaps(head + 'Private\n').diagnostics.map((d) => d.code)).toEqual(['bad-field']);
    expect(parseSmaps(head + 'Rss:   12 MiB x').diagnostics.map((d) => d.code)).toEqual(['bad-value']);
    expect(parseSmaps(head + 'Swap:').diagnostics.map((d) => d.code)).toEqual(['truncated']);
    expect(parseSmaps(head + 'Swap:\n').diagnostics.map((d) => d.code)).toEqual(['bad-value']);
    // A line that reads, with a warning, stays read: `Swap:   12` may be whole.
    expect(parseSmaps(head + 'Swap:   12').diagnostics.map((d) => d.code)).toEqual(['missing-unit']);
    expect(KNOWN_SMAPS_KEYS.has('Swap')).toBe(true);
  });
});
