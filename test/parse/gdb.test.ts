/**
 * gdb `info proc mappings`: real gdb 13 captures (a live process and its core file, the same
 * process as test/fixtures/smaps/python-mapper.smaps), the gdb 11 layout written from gdb's
 * format strings (test/fixtures/gdb/make-old-gdb.py), and a live run against a `sleep` we start;
 * each compared with the maps/smaps of the same process, plus hand-written edge cases.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMaps } from '../../src/parse/index';
import { parseProcMaps } from '../../src/parse/maps';
import type { ParseResult } from '../../src/parse/result';
import { readCorpus, readFixture, splitLines } from '../helpers/fixtures';
import { accountForFormat } from './format-accounting';

function parse(text: string, options: Parameters<typeof parseMaps>[1] = {}): ParseResult {
  const result = parseMaps(text, options);
  expect(accountForFormat(text, result)).toEqual([]);
  return result;
}

const codes = (r: ParseResult, severity: 'error' | 'warning') => r.diagnostics.filter((d) => d.severity === severity).map((d) => [d.line, d.code]);

/** What gdb shows of a region: range, offset, pathname, and (gdb 12+) permissions. */
function shown(result: ParseResult, withPerms: boolean) {
  return result.regions.toArray().map((r) => [r.begin, r.end, r.offset, r.pathname, withPerms ? r.permissions.text : '']);
}

/** Lines of gdb's table and its preamble, by a plain reading of linux-tdep.c's output. */
const TABLE_LINE = /^\s*(0x[0-9a-f]+\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+0x[0-9a-f]+\b.*|Start Addr\s+End Addr.*|process \d+|Mapped address spaces:|)$/;

describe('fixtures: gdb 13 on the process behind test/fixtures/smaps/python-mapper.smaps', () => {
  const smaps = parse(readFixture('smaps/python-mapper.smaps'));

  it('live process (Perms column): every region, exactly as smaps has it', () => {
    const text = readFixture('gdb/python-mapper.gdb13.txt');
    const result = parse(text);
    expect(result.format).toBe('gdb');
    expect(codes(result, 'error')).toEqual([]);
    expect(result.regions.known).toEqual({ perms: true, offset: true, device: false, inode: false });
    expect(shown(result, true)).toEqual(shown(smaps, true));
    expect(result.regions.toArray().map((r) => r.kind)).toEqual(smaps.regions.toArray().map((r) => r.kind));
  });

  it("gdb's own messages around the table are skipped with one warning each", () => {
    const text = readFixture('gdb/python-mapper.gdb13.txt');
    const result = parse(text);
    const chatter = splitLines(text)
      .map((l, i) => [i + 1, l] as const)
      .filter(([, l]) => !TABLE_LINE.test(l))
      .map(([n]) => [n, 'not-in-table']);
    expect(chatter.length).toBeGreaterThan(10);
    expect(codes(result, 'warning')).toEqual(chatter);
  });

  it('core file (no Perms column): the file-backed regions, exactly as smaps has them', () => {
    const result = parse(readFixture('gdb/python-mapper.gdb13-core.txt'));
    expect(result.format).toBe('gdb');
    expect(codes(result, 'error')).toEqual([]);
    expect(result.regions.known.perms).toBe(false);
    const fileBacked = smaps.regions.toArray().filter((r) => r.inode !== 0n);
    expect(shown(result, false)).toEqual(fileBacked.map((r) => [r.begin, r.end, r.offset, r.pathname, '']));
  });

  it('gdb 11 layout, 64-bit (hand-written from gdb 13 rows): same regions, no permissions', () => {
    const result = parse(readFixture('gdb/python-mapper.gdb11-noperms.txt'));
    expect(result.format).toBe('gdb');
    expect(result.diagnostics).toEqual([]);
    expect(result.regions.known.perms).toBe(false);
    expect(shown(result, false)).toEqual(shown(smaps, false));
  });
});

it('gdb 11 layout, 32-bit with tabs (hand-written from the arm32 corpus maps): same regions', () => {
  const result = parse(readFixture('gdb/remarkable-arm32.gdb11-noperms.txt'));
  expect(result.format).toBe('gdb');
  expect(result.diagnostics).toEqual([]);
  const lines = splitLines(readCorpus('gomarkablestream-remarkable-arm32.maps'));
  const maps = parseProcMaps([...lines.slice(0, 14), ...lines.slice(-5)].join('\n'));
  expect(shown(result, false)).toEqual(shown(maps, false));
});

// gdb is a test requirement (test/e2e/ensure-tools.sh installs it): the live test always runs.

