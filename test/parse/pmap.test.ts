/**
 * pmap -x/-X/-XX (procps-ng): the fixtures (captured from the same process as
 * test/fixtures/smaps/python-mapper.smaps) and a live run against a `sleep` we start, both
 * compared region by region with the smaps of that process; hand-made variants for the cases a
 * capture does not show (32-bit, older procps, -q, several processes, re-spaced text).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Region } from '../../src/model/region';
import { parseMaps } from '../../src/parse/index';
import type { FormatName, ParseResult } from '../../src/parse/result';
import { readFixture, splitLines } from '../helpers/fixtures';
import { accountForFormat } from './format-accounting';

function parse(text: string, options: Parameters<typeof parseMaps>[1] = {}): ParseResult {
  const result = parseMaps(text, options);
  expect(accountForFormat(text, result)).toEqual([]);
  return result;
}

const codes = (r: ParseResult, severity: 'error' | 'warning') => r.diagnostics.filter((d) => d.severity === severity).map((d) => [d.line, d.code]);

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/**
 * Pss-like fields and the shared/private split depend on who else maps the pages at that moment
 * (gdb, pmap itself, the other tests' processes mapping libc), so they may move between captures;
 * the split's sums (clean and dirty resident bytes) do not, and are compared instead.
 */
const MOVES_BETWEEN_CAPTURES = /^(Pss|Pss_\w+|SwapPss|(Shared|Private)_(Clean|Dirty))$/;

/**
 * An smaps text without the lines of those fields: what must not change while pmap reads, for its
 * capture to be compared. With them, a busy machine (CI's tests starting processes that map libc)
 * moved a library's Pss between every two reads, and no capture of five was steady.
 */
const steadyPart = (smaps: string) => smaps.split('\n').filter((line) => !MOVES_BETWEEN_CAPTURES.test(line.slice(0, line.indexOf(':')))).join('\n');

/**
 * pmap output agrees with the smaps of the same process: ranges, permissions, the fields pmap
 * shows (pmap -x Dirty = Shared_Dirty + Private_Dirty, pmap.c one_proc), the mapping name as
 * pmap.c mapping_name() derives it, VmFlags for -XX.
 */
function expectAgreesWithSmaps(pmap: ParseResult, smaps: ParseResult, format: FormatName): void {
  expect(pmap.regions.length).toBe(smaps.regions.length);
  const extended = format !== 'pmap-x';
  expect(pmap.regions.known).toEqual({ perms: true, offset: extended, device: extended, inode: extended });
  for (let i = 0; i < smaps.regions.length; i++) {
    const p: Region = pmap.regions.get(i);
    const s: Region = smaps.regions.get(i);
    const where = `${format} row ${i}: ${s.format()}`;
    expect([p.begin, p.end, p.permissions.text], where).toEqual([s.begin, s.end, s.permissions.text]);
    if (extended) expect([p.offset, p.device, p.inode], where).toEqual([s.offset, s.device, s.inode]);
    const sf = s.smaps!.fields;
    for (const [key, value] of Object.entries(p.smaps!.fields)) {
      if (MOVES_BETWEEN_CAPTURES.test(key)) continue;
      const expected = key === 'Dirty' ? sf.Shared_Dirty + sf.Private_Dirty : sf[key];
      expect(value, `${where}: ${key}`).toBe(expected);
    }
    const pf = p.smaps!.fields;
    for (const kind of ['Clean', 'Dirty'] as const) {
      if (!(`Shared_${kind}` in pf)) continue;
      expect(pf[`Shared_${kind}`] + pf[`Private_${kind}`], `${where}: Shared_${kind} + Private_${kind}`).toBe(
        sf[`Shared_${kind}`] + sf[`Private_${kind}`],
      );
    }
    if (format === 'pmap-XX') expect(p.smaps!.vmFlags, where).toEqual(s.smaps!.vmFlags);
    else expect(p.smaps!.vmFlags, where).toBeNull();
    const path = s.pathname;
    if (extended) {
      expect(p.pathname, where).toBe(path === null ? null : basename(path));
      expect(p.kind, where).toBe(s.kind);
    } else if (path === null) {
      expect([p.pathname, p.kind], where).toEqual([null, s.kind]); // "[ anon ]": anonymous, or a thread stack above its guard
    } else if (path.startsWith('[') && path !== '[stack]') {
      expect([p.pathname, p.kind], where).toEqual([null, 'anonymous']); // "[ anon ]"
    } else if (path === '[stack]') {
      expect([p.pathname, p.kind], where).toEqual(['[stack]', 'stack']); // "[ stack ]"
    } else if (path.startsWith('/SYSV')) {
      expect([p.pathname?.startsWith('[ shmid=0x'), p.kind], where).toEqual([true, 'sysv-shm']);
    } else {
      expect([p.pathname, p.kind], where).toEqual([basename(path), s.kind]);
    }
  }
}

