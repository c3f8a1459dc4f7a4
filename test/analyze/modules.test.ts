/**
 * Module grouping: hand-written layouts of the loaders (glibc, older binutils, bionic), real
 * libraries of this machine checked against their own ELF program headers, and invariants on
 * every real file of the corpus and the fixtures.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findAddresses, formatLookupLine, groupModules, ModuleIndex, moduleName, RegionIndex, sortModulesBySize, type Module, type RegionTable } from '../../src/internal';
import { startSleeper } from '../cli/sleeper';
import { fixturePath, listCorpus, readCorpus, readFixture } from '../helpers/fixtures';
import { load, readLoadSegments, rowOfLine, type LoadSegment } from './analyze-helpers';

const PAGE = 0x1000n;
const pageDown = (v: bigint) => v & ~(PAGE - 1n);
const pageUp = (v: bigint) => (v + PAGE - 1n) & ~(PAGE - 1n);

/** The modules of a text as lists of input line numbers, each with its roles. */
function groupsOf(text: string): string[][] {
  const { table, order } = load(text);
  return groupModules(table, order).modules.map((m) => m.segments.map((s) => `${table.columns.line[s.row]}${s.role === 'file' ? '' : ':' + s.role}`));
}

const LIB = '/usr/lib/x86_64-linux-gnu/libc.so.6';
const OTHER = '/usr/lib/x86_64-linux-gnu/libm.so.6';
const line = (range: string, perms: string, offset: string, inode: number, path = '') =>
  `${range} ${perms} ${offset} ${inode === 0 ? '00:00' : 'fe:00'} ${inode}${path === '' ? ' ' : '                     ' + path}`;