describe('live: gdb attached to a process we start', () => {
  let child: ChildProcess;
  beforeAll(async () => {
    child = spawn('sleep', ['60'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 200));
  });
  afterAll(() => {
    child.kill();
  });

  it('info proc mappings agrees with /proc/PID/maps', () => {
    const out = spawnSync('gdb', ['-nx', '-batch', '-p', String(child.pid), '-ex', 'info proc mappings'], { encoding: 'utf8', timeout: 60_000 });
    const maps = parseProcMaps(readFileSync(`/proc/${child.pid}/maps`, 'utf8'));
    if (!out.stdout.includes('Start Addr')) {
      // ptrace refused (container without CAP_SYS_PTRACE, Yama): nothing to compare; say why.
      expect(out.stdout + out.stderr).toMatch(/ptrace|ermission|not permitted/);
      return;
    }
    const result = parse(out.stdout);
    expect(result.format).toBe('gdb');
    expect(codes(result, 'error')).toEqual([]);
    const withPerms = result.regions.known.perms;
    expect(shown(result, withPerms)).toEqual(shown(maps, withPerms));
  });
});

const HEADER = '          Start Addr           End Addr       Size     Offset  Perms  objfile';
const row = (b: string, e: string, size: string, off: string, perms: string, name: string) =>
  `  ${b.padStart(18)} ${e.padStart(18)} ${size.padStart(10)} ${off.padStart(10)}  ${perms}   ${name}`;

describe('edge cases', () => {
  it('[vsyscall] at 0xffffffffff600000 is exact', () => {
    const r = parse([HEADER, row('0xffffffffff600000', '0xffffffffff601000', '0x1000', '0x0', '--xp', '[vsyscall]')].join('\n')).regions.get(0);
    expect([r.begin, r.end, r.kind, r.permissions.text]).toEqual([0xffff_ffff_ff60_0000n, 0xffff_ffff_ff60_1000n, 'vsyscall', '--xp']);
  });

  it('rows pasted without the header: perms guessed from the rows', () => {
    const withPerms = parse(row('0x400000', '0x401000', '0x1000', '0x0', 'r-xp', '/bin/a b'), { format: 'gdb' });
    expect([withPerms.regions.known.perms, withPerms.regions.get(0).pathname]).toEqual([true, '/bin/a b']);
    const without = parse('      0x400000           0x401000     0x1000        0x0 /bin/x\n      0x401000           0x402000     0x1000        0x0 \n');
    expect(without.format).toBe('gdb');
    expect(without.regions.known.perms).toBe(false);
    expect(without.regions.toArray().map((r) => r.pathname)).toEqual(['/bin/x', null]);
  });

  it('the (gdb) prompt and a second table are recognised without warnings', () => {
    const text = ['(gdb) info proc mappings', 'process 1', 'Mapped address spaces:', '', HEADER, row('0x400000', '0x401000', '0x1000', '0x0', 'r--p', '/bin/x'), '(gdb) info proc mappings', HEADER, row('0x401000', '0x402000', '0x1000', '0x1000', 'r-xp', '/bin/x')].join('\n');
    const result = parse(text);
    expect(result.diagnostics).toEqual([]);
    expect(result.regions.length).toBe(2);
  });

  it.each([
    ['a bad hex address', row('0x40z000', '0x401000', '0x1000', '0x0', 'r--p', 'x'), 'bad-range'],
    ['a missing 0x', row('400000', '0x401000', '0x1000', '0x0', 'r--p', 'x').replace('  400000', '0x400000').replace('0x401000', '401000'), 'bad-range'],
    ['bad permissions', row('0x400000', '0x401000', '0x1000', '0x0', 'rq-p', 'x'), 'bad-permissions'],
    ['end below start', row('0x401000', '0x400000', '0x1000', '0x0', 'r--p', 'x'), 'bad-range'],
    ['a row cut short', '      0x400000     0x401000', 'missing-field'],
  ])('%s is an error on its line', (_name, bad, code) => {
    const result = parse([HEADER, row('0x300000', '0x301000', '0x1000', '0x0', 'r--p', 'ok'), bad].join('\n'));
    expect(codes(result, 'error')).toEqual([[3, code]]);
    expect(result.regions.length).toBe(1);
  });

  it('a Size that is not End - Start is a warning', () => {
    const result = parse([HEADER, row('0x400000', '0x402000', '0x1000', '0x0', 'r--p', 'x')].join('\n'));
    expect(codes(result, 'warning')).toEqual([[2, 'size-mismatch']]);
  });

  it('after the table, a 0x line from another command is gdb chatter, not a bad row', () => {
    const text = [HEADER, row('0x400000', '0x401000', '0x1000', '0x0', 'r--p', 'x'), '[Inferior 1 (process 9) detached]', '0x00007f in main () at a.c:3'].join('\n');
    const result = parse(text);
    expect(codes(result, 'warning')).toEqual([
      [3, 'not-in-table'],
      [4, 'not-in-table'],
    ]);
    expect(codes(result, 'error')).toEqual([]);
  });
});
