/**
 * Lints: each finding on a real process that has it (lint-process.c, built and run now) and on
 * real files that do not; real corpus files that have some; hand-written edge cases; and rows
 * checked against brute-force readings of the line text.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_MAP_COUNT, FINDING_CODES, FINDING_INFO, lintRegions, type Finding, type FindingCode, type RegionTable } from '../../src/internal';
import { generateMaps } from '../bench/generate-maps';
import { startSleeper } from '../cli/sleeper';
import { listCorpus, readCorpus, readFixture } from '../helpers/fixtures';
import { buildLintProcess, load, startReporter, type LiveProcess } from './analyze-helpers';

/** The findings of a text, by code. */
function lint(text: string, fileName?: string): { table: RegionTable; byCode: Map<FindingCode, Finding> } {
  const { table, order } = load(text, fileName);
  const findings = lintRegions(table, order);
  return { table, byCode: new Map(findings.map((f) => [f.code, f])) };
}

/** The [begin, end) ranges of a finding's rows, as hex text. */
function rangesOf(table: RegionTable, finding: Finding | undefined): string[] {
  return (finding?.rows ?? []).map((row) => `${table.begin(row).toString(16)}-${table.end(row).toString(16)}`);
}

const range = (f: { addr: bigint; length: bigint }) => `${f.addr.toString(16)}-${(f.addr + f.length).toString(16)}`;

