/**
 * Edge cases of the maps line parser, table-driven. Lines in the kernel's layout are built with
 * the kernel's own rule (fs/proc/task_mmu.c: the prefix up to "inode " is padded to
 * 25 + 6 * sizeof(void *) - 1 columns, then one space and the name), written out here rather
 * than taken from src/, so that the parser is checked against the rule, not against itself.
 */
import { describe, expect, it } from 'vitest';
import { U64_MAX } from '../../src/address';
import { decodePathname } from '../../src/model/kind';
import { parseProcMaps } from '../../src/parse/maps';
import type { ParseResult } from '../../src/parse/result';
import { accountFor } from '../helpers/fixtures';
import { orderWarnings } from './maps-expect';

/** A 64-bit kernel line: prefix padded to 72 columns, a space, the name (name at index 73). */
const k64 = (prefix: string, name: string) => prefix.padEnd(72) + ' ' + name;
/** A 32-bit kernel line: padded to 48 columns, name at index 49. */
const k32 = (prefix: string, name: string) => prefix.padEnd(48) + ' ' + name;

function parse(text: string): ParseResult {
  const result = parseProcMaps(text);
  expect(accountFor(text, result)).toEqual([]);
  return result;
}

const errorsOf = (r: ParseResult) => r.diagnostics.filter((d) => d.severity === 'error');

/**
 * Parses one line that must give one region, and as diagnostics only the warnings of its
 * non-kernel syntax `syntax` (maps-deviations.ts codes; none for a line in the kernel's layout).
 */
function region(line: string, syntax: string[] = []) {
  const r = parse(line);
  expect(r.diagnostics.map((d) => d.code).sort()).toEqual([...syntax].sort());
  for (const d of r.diagnostics) expect([d.line, d.severity]).toEqual([1, 'warning']);
  expect(r.regions.length).toBe(1);
  return r.regions.get(0);
}

