/** Address input: hex forms, module+offset, and the messages of bad input; on real files and properties. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { U64_MAX, formatHex } from '../../src/address';
import { PERM_EXEC, PERM_READ, PERM_WRITE } from '../../src/model/permissions';
import { parseProcMaps } from '../../src/parse/maps';
import { formatModuleOffset, parseAddressInput } from '../../src/query/address-input';
import { ModuleIndex } from '../../src/query/module-index';
import { RegionIndex } from '../../src/query/region-index';
import { readFixture } from '../helpers/fixtures';
import { arbAddress, arbMessySpecs, arbOrderedSpecs, tableOf } from './table-fixtures';

const LIBC = '/usr/lib/x86_64-linux-gnu/libc.so.6';
const table = tableOf([
  /* 0 */ { begin: 0x5555_5555_4000n, end: 0x5555_5555_5000n, perms: PERM_READ, pathname: '/tmp/prog' },
  /* 1 */ { begin: 0x5555_5555_5000n, end: 0x5555_5555_6000n, perms: PERM_READ | PERM_EXEC, pathname: '/tmp/prog', offset: 0x1000n },
  /* 2 */ { begin: 0x7f00_0000_0000n, end: 0x7f00_0002_6000n, perms: PERM_READ, pathname: LIBC },
  /* 3 */ { begin: 0x7f00_0002_6000n, end: 0x7f00_0017_c000n, perms: PERM_READ | PERM_EXEC, pathname: LIBC, offset: 0x26000n },
  /* 4 */ { begin: 0x7f00_1000_0000n, end: 0x7f00_1000_1000n, perms: PERM_READ, pathname: '/usr/lib/libstdc++.so.6' },
  /* 5 */ { begin: 0x7f00_2000_0000n, end: 0x7f00_2000_1000n, perms: PERM_READ, pathname: '/a/libdup.so' },
  /* 6 */ { begin: 0x7f00_3000_0000n, end: 0x7f00_3000_1000n, perms: PERM_READ, pathname: '/b/libdup.so' },
  /* 7 */ { begin: 0x7f00_4000_0000n, end: 0x7f00_4000_1000n, perms: PERM_READ, pathname: '/tmp/libgone.so (deleted)' },
  /* 8 */ { begin: 0x7f00_5000_0000n, end: 0x7f00_5000_1000n, perms: PERM_READ, pathname: 'libdup.so' }, // a bare name, as unwinders write
  /* 9 */ { begin: 0x7f00_6000_0000n, end: 0x7f00_6000_1000n, perms: PERM_READ, pathname: '[anon: glibc: loader malloc]' },
  /* 10 */ { begin: 0x7f00_7000_0000n, end: 0x7f00_7000_1000n, perms: PERM_READ },
  /* 11 */ { begin: 0xffff_ffff_ff60_0000n, end: 0xffff_ffff_ff60_1000n, perms: PERM_EXEC, pathname: '[vsyscall]' },
]);
const modules = ModuleIndex.build(table);

describe('parseAddressInput: hex', () => {
  const cases: [string, bigint][] = [
    ['0x7f0000029d90', 0x7f00_0002_9d90n],
    ['7f0000029d90', 0x7f00_0002_9d90n],
    ['0X7F0000029D90', 0x7f00_0002_9d90n],
    ['  0x10\t', 0x10n],
    ['0x7fff_ffff_0000', 0x7fff_ffff_0000n],
    ['00007ff6`12345678', 0x7ff6_1234_5678n], // WinDbg
    ['0xffffffffff600000', 0xffff_ffff_ff60_0000n],
    ['ffffffffffffffff', U64_MAX],
    ['0', 0n],
  ];
  it.each(cases)('%j is %s', (text, expected) => {
    expect(parseAddressInput(text, modules)).toEqual({ ok: true, address: expected, form: 'hex' });
  });
});