describe('fixtures: pmap of the process behind test/fixtures/smaps/python-mapper.smaps', () => {
  const smaps = parse(readFixture('smaps/python-mapper.smaps'));
  const cases: [FormatName, string][] = [
    ['pmap-x', 'pmap/python-mapper.pmap-x.txt'],
    ['pmap-X', 'pmap/python-mapper.pmap-X.txt'],
    ['pmap-XX', 'pmap/python-mapper.pmap-XX.txt'],
  ];

  it.each(cases)('%s: detected, clean, and agrees with smaps', (format, file) => {
    const text = readFixture(file);
    const result = parse(text);
    expect(result.format).toBe(format);
    expect(parse(text, { fileName: 'pmap.txt' }).format).toBe(format);
    expect(result.diagnostics).toEqual([]);
    // The PID line, the header, the rule and the total line.
    expect(result.stats).toMatchObject({ recognized: 4, rejected: 0, blank: 0 });
    expectAgreesWithSmaps(result, smaps, format);
  });

  it.each(cases)('%s: a row removed shows as a total that does not add up', (_format, file) => {
    const lines = splitLines(readFixture(file));
    const row = lines.findIndex((l) => / libc\.so\.6$/.test(l));
    lines.splice(row, 1);
    const text = lines.join('\n');
    const result = parse(text);
    expect(codes(result, 'warning')).toEqual([[lines.length, 'total-mismatch']]);
  });
});

/** The fixture with the total of column `name` (on the totals line) changed by `delta`. */
function withTotal(file: string, name: string, delta: number): string {
  const lines = splitLines(readFixture(file));
  const header = lines.find((l) => /^\s*Address\s/.test(l))!.trim().split(/\s+/);
  const last = lines.length - 1;
  const cells = lines[last].trim().split(/\s+/);
  // -x: "total kB" then Kbytes RSS Dirty; -X: one number per value column, then "KB".
  const at = cells[0] === 'total' ? ['Kbytes', 'RSS', 'Dirty'].indexOf(name) + 2 : header.filter((h) => !['Address', 'Perm', 'Offset', 'Device', 'Inode', 'VmFlags', 'Mapping'].includes(h)).indexOf(name);
  expect(at, name).toBeGreaterThanOrEqual(0);
  cells[at] = String(Number(cells[at]) + delta);
  lines[last] = cells.join(' ');
  return lines.join('\n');
}

describe("pmap's own totals (pmap.c)", () => {
  it.each([
    ['pmap/python-mapper.pmap-X.txt', 'Pss'],
    ['pmap/python-mapper.pmap-XX.txt', 'Pss'],
    ['pmap/python-mapper.pmap-XX.txt', 'Private_Clean'],
    ['pmap/python-mapper.pmap-X.txt', 'Referenced'],
  ])('%s: a %s total a few kB off the rows is what a live process gives (totals and rows come from two reads of smaps): no warning', (file, name) => {
    expect(parse(withTotal(file, name, 6)).diagnostics).toEqual([]);
  });

  it.each(['pmap/python-mapper.pmap-X.txt', 'pmap/python-mapper.pmap-XX.txt'])('%s: a Size total off its rows is a warning (Size does not move between reads)', (file) => {
    const text = withTotal(file, 'Size', 4);
    expect(codes(parse(text), 'warning')).toEqual([[splitLines(text).length, 'total-mismatch']]);
  });

  it.each([
    ['Kbytes', 'rows missing or edited?'],
    ['RSS', 'pmap -A'],
    ['Dirty', 'pmap -A'],
  ])('-x reads smaps once, so its totals are exact: a %s total off by 6 kB is a warning', (name, says) => {
    const text = withTotal('pmap/python-mapper.pmap-x.txt', name, 6);
    const result = parse(text);
    expect(codes(result, 'warning')).toEqual([[splitLines(text).length, 'total-mismatch']]);
    expect(result.diagnostics[0].message).toContain(says);
  });
});