describe('groupModules: loader layouts (hand-written)', () => {
  const cases: { name: string; lines: string[]; groups: string[][] }[] = [
    {
      name: 'glibc: r--p r-xp r--p r--p(RELRO) rw-p; the unnamed anonymous region after it (its .bss, maybe merged with more) is not counted',
      lines: [
        line('7f0000000000-7f0000026000', 'r--p', '00000000', 7, LIB),
        line('7f0000026000-7f000017c000', 'r-xp', '00026000', 7, LIB),
        line('7f000017c000-7f00001cf000', 'r--p', '0017c000', 7, LIB),
        line('7f00001cf000-7f00001d3000', 'r--p', '001cf000', 7, LIB),
        line('7f00001d3000-7f00001d5000', 'rw-p', '001d3000', 7, LIB),
        line('7f00001d5000-7f00001e2000', 'rw-p', '00000000', 0),
      ],
      groups: [['1', '2', '3', '4', '5']],
    },
    {
      name: 'older binutils: a ---p hole with the library path inside the module',
      lines: [
        line('7fca49e6f000-7fca49ff1000', 'r-xp', '00000000', 697, LIB),
        line('7fca49ff1000-7fca4a1f1000', '---p', '00182000', 697, LIB),
        line('7fca4a1f1000-7fca4a1f5000', 'r--p', '00182000', 697, LIB),
        line('7fca4a1f5000-7fca4a1f6000', 'rw-p', '00186000', 697, LIB),
        line('7fca4a1f6000-7fca4a1fb000', 'rw-p', '00000000', 0),
      ],
      groups: [['1', '2:gap', '3', '4']],
    },
    {
      name: 'bionic: an anonymous ---p hole between segments, the .bss in several [anon:.bss] regions',
      lines: [
        line('70e6f84000-70e7058000', 'r-xp', '00000000', 2356, LIB),
        line('70e7058000-70e706e000', '---p', '00000000', 0),
        line('70e706e000-70e7074000', 'r--p', '000da000', 2356, LIB),
        line('70e7074000-70e7076000', 'rw-p', '000e0000', 2356, LIB),
        line('70e7076000-70e7077000', 'rw-p', '00000000', 0, '[anon:.bss]'),
        line('70e7077000-70e7078000', 'r--p', '00000000', 0, '[anon:.bss]'),
        line('70e7078000-70e7080000', 'rw-p', '00000000', 0, '[anon:.bss]'),
      ],
      groups: [['1', '2:gap', '3', '4', '5:bss', '6:bss', '7:bss']],
    },
    {
      name: 'an anonymous ---p after the last segment belongs to nobody when another file follows',
      lines: [
        line('7f0000000000-7f0000001000', 'r--p', '00000000', 7, LIB),
        line('7f0000001000-7f0000002000', '---p', '00000000', 0),
        line('7f0000002000-7f0000003000', 'r--p', '00000000', 8, OTHER),
      ],
      groups: [['1'], ['3']],
    },
    {
      name: 'no .bss after a read-only data file, after a gap in the addresses, or when it is shared',
      lines: [
        line('7f0000000000-7f0000001000', 'r--p', '00000000', 7, '/usr/lib/locale/C.utf8/LC_CTYPE'),
        line('7f0000001000-7f0000002000', 'rw-p', '00000000', 0),
        line('7f0000010000-7f0000011000', 'rw-p', '00000000', 8, OTHER),
        line('7f0000012000-7f0000013000', 'rw-p', '00000000', 0),
        line('7f0000020000-7f0000021000', 'rw-p', '00000000', 9, '/data'),
        line('7f0000021000-7f0000022000', 'rw-s', '00000000', 0, '/dev/zero (deleted)'),
      ],
      groups: [['1'], ['3'], ['5']],
    },
    {
      name: 'one file mapped twice (each mapping starts at offset 0) is two modules; so is a file whose mappings are interrupted',
      lines: [
        line('7f0000000000-7f0000002000', 'r--s', '00000000', 7, '/usr/share/fonts/a.ttf'),
        line('7f0000002000-7f0000004000', 'r--s', '00000000', 7, '/usr/share/fonts/a.ttf'),
        line('7f0000004000-7f0000005000', 'r--p', '00000000', 8, LIB),
        line('7f0000005000-7f0000006000', 'r--p', '00000000', 9, OTHER),
        line('7f0000006000-7f0000007000', 'r-xp', '00001000', 8, LIB),
      ],
      groups: [['1'], ['2'], ['3'], ['4'], ['5']],
    },
    {
      name: 'the same path with another inode (a file replaced in place) is another module',
      lines: [line('7f0000000000-7f0000001000', 'r--p', '00000000', 7, LIB), line('7f0000001000-7f0000002000', 'r-xp', '00001000', 70, LIB)],
      groups: [['1'], ['2']],
    },
    {
      name: 'no modules for anonymous memory, pseudo-paths, memfd, shared memory or System V segments',
      lines: [
        line('55d000000000-55d000021000', 'rw-p', '00000000', 0, '[heap]'),
        line('7f0000000000-7f0000001000', 'r-xs', '00000000', 1033, '/memfd:jit (deleted)'),
        line('7f0000001000-7f0000002000', 'rw-s', '00000000', 1034, '/dev/zero (deleted)'),
        line('7f0000002000-7f0000003000', 'rw-s', '00000000', 5, '/SYSV6d617073 (deleted)'),
        line('7f0000003000-7f0000004000', 'rw-s', '00000000', 6, '/dev/shm/x'),
        line('7f0000004000-7f0000005000', 'r-xp', '00000000', 0, '[vdso]'),
      ],
      groups: [],
    },
    {
      name: 'a deleted library is still a module',
      lines: [
        line('7f0000000000-7f0000001000', 'r--p', '00000000', 7, '/opt/x/libssl.so.3 (deleted)'),
        line('7f0000001000-7f0000002000', 'r-xp', '00001000', 7, '/opt/x/libssl.so.3 (deleted)'),
      ],
      groups: [['1', '2']],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(groupsOf(c.lines.join('\n') + '\n')).toEqual(c.groups);
    });
  }

  it('out-of-order input groups as in address order', () => {
    const lines = cases[0].lines;
    const shuffled = [lines[3], lines[5], lines[0], lines[4], lines[2], lines[1]];
    // Line numbers of the shuffled text, in address order: 3 6 5 1 4 2.
    expect(groupsOf(shuffled.join('\n'))).toEqual([['3', '6', '5', '1', '4']]);
  });

  it('module fields: base, end, exact sizes by role, name, deleted and executable; the anonymous region after it', () => {
    const { table, order } = load(cases[1].lines.join('\n'));
    const [m] = groupModules(table, order).modules;
    expect(m.pathname).toBe(LIB);
    expect(m.name).toBe('libc.so.6');
    expect(m.beginAddr).toBe(0x7fca49e6f000n);
    expect(m.endAddr).toBe(0x7fca4a1f6000n);
    expect(m.sizeBytes).toBe(0x7fca4a1f6000n - 0x7fca49e6f000n);
    expect(m.bssBytes).toBe(0n);
    expect(m.fileBytes).toBe(0x182000n + 0x4000n + 0x1000n);
    expect(table.columns.line[m.anonymousAfterRow]).toBe(5);
    const bionic = groupModules(load(cases[2].lines.join('\n')).table, load(cases[2].lines.join('\n')).order).modules[0];
    expect(bionic.bssBytes).toBe(0xa000n);
    expect(bionic.anonymousAfterRow).toBe(-1);
    expect(m.executable).toBe(true);
    expect(m.deleted).toBe(false);
  });

  it('moduleName takes the last path component', () => {
    expect(moduleName('/usr/lib/libc.so.6')).toBe('libc.so.6');
    expect(moduleName('/tmp/a b/x (deleted)')).toBe('x (deleted)');
    expect(moduleName('relative')).toBe('relative');
    expect(moduleName('/dir/')).toBe('dir'); // test/analyze/module-name.test.ts has the edge cases
  });

  it('property: generated libraries separated by unrelated regions are recovered exactly', () => {
    const lib = fc.record({
      // r--p r-xp r--p [---p hole] r--p rw-p, in pages; then maybe an anonymous .bss
      pages: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 5, maxLength: 5 }),
      hole: fc.boolean(),
      bssPages: fc.integer({ min: 0, max: 8 }),
      // What lies between this library and the next: nothing (a gap in the addresses), an anonymous rw-p, a data file.
      after: fc.constantFrom('unmapped', 'anonymous', 'data'),
    });
    fc.assert(
      fc.property(fc.array(lib, { minLength: 1, maxLength: 12 }), (libs) => {
        const text: string[] = [];
        const expected: number[][] = [];
        let addr = 0x7f0000000000n;
        const emit = (size: bigint, perms: string, offset: bigint, inode: number, path = '') => {
          text.push(line(`${addr.toString(16)}-${(addr + size).toString(16)}`, perms, offset.toString(16).padStart(8, '0'), inode, path));
          addr += size;
          return text.length;
        };
        libs.forEach((l, i) => {
          const path = `/usr/lib/lib${i}.so.1`;
          const rows: number[] = [];
          const perms = ['r--p', 'r-xp', 'r--p', 'r--p', 'rw-p'];
          let offset = 0n;
          l.pages.forEach((p, k) => {
            if (k === 3 && l.hole) rows.push(emit(PAGE, '---p', offset, 100 + i, path));
            rows.push(emit(BigInt(p) * PAGE, perms[k], offset, 100 + i, path));
            offset += BigInt(p) * PAGE;
          });
          if (l.bssPages > 0) emit(BigInt(l.bssPages) * PAGE, 'rw-p', 0n, 0); // not counted: may be more than a .bss
          expected.push(rows);
          addr += PAGE; // never contiguous with what follows
          if (l.after === 'anonymous') emit(PAGE, 'rw-p', 0n, 0);
          if (l.after === 'data') expected.push([emit(PAGE, 'r--p', 0n, 900 + i, `/data/${i}`)]);
          addr += PAGE;
        });
        const { table, order } = load(text.join('\n'));
        const got = groupModules(table, order).modules.map((m) => m.segments.map((s) => table.columns.line[s.row]));
        expect(got).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});

/** Invariants every grouping must satisfy, whatever the input. Returns the problems found. */
function checkInvariants(table: RegionTable, order: Uint32Array, modules: Module[], moduleOfRow: Int32Array): string[] {
  const problems: string[] = [];
  const positionOf = new Int32Array(table.length);
  order.forEach((row, k) => (positionOf[row] = k));
  const claimed = new Int32Array(table.length).fill(-1);
  for (const m of modules) {
    let size = 0n;
    let file = 0n;
    let bss = 0n;
    let end = 0n;
    m.segments.forEach((s, k) => {
      const r = table.get(s.row);
      if (claimed[s.row] >= 0) problems.push(`row ${s.row} in modules ${claimed[s.row]} and ${m.index}`);
      claimed[s.row] = m.index;
      if (moduleOfRow[s.row] !== m.index) problems.push(`moduleOfRow[${s.row}] is ${moduleOfRow[s.row]}, not ${m.index}`);
      if (k > 0 && positionOf[s.row] !== positionOf[m.segments[k - 1].row] + 1) problems.push(`${m.pathname}: a foreign region between segments ${k - 1} and ${k}`);
      if (s.role === 'file' && r.pathname !== m.pathname) problems.push(`${m.pathname}: file segment of ${r.pathname}`);
      if (s.role === 'file' && (r.perms & 7) === 0) problems.push(`${m.pathname}: an inaccessible file segment`);
      if (s.role === 'gap' && (r.perms & 7) !== 0) problems.push(`${m.pathname}: an accessible gap`);
      if (s.role === 'bss') {
        const before = table.get(m.segments[k - 1].row);
        if (r.pathname !== null && r.pathname !== '[anon:.bss]') problems.push(`${m.pathname}: .bss named ${r.pathname}`);
        if (before.end !== r.begin) problems.push(`${m.pathname}: .bss not right after the segment before it`);
      }
      size += r.sizeBytes;
      if (s.role === 'file') file += r.sizeBytes;
      if (s.role === 'bss') bss += r.sizeBytes;
      if (r.end > end) end = r.end;
    });
    if (m.segments[0].role !== 'file') problems.push(`${m.pathname}: starts with a ${m.segments[0].role}`);
    if (m.sizeBytes !== size || m.fileBytes !== file || m.bssBytes !== bss) problems.push(`${m.pathname}: sizes ${m.sizeBytes}/${m.fileBytes}/${m.bssBytes}, expected ${size}/${file}/${bss}`);
    if (m.beginAddr !== table.get(m.segments[0].row).begin || m.endAddr !== end) problems.push(`${m.pathname}: range`);
    if (m.executable !== m.segments.some((s) => table.get(s.row).isExecutable)) problems.push(`${m.pathname}: executable flag`);
  }
  for (let row = 0; row < table.length; row++) {
    const kind = table.kind(row);
    if ((kind === 'file' || kind === 'deleted-file') && claimed[row] < 0) problems.push(`row ${row} (${table.pathname(row)}) is a file mapping in no module`);
    if (claimed[row] < 0 && moduleOfRow[row] !== -1) problems.push(`moduleOfRow[${row}] set for a row in no module`);
  }
  return problems;
}

/** The modules of `text` that start at file offset 0 and whose file is a readable 64-bit ELF, with its PT_LOADs. */
function elfModules(text: string): { table: RegionTable; list: { m: Module; loads: LoadSegment[] }[] } {
  const { table, order } = load(text);
  const list: { m: Module; loads: LoadSegment[] }[] = [];
  for (const m of groupModules(table, order).modules) {
    if (m.deleted || table.get(m.segments[0].row).offset !== 0n) continue;
    let loads: LoadSegment[] | undefined;
    try {
      loads = readLoadSegments(m.pathname);
    } catch {
      continue;
    }
    if (loads !== undefined && loads.length > 0) list.push({ m, loads: loads.sort((a, b) => (a.vaddr < b.vaddr ? -1 : 1)) });
  }
  return { table, list };
}

describe('groupModules: real files', () => {
  const files = [
    ...listCorpus('.maps').map((name) => ({ name, text: readCorpus(name) })),
    ...listCorpus('.smaps').map((name) => ({ name, text: readCorpus(name) })),
    { name: 'smaps/python-mapper.smaps', text: readFixture('smaps/python-mapper.smaps') },
    { name: 'maps/node-20-self.maps', text: readFixture('maps/node-20-self.maps') },
    { name: '/proc/self/maps', text: readFileSync('/proc/self/maps', 'utf8') },
    { name: '/proc/self/smaps', text: readFileSync('/proc/self/smaps', 'utf8') },
  ];
  for (const f of files) {
    it(`${f.name}: every file mapping in exactly one module, segments adjacent in address order, sizes exact`, () => {
      const { table, order } = load(f.text, f.name);
      const { modules, moduleOfRow } = groupModules(table, order);
      expect(checkInvariants(table, order, modules, moduleOfRow)).toEqual([]);
    });
  }

  it('a real libc, three loaders: glibc 2.13 (fuglu), glibc 2.31 on arm32 (reMarkable), bionic arm64', () => {
    // Line numbers read from the files by hand: each libc's segments and the regions the loader put after them.
    const expectations = [
      { file: 'fuglu-glibc-abort-stack-tid.maps', lines: [82, 83, 84, 85], roles: ['file', 'gap', 'file', 'file'], after: 86 },
      { file: 'gomarkablestream-remarkable-arm32.maps', lines: [9, 10, 11, 12], roles: ['file', 'gap', 'file', 'file'], after: 13 },
      { file: 'aosp-libprocinfo-arm64.maps', lines: [905, 906, 907, 908, 909, 910, 911], roles: ['file', 'gap', 'file', 'file', 'bss', 'bss', 'bss'], after: undefined },
    ];
    for (const e of expectations) {
      const { table, order } = load(readCorpus(e.file), e.file);
      const { modules, moduleOfRow } = groupModules(table, order);
      const m = modules[moduleOfRow[rowOfLine(table, e.lines[0])]];
      expect(m.name, e.file).toMatch(/^libc[-.]/);
      expect(m.segments.map((s) => table.columns.line[s.row]), e.file).toEqual(e.lines);
      expect(m.segments.map((s) => s.role), e.file).toEqual(e.roles);
      expect(m.anonymousAfterRow < 0 ? undefined : table.columns.line[m.anonymousAfterRow], e.file).toBe(e.after);
    }
  });

  /**
   * Checks a module against the ELF program headers of its file: every file segment maps the
   * file offset its PT_LOAD puts at that address, with no more permissions than the PT_LOAD has;
   * when `complete`, the file segments cover exactly the PT_LOADs' pages, the module ends where
   * the file's pages do, and a .bss past the file's last page lies in the anonymous region the
   * module says may start with it.
   */
  function checkAgainstElf(table: RegionTable, m: Module, loads: LoadSegment[], complete: boolean): string[] {
    const problems: string[] = [];
    const base = m.beginAddr - pageDown(loads[0].vaddr);
    let covered = 0n;
    for (const s of m.segments) {
      const r = table.get(s.row);
      const rel = r.begin - base;
      if (s.role === 'bss') continue;
      const l = loads.find((p) => pageDown(p.vaddr) <= rel && rel < pageUp(p.vaddr + p.fileSize));
      if (s.role === 'gap') {
        if (l !== undefined && complete) problems.push(`${m.name}: a hole at ${r.begin.toString(16)} inside a PT_LOAD`);
        continue;
      }
      if (l === undefined) {
        problems.push(`${m.name}: segment at ${r.begin.toString(16)} in no PT_LOAD`);
        continue;
      }
      if (r.offset !== pageDown(l.offset) + (rel - pageDown(l.vaddr))) problems.push(`${m.name}: offset ${r.offset.toString(16)} at ${rel.toString(16)}`);
      if (r.end - base > pageUp(l.vaddr + l.fileSize)) problems.push(`${m.name}: segment runs past its PT_LOAD`);
      if (r.isExecutable !== ((l.flags & 1) !== 0) || (r.isWritable && (l.flags & 2) === 0)) problems.push(`${m.name}: ${r.permissions.text} for PT_LOAD flags ${l.flags}`);
      covered += r.sizeBytes;
    }
    const last = loads[loads.length - 1];
    const fileEnd = pageUp(last.vaddr + last.fileSize);
    const memEnd = pageUp(last.vaddr + last.memSize);
    if (complete) {
      const pages = loads.reduce((sum, l) => sum + pageUp(l.vaddr + l.fileSize) - pageDown(l.vaddr), 0n);
      if (covered !== pages) problems.push(`${m.name}: file segments cover ${covered}, PT_LOADs ${pages}`);
      if (m.endAddr !== base + fileEnd) problems.push(`${m.name}: ends at ${m.endAddr.toString(16)}, its file's pages at ${(base + fileEnd).toString(16)}`);
      if (memEnd > fileEnd) {
        const after = m.anonymousAfterRow < 0 ? undefined : table.get(m.anonymousAfterRow);
        if (after === undefined || after.begin !== base + fileEnd || after.end < base + memEnd) problems.push(`${m.name}: its .bss is in no anonymous region after it`);
      }
    }
    return problems;
  }


  it("this machine's libc in this test's own process: segments, holes and .bss as its ELF program headers say", () => {
    const { table, list } = elfModules(readFileSync('/proc/self/maps', 'utf8'));
    const libc = list.filter(({ m }) => /\/libc\.so\.6$/.test(m.pathname));
    expect(libc).toHaveLength(1);
    expect(checkAgainstElf(table, libc[0].m, libc[0].loads, true)).toEqual([]);
    // Every other ELF module agrees segment by segment (node may remap part of its text elsewhere).
    expect(list.length).toBeGreaterThan(3);
    for (const { m, loads } of list) expect(checkAgainstElf(table, m, loads, false)).toEqual([]);
  });

  it('a sleep process started now: every ELF module (sleep, libc, ld.so) exactly as its program headers say', async () => {
    const sleeper = await startSleeper();
    try {
      const { table, list } = elfModules(sleeper.mapsText);
      expect(list.map(({ m }) => m.name)).toEqual(expect.arrayContaining(['libc.so.6', expect.stringMatching(/^ld-linux/)]));
      for (const { m, loads } of list) expect(checkAgainstElf(table, m, loads, true)).toEqual([]);
    } finally {
      sleeper.child.kill();
    }
  });

  it('sortModulesBySize: largest first, ties by address, a new array', () => {
    const { table, order } = load(readCorpus('aosp-libprocinfo-arm64.maps'));
    const { modules } = groupModules(table, order);
    const sorted = sortModulesBySize(modules);
    expect(sorted).not.toBe(modules);
    expect(new Set(sorted)).toEqual(new Set(modules));
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [sorted[i - 1], sorted[i]];
      expect(a.sizeBytes > b.sizeBytes || (a.sizeBytes === b.sizeBytes && a.beginAddr < b.beginAddr)).toBe(true);
    }
  });
});

describe('groupModules: a .bss merged with more anonymous memory than the file needs (issue 18, a Python process started now)', () => {
  // python-bss-neighbour.py prints `module\t<path>` and its maps, with anonymous memory right after
  // that module: zlib's, or another library's when something else follows zlib's (Debian's python3).
  const out = execFileSync('python3', [fixturePath('analyze/python-bss-neighbour.py')], { encoding: 'utf8' });
  const zlibPath = /^module\t(.*)\n/.exec(out)![1];
  const mapsText = out.slice(out.indexOf('\n') + 1);

  it("the module ends with its data; the anonymous region after it (8 KiB or 3.4 MiB, run by run) is not counted in it, but remembered", () => {
    const { table, order } = load(mapsText);
    const { modules } = groupModules(table, order);
    const zlib = modules.filter((m) => m.pathname === zlibPath);
    expect(zlib).toHaveLength(1);
    const [m] = zlib;
    const lastFile = table.get(m.segments[m.segments.length - 1].row);
    expect(m.segments.every((s) => s.role !== 'bss')).toBe(true);
    expect(m.endAddr).toBe(lastFile.end);
    expect(m.sizeBytes).toBe(m.fileBytes + m.segments.filter((s) => s.role === 'gap').reduce((sum, s) => sum + table.get(s.row).sizeBytes, 0n));
    const after = table.get(m.anonymousAfterRow);
    expect(after.begin).toBe(lastFile.end);
    expect(after.pathname).toBeNull();
    expect(after.permissions.text).toBe('rw-p');
  });

  it('no ELF module reaches past the memory its program headers ask for', () => {
    const { list } = elfModules(mapsText);
    for (const { m, loads } of list) {
      const memEnd = loads.reduce((end, l) => (l.vaddr + l.memSize > end ? l.vaddr + l.memSize : end), 0n);
      const base = m.beginAddr - pageDown(loads[0].vaddr);
      expect(m.endAddr <= base + pageUp(memEnd), `${m.name} ends at ${m.endAddr.toString(16)}, its PT_LOADs at ${(base + pageUp(memEnd)).toString(16)}`).toBe(true);
    }
    expect(list.length).toBeGreaterThan(5); // python, libc, ld.so, zlib, … all read
  });

  it("bulk lookup names an address in that region as anonymous that may start with zlib's .bss, never zlib+offset", () => {
    const { table, order } = load(mapsText);
    const index = RegionIndex.build(table);
    const modules = ModuleIndex.build(table, order);
    const m = groupModules(table, order).modules.find((x) => x.pathname === zlibPath)!;
    const after = table.get(m.anonymousAfterRow);
    const address = after.begin + (after.sizeBytes * 3n) / 4n;
    const [found] = findAddresses(`object at 0x${address.toString(16)}`, index, modules);
    const text = formatLookupLine(table, modules, found.lookup).replace(/[\u2068\u2069]/g, '');
    expect(text).toMatch(new RegExp(`^\\+0x[0-9a-f]+ into anonymous \\(may start with ${moduleName(zlibPath).replace(/\./g, '\\.')}'s \\.bss\\) rw-p `));
    expect(text).not.toContain('+0x' + (address - m.beginAddr).toString(16));
  });
});
