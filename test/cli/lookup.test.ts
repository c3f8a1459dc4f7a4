import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, hexText, referenceFile, referenceRegion, textLines } from './reference-maps';
import { runCli } from './run-cli';
import { startSleeper } from './sleeper';

interface LookupOut {
  address: string;
  mapped: boolean;
  region: { line: number; begin: string; end: string; pathname: string | null; kind: string } | null;
  offsetInRegion?: string;
  fileOffset?: string | null;
  gap?: { begin: string; end: string; sizeBytes: string };
  before?: { line: number } | null;
  after?: { line: number } | null;
  beyondUserSpace?: { place: string; addressSpace: string; basis: string } | null;
}

async function lookupJson(args: string[]): Promise<LookupOut[]> {
  const run = await runCli(['lookup', '--json', ...args]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as LookupOut[];
}

const hex = (v: bigint) => '0x' + v.toString(16);

describe('mapscope lookup', () => {
  it('finds [vsyscall] at 0xffffffffff600000 in /proc/self/maps (when the kernel maps it)', async () => {
    const hasVsyscall = readFileSync('/proc/self/maps', 'utf8').includes('ffffffffff600000-ffffffffff601000');
    const [found] = await lookupJson(['--pid', 'self', '0xffffffffff600000']);
    expect(found.address).toBe('0xffffffffff600000');
    if (hasVsyscall) {
      expect(found.mapped).toBe(true);
      expect(found.region?.pathname).toBe('[vsyscall]');
      expect(found.region?.kind).toBe('vsyscall');
      expect(found.offsetInRegion).toBe('0x0');
    } else {
      expect(found.mapped).toBe(false);
    }
    // The byte below the page and the one after must not be [vsyscall] (no double rounding).
    const [below, last, after] = await lookupJson(['/proc/self/maps', 'ffffffffff5fffff', 'ffffffffff600fff', 'ffffffffff601000']);
    expect(below.region?.pathname).not.toBe('[vsyscall]');
    expect(after.region?.pathname).not.toBe('[vsyscall]');
    if (hasVsyscall) expect(last.region?.pathname).toBe('[vsyscall]');
  });

  it('issue 18 point 10 on a sleep process: no file offset for [heap], [stack], [vsyscall]; kernel space and the non-canonical hole named', async () => {
    const sleeper = await startSleeper();
    try {
      const begins = new Map<string, string>();
      for (const l of sleeper.mapsText.split('\n')) {
        const m = /^([0-9a-f]+)-\S+ \S+ \S+ \S+ \S+\s+(\[(?:heap|stack|vsyscall)\]|\/\S*libc\.so\.6)$/.exec(l);
        if (m && !begins.has(m[2])) begins.set(m[2], '0x' + (BigInt('0x' + m[1]) + 0x10n).toString(16));
      }
      const names = [...begins.keys()];
      const answers = await lookupJson(['--pid', String(sleeper.pid), ...begins.values(), '0xffffffff81000000', '0x800000000000']);
      names.forEach((name, i) => {
        expect(answers[i].mapped, name).toBe(true);
        if (name.startsWith('/')) expect(answers[i].fileOffset, name).toBe('0x10');
        else expect(answers[i].fileOffset, name).toBeNull();
      });
      const [kernel, hole] = answers.slice(names.length);
      expect(kernel.mapped).toBe(false);
      if (process.arch === 'x64') {
        expect(kernel.beyondUserSpace).toMatchObject({ place: 'kernel', addressSpace: 'x86-64, 48-bit virtual addresses (4-level paging)' });
        expect(hole.beyondUserSpace).toMatchObject({ place: 'non-canonical' });
        const text = await runCli(['lookup', '--pid', String(sleeper.pid), '0xffffffff81000000']);
        expect(text.stdout).toMatch(/^0xffffffff81000000: unmapped, kernel space: the kernel half of x86-64, 48-bit virtual addresses \(4-level paging\) starts at 0xffff800000000000, beyond the non-canonical hole/);
        expect(text.stdout).not.toContain('[stack]');
      }
    } finally {
      sleeper.child.kill();
    }
  });

  it('answers every boundary of every region of a corpus file from the line text', async () => {
    const ref = referenceFile(join(CORPUS, 'dlhiddensym-openjdk8-docker.maps'));
    const regions = ref.regions.filter((r) => r !== undefined);
    expect(regions).toHaveLength(ref.lines.length);
    const addresses: string[] = [];
    for (const r of regions) addresses.push(r.begin, hex(BigInt(r.end) - 1n));
    const answers = await lookupJson([join(CORPUS, 'dlhiddensym-openjdk8-docker.maps'), ...addresses]);
    expect(answers).toHaveLength(addresses.length);
    regions.forEach((r, i) => {
      for (const [k, delta] of [
        [2 * i, 0n],
        [2 * i + 1, BigInt(r.end) - BigInt(r.begin) - 1n],
      ] as const) {
        const a = answers[k];
        expect(a.address).toBe(addresses[k]);
        expect(a.mapped).toBe(true);
        expect(a.region?.line).toBe(r.line);
        expect(a.region?.begin).toBe(r.begin);
        expect(a.offsetInRegion).toBe(hex(delta));
        expect(a.fileOffset).toBe(r.pathname?.startsWith('/') ? hex(BigInt(r.offset) + delta) : null); // no file behind anonymous memory, [heap], [stack]
      }
    });
  });

  it('reports gaps with both neighbours, below the first and above the last region', async () => {
    const ref = referenceFile(join(CORPUS, 'rsprocmaps-golden.maps'));
    const regions = ref.regions.map((r) => r!);
    // A gap inside the file: between two regions that do not touch.
    const k = regions.findIndex((r, i) => i + 1 < regions.length && r.end !== regions[i + 1].begin);
    expect(k).toBeGreaterThanOrEqual(0);
    const inGap = regions[k].end;
    const first = regions[0];
    const last = regions[regions.length - 1];
    const [gap, low, high, top] = await lookupJson([join(CORPUS, 'rsprocmaps-golden.maps'), inGap, '0', last.end, 'ffffffffffffffff']);
    expect(gap).toEqual({
      address: inGap,
      mapped: false,
      region: null,
      gap: { begin: regions[k].end, end: regions[k + 1].begin, sizeBytes: (BigInt(regions[k + 1].begin) - BigInt(regions[k].end)).toString() },
      before: expect.objectContaining({ line: regions[k].line }),
      after: expect.objectContaining({ line: regions[k + 1].line }),
      beyondUserSpace: null,
    });
    expect(low.gap).toEqual({ begin: '0x0', end: first.begin, sizeBytes: BigInt(first.begin).toString() });
    expect(low.before).toBeNull();
    expect(low.after?.line).toBe(first.line);
    // Above the last region the gap runs to 2^64 (exclusive).
    expect(high.gap?.end).toBe('0x10000000000000000');
    expect(high.before?.line).toBe(last.line);
    expect(high.after).toBeNull();
    expect(top.mapped).toBe(false);
  });

  it('accepts addresses with or without 0x, in any case, with _ separators, and keeps their order', async () => {
    const ref = referenceFile(join(CORPUS, 'rsprocmaps-golden.maps'));
    const r = ref.regions[3]!;
    const digits = r.begin.slice(2);
    const typed = [digits, '0X' + digits.toUpperCase(), '0x' + digits.replace(/(.{4})(?=.)/g, '$1_'), ref.regions[0]!.begin];
    const answers = await lookupJson([join(CORPUS, 'rsprocmaps-golden.maps'), ...typed]);
    expect(answers.map((a) => a.region?.line)).toEqual([r.line, r.line, r.line, 1]);
    expect(answers.map((a) => a.address)).toEqual([r.begin, r.begin, r.begin, ref.regions[0]!.begin]);
  });

  it('text output names the line and the offsets', async () => {
    const ref = referenceFile(join(CORPUS, 'rsprocmaps-golden.maps'));
    const r = ref.regions[1]!;
    const run = await runCli(['lookup', join(CORPUS, 'rsprocmaps-golden.maps'), hex(BigInt(r.begin) + 0x10n), '0x1000']);
    expect(run.status).toBe(0);
    const lines = textLines(run.stdout);
    expect(lines[0]).toBe(`${hex(BigInt(r.begin) + 0x10n)}: line ${r.line}: ${ref.lines[1].trimEnd()}`);
    expect(lines[1]).toBe(`    offset in region 0x10, file offset ${hex(BigInt(r.offset) + 0x10n)}`);
    // 0x5610d526d000 bytes is about 86 TiB.
    expect(lines[2]).toMatch(new RegExp(`^0x1000: unmapped, in the gap 0x0-${ref.regions[0]!.begin} \\(86\\.\\d TiB\\)$`));
    expect(lines[3]).toBe('    before: (none: below the first region)');
    expect(lines[4]).toBe(`    after:  line 1: ${ref.lines[0].trimEnd()}`);
  });

  it('text output echoes the typed address only when it reads differently', async () => {
    const path = join(CORPUS, 'rsprocmaps-golden.maps');
    const run = await runCli(['lookup', path, '1000', '0x0000_1000', '0X1000']);
    const heads = textLines(run.stdout).filter((l) => !l.startsWith(' '));
    expect(heads.map((h) => h.slice(0, h.indexOf(': ')))).toEqual(['0x1000', '0x1000 (0x0000_1000)', '0x1000']);
  });

  it('reads input errors to stderr but still answers (exit 1)', async () => {
    const run = await runCli(['lookup', '-', '0x1000'], '00001000-00002000 r--p 00000000 08:02 5 /x\n00002000-00003000 r--p 0000zz00 08:02 5 /y\n00003000-00004000 r--p 00000000 08:02 5 /z\n');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^<stdin>:2:\d+: error: /m);
    expect(run.stdout).toMatch(/^0x1000: line 1: /);
  });

  it('rejects a bad address before reading anything (exit 2)', async () => {
    for (const bad of ['xyz', '0x', '1_0000_0000_0000_0000_0' /* 17 digits */, '-5']) {
      const run = await runCli(['lookup', '/nonexistent/file', bad]);
      expect(run.status, bad).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^mapscope: (invalid address|unknown option)/);
    }
  });
});

describe('mapscope lookup --pid of a process we started', () => {
  let sleeper: Awaited<ReturnType<typeof startSleeper>>;
  beforeAll(async () => {
    sleeper = await startSleeper();
  });
  afterAll(() => {
    sleeper.child.kill();
  });

  it('finds each region of the child at its begin, matching the text of /proc/PID/maps', async () => {
    const { pid, mapsText: text } = sleeper;
    // sleep's map does not change while it sleeps, so our read and the CLI's see the same text.
    const regions = textLines(text).map((l, i) => referenceRegion(l, i + 1)!);
    expect(regions.some((r) => r.pathname === '[stack]')).toBe(true);
    const answers = await lookupJson(['--pid', String(pid), ...regions.map((r) => r.begin)]);
    answers.forEach((a, i) => {
      expect(a.region?.line).toBe(regions[i].line);
      expect(a.region?.pathname).toBe(regions[i].pathname);
      expect(a.region?.end).toBe(regions[i].end);
      expect(a.fileOffset).toBe(regions[i].pathname?.startsWith('/') ? regions[i].offset : null);
    });
    expect(hexText('000400000')).toBe('0x400000'); // the helper strips zeros, not digits
  });
});
