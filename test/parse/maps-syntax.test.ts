/**
 * Real captures changed the way editors, tools and people change them (issue 11, cases 5, 8, 9,
 * 10): every region and name comes back equal to the original's, and each kind of change the
 * kernel could not have made is said once, with its count and first line
 * (src/parse/maps-deviations.ts); padding past the kernel's column is the name's own only in a
 * text aligned as the kernel writes it (maps-padding.ts); a file cut short says so (truncation.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseMaps } from '../../src/internal';
import { parseProcMaps } from '../../src/parse/maps';
import type { ParseResult } from '../../src/parse/result';
import { isMapsLinePrefix, isSmapsFieldPrefix, isUnterminatedLast } from '../../src/parse/truncation';
import { accountFor, readFixture, splitLines } from '../helpers/fixtures';
import { orderWarnings } from './maps-expect';

/** A process's own maps with files named " one", "   three", "  (deleted)" and " " (leading-space.c). */
const LEADING = readFixture('maps/kernel-6.18-leading-space.maps');
/** A process's own maps with deleted, memfd, shm, spaced, CR/tab and backslash names (make-fixture.c). */
const HARD = readFixture('maps/kernel-6.18-make-fixture.maps');

function parse(text: string): ParseResult {
  const r = parseProcMaps(text);
  expect(accountFor(text, r)).toEqual([]);
  return r;
}

/** Every field of every region, names and kinds included. */
const fieldsOf = (r: ParseResult) =>
  r.regions.toArray().map((x) => [x.line, x.begin, x.end, x.perms, x.offset, x.device.major, x.device.minor, x.inode, x.pathname, x.kind]);

/** The warnings that are not about region order, as [line, code, message]. */
const syntaxWarnings = (r: ParseResult) =>
  r.diagnostics.filter((d) => d.severity === 'warning' && orderWarnings([d]).length === 0).map((d) => [d.line, d.code, d.message]);

/** Rewrites each line of text with fn (line, 1-based number); the final newline stays. */
const eachLine = (text: string, fn: (line: string, n: number) => string) =>
  splitLines(text)
    .map((l, i) => fn(l, i + 1))
    .join('\n') + '\n';

/** The 1-based numbers of the lines that have a name. */
const namedLines = (r: ParseResult) => r.regions.toArray().filter((x) => x.pathname !== null).map((x) => x.line);

describe('case 5: padding past the kernel column', () => {
  const original = parse(LEADING);

  it('the real capture: names that start with spaces after the directory keep them, no diagnostic', () => {
    expect(original.diagnostics).toEqual([]);
    const names = new Set(original.regions.toArray().map((x) => x.pathname));
    for (const base of [' one', '   three', '  (deleted)', ' ']) expect(names.has(`/tmp/d1fx/${base}`)).toBe(true);
  });

  it.each([1, 3, 28])('every name %i spaces further right (re-aligned by a tool): names exact, one warning with the count', (extra) => {
    const moved = eachLine(LEADING, (l) => l.replace(/(\d) {2,}(?=\S)/, (m) => m + ' '.repeat(extra)));
    const r = parse(moved);
    expect(fieldsOf(r)).toEqual(fieldsOf(original));
    const named = namedLines(original);
    expect(syntaxWarnings(r)).toEqual([
      [named[0], 'extra-padding', `${named.length} lines (this one first) have more padding before the name than the kernel's, in a text not aligned as the kernel writes it; the extra spaces were dropped from the names`],
    ]);
  });

  it('one line edited to more padding in a kernel-aligned text: the spaces are kept as the name (the kernel writes names raw), and said', () => {
    const target = namedLines(original)[3];
    const r = parse(eachLine(LEADING, (l, n) => (n === target ? l.replace(/(\d) {2,}(?=\S)/, (m) => m + '   ') : l)));
    const want = original.regions.toArray().find((x) => x.line === target)!.pathname;
    expect(r.regions.toArray().find((x) => x.line === target)!.pathname).toBe('   ' + want);
    expect(syntaxWarnings(r).map(([line, code]) => [line, code])).toEqual([[target, 'name-leading-spaces']]);
  });

  it("the issue's lines: a library 28 spaces after a 2-digit inode, [vsyscall] with extra spaces", () => {
    const text = [
      '7f61c7f84000-7f61c7faa000 r--p 00000000 fe:00 42' + ' '.repeat(28) + '/lib/x.so',
      'ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0' + ' '.repeat(25) + '[vsyscall]',
      '',
    ].join('\n');
    const r = parse(text);
    expect(r.regions.toArray().map((x) => [x.pathname, x.kind])).toEqual([
      ['/lib/x.so', 'file'],
      ['[vsyscall]', 'vsyscall'],
    ]);
    expect(syntaxWarnings(r).map(([line, code]) => [line, code])).toEqual([[1, 'extra-padding']]);
  });
});

