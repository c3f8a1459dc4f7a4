/**
 * Bulk lookup on real backtraces: a glibc backtrace_symbols_fd dump and a gdb session, each with
 * the map of the same process (test/fixtures/query/backtrace.c), frozen and made live; plus the
 * edge cases of finding addresses in text, and properties.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { U64_MAX, formatHex } from '../../src/address';
import { PERM_EXEC, PERM_READ, PERM_WRITE } from '../../src/model/permissions';
import { formatBytes } from '../../src/format/format-size';
import { parseGdbMappings } from '../../src/parse/gdb';
import { parseProcMaps } from '../../src/parse/maps';
import { annotateText as annotateIsolated, findAddresses } from '../../src/query/annotate';
import { fileOffsetOf, formatLookupLine as isolatedLookupLine } from '../../src/query/describe-lookup';
import { parseMaps } from '../../src/parse/index';

/** The lines without the U+2068 … U+2069 around each name (checked once below): the text as read. */
const withoutIsolates = (text: string) => text.replace(/[\u2068\u2069]/g, '');
const formatLookupLine = (...args: Parameters<typeof isolatedLookupLine>) => withoutIsolates(isolatedLookupLine(...args));
const annotateText = (...args: Parameters<typeof annotateIsolated>) => withoutIsolates(annotateIsolated(...args));
import { ModuleIndex } from '../../src/query/module-index';
import { RegionIndex } from '../../src/query/region-index';
import type { RegionTable } from '../../src/model/region-table';
import { fixturePath, readFixture } from '../helpers/fixtures';
import { arbAddress, tableOf } from './table-fixtures';

function tools(table: RegionTable) {
  const index = RegionIndex.build(table);
  return { index, modules: ModuleIndex.build(table, index.order) };
}

/** The backtrace program's output split into its three parts. */
function splitDump(output: string): { backtrace: string; pointers: bigint[]; maps: string } {
  const [backtrace, rest] = output.split('--- pointers ---\n');
  const [pointerLine, maps] = rest.split('--- maps ---\n');
  return { backtrace, pointers: pointerLine.trim().split(' ').map((p) => BigInt(p)), maps };
}

/**
 * Checks a glibc backtrace against the map of the same process. backtrace_symbols_fd writes
 * `path(+0xoff)[0xaddr]`; without a symbol the offset is from the object's load address
 * (glibc debug/backtracesyms.c: `addr - l_addr`), which is the lowest mapping of a PIE or a
 * shared library — so the annotation must say `<file name>+0xoff`, independently of our arithmetic.
 */
function checkGlibcBacktrace(output: string): void {
  const { backtrace, pointers, maps } = splitDump(output);
  const parsed = parseProcMaps(maps);
  expect(parsed.diagnostics).toEqual([]);
  const { index, modules } = tools(parsed.regions);
  const frames = backtrace.trimEnd().split('\n');
  expect(frames.length).toBeGreaterThanOrEqual(4);
  const found = findAddresses(backtrace, index, modules);
  // Exactly one address per frame: the [0x…]; `(+0x…)` and `(symbol+0x…)` are offsets, not addresses.
  expect(found.map((f) => f.line)).toEqual(frames.map((_, i) => i + 1));
  let relative = 0;
  frames.forEach((frame, i) => {
    const m = /^(.*)\((\w*)\+0x([0-9a-f]+)\)\[0x([0-9a-f]+)\]$/.exec(frame)!;
    const f = found[i];
    expect(f.text).toBe(`0x${m[4]}`);
    expect(f.column).toBe(frame.indexOf('[') + 2);
    expect(f.lookup.mapped).toBe(true);
    const fileName = m[1].slice(m[1].lastIndexOf('/') + 1);
    const line = formatLookupLine(index.table, modules, f.lookup);
    if (m[2] === '') {
      expect(line.startsWith(`${fileName}+0x${m[3]} r-xp `)).toBe(true);
      relative++;
    } else {
      expect(line).toMatch(new RegExp(`^${fileName.replace(/\./g, '\\.')}\\+0x[0-9a-f]+ r-xp `));
    }
  });
  expect(relative).toBeGreaterThanOrEqual(3);

  // The three pointers the program printed: its own code, a malloc block, a local array.
  const text = pointers.map((p) => '0x' + p.toString(16)).join(' ');
  const kinds = findAddresses(text, index, modules).map((f) => (f.lookup.mapped ? [index.table.kind(f.lookup.row), index.table.get(f.lookup.row).permissions.text] : ['unmapped']));
  expect(kinds).toEqual([
    ['file', 'r-xp'],
    ['heap', 'rw-p'],
    ['stack', 'rw-p'],
  ]);
}