// pmap is a test requirement (test/e2e/ensure-tools.sh installs it): the live test always runs.

describe('live: pmap against a process we start', () => {
  let child: ChildProcess;
  beforeAll(async () => {
    child = spawn('sleep', ['60'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 200));
  });
  afterAll(() => {
    child.kill();
  });

  it.each([
    ['-x', 'pmap-x'],
    ['-X', 'pmap-X'],
    ['-XX', 'pmap-XX'],
  ] as const)('pmap %s agrees with /proc/PID/smaps', (flag, format) => {
    // Compare only with a capture during which the smaps did not change (a process that just
    // started may still fault pages in).
    let smapsText = '';
    let stdout = '';
    for (let attempt = 0; attempt < 5 && stdout === ''; attempt++) {
      const before = readFileSync(`/proc/${child.pid}/smaps`, 'utf8');
      const out = spawnSync('pmap', [flag, String(child.pid)], { encoding: 'utf8' });
      expect(out.status).toBe(0);
      if (steadyPart(readFileSync(`/proc/${child.pid}/smaps`, 'utf8')) === steadyPart(before)) [smapsText, stdout] = [before, out.stdout];
    }
    expect(stdout).not.toBe('');
    const smaps = parse(smapsText);
    const result = parse(stdout);
    expect(result.format).toBe(format);
    expect(result.diagnostics).toEqual([]);
    expectAgreesWithSmaps(result, smaps, format);
  });

  it.each([
    [[], 'pmap'],
    [['-d'], 'pmap-d'],
  ] as const)('pmap %j (plain, -d) agrees with /proc/PID/maps', (flags, format) => {
    let mapsText = '';
    let stdout = '';
    for (let attempt = 0; attempt < 5 && stdout === ''; attempt++) {
      const before = readFileSync(`/proc/${child.pid}/maps`, 'utf8');
      const out = spawnSync('pmap', [...flags, String(child.pid)], { encoding: 'utf8' });
      expect(out.status).toBe(0);
      if (readFileSync(`/proc/${child.pid}/maps`, 'utf8') === before) [mapsText, stdout] = [before, out.stdout];
    }
    expect(stdout).not.toBe('');
    const result = parse(stdout);
    expect([result.format, result.diagnostics]).toEqual([format, []]);
    expectAgreesWithMaps(result, parse(mapsText), format);
  });

  it.each(['-x', '-X', '-XX'])('pmap %s, run 10 times against the idle process: no total warning', (flag) => {
    for (let run = 0; run < 10; run++) {
      const out = spawnSync('pmap', [flag, String(child.pid)], { encoding: 'utf8' });
      expect(out.status).toBe(0);
      expect(parse(out.stdout).diagnostics, `run ${run}`).toEqual([]);
    }
  });
});

const X_HEADER = 'Address           Kbytes     RSS   Dirty Mode  Mapping';
const xRow = (addr: string, kb: number, rss: number | '-', dirty: number | '-', mode: string, name: string) =>
  `${addr} ${String(kb).padStart(7)} ${String(rss).padStart(7)} ${String(dirty).padStart(7)} ${mode} ${name}`;