describe('case 9: non-kernel syntax, said once per kind with a count', () => {
  const original = parse(HARD);
  const all = splitLines(HARD).length;
  const named = namedLines(original);
  // Each: the change, the warnings it must give as [first line, code, count].
  const cases: { name: string; change: (l: string) => string; want: [number, string, number][] }[] = [
    {
      name: 'tabs between the fields (the padding before the name kept)',
      change: (l) => l.replace(/^(\S+) (\S+) (\S+) (\S+) (\d+)/, '$1\t$2\t$3\t$4\t$5'),
      want: [[1, 'tab-separated', all]],
    },
    {
      name: 'two spaces after the permissions, one less before the name',
      change: (l) => l.replace(/^(\S+ \S+) /, '$1  ').replace(/(\d)  (?= *\S)/, '$1 '),
      want: [[1, 'extra-spaces', all]],
    },
    { name: 'upper-case addresses', change: (l) => l.replace(/^\S+/, (m) => m.toUpperCase()), want: [[1, 'upper-case-hex', all]] },
    {
      name: '8:1 devices, fe:0 (and as many more spaces of padding, so names stay in their column)',
      change: (l) =>
        l.replace(/ ([0-9a-f]{2}):([0-9a-f]{2}) (\d+)( *)/, (_, a: string, b: string, inode: string, pad: string) => {
          const [major, minor] = [a.replace(/^0/, ''), b.replace(/^0/, '')];
          return ` ${major}:${minor} ${inode}${pad.length <= 1 ? pad : pad + ' '.repeat(a.length + b.length - major.length - minor.length)}`;
        }),
      want: [[1, 'device-format', all]],
    },
    {
      name: 'inclusive ends (end - 1, as unwinders write)',
      change: (l) => l.replace(/^(\w+)-(\w+)/, (_, a, b) => `${a}-${(BigInt('0x' + b) - 1n).toString(16).padStart(b.length, '0')}`),
      want: [[1, 'inclusive-end', all]],
    },
    { name: 'indented (pasted from a mail)', change: (l) => '  ' + l, want: [[1, 'indented', all]] },
  ];

  it.each(cases)('$name', ({ change, want }) => {
    const r = parse(eachLine(HARD, change));
    const expected = fieldsOf(original);
    if (want[0][1] === 'inclusive-end') for (const row of expected) row[2] = (row[2] as bigint) - 1n;
    expect(fieldsOf(r)).toEqual(expected);
    const got = r.diagnostics.filter((d) => d.severity === 'warning' && orderWarnings([d]).length === 0);
    expect(got.map((d) => [d.line, d.code, Number(/^([\d,]+) lines/.exec(d.message)?.[1].replace(/,/g, '') ?? 1)])).toEqual(want);
    expect(got[0].message).toMatch(/\(this one first\)/);
  });

  it('less padding than the kernel writes (one space before each name): accepted, said once for all named lines', () => {
    const r = parse(eachLine(HARD, (l) => l.replace(/(\d) {2,}(?=\S)/, '$1 ')));
    expect(fieldsOf(r)).toEqual(fieldsOf(original));
    expect(syntaxWarnings(r).map(([line, code]) => [line, code])).toEqual([[named[0], 'short-padding']]);
    expect(syntaxWarnings(r)[0][2]).toMatch(new RegExp(`^${named.length} lines`));
  });

  it('one kind on a few lines: the count is theirs, the warning on the first of them', () => {
    const r = parse(eachLine(HARD, (l, n) => (n === 7 || n === 20 || n === 21 ? l.replace(/^\S+/, (m) => m.toUpperCase()) : l)));
    expect(syntaxWarnings(r)).toEqual([[7, 'upper-case-hex', "3 lines (this one first) write hex digits in upper case (the kernel writes lower case); accepted"]]);
  });
});