describe('parseAddressInput: module+offset', () => {
  const cases: [string, bigint, string][] = [
    ['libc.so.6+0x29d90', 0x7f00_0002_9d90n, LIBC],
    ['libc.so.6+29d90', 0x7f00_0002_9d90n, LIBC],
    [`${LIBC}+0x29d90`, 0x7f00_0002_9d90n, LIBC],
    ['/lib/x86_64-linux-gnu/libc.so.6+0x29d90', 0x7f00_0002_9d90n, LIBC], // usrmerge: another path to the same file
    ['  libc.so.6 + 0x10 ', 0x7f00_0000_0010n, LIBC],
    ['prog+0x1208', 0x5555_5555_5208n, '/tmp/prog'],
    ['libstdc++.so.6+0x10', 0x7f00_1000_0010n, '/usr/lib/libstdc++.so.6'],
    ['/a/libdup.so+0x1', 0x7f00_2000_0001n, '/a/libdup.so'],
    ['libdup.so+0x2', 0x7f00_5000_0002n, 'libdup.so'], // the exact pathname wins over two file names
    ['libgone.so+0x3', 0x7f00_4000_0003n, '/tmp/libgone.so (deleted)'],
    ['libgone.so (deleted)+0x3', 0x7f00_4000_0003n, '/tmp/libgone.so (deleted)'],
    ['[anon: glibc: loader malloc]+0x20', 0x7f00_6000_0020n, '[anon: glibc: loader malloc]'],
    ['[vsyscall]+0x0', 0xffff_ffff_ff60_0000n, '[vsyscall]'],
    ['libc.so.6+0x0', 0x7f00_0000_0000n, LIBC],
    ['libc.so.6+0x10000000', 0x7f00_1000_0000n, LIBC], // beyond the module: still an address
  ];
  it.each(cases)('%j', (text, address, pathname) => {
    const got = parseAddressInput(text, modules);
    expect(got).toMatchObject({ ok: true, address, form: 'module' });
    if (got.ok && got.form === 'module') {
      expect(got.module.pathname).toBe(pathname);
      expect(got.module.baseAddr + got.moduleOffset).toBe(address);
    }
  });

  it('an address plus an offset', () => {
    expect(parseAddressInput('0x7f0000000000+0x29d90', modules)).toMatchObject({ ok: true, address: 0x7f00_0002_9d90n, form: 'sum' });
  });
});