describe('maps: fields of valid lines', () => {
  const cases: {
    name: string;
    line: string;
    begin: bigint;
    end: bigint;
    perms: string;
    offset: bigint;
    dev: [number, number];
    inode: bigint;
    /** Warnings of non-kernel syntax the line must give. */
    syntax?: string[];
  }[] = [
    {
      name: 'a kernel file line',
      line: k64('7f61c7f84000-7f61c7faa000 r--p 00000000 fe:00 339380 ', '/usr/lib/x86_64-linux-gnu/libc.so.6'),
      begin: 0x7f61c7f84000n,
      end: 0x7f61c7faa000n,
      perms: 'r--p',
      offset: 0n,
      dev: [0xfe, 0],
      inode: 339380n,
    },
    {
      name: '[vsyscall] above 2^53',
      line: k64('ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 ', '[vsyscall]'),
      begin: 0xffffffffff600000n,
      end: 0xffffffffff601000n,
      perms: '--xp',
      offset: 0n,
      dev: [0, 0],
      inode: 0n,
    },
    {
      name: 'values one apart above 2^53 stay apart',
      line: 'fffffffffffffffe-ffffffffffffffff rwxs ffffffffffffffff 00:00 18446744073709551615 ',
      begin: 0xfffffffffffffffen,
      end: U64_MAX,
      perms: 'rwxs',
      offset: U64_MAX,
      dev: [0, 0],
      inode: U64_MAX,
      syntax: ['unaligned-address'],
    },
    {
      name: 'uppercase hex (hand-written) is read',
      line: '7F61C7F84000-7F61C7FAA000 r-xp 0001A000 FE:0A 42 /x',
      begin: 0x7f61c7f84000n,
      end: 0x7f61c7faa000n,
      perms: 'r-xp',
      offset: 0x1a000n,
      dev: [0xfe, 0x0a],
      inode: 42n,
      syntax: ['upper-case-hex', 'short-padding'],
    },
    {
      name: 'leading zeros beyond 16 digits do not make a value wide',
      line: '000000000000000000001000-000000000000000000002000 ---p 0000000000000000000 00:00 000000000000000000000007 ',
      begin: 0x1000n,
      end: 0x2000n,
      perms: '---p',
      offset: 0n,
      dev: [0, 0],
      inode: 7n,
      syntax: ['number-format'],
    },
    {
      name: '3-digit major (NVMe, UFS)',
      line: k64('70e8d54000-70e8d55000 r--p 00001000 103:1d 1234 ', '/system/lib64/libc.so'),
      begin: 0x70e8d54000n,
      end: 0x70e8d55000n,
      perms: 'r--p',
      offset: 0x1000n,
      dev: [0x103, 0x1d],
      inode: 1234n,
    },
    {
      name: 'largest major (12 bits) and 5-digit minor (20 bits)',
      line: '00400000-00401000 r--s 00000000 fff:fffff 1 /dev/x',
      begin: 0x400000n,
      end: 0x401000n,
      perms: 'r--s',
      offset: 0n,
      dev: [0xfff, 0xfffff],
      inode: 1n,
      syntax: ['short-padding'],
    },
    {
      name: 'inode 2^32 (wider than 32 bits)',
      line: '00400000-00401000 r--p 00000000 08:02 4294967296 /x',
      begin: 0x400000n,
      end: 0x401000n,
      perms: 'r--p',
      offset: 0n,
      dev: [8, 2],
      inode: 4294967296n,
      syntax: ['short-padding'],
    },
    {
      name: 'inode 2^53 + 1 (a double would round it)',
      line: '00400000-00401000 r--p 00000000 08:02 9007199254740993 /x',
      begin: 0x400000n,
      end: 0x401000n,
      perms: 'r--p',
      offset: 0n,
      dev: [8, 2],
      inode: 9007199254740993n,
      syntax: ['short-padding'],
    },
    {
      name: 'inode of exactly 15 digits (the fast path) and 16 digits',
      line: '00400000-00401000 r--p 00000000 08:02 999999999999999 /x',
      begin: 0x400000n,
      end: 0x401000n,
      perms: 'r--p',
      offset: 0n,
      dev: [8, 2],
      inode: 999999999999999n,
      syntax: ['short-padding'],
    },
    {
      name: 'offset above 2^53',
      line: '00400000-00401000 r--s fffffffffffff001 00:06 7 /dev/mem',
      begin: 0x400000n,
      end: 0x401000n,
      perms: 'r--s',
      offset: 0xfffffffffffff001n,
      dev: [0, 6],
      inode: 7n,
      syntax: ['short-padding'],
    },
    {
      name: 'unpadded hand-written fields',
      line: '0-1000 rw-p 0 0:0 0',
      begin: 0n,
      end: 0x1000n,
      perms: 'rw-p',
      offset: 0n,
      dev: [0, 0],
      inode: 0n,
      syntax: ['number-format', 'device-format'],
    },
    {
      name: '39-bit aarch64 addresses (10 digits), [stack] ending at 2^39',
      line: k64('7ffffdf000-8000000000 rw-p 00000000 00:00 0 ', '[stack]'),
      begin: 0x7ffffdf000n,
      end: 0x8000000000n,
      perms: 'rw-p',
      offset: 0n,
      dev: [0, 0],
      inode: 0n,
    },
  ];
  it.each(cases)('$name', ({ line, begin, end, perms, offset, dev, inode, syntax }) => {
    const r = region(line, syntax);
    expect(r.begin).toBe(begin);
    expect(r.end).toBe(end);
    expect(r.sizeBytes).toBe(end - begin);
    expect(r.permissions.text).toBe(perms);
    expect(r.offset).toBe(offset);
    expect(r.device).toEqual({ major: dev[0], minor: dev[1] });
    expect(r.inode).toBe(inode);
    expect(r.line).toBe(1);
  });

  it('15- and 16-digit inodes on both sides of the fast path', () => {
    const at = (inode: string) => k64(`00400000-00401000 r--p 00000000 08:02 ${inode} `, '/x');
    expect(region(at('100000000000000')).inode).toBe(100000000000000n);
    expect(region(at('1000000000000000')).inode).toBe(1000000000000000n);
    expect(region(at('18446744073709551614')).inode).toBe(U64_MAX - 1n);
  });
});