describe('FINDING_INFO', () => {
  it('every code says, in sentences, why it matters and when it is normal', () => {
    for (const code of FINDING_CODES) {
      const info = FINDING_INFO[code];
      expect(info.title.length, code).toBeGreaterThan(5);
      for (const text of [info.whyItMatters, info.whenNormal]) expect(text, code).toMatch(/^[A-Z"].{20,}\.$/s);
    }
  });
});

// gcc is a test requirement (test/e2e/ensure-tools.sh installs it): these tests never skip.
describe('lint-process.c, built and run now', () => {
  const work = mkdtempSync(join(tmpdir(), 'mapscope-lints-'));
  let built: { bin: string; lib: string };
  beforeAll(() => {
    built = buildLintProcess(work);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('smaps: each finding concerns exactly the regions the process made for it, and nothing else is flagged', async () => {
    const proc: LiveProcess = await startReporter(built.bin, [built.lib]);
    let smapsText: string;
    let mapsText: string;
    try {
      smapsText = readFileSync(`/proc/${proc.pid}/smaps`, 'utf8');
      mapsText = readFileSync(`/proc/${proc.pid}/maps`, 'utf8');
    } finally {
      expect(await proc.stop()).toBe(0);
    }
    const f = proc.features;
    const { table, byCode } = lint(smapsText, 'smaps');
    expect(rangesOf(table, byCode.get('writable-executable'))).toEqual([range(f.get('rwx')!)]);
    expect(rangesOf(table, byCode.get('executable-anonymous'))).toEqual([range(f.get('rwx')!)]);
    // The memfd mapped r-x is flagged; the one mapped rw- is not.
    expect(rangesOf(table, byCode.get('executable-without-file'))).toEqual([range(f.get('memfd-exec')!)]);
    // The deleted library: every region of its file (and nothing else but its .bss).
    const libRows = byCode.get('deleted-library')!.rows;
    const libRegions = table.toArray().filter((r) => r.pathname === `${built.lib} (deleted)`);
    expect(libRegions.length).toBeGreaterThanOrEqual(4);
    expect(libRows).toEqual(expect.arrayContaining(libRegions.map((r) => r.index)));
    for (const row of libRows) expect([`${built.lib} (deleted)`, null]).toContain(table.pathname(row));
    expect(libRegions.some((r) => r.contains(f.get('deleted-lib')!.addr))).toBe(true);
    expect(byCode.get('deleted-library')!.message).toContain('libmapscope-lint.so');
    // The thread created with guard size 0, not the one with glibc's default guard page.
    expect(rangesOf(table, byCode.get('stack-without-guard'))).toEqual([range(f.get('stack-unguarded')!)]);
    expect([...byCode.keys()].sort()).toEqual(['deleted-library', 'executable-anonymous', 'executable-without-file', 'stack-without-guard', 'writable-executable']);

    // maps has no VmFlags: an unnamed thread stack cannot be told from other anonymous memory.
    const fromMaps = lint(mapsText, 'maps');
    expect(fromMaps.byCode.has('stack-without-guard')).toBe(proc.notes.get('stack-names') === 'named');
    expect(rangesOf(fromMaps.table, fromMaps.byCode.get('writable-executable'))).toEqual([range(f.get('rwx')!)]);
  });

  it('--many: a process with 60,001 regions more is near the limit; its maps says so, with no rows', async () => {
    const proc = await startReporter(built.bin, ['--many', '30000']);
    let text: string;
    try {
      text = readFileSync(`/proc/${proc.pid}/maps`, 'utf8');
    } finally {
      expect(await proc.stop()).toBe(0);
    }
    const regions = text.split('\n').filter((l) => l !== '').length;
    expect(regions).toBeGreaterThan(60_001);
    const { byCode } = lint(text, 'maps');
    const finding = byCode.get('near-map-count-limit')!;
    expect(finding.rows).toEqual([]);
    const gates = text.includes('[vsyscall]') ? 1 : 0;
    expect(finding.message).toContain(`${(regions - gates).toLocaleString('en-US')} regions`);
    expect(finding.message).toContain(`${Math.floor(((regions - gates) / DEFAULT_MAX_MAP_COUNT) * 100)}%`);
  });
});

describe('real files without findings', () => {
  it('a sleep process started now (maps and smaps): nothing to report', async () => {
    const sleeper = await startSleeper();
    try {
      const smaps = readFileSync(`/proc/${sleeper.pid}/smaps`, 'utf8');
      expect(lint(sleeper.mapsText, 'maps').byCode.size).toBe(0);
      expect(lint(smaps, 'smaps').byCode.size).toBe(0);
    } finally {
      sleeper.child.kill();
    }
  });

  it('rsprocmaps-golden.maps (cat), gem5 aarch64, python-mapper.smaps (memfd, shm, deleted data file, a thread): nothing', () => {
    expect([...lint(readCorpus('rsprocmaps-golden.maps')).byCode.keys()]).toEqual([]);
    expect([...lint(readCorpus('gem5doc-aarch64-39bit.maps')).byCode.keys()]).toEqual([]);
    // Its memfd is rw-s, its deleted file r--s, its thread stack has glibc's guard: none is flagged.
    expect([...lint(readFixture('smaps/python-mapper.smaps'), 'smaps').byCode.keys()]).toEqual([]);
  });

  it('fuglu (kernel 3.x): seven [stack:<tid>] thread stacks, each with a guard page, are not flagged', () => {
    const text = readCorpus('fuglu-glibc-abort-stack-tid.maps');
    expect(text.match(/\[stack:\d+\]/g)).toHaveLength(7);
    expect(lint(text).byCode.has('stack-without-guard')).toBe(false);
  });
});

/** Brute-force readings of the line text, for the rows of the permission findings. */
function linesWhere(text: string, test: (perms: string, path: string) => boolean): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) ([r-][w-][x-][sp]) \S+ \S+ \d+ *(.*)$/.exec(line);
    if (m && test(m[3], m[4])) out.push(`${BigInt('0x' + m[1]).toString(16)}-${BigInt('0x' + m[2]).toString(16)}`);
  }
  return out;
}

describe('pmap -x of a process started now (issue 18 point 10)', () => {
  it('[vdso] and [vsyscall], printed as [ anon ], are kernel code whose names were lost, not executable anonymous memory', async () => {
    const sleeper = await startSleeper();
    try {
      const pmap = execFileSync('pmap', ['-x', String(sleeper.pid)], { encoding: 'utf8' });
      const { table, byCode } = lint(pmap, 'pmap');
      expect(byCode.has('executable-anonymous')).toBe(false);
      // The rows flagged are those at the addresses /proc/PID/maps names [vdso] and [vsyscall].
      const named = sleeper.mapsText.split('\n').filter((l) => / \[(vdso|vsyscall)\]$/.test(l)).map((l) => BigInt('0x' + l.slice(0, l.indexOf('-'))));
      expect(named.length).toBeGreaterThan(0);
      const lost = byCode.get('kernel-names-lost')!;
      expect(lost.rows.map((r) => table.begin(r))).toEqual(named);
      expect(lost.message).toContain('[ anon ]');
      // The same process's maps names them: nothing lost, nothing flagged.
      expect(lint(sleeper.mapsText, 'maps').byCode.size).toBe(0);
    } finally {
      sleeper.child.kill();
    }
  });

  it('a larger executable anonymous region (a JIT) in pmap -x output is still executable anonymous memory', () => {
    const text = ['1234:   jit', 'Address           Kbytes     RSS   Dirty Mode  Mapping', '00007f0000000000    1024     512     512 r-x--   [ anon ]', '---------------- ------- ------- -------', 'total kB            1024     512     512'].join('\n');
    const { byCode } = lint(text, 'pmap');
    expect(byCode.get('executable-anonymous')?.rows).toHaveLength(1);
    expect(byCode.has('kernel-names-lost')).toBe(false);
  });
});

describe('real files with findings', () => {
  const anonymous = (path: string) => path === '' || path.startsWith('[anon:') || path === '[heap]' || /^\[stack/.test(path);

  for (const name of [...listCorpus('.maps'), ...listCorpus('.smaps')]) {
    it(`${name}: writable-executable and executable-anonymous rows are the lines a regex finds`, () => {
      const text = readCorpus(name);
      const { table, byCode } = lint(text, name);
      if (table.length === 0) return;
      const sorted = (a: string[]) => [...a].sort();
      expect(sorted(rangesOf(table, byCode.get('writable-executable')))).toEqual(sorted(linesWhere(text, (p) => p[1] === 'w' && p[2] === 'x')));
      expect(sorted(rangesOf(table, byCode.get('executable-anonymous')))).toEqual(sorted(linesWhere(text, (p, path) => p[2] === 'x' && anonymous(path))));
    });
  }

  it('fuglu: one rwxp anonymous page (Python 2 ctypes trampolines) is writable-and-executable and anonymous', () => {
    const { byCode } = lint(readCorpus('fuglu-glibc-abort-stack-tid.maps'));
    expect(byCode.get('writable-executable')!.rows).toHaveLength(1);
    expect(byCode.get('writable-executable')!.message).toBe('1 region is writable and executable at once (4 KiB).');
  });

  it('Android arm64: the ART JIT code cache in ashmem (deleted) is executable memory without a file', () => {
    const text = readCorpus('aosp-libprocinfo-arm64.maps');
    const { table, byCode } = lint(text);
    expect(rangesOf(table, byCode.get('executable-without-file'))).toEqual(linesWhere(text, (p, path) => p[2] === 'x' && / \(deleted\)$/.test(path)));
    expect(byCode.get('executable-without-file')!.rows.map((r) => table.pathname(r))).toEqual(['/dev/ashmem/dalvik-jit-code-cache (deleted)']);
  });

  for (const name of [...listCorpus('.maps'), ...listCorpus('.smaps')]) {
    it(`${name}: overlap-or-order rows are the regions brute force finds out of order or overlapping`, () => {
      const { table, byCode } = lint(readCorpus(name), name);
      const regions = table.toArray();
      const flagged = regions.filter(
        (r, i) =>
          (i > 0 && r.begin < regions[i - 1].begin) ||
          regions.some((o) => o !== r && r.begin < r.end && o.begin < o.end && r.begin < o.end && o.begin < r.end),
      );
      expect((byCode.get('overlap-or-order')?.rows ?? []).sort((a, b) => a - b)).toEqual(flagged.map((r) => r.index));
    });
  }

  it('no real kernel file is flagged (the repeated ranges of rsprocmaps-unusual-handwritten.maps are all empty: they hold no address)', () => {
    expect(lint(readCorpus('rsprocmaps-unusual-handwritten.maps')).byCode.has('overlap-or-order')).toBe(false);
    for (const name of ['aosp-libprocinfo-arm64.maps', 'fuglu-glibc-abort-stack-tid.maps', 'aosp-libmeminfo-x86_64.smaps']) expect(lint(readCorpus(name), name).byCode.has('overlap-or-order')).toBe(false);
  });

  it('a real file shuffled: exactly the regions that now start below the line before them', () => {
    const lines = readCorpus('rsprocmaps-golden.maps').split('\n').filter((l) => l !== '');
    const shuffled = [...lines.slice(10), ...lines.slice(0, 10)];
    const { table, byCode } = lint(shuffled.join('\n'));
    expect(byCode.get('overlap-or-order')!.rows.map((r) => table.columns.line[r])).toEqual([lines.length - 10 + 1]);
  });
});

describe('lints: hand-written edge cases', () => {
  const L = (range: string, perms: string, path = '', inode = path === '' || path.startsWith('[') ? 0 : 7) => `${range} ${perms} 00000000 ${inode ? 'fe:00' : '00:00'} ${inode} ${path}`;
  const cases: { name: string; lines: string[]; expect: Partial<Record<FindingCode, number[]>> }[] = [
    { name: 'a [stack:<tid>] with an anonymous ---p page right below: guarded', lines: [L('7f0000000000-7f0000001000', '---p'), L('7f0000001000-7f0000801000', 'rw-p', '[stack:42]')], expect: {} },
    { name: 'a [stack:<tid>] without: flagged', lines: [L('7f0000000000-7f0000001000', 'rw-p'), L('7f0000001000-7f0000801000', 'rw-p', '[stack:42]')], expect: { 'stack-without-guard': [2] } },
    { name: 'a guard page with a hole before the stack does not guard it', lines: [L('7f0000000000-7f0000001000', '---p'), L('7f0000002000-7f0000802000', 'rw-p', '[stack:42]')], expect: { 'stack-without-guard': [2] } },
    { name: 'glibc 2.40+ names (decorate_maps), user stacks too', lines: [L('7f0000001000-7f0000801000', 'rw-p', '[anon: glibc: pthread stack: 77]'), L('7f1000001000-7f1000801000', 'rw-p', '[anon: glibc: pthread user stack: 78]')], expect: { 'stack-without-guard': [1, 2] } },
    {
      name: 'bionic: stack_and_tls and the signal stack, guarded by their named guards',
      lines: [
        L('7f0000000000-7f0000001000', '---p', '[anon:stack_and_tls:9]'),
        L('7f0000001000-7f0000101000', 'rw-p', '[anon:stack_and_tls:9]'),
        L('7f0000200000-7f0000201000', '---p', '[anon:thread signal stack guard]'),
        L('7f0000201000-7f0000205000', 'rw-p', '[anon:thread signal stack]'),
      ],
      expect: {},
    },
    { name: 'not thread stacks: a GC mark stack, the main [stack], a guard itself', lines: [L('7f0000001000-7f0000801000', 'rw-p', '[anon:dalvik-mark stack]'), L('7ffc00000000-7ffc00021000', 'rw-p', '[stack]'), L('7ffd00000000-7ffd00001000', '---p', '[anon:stack_and_tls:1]')], expect: {} },
    { name: 'rwx memory backed by a file is writable-executable, not anonymous', lines: [L('00400000-00401000', 'rwxp', '/opt/old/app')], expect: { 'writable-executable': [1] } },
    { name: 'an executable [heap] and [stack] (READ_IMPLIES_EXEC) are anonymous', lines: [L('01000000-01021000', 'rwxp', '[heap]'), L('7ffc00000000-7ffc00021000', 'rwxp', '[stack]')], expect: { 'writable-executable': [1, 2], 'executable-anonymous': [1, 2] } },
    { name: 'the vDSO and vsyscall are kernel code: nothing', lines: [L('7fff00000000-7fff00002000', 'r-xp', '[vdso]'), L('ffffffffff600000-ffffffffff601000', '--xp', '[vsyscall]')], expect: {} },
    {
      name: 'executable memfd, shared memory and a deleted file outside system directories: without a file; non-executable ones: nothing',
      lines: [
        L('7f0000000000-7f0000001000', 'r-xs', '/memfd:jit (deleted)', 9),
        L('7f0000001000-7f0000002000', 'rw-s', '/memfd:heap (deleted)', 10),
        L('7f0000002000-7f0000003000', 'r-xs', '/dev/shm/code (deleted)', 11),
        L('7f0000003000-7f0000004000', 'r-xp', '/tmp/.x/payload (deleted)', 12),
        L('7f0000004000-7f0000005000', 'r--p', '/tmp/data.bin (deleted)', 13),
        L('7f0000005000-7f0000006000', 'r-xs', '/SYSV00000001 (deleted)', 14),
      ],
      expect: { 'executable-without-file': [1, 3, 4, 6] },
    },
    {
      name: 'deleted libraries and system executables: the whole module, executable or not; a deleted .so is not "without a file"',
      lines: [
        L('7f0000000000-7f0000001000', 'r--p', '/usr/lib/x86_64-linux-gnu/libssl.so.3 (deleted)', 20),
        L('7f0000001000-7f0000002000', 'r-xp', '/usr/lib/x86_64-linux-gnu/libssl.so.3 (deleted)', 20).replace(' 00000000 ', ' 00001000 '),
        L('7f0000002000-7f0000003000', 'rw-p', '/usr/lib/x86_64-linux-gnu/libssl.so.3 (deleted)', 20).replace(' 00000000 ', ' 00002000 '),
        L('7f0000003000-7f0000004000', 'rw-p'),
        L('7f0000010000-7f0000011000', 'r--p', '/home/u/plugin.so (deleted)', 21),
        L('7f0000020000-7f0000021000', 'r-xp', '/usr/sbin/sshd (deleted)', 22),
      ],
      expect: { 'deleted-library': [1, 2, 3, 5, 6] }, // line 4 may hold more than libssl's .bss: not the module's
    },
    {
      name: 'overlaps: both regions of each pair; a duplicate; a region that only touches its neighbour is fine',
      lines: [L('1000-5000', 'r--p'), L('5000-6000', 'r--p'), L('4000-4800', 'r--p'), L('8000-9000', 'r--p'), L('8000-9000', 'r--p'), L('a000-a000', 'r--p')],
      expect: { 'overlap-or-order': [1, 3, 4, 5] },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { table, byCode } = lint(c.lines.join('\n'));
      const got: Partial<Record<FindingCode, number[]>> = {};
      for (const [code, f] of byCode) got[code] = f.rows.map((r) => table.columns.line[r]).sort((a, b) => a - b);
      expect(got).toEqual(c.expect);
    });
  }

  it('smaps: an unnamed rw-p with VmFlags nh (MAP_STACK on Linux 6.7+) is a thread stack; not without Pss_Dirty (kernels before 6.0), not with gd', () => {
    const record = (range: string, perms: string, flags: string, pssDirty = true) =>
      [L(range, perms), 'Size: 4 kB', 'Rss: 0 kB', 'Pss: 0 kB', ...(pssDirty ? ['Pss_Dirty: 0 kB'] : []), `VmFlags: ${flags}`].join('\n');
    const text = [
      record('7f0000000000-7f0000001000', '---p', 'mr mw me nh'),
      record('7f0000001000-7f0000002000', 'rw-p', 'rd wr mr mw me ac nh'), // guarded
      record('7f0000010000-7f0000011000', 'rw-p', 'rd wr mr mw me ac nh'), // flagged
      record('7f0000020000-7f0000021000', 'rw-p', 'rd wr mr mw me ac nh', false), // old kernel: not a stack
      record('7f0000030000-7f0000031000', 'rw-p', 'rd wr mr mw me gd ac nh'), // grows down: the main stack's kind of flags
      record('7f0000040000-7f0000041000', 'rw-p', 'rd wr mr mw me ac'), // no nh: anything
    ].join('\n');
    const { table, byCode } = lint(text, 'smaps');
    const finding = byCode.get('stack-without-guard')!;
    expect(finding.rows.map((r) => table.columns.line[r])).toEqual([13]);
    expect(finding.message).toContain('MAP_STACK');
  });

  it('gdb listings without permissions: no permission findings', () => {
    const { byCode } = lint(readFixture('gdb/python-mapper.gdb11-noperms.txt'));
    expect(byCode.size).toBe(0);
  });

  it(`the map count: no finding at 90% of ${DEFAULT_MAX_MAP_COUNT}, one just above`, () => {
    const threshold = Math.floor(DEFAULT_MAX_MAP_COUNT * 0.9);
    // generateMaps writes one [vsyscall], which is no VMA of the process.
    expect(lint(generateMaps({ regions: threshold + 1 }).text).byCode.has('near-map-count-limit')).toBe(false);
    const above = lint(generateMaps({ regions: threshold + 2 }).text).byCode.get('near-map-count-limit');
    expect(above?.message).toBe(`${(threshold + 1).toLocaleString('en-US')} regions: 90% of the kernel's default limit of 65,530 (vm.max_map_count).`);
    // Past the limit itself (a machine with a raised vm.max_map_count): said so, not as a percentage.
    const past = lint(generateMaps({ regions: DEFAULT_MAX_MAP_COUNT + 2 }).text).byCode.get('near-map-count-limit');
    expect(past?.message).toBe(`${(DEFAULT_MAX_MAP_COUNT + 1).toLocaleString('en-US')} regions: more than the kernel's default limit of 65,530 (vm.max_map_count), which must have been raised on this machine.`);
  });
});