describe('pmap -x edge cases', () => {
  it('rows only (pmap -x -q prints the PID line, no header or total)', () => {
    const text = ['42:   sleep 60', xRow('000055c5741be000', 8, 8, 0, 'r----', 'sleep'), xRow('00007ffe93d54000', 132, 12, 12, 'rw---', '  [ stack ]')].join('\n');
    const result = parse(text);
    expect(result.format).toBe('pmap-x');
    expect(result.diagnostics).toEqual([]);
    expect(result.regions.toArray().map((r) => [r.pathname, r.kind, r.sizeBytes])).toEqual([
      ['sleep', 'file', 8192n],
      ['[stack]', 'stack', 135168n],
    ]);
  });

  it('32-bit addresses, "-" for unknown values (older procps) and the R mode flag', () => {
    const text = ['7:   init', 'Address   Kbytes     RSS   Dirty Mode  Mapping', xRow('00010000', 4468, '-', '-', 'r-x--', 'xochitl'), xRow('7eacf000', 132, 12, 12, 'rw--R', '  [ stack ]')].join('\n');
    const result = parse(text);
    expect(result.format).toBe('pmap-x');
    expect(result.diagnostics).toEqual([]);
    expect(result.regions.get(0).smaps).toEqual({ fields: { Size: 4468 * 1024 }, vmFlags: null });
    expect([result.regions.get(1).begin, result.regions.get(1).permissions.text]).toEqual([0x7eacf000n, 'rw-p']);
  });

  it('[vsyscall] at 0xffffffffff600000 is exact; "[ anon ]" is anonymous', () => {
    const text = [X_HEADER, xRow('ffffffffff600000', 4, 0, 0, '--x--', '  [ anon ]')].join('\n');
    const r = parse(text).regions.get(0);
    expect([r.begin, r.end, r.pathname, r.kind]).toEqual([0xffff_ffff_ff60_0000n, 0xffff_ffff_ff60_1000n, null, 'anonymous']);
  });

  it.each([
    ['a bad mode', xRow('0000000000400000', 4, 4, 0, 'r-xp', 'a'), 'bad-permissions'],
    ['a bad address', xRow('00000000004g0000', 4, 4, 0, 'r-x--', 'a'), 'bad-range'],
    ['a size past 2^64', xRow('ffffffffff600000', 2 ** 54, 0, 0, 'r-x--', 'a'), 'too-wide'],
    ['too few columns', '0000000000400000 4 4', 'bad-row'],
  ])('%s is an error on its line', (_name, row, code) => {
    const text = [X_HEADER, xRow('0000000000300000', 4, 4, 0, 'r-x--', 'ok'), row].join('\n');
    const result = parse(text, { format: 'pmap-x' });
    expect(codes(result, 'error')).toEqual([[3, code]]);
    expect(result.regions.length).toBe(1);
  });

  it('two processes: a warning where the second starts, both kept', () => {
    const block = (pid: number, addr: string) => [`${pid}:   sleep`, X_HEADER, xRow(addr, 4, 4, 0, 'r----', 'sleep'), '---------------- ------- ------- ------- ', 'total kB               4       4       0'];
    const text = [...block(1, '0000000000400000'), ...block(2, '0000000000400000')].join('\n');
    const result = parse(text);
    expect(result.regions.length).toBe(2);
    expect(codes(result, 'warning')).toEqual([
      [6, 'second-process'],
      [8, 'duplicate'],
    ]);
  });
});

