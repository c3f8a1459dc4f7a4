/**
 * Format detection through the one entry point, parseMaps: file names; every real file we have
 * (fixtures and the shared corpus), whose format is known from where it came from; files that are
 * none of the formats (READMEs, source code) and get one error; empty and binary input; damaged
 * files that are still mostly one format; and a property that no input makes parsing throw or
 * lose a line, whichever format it is read as.
 */
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFromFileName } from '../../src/parse/detect';
import { looksLikeHeaderFields, looksLikeMapsHeader } from '../../src/parse/maps-scan';
import { parseMaps } from '../../src/parse/index';
import { FORMAT_LABEL, FORMAT_NAMES, type FormatName, type ParseResult } from '../../src/parse/result';
import { CORPUS_DIR, fixturePath, listCorpus, readCorpus, readFixture, splitLines } from '../helpers/fixtures';
import { accountForFormat } from './format-accounting';

function parse(text: string, options: Parameters<typeof parseMaps>[1] = {}): ParseResult {
  const result = parseMaps(text, options);
  expect(accountForFormat(text, result)).toEqual([]);
  return result;
}

const nonBlankLines = (text: string) => splitLines(text).filter((l) => !/^[ \t]*$/.test(l)).length;

describe('file names', () => {
  it.each([
    ['maps', 'maps'],
    ['/proc/1234/maps', 'maps'],
    ['1234.maps', 'maps'],
    ['proc-7-maps.txt', 'maps'],
    ['smaps', 'smaps'],
    ['1234.smaps', 'smaps'],
    ['C:\\dumps\\App.SMAPS', 'smaps'],
    ['smaps_rollup', 'smaps_rollup'],
    ['/proc/self/smaps_rollup', 'smaps_rollup'],
    ['9.smaps_rollup.log', 'smaps_rollup'],
    ['pmap-x.txt', 'pmap'],
    ['pmap_XX_1234.out', 'pmap'],
    ['gdb.log', 'gdb'],
    ['session-gdb.txt', 'gdb'],
    ['mymaps', undefined],
    ['roadmaps.txt', undefined],
    ['notes.txt', undefined],
    ['', undefined],
  ])('%j → %s', (name, hint) => {
    expect(formatFromFileName(name)).toBe(hint);
  });
});

/** Real files and the format they are in, known from how they were made (see the READMEs). */
function realFiles(): { name: string; text: string; format: FormatName }[] {
  const files: { name: string; text: string; format: FormatName }[] = [];
  for (const name of listCorpus('.maps')) files.push({ name, text: readCorpus(name), format: 'maps' });
  for (const name of listCorpus('.smaps')) files.push({ name, text: readCorpus(name), format: name.includes('rollup') ? 'smaps_rollup' : 'smaps' });
  const fixtures: [string, RegExp, FormatName][] = [
    ['maps', /\.maps$/, 'maps'],
    ['smaps', /\.smaps$/, 'smaps'],
    ['smaps', /\.smaps_rollup$/, 'smaps_rollup'],
    ['pmap', /\.pmap\.txt$/, 'pmap'],
    ['pmap', /\.pmap-d\.txt$/, 'pmap-d'],
    ['pmap', /\.pmap-x\.txt$/, 'pmap-x'],
    ['pmap', /\.pmap-X\.txt$/, 'pmap-X'],
    ['pmap', /\.pmap-XX\.txt$/, 'pmap-XX'],
    ['gdb', /\.gdb\d+(-\w+)?\.txt$/, 'gdb'],
  ];
  for (const [dir, re, format] of fixtures) {
    for (const name of readdirSync(fixturePath(dir)).filter((n) => re.test(n))) files.push({ name: `${dir}/${name}`, text: readFixture(`${dir}/${name}`), format });
  }
  return files;
}

describe('every real file is detected from its content alone', () => {
  const files = realFiles();

  it('there are files of every format', () => {
    expect(new Set(files.map((f) => f.format))).toEqual(new Set(FORMAT_NAMES));
  });

  it.each(files.map((f) => [f.name, f] as const))('%s', (_name, file) => {
    expect(parse(file.text).format).toBe(file.format);
    expect(parse(file.text, { fileName: file.name }).format).toBe(file.format);
  });
});