describe('maps: pathnames', () => {
  const prefix64 = '7f0000000000-7f0000001000 r--p 00000000 fe:00 42 ';
  const prefix32 = '00010000-00011000 r-xp 00000000 b3:03 1234 ';
  const cases: { name: string; line: string; pathname: string | null; kind: string; syntax?: string[] }[] = [
    { name: 'a plain path', line: k64(prefix64, '/usr/bin/cat'), pathname: '/usr/bin/cat', kind: 'file' },
    { name: 'a double space kept', line: k64(prefix64, '/tmp/two  spaces'), pathname: '/tmp/two  spaces', kind: 'file' },
    // One line alone is not a text aligned as the kernel writes it: spaces past the column are padding.
    { name: 'one space past the padding column, alone', line: k64(prefix64, ' lead'), pathname: 'lead', kind: 'file', syntax: ['extra-padding'] },
    { name: 'three spaces past the padding column, alone', line: k64(prefix64, '   lead'), pathname: 'lead', kind: 'file', syntax: ['extra-padding'] },
    { name: 'trailing spaces kept', line: k64(prefix64, '/tmp/trail  '), pathname: '/tmp/trail  ', kind: 'file' },
    { name: 'a tab inside', line: k64(prefix64, '/tmp/a\tb'), pathname: '/tmp/a\tb', kind: 'file' },
    { name: 'a leading tab (the kernel does not escape tabs)', line: k64(prefix64, '\t/x'), pathname: '\t/x', kind: 'file' },
    { name: 'CR, VT, FF, NEL, U+2028 inside', line: k64(prefix64, '/a\rb\vc\fd\u0085e\u2028f'), pathname: '/a\rb\vc\fd\u0085e\u2028f', kind: 'file' },
    { name: 'a newline escaped as \\012 (kept raw)', line: k64(prefix64, '/tmp/new\\012line'), pathname: '/tmp/new\\012line', kind: 'file' },
    { name: 'a deleted file', line: k64(prefix64, '/tmp/x (deleted)'), pathname: '/tmp/x (deleted)', kind: 'deleted-file' },
    { name: 'a deleted file with spaces', line: k64(prefix64, '/tmp/a b (deleted)'), pathname: '/tmp/a b (deleted)', kind: 'deleted-file' },
    { name: '[heap]', line: k64(prefix64, '[heap]'), pathname: '[heap]', kind: 'heap' },
    { name: '[stack]', line: k64(prefix64, '[stack]'), pathname: '[stack]', kind: 'stack' },
    { name: '[stack:<tid>]', line: k64(prefix64, '[stack:25941]'), pathname: '[stack:25941]', kind: 'thread-stack' },
    { name: '[vdso]', line: k64(prefix64, '[vdso]'), pathname: '[vdso]', kind: 'vdso' },
    { name: '[vvar]', line: k64(prefix64, '[vvar]'), pathname: '[vvar]', kind: 'vvar' },
    { name: '[vvar_vclock]', line: k64(prefix64, '[vvar_vclock]'), pathname: '[vvar_vclock]', kind: 'vvar' },
    { name: '[vsyscall]', line: k64(prefix64, '[vsyscall]'), pathname: '[vsyscall]', kind: 'vsyscall' },
    { name: '[uprobes]', line: k64(prefix64, '[uprobes]'), pathname: '[uprobes]', kind: 'pseudo' },
    { name: '[anon:<name>]', line: k64(prefix64, '[anon:libc_malloc]'), pathname: '[anon:libc_malloc]', kind: 'named-anonymous' },
    {
      name: '[anon:<name with spaces>]',
      line: k64(prefix64, '[anon: glibc: loader malloc]'),
      pathname: '[anon: glibc: loader malloc]',
      kind: 'named-anonymous',
    },
    { name: '[anon_shmem:<name>]', line: k64(prefix64.replace('r--p', 'rw-s'), '[anon_shmem:a b]'), pathname: '[anon_shmem:a b]', kind: 'shared-memory' },
    { name: 'a memfd', line: k64(prefix64.replace('r--p', 'rw-s'), '/memfd:wayland-cursor (deleted)'), pathname: '/memfd:wayland-cursor (deleted)', kind: 'memfd' },
    { name: 'System V shm', line: k64(prefix64.replace('r--p', 'rw-s'), '/SYSV0000abcd (deleted)'), pathname: '/SYSV0000abcd (deleted)', kind: 'sysv-shm' },
    { name: 'shared /dev/zero', line: k64(prefix64.replace('r--p', 'rw-s'), '/dev/zero (deleted)'), pathname: '/dev/zero (deleted)', kind: 'shared-memory' },
    { name: 'private /dev/zero', line: k64(prefix64.replace('r--p', 'rw-p'), '/dev/zero'), pathname: '/dev/zero', kind: 'anonymous' },
    { name: 'anonymous with the trailing space', line: '7f0000000000-7f0000001000 rw-p 00000000 00:00 0 ', pathname: null, kind: 'anonymous' },
    { name: 'anonymous without the trailing space', line: '7f0000000000-7f0000001000 rw-p 00000000 00:00 0', pathname: null, kind: 'anonymous' },
    { name: 'anonymous padded with spaces to the name column', line: '7f0000000000-7f0000001000 rw-p 00000000 00:00 0'.padEnd(90), pathname: null, kind: 'anonymous' },
    { name: 'a tab after the inode separates the name', line: '00400000-00401000 r--p 00000000 08:02 7\t/bin/x', pathname: '/bin/x', kind: 'file', syntax: ['tab-separated'] },
    { name: 'tabs and spaces after the inode', line: '00400000-00401000 r--p 00000000 08:02 7\t  /bin/x', pathname: '/bin/x', kind: 'file', syntax: ['tab-separated'] },
    { name: 'one space before the name (2.4-era, hand-typed)', line: '08048000-08089000 r-xp 00000000 03:01 104219 /bin/tcsh', pathname: '/bin/tcsh', kind: 'file', syntax: ['short-padding'] },
    {
      name: 'three spaces before the name (tool output, inclusive end)',
      line: 'f2d9a000-f2da7fff r-xp 00000000 00:00 0   libbase.so',
      pathname: 'libbase.so',
      kind: 'file',
      syntax: ['inclusive-end', 'short-padding'],
    },
    { name: '32-bit layout: name at index 49', line: k32(prefix32, '/usr/bin/xochitl'), pathname: '/usr/bin/xochitl', kind: 'file' },
    { name: '32-bit layout: a space past the column, alone', line: k32(prefix32, ' x'), pathname: 'x', kind: 'file', syntax: ['extra-padding'] },
    { name: '32-bit layout: 23 spaces past the column, alone', line: k32(prefix32, ' '.repeat(23) + 'x'), pathname: 'x', kind: 'file', syntax: ['extra-padding'] },
    { name: '32-bit layout: 24 spaces reach the 64-bit column', line: k32(prefix32, ' '.repeat(24) + 'x'), pathname: 'x', kind: 'file' },
    { name: '64-bit layout with 8-digit addresses', line: k64('00400000-00452000 r-xp 00000000 08:02 173521 ', 'x'), pathname: 'x', kind: 'file' },
    {
      name: 'prefix longer than the padding: name after two spaces',
      line: 'ffffffffff600000-ffffffffff601000 r--p ffffffffffff0000 fff:fffff 18446744073709551615  /x',
      pathname: '/x',
      kind: 'file',
    },
    {
      name: 'prefix longer than the padding: a space past the column, alone',
      line: 'ffffffffff600000-ffffffffff601000 r--p ffffffffffff0000 fff:fffff 18446744073709551615   /x',
      pathname: '/x',
      kind: 'file',
      syntax: ['extra-padding'],
    },
    { name: 'an indented line (pasted)', line: '    00400000-00401000 r--p 00000000 08:02 7 /bin/x', pathname: '/bin/x', kind: 'file', syntax: ['indented', 'short-padding'] },
    { name: 'an indented kernel line keeps its padding rule', line: '\t' + k64(prefix64, 'lead'), pathname: 'lead', kind: 'file', syntax: ['indented'] },
  ];
  it.each(cases)('$name', ({ line, pathname, kind, syntax }) => {
    const r = region(line, syntax);
    expect(r.pathname).toBe(pathname);
    expect(r.kind).toBe(kind);
    expect(r.isDeleted).toBe(pathname !== null && pathname.endsWith(' (deleted)'));
  });

  it('a newline in a name: raw text kept, decodePathname restores it', () => {
    const r = region(k64(prefix64, '/tmp/new\\012line (deleted)'));
    expect(r.pathname).toBe('/tmp/new\\012line (deleted)');
    expect(decodePathname(r.pathname!)).toBe('/tmp/new\nline (deleted)');
    expect(r.isDeleted).toBe(true);
  });

  it('a name that is only spaces past the column is an anonymous line with padding, not a name', () => {
    // The kernel never writes an all-space name (d_path starts with "/", pseudo-names with "[").
    expect(region(k64(prefix64, '   ')).pathname).toBeNull();
  });
});