describe('case 8: an smaps field line in a maps file', () => {
  const withRss = eachLine(HARD, (l, n) => (n === 5 ? `${l}\nRss:                   4 kB` : l));

  it.each([['x.maps'], [undefined]])('stays maps (file name %s), with an error on that line only', (fileName) => {
    const r = parseMaps(withRss, { fileName });
    expect(r.format).toBe('maps');
    expect(r.regions.length).toBe(splitLines(HARD).length);
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.line, d.code, d.message])).toEqual([
      [6, 'field-line', 'an smaps field line ("Rss:") in a maps file, which has none: not read'],
    ]);
  });
});

describe('case 10: a file cut short', () => {
  it('cut anywhere in the last header: a region, or "the file ends in the middle of line N"', () => {
    const lines = splitLines(HARD);
    const head = lines.slice(0, -1).join('\n') + '\n';
    const last = lines[lines.length - 1];
    const nameAt = last.search(/ {2}\S/); // the name's padding: cuts past it give a (short) name
    for (let cut = 1; cut < nameAt; cut++) {
      const r = parse(head + last.slice(0, cut));
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      if (r.regions.length === lines.length) {
        expect(errors, `cut at ${cut}`).toEqual([]);
      } else {
        expect(errors.map((d) => [d.line, d.code]), `cut at ${cut}`).toEqual([[lines.length, 'truncated']]);
        expect(errors[0].message).toMatch(new RegExp(`^the file ends in the middle of line ${lines.length}: was it cut short\\?`));
      }
    }
  });

  it("the issue's header cut mid-address names the cut, and keeps what the line as it stands says", () => {
    const r = parse('7f270a7be000-7f270a7bf000 r--p 00000000 fe:00 1 \n7f270a7be000-7f270a7');
    expect(r.diagnostics).toEqual([
      {
        line: 2,
        column: 21,
        severity: 'error',
        code: 'truncated',
        message: 'the file ends in the middle of line 2: was it cut short? (as it stands: end address 0x7f270a7 is below start address 0x7f270a7be000)',
        text: '7f270a7be000-7f270a7',
      },
    ]);
  });

  it('the same bad line followed by a newline, or in the middle of the file, is not a cut', () => {
    for (const text of ['7f270a7be000-7f270a7\n', '7f270a7be000-7f270a7\n7f270a7be000-7f270a7bf000 r--p 00000000 fe:00 1 \n']) {
      expect(parse(text).diagnostics.map((d) => d.code)).toEqual(['bad-range']);
    }
  });

  it('a line that was never a header is not a cut', () => {
    expect(parse('7f270a7be000-7f270a7bf000 r--p 00000000 fe:00 1 \nhello').diagnostics.map((d) => d.code)).toEqual(['bad-range']);
    expect(parse('7f270a7be000-7f270a7bf000 r--p 00000000 fe:00 1 \n1-2-3').diagnostics.map((d) => d.code)).toEqual(['bad-range']);
  });

  it('the shared checks (truncation.ts): what is a beginning of a maps header or of an smaps field line', () => {
    const header = '7f61c7f84000-7f61c7faa000 r--p 00000000 fe:00 339380';
    for (let n = 1; n <= header.length; n++) expect(isMapsLinePrefix(header, 0, n), header.slice(0, n)).toBe(true);
    for (const no of ['', ' ', 'x', '7f61c7f84000 ', '7f61c7f84000-7f61c7faa000 rwz', '7f-7f r--p 10000000000000000', '7f-7f r--p 0 fe:00 1 /lib']) {
      expect(isMapsLinePrefix(no, 0, no.length), JSON.stringify(no)).toBe(false);
    }
    const keys = new Set(['Rss', 'Private_Dirty', 'VmFlags', 'THPeligible']);
    for (const yes of ['R', 'Private', 'Private_Dirty:', 'Private_Dirty:     1', 'Private_Dirty:     12 k', 'Rss: 4 kB', 'VmFlags: rd wr m', 'THPeligible:    0']) {
      expect(isSmapsFieldPrefix(yes, 0, yes.length, keys), yes).toBe(true);
    }
    for (const no of ['', 'Q', 'Private_Dirtyx', 'Foo: 1 kB', 'Rss: x', 'Rss: 4 MB', 'VmFlags: RD']) expect(isSmapsFieldPrefix(no, 0, no.length, keys), no).toBe(false);
    expect([isUnterminatedLast('a\nb', 3), isUnterminatedLast('a\nb\n', 3), isUnterminatedLast('a\r\nb', 1)]).toEqual([true, false, false]);
  });
});