describe('text in none of the formats: one clear error', () => {
  const others: [string, string][] = [
    ['the corpus README', readFileSync(`${CORPUS_DIR}/README.md`, 'utf8')],
    ['a fixture README', readFixture('smaps/README.md')],
    ['Python source', readFixture('smaps/mapper.py')],
    ['C source', readFixture('maps/make-fixture.c')],
    ['JSON', JSON.stringify({ regions: [{ begin: '0x400000', end: '0x401000' }] }, null, 2)],
    ['/etc/passwd', readFileSync('/etc/passwd', 'utf8')],
    ['one word', 'hello'],
    ['numbers', '1 2 3\n4 5 6\n'],
  ];

  it.each(others)('%s', (_name, text) => {
    const result = parse(text);
    expect(result.format).toBe('unknown');
    expect(result.regions.length).toBe(0);
    expect(result.diagnostics.length).toBe(1);
    const [d] = result.diagnostics;
    expect([d.severity, d.code, d.column]).toEqual(['error', 'unknown-format', 1]);
    for (const format of FORMAT_NAMES) expect(d.message).toContain(FORMAT_LABEL[format]);
    // It points at the first non-blank line; every non-blank line is rejected.
    expect(d.line).toBe(splitLines(text).findIndex((l) => !/^[ \t]*$/.test(l)) + 1);
    expect(result.stats.rejected).toBe(nonBlankLines(text));
  });

  it('pmap -X rows without their header (pmap -q) say so', () => {
    const rows = splitLines(readFixture('pmap/python-mapper.pmap-X.txt')).slice(2, -2).join('\n');
    const result = parse(rows);
    expect(result.format).toBe('unknown');
    expect(result.diagnostics[0].message).toContain('pmap -X output without its header line');
  });

  it('plain `pmap PID` and `pmap -d PID` output are read (issue 11 case 13)', () => {
    expect(parse(readFixture('pmap/python-mapper.pmap.txt')).format).toBe('pmap');
    expect(parse(readFixture('pmap/python-mapper.pmap-d.txt')).format).toBe('pmap-d');
  });
});

describe('empty and binary input', () => {
  it.each([
    ['nothing', ''],
    ['newlines', '\n\n'],
    ['spaces and tabs', '  \n\t\n \t '],
    ['CRLF blank lines', '\r\n\r\n'],
    ['a byte-order mark', '\ufeff'],
  ])('%s: no regions, one warning that says so', (_name, text) => {
    const result = parse(text);
    expect(result.regions.length).toBe(0);
    expect(result.diagnostics.map((d) => [d.severity, d.code, d.line])).toEqual([['warning', 'empty-input', 0]]);
    expect(result.diagnostics[0].message).toMatch(/empty|only blank lines/);
    expect(result.format).toBe('unknown');
  });

  it('an empty file named maps is maps (a kernel thread has an empty maps)', () => {
    expect(parse('', { fileName: '/proc/2/maps' }).format).toBe('maps');
    expect(parse('', { format: 'smaps' }).format).toBe('smaps');
  });

  it('NUL bytes inside lines are those lines\' problem, not binary input, whatever the format', () => {
    const text = `${splitLines(readFixture('maps/node-20-self.maps')).slice(0, 2).join('\n')}\nabcd\u0000ef\n\u0000\u0001\u0002`;
    for (const options of [{}, { format: 'maps' as const }, { fileName: 'maps' }]) {
      const result = parse(text, options);
      expect(result.format).toBe('maps');
      expect(result.regions.length).toBe(2);
      expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.line)).toEqual([3, 4]);
      expect(result.diagnostics.filter((d) => d.code === 'nul-byte').map((d) => [d.line, d.column])).toEqual([[3, 5], [4, 1]]);
    }
  });

  it('random bytes are binary input: one error', () => {
    let seed = 1;
    const random = Array.from({ length: 8192 }, () => String.fromCharCode((seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 23));
    const result = parse(random.join(''));
    expect(result.diagnostics.map((d) => d.code)).toEqual(['binary-input']);
  });

  it('real binary data (this machine\'s /bin/true)', () => {
    const text = readFileSync('/bin/true').toString('latin1');
    const result = parse(text);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['binary-input']);
  });
});

