/**
 * parseMapsStrict: returns the result for clean real files of every format, and throws a
 * ParseError at the first bad line (its number, column and text) for each format, for unknown
 * text and for binary input. Expected positions are worked out by hand from the lines below.
 */
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/model/diagnostic';
import { parseMapsStrict } from '../../src/parse/index';
import type { ParseOptions } from '../../src/parse/index';
import { listCorpus, readCorpus, readFixture } from '../helpers/fixtures';

/** The ParseError thrown by parseMapsStrict, or undefined when it does not throw. */
function thrown(text: string, options?: ParseOptions): ParseError | undefined {
  try {
    parseMapsStrict(text, options);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return err as ParseError;
  }
}

describe('clean real files do not throw', () => {
  const files = [
    ...listCorpus('.smaps').filter((n) => !n.includes('handwritten')).map((n) => [n, readCorpus(n)]),
    ...['smaps/python-mapper.smaps', 'smaps/python-mapper.smaps_rollup', 'pmap/python-mapper.pmap-x.txt', 'pmap/python-mapper.pmap-X.txt', 'pmap/python-mapper.pmap-XX.txt', 'gdb/python-mapper.gdb13.txt', 'gdb/python-mapper.gdb13-core.txt', 'gdb/python-mapper.gdb11-noperms.txt'].map((f) => [f, readFixture(f)]),
  ];
  it.each(files)('%s', (_name, text) => {
    expect(thrown(text)).toBeUndefined();
    expect(parseMapsStrict(text).regions.length).toBeGreaterThan(0);
  });

  it('gdb chatter is only warnings: the strict result still carries them', () => {
    const result = parseMapsStrict(readFixture('gdb/python-mapper.gdb13.txt'));
    expect(result.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    expect(result.diagnostics.length).toBeGreaterThan(0);
  });

  it('empty input is a warning, not an error', () => {
    expect(thrown('')).toBeUndefined();
    expect(parseMapsStrict('\n').diagnostics.map((d) => d.code)).toEqual(['empty-input']);
  });
});

const SMAPS_HEAD = '00400000-00401000 r-xp 00000000 08:01 42                                 /bin/x';
const PMAP_X = 'Address           Kbytes     RSS   Dirty Mode  Mapping';
const GDB_HEAD = '          Start Addr           End Addr       Size     Offset  Perms  objfile';

describe('the first bad line throws, with its line, column and text', () => {
  const cases: { name: string; lines: string[]; options?: ParseOptions; line: number; column: number; code: string }[] = [
    {
      name: 'maps: bad permissions on line 2',
      lines: ['00400000-00401000 r-xp 00000000 08:01 42 /bin/x', '00401000-00402000 rwzp 00000000 08:01 42 /bin/x', 'garbage'],
      options: { format: 'maps' },
      line: 2,
      column: 19,
      code: 'bad-permissions',
    },
    {
      name: 'smaps: a value with a unit nobody writes',
      lines: [SMAPS_HEAD, 'Size:                  4 kB', 'Rss:                   4 parsecs'],
      line: 3,
      column: 25, // after "Rss:" and 19 spaces, the unit
      code: 'bad-value',
    },
    {
      name: 'smaps: fields before the first header',
      lines: ['Rss:                   4 kB', 'Pss:                   4 kB', 'Size:                  4 kB', SMAPS_HEAD],
      line: 1,
      column: 1,
      code: 'orphan-fields',
    },
    {
      name: 'pmap -x: a mode that is a maps perms field',
      lines: ['42:   sleep', PMAP_X, '000055c5741be000       8       8       0 r---p sleep'],
      line: 3,
      column: 42, // 16 address digits, three 8-wide number cells, a space
      code: 'bad-permissions',
    },
    {
      name: 'gdb: a non-hex start address',
      lines: ['process 42', 'Mapped address spaces:', '', GDB_HEAD, '      0x55c5741be000     0x55c5741c0000     0x2000        0x0  r--p   /usr/bin/sleep', '      0x55c5741c0zz0     0x55c5741c5000     0x5000     0x2000  r-xp   /usr/bin/sleep'],
      line: 6,
      column: 7,
      code: 'bad-range',
    },
    {
      name: 'unknown text: the first non-blank line',
      lines: ['', '  ', 'Dear reader,', 'this is not a memory map.'],
      line: 3,
      column: 1,
      code: 'unknown-format',
    },
    {
      name: 'binary: NUL bytes all over the sample',
      lines: ['00400000-00401000 r-xp 00000000 08:01 42 /bin/x', 'ab' + '\u0000\u0001'.repeat(20) + 'x'],
      line: 2,
      column: 3,
      code: 'binary-input',
    },
  ];

  it.each(cases)('$name', (c) => {
    const text = c.lines.join('\n') + '\n';
    const err = thrown(text, c.options);
    expect(err).toBeDefined();
    expect([err!.line, err!.column, err!.code]).toEqual([c.line, c.column, c.code]);
    expect(err!.text).toBe(c.lines[c.line - 1]);
    expect(err!.message).toContain(`line ${c.line}, column ${c.column}`);
    expect(err!.name).toBe('ParseError');
  });

  it('the psutil mock throws at its first header, where "-end" is missing', () => {
    const text = readCorpus('psutil-smaps-mock-handwritten.smaps');
    const err = thrown(text, { fileName: 'psutil-smaps-mock-handwritten.smaps' })!;
    const first = text.split('\n')[0];
    expect([err.line, err.column, err.text]).toEqual([1, first.indexOf(' ') + 1, first]);
  });
});
