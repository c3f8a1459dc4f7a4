/**
 * `mapscope diff` and `mapscope record` on live processes this test starts (diff-target.c, built
 * with gcc): two runs of one program, a process that maps a file and touches 64 MiB, a leaking
 * process recorded with --smaps, bad pairs; the JSON's shape; the usage errors.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRecording, topGrowers } from '../../src/internal';
import { buildCli } from './built-cli';
import { buildDiffTarget, startDiffTarget, type DiffTarget } from './diff-target';
import { runCli } from './run-cli';

interface RegionJson {
  line: number;
  begin: string;
  end: string;
  perms: string;
  pathname: string | null;
  kind: string;
  fields?: Record<string, number>;
}
interface DiffJson {
  added: RegionJson[];
  removed: RegionJson[];
  changed: { before: RegionJson; after: RegionJson; what: string[]; match: string }[];
  unchanged: number;
  groups: { before: RegionJson[]; after: RegionJson[]; match: string }[];
  mode: string;
  modeReason: string;
  summary: { beforeRegions: number; afterRegions: number; matchedBefore: number; matchedAfter: number; smaps: { field: string; before: string; after: string; delta: string }[] };
}

const FILE_KINDS = new Set(['file', 'deleted-file']);
let dir: string;
let bin: string;
const running: DiffTarget[] = [];

async function start(args: string[]): Promise<DiffTarget> {
  const t = await startDiffTarget(bin, args);
  running.push(t);
  return t;
}

/** Saves /proc/PID/FILE as read now. */
function capture(pid: number, file: 'maps' | 'smaps', name: string): string {
  const path = join(dir, name);
  writeFileSync(path, readFileSync(`/proc/${pid}/${file}`));
  return path;
}

async function diffJson(args: string[]): Promise<DiffJson> {
  const run = await runCli(['diff', '--json', ...args]);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as DiffJson;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mapscope-diff-'));
  bin = buildDiffTarget(dir);
});
afterAll(async () => {
  await Promise.all(running.map((t) => t.stop()));
  rmSync(dir, { recursive: true, force: true });
});