describe('parseAddressInput: messages, never exceptions', () => {
  const cases: [string, RegExp][] = [
    ['0x', /not a hex address/],
    ['zz', /"zz" is not a hex address/],
    ['0x1_0000_0000_0000_0000', /wider than 64 bits/],
    ['+0x10', /no module before "\+"/],
    ['libc.so.6+', /expected a hex offset after "\+", found nothing/],
    ['libc.so.6+zz', /found "zz"/],
    ['libcx.so+0x10', /no module "libcx.so" in this file/],
    ['LIBC+0x10', /did you mean libc\.so\.6[,?]/],
    ['libdup.so.1+0x1', /no module/],
    ['[heap]+0x1', /no module "\[heap\]"/],
    ['[vsyscall]+0xa00000', /beyond the 64-bit address space/],
    ['0xffffffffffffffff+0x1', /beyond the 64-bit address space/],
  ];
  it.each(cases)('%j', (text, message) => {
    const got = parseAddressInput(text, modules);
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.message).toMatch(message);
  });

  it('two files of one name are ambiguous, and the full path tells them apart', () => {
    const both = tableOf([
      { begin: 0x1000n, end: 0x2000n, pathname: '/a/libx.so' },
      { begin: 0x3000n, end: 0x4000n, pathname: '/b/libx.so' },
    ]);
    const got = parseAddressInput('libx.so+0x10', ModuleIndex.build(both));
    expect(got).toMatchObject({ ok: false, empty: false });
    if (!got.ok) expect(got.message).toBe('"libx.so" names 2 files: /a/libx.so, /b/libx.so; type the full path');
    expect(parseAddressInput('/b/libx.so+0x10', ModuleIndex.build(both))).toMatchObject({ ok: true, address: 0x3010n });
  });

  it('blank input is empty, not an error to show', () => {
    expect(parseAddressInput('  ', modules)).toEqual({ ok: false, empty: true, message: 'type an address' });
  });

  it('without modules, a name+offset says why it cannot be read', () => {
    const got = parseAddressInput('libc.so.6+0x10');
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.message).toMatch(/no file is loaded/);
  });

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const got = parseAddressInput(text, modules);
        if (got.ok) expect(got.address >= 0n && got.address <= U64_MAX).toBe(true);
        else expect(got.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('hex round trip', () => {
  it('parse(format(a)) === a, in every written form', () => {
    fc.assert(
      fc.property(arbAddress, fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 8 }), fc.constantFrom('_', '`', ''), (a, prefix, upper, pad, sep) => {
        let digits = a.toString(16).padStart(a.toString(16).length + pad, '0');
        if (upper) digits = digits.toUpperCase();
        // A separator every 4 digits from the right, as gdb and WinDbg group them.
        if (sep !== '') digits = digits.replace(/\B(?=(.{4})+$)/g, sep);
        const text = (prefix ? '0x' : '') + digits;
        expect(parseAddressInput(text)).toEqual({ ok: true, address: a, form: 'hex' });
        expect(parseAddressInput(formatHex(a))).toEqual({ ok: true, address: a, form: 'hex' });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('module+offset round trip', () => {
  it('address in a named region -> module+offset -> the same address -> the same module+offset', () => {
    fc.assert(
      fc.property(arbOrderedSpecs, fc.nat(), fc.bigInt({ min: 0n, max: U64_MAX }), (specs, pick, within) => {
        const t = tableOf(specs);
        const named = specs.map((s, row) => ({ s, row })).filter(({ s }) => s.pathname !== null && s.pathname !== undefined && s.end > s.begin);
        if (named.length === 0) return;
        const { s, row } = named[pick % named.length];
        const address = s.begin + (within % (s.end - s.begin));
        const mods = ModuleIndex.build(t);
        const text = formatModuleOffset(mods, row, address);
        if (text === undefined) {
          // Only a pathname that cannot be typed back has no module form: the empty name.
          expect(s.pathname).toBe('');
          return;
        }
        const parsed = parseAddressInput(text, mods);
        expect(parsed).toMatchObject({ ok: true, address, form: 'module' });
        // Regions of a real-shaped file do not overlap: the lookup finds the same row, and the same text.
        const found = RegionIndex.build(t).lookup(address);
        expect(found).toMatchObject({ mapped: true, row });
        expect(formatModuleOffset(mods, row, address)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('every module reads back by its label, and holds exactly its rows', () => {
    fc.assert(
      fc.property(fc.oneof(arbMessySpecs, arbOrderedSpecs), (specs) => {
        const t = tableOf(specs);
        const mods = ModuleIndex.build(t);
        for (const m of mods.modules) {
          const rows = specs.filter((_, row) => mods.moduleOfRow(row) === m);
          const lowest = rows.reduce((min, s) => (s.begin < min ? s.begin : min), U64_MAX);
          const highest = rows.reduce((max, s) => (s.end > max ? s.end : max), 0n);
          expect([m.baseAddr, m.endAddr, m.regionCount]).toEqual([lowest, highest, rows.length]);
          expect(mods.find(m.label)).toBe(m);
        }
        // A named region always has a module of its own name; anonymous ones only as part of a file's module.
        specs.forEach((s, row) => {
          const m = mods.moduleOfRow(row);
          if (s.pathname !== null && s.pathname !== undefined) expect(m?.pathname).toBe(s.pathname);
          else if (m !== undefined) expect(m.pathname.length).toBeGreaterThan(0);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('a file mapped twice: the plain name is the mapping at file offset 0, #2 the other', () => {
    const twice = tableOf([
      { begin: 0x40_0000n, end: 0x40_1000n, perms: PERM_READ, pathname: '/usr/bin/node', offset: 0n },
      { begin: 0x40_1000n, end: 0x50_0000n, perms: PERM_READ | PERM_EXEC, pathname: '/usr/bin/node', offset: 0x1000n },
      { begin: 0x6000_0000n, end: 0x6000_1000n, perms: PERM_READ, pathname: LIBC },
      { begin: 0x7f00_0000_0000n, end: 0x7f00_0010_0000n, perms: PERM_READ | PERM_EXEC, pathname: '/usr/bin/node', offset: 0x14c_4000n },
    ]);
    const mods = ModuleIndex.build(twice);
    expect(parseAddressInput('node+0x10', mods)).toMatchObject({ ok: true, address: 0x40_0010n });
    expect(parseAddressInput('node#1+0x10', mods)).toMatchObject({ ok: true, address: 0x40_0010n });
    expect(parseAddressInput('node#2+0x10', mods)).toMatchObject({ ok: true, address: 0x7f00_0000_0010n });
    expect(formatModuleOffset(mods, 3, 0x7f00_0000_0010n)).toBe('node#2+0x10');
    expect(parseAddressInput('node#3+0x10', mods).ok).toBe(false);
  });

  it('a file mapped twice from offset 0 is ambiguous until #n says which', () => {
    const twice = tableOf([
      { begin: 0x1000n, end: 0x2000n, perms: PERM_READ, pathname: '/data/app.jar', offset: 0n },
      { begin: 0x9000n, end: 0xa000n, perms: PERM_READ, pathname: '/data/app.jar', offset: 0n },
    ]);
    const mods = ModuleIndex.build(twice);
    const got = parseAddressInput('app.jar+0x10', mods);
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.message).toBe('"app.jar" is mapped 2 times (at 0x1000, 0x9000): type app.jar#1 or app.jar#2');
    expect(parseAddressInput('app.jar#2+0x10', mods)).toMatchObject({ ok: true, address: 0x9010n });
  });

  it('an unnamed anonymous region after a library is not counted in it (it may hold more than its .bss); bionic\'s [anon:.bss] is', () => {
    const lib = tableOf([
      { begin: 0x10000n, end: 0x11000n, perms: PERM_READ, pathname: LIBC, offset: 0n },
      { begin: 0x11000n, end: 0x12000n, perms: PERM_READ | PERM_WRITE, pathname: LIBC, offset: 0x1000n },
      { begin: 0x12000n, end: 0x14000n, perms: PERM_READ | PERM_WRITE }, // .bss, maybe merged with more
    ]);
    const mods = ModuleIndex.build(lib);
    expect(formatModuleOffset(mods, 2, 0x12010n)).toBeUndefined();
    expect(mods.bssNeighbourOf(2)?.label).toBe('libc.so.6');
    expect(mods.bssNeighbourOf(1)).toBeUndefined();
    const bionic = tableOf([
      { begin: 0x10000n, end: 0x11000n, perms: PERM_READ, pathname: LIBC, offset: 0n },
      { begin: 0x11000n, end: 0x12000n, perms: PERM_READ | PERM_WRITE, pathname: LIBC, offset: 0x1000n },
      { begin: 0x12000n, end: 0x14000n, perms: PERM_READ | PERM_WRITE, pathname: '[anon:.bss]' },
    ]);
    expect(formatModuleOffset(ModuleIndex.build(bionic), 2, 0x12010n)).toBe('libc.so.6+0x2010');
  });
});

describe('on real files', () => {
  /** The lowest begin of the lines naming `pathname`, read with a regex, not the parser. */
  function lowestBegin(text: string, pathname: string): bigint {
    let lowest = U64_MAX;
    for (const line of text.split('\n')) {
      const m = /^([0-9a-f]+)-[0-9a-f]+ \S+ \S+ \S+ \d+ +(.*)$/.exec(line);
      if (m && m[2] === pathname && BigInt('0x' + m[1]) < lowest) lowest = BigInt('0x' + m[1]);
    }
    return lowest;
  }

  it('node-20-self.maps: node+offset and libc.so.6+offset from the file name', () => {
    const text = readFixture('maps/node-20-self.maps');
    const t = parseProcMaps(text).regions;
    const mods = ModuleIndex.build(t);
    const libc = t.toArray().find((r) => r.pathname?.endsWith('/libc.so.6'))!.pathname!;
    expect(parseAddressInput('node+0x1234', mods)).toMatchObject({ ok: true, address: lowestBegin(text, '/usr/bin/node') + 0x1234n });
    expect(parseAddressInput('libc.so.6+0x29d90', mods)).toMatchObject({ ok: true, address: lowestBegin(text, libc) + 0x29d90n });
  });

  it('/proc/self/maps: every named region reads back from its module+offset, counted from the lowest mapping of a file mapped once', () => {
    const text = readFileSync('/proc/self/maps', 'utf8');
    const t = parseProcMaps(text).regions;
    const mods = ModuleIndex.build(t);
    const regions = t.toArray();
    let checked = 0;
    for (const r of regions) {
      if (r.pathname === null) continue;
      const written = formatModuleOffset(mods, r.index, r.begin)!;
      expect(parseAddressInput(written, mods)).toMatchObject({ ok: true, address: r.begin });
      // Mapped once: the file's lines are one run in address order (anonymous lines aside).
      const lines = regions.filter((q) => q.pathname === r.pathname).map((q) => q.index);
      const named = regions.filter((q) => q.pathname !== null).map((q) => q.index);
      const run = named.slice(named.indexOf(lines[0]), named.indexOf(lines[lines.length - 1]) + 1);
      if (run.length === lines.length) {
        expect(written).toMatch(new RegExp(`\\+${formatHex(r.begin - lowestBegin(text, r.pathname))}$`));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('0xffffffffff600000 reads exactly and finds [vsyscall] in a real file', () => {
    const t = parseProcMaps(readFixture('maps/node-20-self.maps')).regions;
    const got = parseAddressInput('0xffffffffff600000', ModuleIndex.build(t));
    expect(got).toMatchObject({ ok: true, address: 0xffff_ffff_ff60_0000n });
    const found = RegionIndex.build(t).lookup(got.ok ? got.address : 0n);
    expect(found.mapped && t.pathname(found.row)).toBe('[vsyscall]');
  });
});