describe('pmap -X/-XX edge cases', () => {
  const lines = splitLines(readFixture('pmap/python-mapper.pmap-XX.txt'));
  const header = lines[1];
  const heap = lines.find((l) => l.endsWith(' [heap]'))!;

  it('the VmFlags cell is cut by position: a mapping named like a flag stays a mapping', () => {
    const text = [header, heap.replace(/\[heap\]$/, 'sh'), heap.replace(/\[heap\]$/, 'ac  mw')].join('\n');
    const result = parse(text);
    expect(result.format).toBe('pmap-XX');
    expect(result.regions.toArray().map((r) => [r.pathname, r.smaps!.vmFlags])).toEqual([
      ['sh', ['rd', 'wr', 'mr', 'mw', 'me', 'ac']],
      ['ac  mw', ['rd', 'wr', 'mr', 'mw', 'me', 'ac']],
    ]);
  });

  it('a mapping named KB is a row, not a total line', () => {
    const r = parse([header, heap.replace(/\[heap\]$/, 'KB')].join('\n'));
    expect(r.diagnostics).toEqual([]);
    expect(r.regions.get(0).pathname).toBe('KB');
  });

  it('-x rows read with -X forced are -x rows, and say so', () => {
    const result = parse(xRow('0000000000400000', 4, 4, 0, 'r-x--', 'a'), { format: 'pmap-X' });
    expect([result.format, result.regions.length, result.regions.known.offset]).toEqual(['pmap-x', 1, false]);
  });

  it('a blank VmFlags cell and no mapping: no flags, anonymous', () => {
    const blanked = heap.replace(/rd wr mr mw me ac \[heap\]$/, ' '.repeat('rd wr mr mw me ac'.length) + ' ');
    const r = parse([header, blanked].join('\n')).regions.get(0);
    expect([r.pathname, r.kind, r.smaps!.vmFlags]).toEqual([null, 'anonymous', []]);
  });

  it('re-spaced text (columns no longer aligned) still reads, flags taken as two-letter codes', () => {
    const squeezed = heap.trim().replace(/ +/g, ' ');
    const result = parse([header, squeezed].join('\n'));
    expect(result.diagnostics).toEqual([]);
    const r = result.regions.get(0);
    expect([r.pathname, r.smaps!.vmFlags, r.smaps!.fields.Rss]).toEqual(['[heap]', ['rd', 'wr', 'mr', 'mw', 'me', 'ac'], 816 * 1024]);
  });

  it('a header without Size cannot place region ends: one error on it, one per row', () => {
    const text = ['         Address Perm Mapping', '    559857337000 r--p python3.11'].join('\n');
    const result = parse(text, { format: 'pmap-X' });
    expect(codes(result, 'error')).toEqual([
      [1, 'bad-header'],
      [2, 'bad-row'],
    ]);
  });

  it('a bad value is an error naming the column', () => {
    const bad = heap.replace(/^(\s*\S+ \S+ \S+\s+\S+\s+\S+\s+)864/, '$1x64');
    const result = parse([header, heap, bad].join('\n'));
    expect(codes(result, 'error')).toEqual([[3, 'bad-value']]);
    expect(result.diagnostics[0].message).toContain('Size');
  });
});

/**
 * Plain `pmap PID` and `pmap -d PID` read /proc/PID/maps (pmap.c one_proc): each row is a maps
 * line's range, mode and mapping name (-d adds the offset and the device).
 */
function expectAgreesWithMaps(pmap: ParseResult, maps: ParseResult, format: 'pmap' | 'pmap-d'): void {
  expect(pmap.regions.length).toBe(maps.regions.length);
  const d = format === 'pmap-d';
  expect(pmap.regions.known).toEqual({ perms: true, offset: d, device: d, inode: false });
  for (let i = 0; i < maps.regions.length; i++) {
    const p = pmap.regions.get(i);
    const m = maps.regions.get(i);
    const where = `${format} row ${i}: ${m.format()}`;
    expect([p.begin, p.end, p.permissions.text], where).toEqual([m.begin, m.end, m.permissions.text]);
    if (d) expect([p.offset, p.device], where).toEqual([m.offset, m.device]);
    expect(p.smaps, where).toBeNull();
    const path = m.pathname;
    if (path === null) expect([p.pathname, p.kind], where).toEqual([null, m.kind]); // anonymous, or a thread stack above its guard
    else if (path.startsWith('[') && path !== '[stack]') expect([p.pathname, p.kind], where).toEqual([null, 'anonymous']);
    else if (path === '[stack]') expect([p.pathname, p.kind], where).toEqual(['[stack]', 'stack']);
    else if (path.startsWith('/SYSV')) expect([p.pathname?.startsWith('[ shmid=0x'), p.kind], where).toEqual([true, 'sysv-shm']);
    else expect([p.pathname, p.kind], where).toEqual([basename(path), m.kind]);
  }
}