describe('maps: files, line ends and blank lines', () => {
  const a = k64('00400000-00401000 r--p 00000000 08:02 7 ', '/bin/a');
  const b = '00401000-00402000 rw-p 00000000 00:00 0 ';

  it('an empty string has no lines', () => {
    const r = parse('');
    expect(r.stats).toEqual({ lines: 0, regions: 0, blank: 0, recognized: 0, rejected: 0 });
    expect(r.diagnostics).toEqual([]);
  });

  it.each([
    ['one newline', '\n', 1],
    ['spaces and tabs', ' \n\t\n \t \n', 3],
    ['CRLF blank lines', '\r\n\r\n', 2],
    ['a BOM and blank lines', '\ufeff\n\n', 2],
  ])('only blank lines: %s', (_, text, lines) => {
    const r = parse(text);
    expect(r.stats).toEqual({ lines, regions: 0, blank: lines, recognized: 0, rejected: 0 });
    expect(r.diagnostics).toEqual([]);
  });

  it('a final line without a newline counts; a final newline does not add a line', () => {
    expect(parse(`${a}\n${b}`).stats.lines).toBe(2);
    expect(parse(`${a}\n${b}\n`).stats.lines).toBe(2);
    expect(parse(`${a}\n${b}\n\n`).stats).toMatchObject({ lines: 3, blank: 1, regions: 2 });
  });

  it('blank lines between regions keep the line numbers right', () => {
    const r = parse(`\n${a}\n  \n\n${b}\n`);
    expect(r.stats).toMatchObject({ lines: 5, regions: 2, blank: 3 });
    expect([r.regions.get(0).line, r.regions.get(1).line]).toEqual([2, 5]);
  });

  it('CRLF: one CR is dropped from each line, names and anonymous lines alike', () => {
    const r = parse(`${a}\r\n${b}\r\n`);
    expect(r.diagnostics).toEqual([]);
    expect(r.regions.get(0).pathname).toBe('/bin/a');
    expect(r.regions.get(1).pathname).toBeNull();
  });

  it('CRLF: a name ending in CR keeps all but the line-end CR', () => {
    const r = parse(`${a}\r\n${a.replace('/bin/a', '/bin/c\r')}\r\n`);
    expect(r.regions.get(1).pathname).toBe('/bin/c\r');
  });

  it('CRLF: a last line without a newline keeps its final CR (no CRLF there)', () => {
    const r = parse(`${a}\r\n${a.replace('/bin/a', '/bin/c\r')}`);
    expect(r.regions.get(1).pathname).toBe('/bin/c\r');
    expect(parse(`${a}\r\n${b.trimEnd()}\r`).diagnostics).toMatchObject([{ line: 2, code: 'bad-inode' }]);
  });

  it('LF file: a CR at the end of a name is a name character', () => {
    const r = parse(`${a}\n${a.replace('/bin/a', '/bin/c\r')}\n`);
    expect(r.regions.get(1).pathname).toBe('/bin/c\r');
  });

  it('the first line decides CRLF: a file whose first line ends in LF keeps CRs', () => {
    const r = parse(`${a}\n${b.trimEnd()}\r\n`);
    // The kernel writes "0 " then LF; "0\r" is no inode, and says so.
    expect(errorsOf(r)).toMatchObject([{ line: 2, code: 'bad-inode', message: 'invalid inode "0\r": expected a decimal number' }]);
  });

  it('a UTF-8 BOM is skipped; columns count from the first real character', () => {
    const r = parse(`\ufeff${a}\nzzz\n`);
    expect(r.regions.get(0).begin).toBe(0x400000n);
    expect(errorsOf(r)).toMatchObject([{ line: 2, column: 1, text: 'zzz' }]);
    const bad = parse('\ufeffzzz');
    expect(errorsOf(bad)).toMatchObject([{ line: 1, column: 1, text: 'zzz' }]);
  });

  it('a BOM with CRLF', () => {
    const r = parse(`\ufeff${a}\r\n${b}\r\n`);
    expect(r.diagnostics).toEqual([]);
    expect(r.regions.get(0).pathname).toBe('/bin/a');
  });

  it.each([
    ['CR', '\r'],
    ['VT', '\v'],
    ['FF', '\f'],
    ['U+2028', '\u2028'],
    ['U+2029', '\u2029'],
    ['NEL', '\u0085'],
  ])('only \\n splits lines: %s inside a name does not', (_, ch) => {
    const text = `${a}x${ch}${b}\n${b.replace('00401000-00402000', '00402000-00403000')}\n`;
    const r = parse(text);
    expect(r.stats.lines).toBe(2);
    expect(r.regions.get(0).pathname).toBe(`/bin/ax${ch}${b}`);
  });

  it('a line of a lone CR in an LF file is not blank: an error says what it found', () => {
    const r = parse(`${a}\n\r\n${b}\n`);
    expect(errorsOf(r)).toEqual([
      { line: 2, column: 1, severity: 'error', code: 'bad-range', message: 'expected a hex start address, found "\r"', text: '\r' },
    ]);
    expect(r.regions.length).toBe(2);
  });
});