describe('damaged files are still their format, with per-line errors', () => {
  const maps = splitLines(readFixture('maps/node-20-self.maps'));

  it('maps with every fifth line replaced by garbage', () => {
    const damaged = maps.map((l, i) => (i % 5 === 0 ? `garbage line ${i}` : l));
    const text = damaged.join('\n');
    const result = parse(text);
    expect(result.format).toBe('maps');
    const bad = damaged.flatMap((l, i) => (l.startsWith('garbage') ? [i + 1] : []));
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.line)).toEqual(bad);
  });

  it('a long maps whose first 300 lines are something else', () => {
    const body = Array.from({ length: 30 }, () => maps).flat();
    const text = [...Array.from({ length: 300 }, (_, i) => `log line ${i}: starting`), ...body].join('\n');
    const result = parse(text);
    expect(result.format).toBe('maps');
    expect(result.stats.rejected).toBe(300);
  });

  it('a few maps lines amid other text: those lines, and one warning for the rest, whatever the name says', () => {
    const text = ['Here is my maps file:', ...maps.slice(0, 3), 'and more words', 'and more', 'and more', 'and more', 'thanks'].join('\n');
    for (const options of [{}, { fileName: 'maps' }, { format: 'maps' as const }]) {
      const result = parse(text, options);
      expect(result.format).toBe('maps');
      expect(result.regions.length).toBe(3);
      expect(Array.from(result.regions.columns.line)).toEqual([2, 3, 4]);
      expect(result.diagnostics.map((d) => [d.line, d.code])).toEqual([[0, 'skipped-lines']]);
      expect(result.diagnostics[0].message).toMatch(/^6 lines .* \(lines 1–9\)/);
    }
  });

  it('a damaged maps whose good lines are the majority keeps an error on each bad line', () => {
    const text = [...maps.slice(0, 6), 'garbage', ...maps.slice(6, 9), 'more garbage'].join('\n');
    const result = parse(text);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.line)).toEqual([7, 11]);
  });

  it('the name decides between maps and smaps only when the content cannot', () => {
    const mapsText = maps.join('\n');
    expect(parse(mapsText, { fileName: 'smaps' }).format).toBe('smaps');
    const smapsText = readFixture('smaps/python-mapper.smaps');
    expect(parse(smapsText, { fileName: 'maps' }).format).toBe('smaps');
    expect(parse(readFixture('pmap/python-mapper.pmap-x.txt'), { fileName: '1.smaps' }).format).toBe('pmap-x');
  });
});

describe('property: no input makes parsing throw or lose a line', () => {
  const samples = realFiles()
    .filter((f) => f.text.length < 100_000)
    .map((f) => f.text);
  const formats: (FormatName | undefined)[] = [undefined, ...FORMAT_NAMES];

  /** A real file, damaged: lines dropped, repeated, cut, or replaced by random text. */
  const damagedText = fc
    .tuple(
      fc.constantFrom(...samples),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom('drop', 'repeat', 'cut', 'replace', 'insert'), fc.string({ unit: 'binary', maxLength: 40 })), { maxLength: 20 }),
    )
    .map(([text, edits]) => {
      const lines = text.split('\n');
      for (const [at, edit, junk] of edits) {
        const i = at % Math.max(1, lines.length);
        if (edit === 'drop') lines.splice(i, 1);
        else if (edit === 'repeat') lines.splice(i, 0, lines[i] ?? '');
        else if (edit === 'cut') lines[i] = (lines[i] ?? '').slice(0, junk.length);
        else if (edit === 'replace') lines[i] = junk;
        else lines.splice(i, 0, junk);
      }
      return lines.join('\n');
    });
  const anyText = fc.oneof(damagedText, fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme-ascii', maxLength: 300 }));

  it('whichever format it is read as', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...formats), fc.option(fc.constantFrom('maps', 'smaps', 'x.smaps_rollup', 'pmap.txt', 'gdb.log'), { nil: undefined }), (text, format, fileName) => {
        const result = parseMaps(text, { format, fileName });
        expect(accountForFormat(text, result)).toEqual([]);
        // A forced format is kept, except that pmap's header decides between -x, -X and -XX.
        const family = (f: string) => (f.startsWith('pmap') ? 'pmap' : f);
        if (format !== undefined && !text.includes('\u0000')) expect([family(format), 'unknown']).toContain(family(result.format));
      }),
      { numRuns: 400 },
    );
  });
});

describe('the maps header test of detection (a sticky regular expression)', () => {
  // Pieces of a header and what may follow or cut it: detection bounds a line at 1,024 characters and before a CR.
  const piece = fc.constantFrom(' ', '\t', '-', '0', '7f', 'ffff', 'A', 'g', 'x', ':', 'r-xp', '\r', '\n', '\u00e9', '');
  const line = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));
  it('is the character loop’s answer on any text and any bounds, a cut inside the fields too', () => {
    fc.assert(
      fc.property(line, fc.nat(), fc.nat(), (text, a, b) => {
        const s = text.length === 0 ? 0 : a % (text.length + 1);
        const e = s + (b % (text.length - s + 1));
        expect(looksLikeMapsHeader(text, s, e)).toBe(looksLikeHeaderFields(text, s, e));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads the kernel’s headers and stops at the bound', () => {
    const header = '7f0000000000-7f0000001000 r-xp 00000000 fe:00 42';
    expect(looksLikeMapsHeader(header, 0, header.length)).toBe(true);
    expect(looksLikeMapsHeader(header, 0, 25)).toBe(true); // cut right after the end address
    expect(looksLikeMapsHeader(header, 0, 20)).toBe(true); // cut inside it: the loop decides, as before
    expect(looksLikeMapsHeader(header, 0, 12)).toBe(false); // cut before the dash
    expect(looksLikeMapsHeader('7f-7fx', 0, 6)).toBe(false);
  });
});