describe('mapscope diff on live processes', () => {
  it('two runs of the same program: different runs, no file-backed region added or removed', async () => {
    const first = await start(['idle']);
    const a = capture(first.pid, 'maps', 'run1.maps');
    const second = await start(['idle']);
    const b = capture(second.pid, 'maps', 'run2.maps');
    const d = await diffJson([a, b]);
    expect(d.mode).toBe('different-runs');
    expect(d.added.filter((r) => FILE_KINDS.has(r.kind))).toEqual([]);
    expect(d.removed.filter((r) => FILE_KINDS.has(r.kind))).toEqual([]);
    // The executable, libc and the loader matched by identity although ASLR moved them all; nothing moved within its module.
    expect(d.modeReason).toMatch(/^0 of \d+ file mappings at the same address/);
    expect(d.changed.filter((c) => FILE_KINDS.has(c.before.kind))).toEqual([]);
    expect(d.summary.matchedBefore).toBe(d.summary.beforeRegions);
  });

  it('a process that maps a new file and touches 64 MiB: that file added, that mapping changed with its Rss growth', async () => {
    const data = join(dir, 'data.bin');
    writeFileSync(data, Buffer.alloc(3 * 4096, 7));
    const t = await start(['grow', data]);
    const before = capture(t.pid, 'smaps', 'before.smaps');
    t.signal('SIGUSR1');
    await t.until('grown');
    const after = capture(t.pid, 'smaps', 'after.smaps');
    const d = await diffJson([before, after]);
    expect(d.mode).toBe('same-process');
    expect(d.added.map((r) => r.pathname)).toEqual([data]);
    expect(d.removed).toEqual([]);
    const grown = d.changed.filter((c) => c.before.kind === 'anonymous' && BigInt(c.before.end) - BigInt(c.before.begin) === 128n << 20n);
    expect(grown).toHaveLength(1);
    expect(grown[0].match).toBe('same-range');
    expect(grown[0].what).toContain('Rss');
    expect(grown[0].after.fields!.Rss - grown[0].before.fields!.Rss).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    const rss = d.summary.smaps.find((s) => s.field === 'Rss')!;
    expect(BigInt(rss.delta)).toBeGreaterThanOrEqual(64n << 20n);

    // The readable form says the same: the file added, the mapping changed by its Rss.
    const text = await runCli(['diff', before, after]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('compared as: same-process');
    expect(text.stdout).toMatch(new RegExp(`^\\+ .*${data.replace(/[.]/g, '\\.')}  \\[line \\d+\\]$`, 'm'));
    expect(text.stdout).toMatch(/^ {5}.*Rss.* \(same-range\)$/m);
  });

  it('bad pairs still compare, and say how little matched: two different programs; a maps file and an unrelated log', async () => {
    const t = await start(['idle']);
    const ours = capture(t.pid, 'maps', 'ours.maps');
    const node = capture(process.pid, 'maps', 'node.maps');
    const programs = await runCli(['diff', ours, node]);
    expect(programs.status).toBe(0);
    const matched = /^matched: (\d+) of (\d+) .* regions before, (\d+) of (\d+) .* after/m.exec(programs.stdout);
    expect(matched).not.toBeNull();
    // The executables differ: diff-target's segments are removed, node's added.
    const json = await diffJson([ours, node]);
    expect(json.removed.some((r) => r.pathname === bin)).toBe(true);
    expect(json.added.some((r) => r.pathname?.endsWith('/node'))).toBe(true);
    expect(Number(matched![3])).toBeLessThan(Number(matched![4]) / 2);
    expect(programs.stdout).toContain('little matched');

    const log = join(dir, 'app.log');
    writeFileSync(log, '2026-12-03 08:00:01 INFO server started on port 8080\n2026-12-03 08:00:02 WARN cache miss ratio 0.4\n');
    const unrelated = await runCli(['diff', ours, log]);
    expect(unrelated.status).toBe(0);
    expect(unrelated.stdout).toMatch(/^matched: 0 of \d+ \(0%\) regions before, 0 of 0 \(100%\) after — little matched/m);
    expect(unrelated.stderr).toContain('unknown-format');
  });
});

describe('mapscope record', () => {
  it('a leaking process recorded with --smaps: the leaking region first among the top growers, and diff FILE shows it grow', async () => {
    const t = await start(['leak']);
    const file = join(dir, 'leak.rec');
    const run = await runCli(['record', '--pid', String(t.pid), '--smaps', '--interval', '150ms', '--count', '5', '-o', file]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^recorded 5 snapshots of process \d+ in [\d.]+ s to .*: stopped as many as --count asked\n$/);
    const rec = parseRecording(readFileSync(file, 'utf8'));
    expect(rec.complete).toBe(true);
    expect(rec.end?.reason).toBe('count');
    expect(rec.snapshots.map((s) => s.pid)).toEqual([t.pid, t.pid, t.pid, t.pid, t.pid]);
    expect(rec.diagnostics).toEqual([]);
    const growers = topGrowers(rec.snapshots);
    expect(growers.metric).toBe('rss');
    expect(growers.regions[0].pathname).toBe('[heap]');
    expect(growers.regions[0].growthBytes).toBeGreaterThan(1n << 20n);
    expect(growers.regions[0].bytesPerSecond).toBeGreaterThan(0);

    const d = await diffJson([file]);
    const heap = d.changed.find((c) => c.before.pathname === '[heap]');
    expect(heap?.what).toEqual(expect.arrayContaining(['size', 'Rss']));
    const second = await diffJson([file, '--from', '2', '--to', '3']);
    expect(second.mode).toBe('same-process');
  });

  it('stops cleanly when the process exits: the file ends with its end line', async () => {
    const t = await start(['idle']);
    const file = join(dir, 'exit.rec');
    const recording = runCli(['record', '--pid', String(t.pid), '--interval', '50ms', '-o', file]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await t.stop();
    const run = await recording;
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`stopped process ${t.pid} exited`);
    const rec = parseRecording(readFileSync(file, 'utf8'));
    expect(rec.complete).toBe(true);
    expect(rec.end?.reason).toBe('exited');
    expect(rec.snapshotCount).toBeGreaterThanOrEqual(2);
    expect(rec.snapshots.every((s) => s.result.regions.length > 0 && s.result.diagnostics.length === 0)).toBe(true);
  });

  it('SIGINT (the built command): stops after the snapshot being taken, the file complete', async () => {
    const { cli, remove } = await buildCli();
    try {
      const t = await start(['idle']);
      const file = join(dir, 'interrupted.rec');
      const child = spawn(process.execPath, [cli, 'record', '--pid', String(t.pid), '--interval', '50ms', '-o', file], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      const closed = new Promise<number | null>((resolve) => child.once('close', (status) => resolve(status)));
      // Two snapshots written, then Ctrl-C.
      while (!existsSync(file) || readFileSync(file, 'utf8').split('#mapscope snapshot').length < 3) await delay(20);
      child.kill('SIGINT');
      expect(await closed).toBe(0);
      expect(stdout).toContain('stopped interrupted');
      const rec = parseRecording(readFileSync(file, 'utf8'));
      expect([rec.complete, rec.end?.reason]).toEqual([true, 'interrupted']);
      expect(rec.snapshots.every((s) => s.result.diagnostics.length === 0)).toBe(true);
    } finally {
      remove();
    }
  });

  it('no such process: exit 3 and no file', async () => {
    const file = join(dir, 'none.rec');
    const run = await runCli(['record', '--pid', '999999999', '-o', file]);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/^mapscope: no such process: 999999999 \(\/proc\/999999999\/maps\)\n$/);
    expect(() => readFileSync(file)).toThrow();
  });
});

describe('usage', () => {
  it.each([
    [['diff'], 'diff needs two FILEs to compare, or one recording'],
    [['diff', 'a', 'b', 'c'], 'unexpected argument "c"'],
    [['diff', 'a', 'b', '--from', '2'], '--from and --to pick snapshots of one recording'],
    [['diff', 'a', '--count', '2'], '--count applies to mapscope record'],
    [['record', '-o', 'x'], 'record needs --pid N'],
    [['record', '--pid', '1'], 'record needs -o FILE'],
    [['record', '--pid', '1', '-o', 'x', '--count', '2', '--duration', '5s'], 'give only one of --count and --duration'],
    [['record', '--pid', '1', '-o', 'x', '--interval', 'soon'], 'invalid duration "soon" for --interval'],
    [['parse', 'a', '--from', '1'], '--from applies to diff or record, not to parse'],
  ])('%j', async (argv, message) => {
    const run = await runCli(argv);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('one FILE that is not a recording: exit 2, saying why', async () => {
    const path = join(dir, 'one.maps');
    writeFileSync(path, readFileSync('/proc/self/maps'));
    const run = await runCli(['diff', path]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('diff needs two FILEs to compare; one FILE only when it is a recording');
  });
});