describe('plain pmap and pmap -d (fixtures: one process, its maps read before and after)', () => {
  const maps = parse(readFixture('pmap/python-mapper-plain.maps'));
  const cases: ['pmap' | 'pmap-d', string, number][] = [
    ['pmap', 'pmap/python-mapper.pmap.txt', 2],
    ['pmap-d', 'pmap/python-mapper.pmap-d.txt', 3],
  ];

  it.each(cases)('%s: detected, clean, and agrees with the maps', (format, file, recognized) => {
    const text = readFixture(file);
    const result = parse(text);
    expect(result.format).toBe(format);
    expect(parse(text, { fileName: 'pmap.txt' }).format).toBe(format);
    expect(result.diagnostics).toEqual([]);
    // The PID line and the footer (and -d's header).
    expect(result.stats).toMatchObject({ recognized, rejected: 0, blank: 0 });
    expectAgreesWithMaps(result, maps, format);
  });

  it.each(cases)('%s: a row removed shows as a footer that does not add up', (_format, file) => {
    const lines = splitLines(readFixture(file));
    lines.splice(lines.findIndex((l) => / libc\.so\.6$/.test(l)), 1);
    const result = parse(lines.join('\n'));
    expect(codes(result, 'warning')).toEqual([[lines.length, 'total-mismatch']]);
  });

  it('-d: a shared row removed shows in the shared sum', () => {
    const lines = splitLines(readFixture('pmap/python-mapper.pmap-d.txt'));
    lines.splice(lines.findIndex((l) => / zero \(deleted\)$/.test(l)), 1);
    const result = parse(lines.join('\n'));
    expect(result.diagnostics.map((x) => x.message)).toEqual([expect.stringContaining('the mapped size')]);
    lines[lines.length - 1] = lines[lines.length - 1].replace(/mapped: (\d+)K/, (_m, n) => `mapped: ${Number(n) - 16}K`);
    expect(parse(lines.join('\n')).diagnostics.map((x) => x.message)).toEqual([expect.stringContaining('the shared size')]);
  });

  it('pmap -d -q (rows without header or footer) reads as -d when forced, and is detected', () => {
    const rows = splitLines(readFixture('pmap/python-mapper.pmap-d.txt')).slice(2, -1);
    const text = rows.join('\n');
    for (const result of [parse(text, { format: 'pmap-d' }), parse(text)]) {
      expect([result.format, result.regions.length, result.diagnostics]).toEqual(['pmap-d', rows.length, []]);
      expect(result.regions.known.device).toBe(true);
    }
  });

  it.each([
    ['a bad mode', '0000000000400000      4K r-xp a', 'bad-permissions'],
    ['a bad size', '0000000000400000      4 r-x-- a', 'bad-row'],
    ['a size past 2^64', 'ffffffffff600000 18014398509481984K r-x-- a', 'too-wide'],
  ])('plain: %s is an error on its line', (_name, row, code) => {
    const text = ['1:   a', '0000000000300000      4K r-x-- ok', row].join('\n');
    const result = parse(text, { format: 'pmap' });
    expect(codes(result, 'error')).toEqual([[3, code]]);
    expect(result.regions.length).toBe(1);
  });

  it.each([
    ['a bad device', '0000000000400000       4 r-x-- 0000000000000000 0fe-00000 a', 'bad-device'],
    ['a bad offset', '0000000000400000       4 r-x-- 00000000000g0000 0fe:00000 a', 'bad-offset'],
    ['too few columns', '0000000000400000       4 r-x--', 'bad-row'],
  ])('-d: %s is an error on its line', (_name, row, code) => {
    const text = ['1:   a', 'Address           Kbytes Mode  Offset           Device    Mapping', '0000000000300000       4 r-x-- 0000000000000000 0fe:00000 ok', row].join('\n');
    const result = parse(text);
    expect(codes(result, 'error')).toEqual([[4, code]]);
    expect(result.regions.length).toBe(1);
  });
});