describe('a real glibc backtrace with its own map', () => {
  it('frozen: test/fixtures/query/backtrace-glibc.txt', () => {
    checkGlibcBacktrace(readFixture('query/backtrace-glibc.txt'));
  });

  // gcc is a test requirement (test/e2e/ensure-tools.sh installs it).
  it('live: built and run now', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mapscope-bt-'));
    try {
      const bin = join(dir, 'backtrace');
      const cc = spawnSync('gcc', ['-O0', '-g', '-Wall', '-o', bin, fixturePath('query/backtrace.c')], { encoding: 'utf8' });
      expect(cc.stderr).toBe('');
      const run = spawnSync(bin, { encoding: 'utf8' });
      expect(run.status).toBe(0);
      checkGlibcBacktrace(run.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('annotated text keeps every input line, in order, and adds one line per address', () => {
    const { backtrace, maps } = splitDump(readFixture('query/backtrace-glibc.txt'));
    const { index, modules } = tools(parseProcMaps(maps).regions);
    const out = annotateText(backtrace, index, modules).split('\n');
    expect(out.filter((l) => !l.startsWith('    -> '))).toEqual(backtrace.split('\n'));
    const notes = out.filter((l) => l.startsWith('    -> '));
    expect(notes).toHaveLength(findAddresses(backtrace, index, modules).length);
    // Each note follows its line: "-> <the address as written> = <the answer>".
    out.forEach((l, i) => {
      if (!l.startsWith('    -> ')) return;
      const written = /^ {4}-> (\S+) = /.exec(l)![1];
      let k = i - 1;
      while (out[k].startsWith('    -> ')) k--;
      expect(out[k]).toContain(written);
    });
  });
});

describe('a real gdb session (backtrace and `info proc mappings` of the same process)', () => {
  const text = readFixture('query/backtrace-gdb.txt');
  const { regions } = parseGdbMappings(text.slice(text.indexOf('Mapped address spaces:')));
  const { index, modules } = tools(regions);

  it('each frame address lies in the object gdb names: libc for glibc sources, the program for its own', () => {
    const frames = text.split('\n').filter((l) => /^#\d+ +0x/.test(l));
    expect(frames.length).toBeGreaterThanOrEqual(6);
    for (const frame of frames) {
      const [f] = findAddresses(frame, index, modules);
      expect(f.text).toBe(/0x[0-9a-f]+/.exec(frame)![0]);
      const own = / at test\/fixtures\/query\/backtrace\.c:\d+$/.test(frame);
      const line = formatLookupLine(regions, modules, f.lookup);
      expect(line, frame).toMatch(own ? /^mapscope-backtrace\+0x[0-9a-f]+ r-xp / : /^libc\.so\.6\+0x[0-9a-f]+ r-xp /);
    }
  });

  it('data pointers in the arguments are found too: stdout in libc data, the buffer in the heap', () => {
    const frame = text.split('\n').find((l) => l.startsWith('#1 '))!;
    const lines = findAddresses(frame, index, modules).map((f) => formatLookupLine(regions, modules, f.lookup));
    expect(lines[0]).toMatch(/^libc\.so\.6\+0x[0-9a-f]+ r-xp /); // the frame's pc
    expect(lines[1]).toMatch(/^libc\.so\.6\+0x[0-9a-f]+ rw-p /); // f=0x7ffff7fa8760 <_IO_2_1_stdout_>
    expect(lines[2]).toMatch(/^\[heap\]\+0x[0-9a-f]+ rw-p /); // data=0x55555555a370: stdout's malloc'd buffer
  });

  it('a small 0x number that is not mapped is reported as unmapped, with both neighbours', () => {
    const [f] = findAddresses('Breakpoint 1 at 0x11f4: file x.c', index, modules);
    // The program's first mapping starts at 0x555555554000 (gdb disables ASLR): the gap below it.
    const first = 0x5555_5555_4000n;
    expect(formatLookupLine(regions, modules, f.lookup)).toBe(
      `unmapped: gap 0x0-0x555555554000 (${formatBytes(first)}), 0x11f4 (${formatBytes(0x11f4n)}) above address 0 (no region below), ` +
        `${formatHex(first - 0x11f4n)} (${formatBytes(first - 0x11f4n)}) before mapscope-backtrace`,
    );
  });
});

describe('finding addresses in text', () => {
  const LIBC = '/usr/lib/x86_64-linux-gnu/libc.so.6';
  const table = tableOf([
    /* 0 */ { begin: 0x5555_5555_4000n, end: 0x5555_5555_6000n, perms: PERM_READ | PERM_EXEC, pathname: '/tmp/prog' },
    /* 1 */ { begin: 0x5555_5555_6000n, end: 0x5555_5557_7000n, perms: PERM_READ | PERM_WRITE, pathname: '[heap]' },
    /* 2 */ { begin: 0x7f00_0000_0000n, end: 0x7f00_0020_0000n, perms: PERM_READ | PERM_EXEC, pathname: LIBC },
    /* 3 */ { begin: 0x7f00_0030_0000n, end: 0x7f00_0040_0000n, perms: PERM_READ | PERM_WRITE },
    /* 4 */ { begin: 0xffff_ffff_ff60_0000n, end: 0xffff_ffff_ff60_1000n, perms: PERM_EXEC, pathname: '[vsyscall]' },
  ]);
  const { index, modules } = tools(table);
  const find = (text: string) => findAddresses(text, index, modules).map((f) => [f.text, formatHex(f.address), f.form]);

  const cases: [string, string, string[][]][] = [
    ['gdb frame', '#0  0x00007f0000029d90 in raise () from /lib/libc.so.6', [['0x00007f0000029d90', '0x7f0000029d90', 'hex']]],
    ['glibc backtrace: the bracket only', '/lib/libc.so.6(+0x29d90)[0x7f0000029d90]', [['0x7f0000029d90', '0x7f0000029d90', 'hex']]],
    ['symbol+offset is no address', 'prog(main+0x2a)[0x555555554100]', [['0x555555554100', '0x555555554100', 'hex']]],
    ['ASan frame: the (path+offset) is the same frame, found once', '    #1 0x7f0000029d90 in f (/lib/x86_64-linux-gnu/libc.so.6+0x29d90)', [['0x7f0000029d90', '0x7f0000029d90', 'hex']]],
    ['path+offset outside a frame', 'called from (/lib/x86_64-linux-gnu/libc.so.6+0x29d90)', [['/lib/x86_64-linux-gnu/libc.so.6+0x29d90', '0x7f0000029d90', 'module']]],
    ['gdb frame arguments: found, NULL skipped', '#1  0x00007f0000029d90 in f (req=0x555555560010, rem=0x0) at x.c:3', [['0x00007f0000029d90', '0x7f0000029d90', 'hex'], ['0x555555560010', '0x555555560010', 'hex']]],
    ['Android frame: pc relative to the module', '    #00 pc 0000000000029d90  /usr/lib/x86_64-linux-gnu/libc.so.6 (abort+164)', [['0000000000029d90  /usr/lib/x86_64-linux-gnu/libc.so.6', '0x7f0000029d90', 'module']]],
    ['Android frame of a module not in the map: not found', '    #00 pc 0000000000029d90  /system/lib64/libfoo.so', []],
    ['module+offset in running text', 'crashed at libc.so.6+0x10, again at prog+0x20.', [['libc.so.6+0x10', '0x7f0000000010', 'module'], ['prog+0x20', '0x555555554020', 'module']]],
    ['a prefix before the module name', 'pc=libc.so.6+0x10', [['libc.so.6+0x10', '0x7f0000000010', 'module']]],
    ['bare hex, mapped', 'rip 7f0000029d90 rsp 555555560000', [['7f0000029d90', '0x7f0000029d90', 'hex'], ['555555560000', '0x555555560000', 'hex']]],
    ['bare hex, unmapped: a timestamp, not an address', 'at 20240601 id 0123456789abcdef', []],
    ['bare hex shorter than 8 digits', 'pid 4242 cafe', []],
    ['0x unmapped is still reported', 'value 0x10', [['0x10', '0x10', 'hex']]],
    ['NULL is no address', 'p=0x0 q=0x0000000000000000 (nil)', []],
    ['a hash wider than 64 bits', 'build-id 0x8a1f7c5d3e2b4a6978f0e1d2c3b4a596', []],
    ['WinDbg separators', 'rip=00007f00`00029d90', [['00007f00`00029d90', '0x7f0000029d90', 'hex']]],
    ['gdb-style separators', '0x7f00_0002_9d90', [['0x7f00_0002_9d90', '0x7f0000029d90', 'hex']]],
    ['inside a word is no address', 'deadbeefcafebabe1x 0x1g', []],
    ['a maps line: both ends', '7f0000000000-7f0000200000 r-xp 00000000 fe:00 1 /x', [['7f0000000000', '0x7f0000000000', 'hex']]],
    ['vsyscall', 'ffffffffff600400', [['ffffffffff600400', '0xffffffffff600400', 'hex']]],
    ['an unknown module is skipped', 'libz.so+0x10', []],
  ];
  it.each(cases)('%s', (_, text, expected) => {
    expect(find(text)).toEqual(expected);
  });

  it('line and column of each address, CRLF kept in the annotation', () => {
    const text = 'first\r\n  0x7f0000000010 and 0x10\r\nlast';
    const found = findAddresses(text, index, modules);
    expect(found.map((f) => [f.line, f.column])).toEqual([
      [2, 3],
      [2, 22],
    ]);
    const out = annotateText(text, index, modules);
    expect(out.split('\n')).toEqual([
      'first\r',
      '  0x7f0000000010 and 0x10\r',
      '    -> 0x7f0000000010 = libc.so.6+0x10 r-xp 0x7f0000000000-0x7f0000200000 /usr/lib/x86_64-linux-gnu/libc.so.6\r',
      `    -> 0x10 = unmapped: gap 0x0-0x555555554000 (${formatBytes(0x5555_5555_4000n)}), 0x10 above address 0 (no region below), 0x555555553ff0 (${formatBytes(0x5555_5555_3ff0n)}) before prog\r`,
      'last',
    ]);
  });

  it('anonymous regions and the gap between two regions', () => {
    const lines = findAddresses('0x7f0000300010 0x7f0000280000 0xffffffffffffffff', index, modules).map((f) => formatLookupLine(table, modules, f.lookup));
    expect(lines).toEqual([
      '+0x10 into anonymous rw-p 0x7f0000300000-0x7f0000400000',
      'unmapped: gap 0x7f0000200000-0x7f0000300000 (1 MiB), 0x80000 (512 KiB) past the end of libc.so.6, 0x80000 (512 KiB) before anonymous 0x7f0000300000-0x7f0000400000',
      `unmapped: gap 0xffffffffff601000-0x10000000000000000 (${formatBytes(2n ** 64n - 0xffff_ffff_ff60_1000n)}), 0x9fefff (${formatBytes(0x9f_efffn)}) past the end of [vsyscall], no region above`,
    ]);
  });

  it('finds every address written among arbitrary words, exactly', () => {
    const word = fc.stringMatching(/^[g-z ,;:()]{0,6}$/); // no hex digits: cannot form or extend an address
    const nonNull = arbAddress.filter((a) => a !== 0n); // NULL is never an address
    fc.assert(
      fc.property(fc.array(fc.tuple(word, nonNull), { maxLength: 8 }), word, (parts, tail) => {
        const text = parts.map(([w, a]) => `${w} 0x${a.toString(16)} `).join('') + tail;
        const found = findAddresses(text, index, modules);
        expect(found.map((f) => f.address)).toEqual(parts.map(([, a]) => a));
        for (const f of found) {
          expect(f.lookup.address).toBe(f.address);
          expect(f.address <= U64_MAX).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const out = annotateText(text, index, modules);
        expect(out.split('\n').filter((l) => !l.startsWith('    -> '))).toEqual(text.split('\n'));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('issue 18 point 10: no file offset without a file; kernel space and the non-canonical hole named as such', () => {
  // This test process's own map: x86-64 puts [heap], [stack] and [vsyscall] in it.
  const table = parseMaps(readFileSync('/proc/self/maps', 'utf8')).regions;
  const index = RegionIndex.build(table);
  const modules = ModuleIndex.build(table, index.order);
  const rowNamed = (name: string) => Array.from({ length: table.length }, (_, r) => r).find((r) => table.pathname(r) === name);

  it('[heap], [stack] and [vsyscall] have no file offset; libc does', () => {
    for (const name of ['[heap]', '[stack]', '[vsyscall]']) {
      const row = rowNamed(name);
      if (row === undefined) continue; // node may have no brk heap; a kernel may have no vsyscall page
      const found = index.lookup(table.begin(row) + 0x10n);
      expect(found.mapped && fileOffsetOf(table, found), name).toBeUndefined();
    }
    const libc = Array.from({ length: table.length }, (_, r) => r).find((r) => /\/libc\.so\.6$/.test(table.pathname(r) ?? '') && table.columns.offsetLo[r] > 0)!;
    const found = index.lookup(table.begin(libc) + 0x10n);
    expect(found.mapped && fileOffsetOf(table, found)).toBe(table.get(libc).offset + 0x10n);
  });

  it('0xffffffff81000000 is kernel space, 0x800000000000 non-canonical, not gaps past [stack]', () => {
    if (process.arch !== 'x64') return;
    const [kernel, hole] = findAddresses('0xffffffff81000000 0x800000000000', index, modules).map((f) => formatLookupLine(table, modules, f.lookup, index.addressSpace));
    expect(kernel).toBe(
      'unmapped: kernel space: the kernel half of x86-64, 48-bit virtual addresses (4-level paging) starts at 0xffff800000000000, beyond the non-canonical hole; no process maps it (decided from the map: ' +
        index.addressSpace!.basis +
        ')',
    );
    expect(hole).toMatch(/^unmapped: non-canonical: no address from 0x800000000000 to 0xffff7fffffffffff can be mapped on x86-64, 48-bit/);
    // Inside user space the gap is described as before, with its neighbours.
    const [gap] = findAddresses('0x1000', index, modules).map((f) => formatLookupLine(table, modules, f.lookup, index.addressSpace));
    expect(gap).toMatch(/^unmapped: gap 0x0-0x[0-9a-f]+ .* above address 0 \(no region below\), /);
  });
});