describe('maps: errors — each path, message and column', () => {
  const cases: { name: string; line: string; code: string; column: number; message: string }[] = [
    { name: 'garbage', line: 'hello world', code: 'bad-range', column: 1, message: 'expected a hex start address, found "hello"' },
    { name: 'a space where the start address should be', line: '\u00a0 x', code: 'bad-range', column: 1, message: 'expected a hex start address, found "\u00a0"' },
    { name: 'a 0x prefix', line: '0x400000-0x401000 r--p 0 0:0 0', code: 'bad-range', column: 2, message: 'expected "-" after the start address, found "x400000-0x401000"' },
    { name: 'a space after the start address', line: '0040 r-xp 0 00:00 0', code: 'bad-range', column: 5, message: 'expected "-" after the start address, found a space' },
    { name: 'a tab after the start address', line: '0040\tr-xp 0 00:00 0', code: 'bad-range', column: 5, message: 'expected "-" after the start address, found a tab' },
    { name: 'only a start address', line: '00400000', code: 'bad-range', column: 9, message: 'expected "-" after the start address, found the end of the line' },
    { name: 'nothing after the dash', line: '00400000-', code: 'bad-range', column: 10, message: 'expected a hex end address, found the end of the line' },
    { name: 'a space after the dash', line: '00400000- 00401000 r--p', code: 'bad-range', column: 10, message: 'expected a hex end address, found a space' },
    { name: 'a non-hex end', line: '00400000-zz r--p', code: 'bad-range', column: 10, message: 'expected a hex end address, found "zz"' },
    { name: 'junk after the end address', line: '00400000-0040100g r--p 0 00:00 0', code: 'bad-range', column: 1, message: 'invalid address range "00400000-0040100g": expected start-end in hex' },
    { name: 'three addresses', line: '1-2-3 r--p 0 00:00 0', code: 'bad-range', column: 1, message: 'invalid address range "1-2-3": expected start-end in hex' },
    { name: 'end below start', line: '00500000-00400000 r--p 0 00:00 0', code: 'bad-range', column: 1, message: 'end address 0x00400000 is below start address 0x00500000' },
    { name: 'a 17-digit start', line: '1ffffffffffffffff-ffffffffffffffff r--p 0 00:00 0', code: 'too-wide', column: 1, message: 'start address "1ffffffffffffffff" is wider than 64 bits' },
    { name: 'a 17-digit end', line: '00400000-10000000000000000 r--p 0 00:00 0', code: 'too-wide', column: 10, message: 'end address "10000000000000000" is wider than 64 bits' },
    { name: 'range only', line: '00400000-00401000', code: 'missing-field', column: 18, message: 'line ends after the address range: expected permissions, offset, device and inode' },
    { name: 'range and a space', line: '00400000-00401000 ', code: 'missing-field', column: 19, message: 'line ends after the address range: expected permissions, offset, device and inode' },
    { name: 'invalid permissions', line: '00400000-00401000 rwz- 00000000 00:00 0', code: 'bad-permissions', column: 19, message: 'invalid permissions "rwz-": expected [r-][w-][x-][sp]' },
    { name: 'three-letter permissions', line: '00400000-00401000 rwx 00000000 00:00 0', code: 'bad-permissions', column: 19, message: 'invalid permissions "rwx": expected [r-][w-][x-][sp]' },
    { name: 'five-letter permissions', line: '00400000-00401000 rwxpp 00000000 00:00 0', code: 'bad-permissions', column: 19, message: 'invalid permissions "rwxpp": expected [r-][w-][x-][sp]' },
    { name: 'uppercase permissions', line: '00400000-00401000 R-XP 00000000 00:00 0', code: 'bad-permissions', column: 19, message: 'invalid permissions "R-XP": expected [r-][w-][x-][sp]' },
    { name: 'permissions in the wrong order', line: '00400000-00401000 xwrp 00000000 00:00 0', code: 'bad-permissions', column: 19, message: 'invalid permissions "xwrp": expected [r-][w-][x-][sp]' },
    { name: 'no offset', line: '00400000-00401000 r--p', code: 'missing-field', column: 23, message: 'line ends after the permissions: expected offset, device and inode' },
    { name: 'a non-hex offset', line: '00400000-00401000 r--p zz 00:00 0', code: 'bad-offset', column: 24, message: 'invalid offset "zz": expected hex digits' },
    { name: 'an offset with 0x', line: '00400000-00401000 r--p 0x1000 00:00 0', code: 'bad-offset', column: 24, message: 'invalid offset "0x1000": expected hex digits' },
    { name: 'a 17-digit offset', line: '00400000-00401000 r--p 10000000000000000 00:00 0', code: 'too-wide', column: 24, message: 'offset "10000000000000000" is wider than 64 bits' },
    { name: 'no device', line: '00400000-00401000 r--p 00000000', code: 'missing-field', column: 32, message: 'line ends after the offset: expected device (major:minor) and inode' },
    { name: 'a device without a colon', line: '00400000-00401000 r--p 00000000 0802 7', code: 'bad-device', column: 33, message: 'invalid device "0802": expected major:minor in hex' },
    { name: 'a device with a dash', line: '00400000-00401000 r--p 00000000 08-02 7', code: 'bad-device', column: 33, message: 'invalid device "08-02": expected major:minor in hex' },
    { name: 'a device without a minor', line: '00400000-00401000 r--p 00000000 08: 7', code: 'bad-device', column: 33, message: 'invalid device "08:": expected major:minor in hex' },
    { name: 'a device without a major', line: '00400000-00401000 r--p 00000000 :02 7', code: 'bad-device', column: 33, message: 'invalid device ":02": expected major:minor in hex' },
    { name: 'junk after the minor', line: '00400000-00401000 r--p 00000000 08:02x 7', code: 'bad-device', column: 33, message: 'invalid device "08:02x": expected major:minor in hex' },
    { name: 'a 13-bit major', line: '00400000-00401000 r--p 00000000 1000:00 7', code: 'bad-device', column: 33, message: 'invalid device "1000:00": major must fit 12 bits and minor 20 bits' },
    { name: 'a 21-bit minor', line: '00400000-00401000 r--p 00000000 00:100000 7', code: 'bad-device', column: 33, message: 'invalid device "00:100000": major must fit 12 bits and minor 20 bits' },
    { name: 'a major wider than 32 bits', line: '00400000-00401000 r--p 00000000 100000000:00 7', code: 'bad-device', column: 33, message: 'invalid device "100000000:00": major must fit 12 bits and minor 20 bits' },
    { name: 'a minor wider than 64 bits', line: '00400000-00401000 r--p 00000000 00:10000000000000000 7', code: 'bad-device', column: 33, message: 'invalid device "00:10000000000000000": major must fit 12 bits and minor 20 bits' },
    { name: 'no inode', line: '00400000-00401000 r--p 00000000 08:02', code: 'missing-field', column: 38, message: 'line ends after the device: expected an inode number' },
    { name: 'no inode, trailing space', line: '00400000-00401000 r--p 00000000 08:02 ', code: 'missing-field', column: 39, message: 'line ends after the device: expected an inode number' },
    { name: 'a name where the inode should be', line: '00400000-00401000 r--p 00000000 08:02 /bin/x', code: 'bad-inode', column: 39, message: 'invalid inode "/bin/x": expected a decimal number' },
    { name: 'a hex inode', line: '00400000-00401000 r--p 00000000 08:02 12ab /x', code: 'bad-inode', column: 39, message: 'invalid inode "12ab": expected a decimal number' },
    { name: 'a negative inode', line: '00400000-00401000 r--p 00000000 08:02 -1', code: 'bad-inode', column: 39, message: 'invalid inode "-1": expected a decimal number' },
    { name: 'an inode of 2^64', line: '00400000-00401000 r--p 00000000 08:02 18446744073709551616 /x', code: 'too-wide', column: 39, message: 'inode "18446744073709551616" is wider than 64 bits' },
    { name: 'a non-Linux line without device and inode', line: '00400000-00401000 r--p 00000000 /bin/x', code: 'bad-device', column: 33, message: 'invalid device "/bin/x": expected major:minor in hex' },
    { name: 'an indented bad line: columns from the real line start', line: '  00400000-00401000 rwz- 0 00:00 0', code: 'bad-permissions', column: 21, message: 'invalid permissions "rwz-": expected [r-][w-][x-][sp]' },
  ];
  it.each(cases)('$name', ({ line, code, column, message }) => {
    // With its newline: a last line without one that stops partway is "cut short" (tested below).
    const r = parse(line + '\n');
    expect(r.regions.length).toBe(0);
    expect(r.diagnostics).toEqual([{ line: 1, column, severity: 'error', code, message, text: line }]);
  });

  it('lines after a bad line still parse, each error on its own line', () => {
    const text = [
      '00400000-00401000 r--p 00000000 08:02 7 /bin/a',
      '00401000-00402000 rwz- 00000000 08:02 7 /bin/a',
      '',
      'garbage',
      '00402000-00403000 rw-p 00000000 00:00 0 ',
    ].join('\n');
    const r = parse(text);
    expect(r.stats).toEqual({ lines: 5, regions: 2, blank: 1, recognized: 0, rejected: 2 });
    expect(errorsOf(r).map((d) => [d.line, d.code])).toEqual([
      [2, 'bad-permissions'],
      [4, 'bad-range'],
    ]);
    expect([r.regions.get(0).line, r.regions.get(1).line]).toEqual([1, 5]);
  });

  it('a very long bad line: text clipped to 512 characters, the quoted field to 40', () => {
    const line = 'z'.repeat(10_000);
    const [d] = parse(line).diagnostics;
    expect(d.text).toBe('z'.repeat(512) + '…');
    expect(d.message).toBe(`expected a hex start address, found "${'z'.repeat(40)}…"`);
  });

  it('a 10,000-digit address is too wide, and its message stays short', () => {
    const [d] = parse('f'.repeat(10_000) + '-0 r--p 0 00:00 0').diagnostics;
    expect(d.code).toBe('too-wide');
    expect(d.message).toBe(`start address "${'f'.repeat(40)}…" is wider than 64 bits`);
  });

  it('CRLF: a diagnostic text has no CR', () => {
    const r = parse('00400000-00401000 r--p 0 00:00 0 /a\r\nbad line\r\n');
    expect(errorsOf(r)).toMatchObject([{ line: 2, text: 'bad line' }]);
  });
});

describe('maps: order warnings (regions are kept)', () => {
  const line = (range: string, name = '/x') => `${range} r--p 00000000 08:02 7 ${name}`;
  const cases: { name: string; ranges: string[]; warnings: [number, string, string][] }[] = [
    { name: 'ascending and adjacent: no warning', ranges: ['1000-2000', '2000-3000', '5000-6000'], warnings: [] },
    {
      name: 'out of order',
      ranges: ['5000-6000', '1000-2000'],
      warnings: [[2, 'out-of-order', 'out of order: starts at 0x1000, below 0x5000 where the region on line 1 starts (maps lists regions in ascending order)']],
    },
    { name: 'overlapping the previous region', ranges: ['1000-3000', '2000-4000'], warnings: [[2, 'overlap', 'overlaps the region on line 1']] },
    { name: 'contained in the previous region', ranges: ['1000-5000', '2000-3000'], warnings: [[2, 'overlap', 'overlaps the region on line 1']] },
    {
      name: 'overlapping a region further back',
      ranges: ['1000-9000', '2000-3000', '4000-5000'],
      warnings: [
        [2, 'overlap', 'overlaps the region on line 1'],
        [3, 'overlap', 'overlaps the region on line 1'],
      ],
    },
    { name: 'a duplicate of the previous region', ranges: ['1000-2000', '1000-2000'], warnings: [[2, 'duplicate', 'duplicate region: same range as line 1']] },
    {
      name: 'a duplicate further back, in an unsorted file',
      ranges: ['1000-2000', '5000-6000', '1000-2000'],
      warnings: [
        [3, 'out-of-order', 'out of order: starts at 0x1000, below 0x5000 where the region on line 2 starts (maps lists regions in ascending order)'],
        [3, 'duplicate', 'duplicate region: same range as line 1'],
      ],
    },
    {
      name: 'same start, shorter end after a longer one',
      ranges: ['1000-3000', '1000-2000', '1000-3000'],
      warnings: [
        [2, 'overlap', 'overlaps the region on line 1'],
        [3, 'duplicate', 'duplicate region: same range as line 1'],
      ],
    },
    {
      name: 'out of order and overlapping: the warning goes on the later line',
      ranges: ['2000-3000', '1000-2800'],
      warnings: [
        [2, 'out-of-order', 'out of order: starts at 0x1000, below 0x2000 where the region on line 1 starts (maps lists regions in ascending order)'],
        [2, 'overlap', 'overlaps the region on line 1'],
      ],
    },
    { name: 'an empty region', ranges: ['1000-1000'], warnings: [[1, 'empty-region', 'empty region: start and end addresses are equal']] },
    {
      name: 'an empty region inside another is empty, not overlapping',
      ranges: ['1000-3000', '2000-2000'],
      warnings: [[2, 'empty-region', 'empty region: start and end addresses are equal']],
    },
    {
      name: 'empty duplicates',
      ranges: ['1-1', '1-1'],
      warnings: [
        [1, 'empty-region', 'empty region: start and end addresses are equal'],
        [2, 'empty-region', 'empty region: start and end addresses are equal'],
        [2, 'duplicate', 'duplicate region: same range as line 1'],
      ],
    },
    {
      name: 'order compared as 64-bit numbers, not as text ([vsyscall] last)',
      ranges: ['54c00000-56c00000', '701ea000-70cdb000', '70074dd8d000-70074ee0d000', 'ffffffffff600000-ffffffffff601000'],
      warnings: [],
    },
    {
      name: 'above 2^53: one page apart is not a duplicate',
      ranges: ['ffffffffff600000-ffffffffff601000', 'ffffffffff601000-ffffffffff602000'],
      warnings: [],
    },
  ];
  it.each(cases)('$name', ({ ranges, warnings }) => {
    const r = parse(ranges.map((x) => line(x)).join('\n'));
    expect(r.regions.length).toBe(ranges.length);
    expect(errorsOf(r)).toEqual([]);
    expect(orderWarnings(r.diagnostics).map((d) => [d.line, d.code, d.message])).toEqual(warnings);
    for (const d of orderWarnings(r.diagnostics)) expect(d.column).toBe(1);
  });

  it('a warning in an unsorted file between errors keeps diagnostics in line order', () => {
    const r = parse([line('5000-6000'), 'bad', line('1000-2000'), 'bad'].join('\n'));
    expect(r.diagnostics.filter((d) => d.severity === 'error' || orderWarnings([d]).length > 0).map((d) => [d.line, d.severity])).toEqual([
      [2, 'error'],
      [3, 'warning'],
      [4, 'error'],
    ]);
  });
});
