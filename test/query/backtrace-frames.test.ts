/**
 * Bulk lookup of real backtraces (issue 18 point 8): a `thread apply all bt` from gdb attached to
 * a 5-thread process started now, and an AddressSanitizer report of a program built now. Each
 * frame is found once, as a frame of its backtrace; the other numbers are grouped; NULL is none.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAddresses, groupFound, ModuleIndex, parseMaps, RegionIndex, type FoundAddress } from '../../src/internal';
import { fixturePath } from '../helpers/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'mapscope-frames-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function build(source: string, out: string, flags: string[]): string {
  const bin = join(dir, out);
  const cc = spawnSync('gcc', ['-O0', '-g', '-Wall', ...flags, '-o', bin, fixturePath(source)], { encoding: 'utf8' });
  if (cc.status !== 0 || cc.stderr !== '') throw new Error(`gcc: ${cc.stderr}`);
  return bin;
}

function tools(mapsText: string) {
  const table = parseMaps(mapsText).regions;
  const index = RegionIndex.build(table);
  return { table, index, modules: ModuleIndex.build(table, index.order) };
}

/** The frame numbers of each backtrace, read with a regex (not the code under test). */
function frameLines(text: string, frame: RegExp): string[] {
  return text.split('\n').filter((l) => frame.test(l));
}

describe('gdb: thread apply all bt of a process started now', () => {
  let bt = '';
  let maps = '';
  beforeAll(async () => {
    const bin = build('query/bt-threads.c', 'bt-threads', ['-pthread']);
    const child = spawn(bin, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        child.once('error', reject);
      });
      maps = readFileSync(`/proc/${child.pid}/maps`, 'utf8');
      const gdb = spawnSync('gdb', ['-q', '-nx', '-batch', '-p', String(child.pid), '-ex', 'thread apply all bt'], { encoding: 'utf8', timeout: 60_000 });
      bt = gdb.stdout;
    } finally {
      child.stdin.end();
    }
  }, 90_000);

  it('every frame with an address is found once, as a frame, in the backtrace of its thread; 5 threads, 5 backtraces', () => {
    const { index, modules } = tools(maps);
    const found = findAddresses(bt, index, modules);
    const frames = found.filter((f) => f.frame !== undefined);
    const expected = frameLines(bt, /^#\d+\s+0x[0-9a-f]+ in /);
    expect(expected.length).toBeGreaterThan(10);
    expect(frames.map((f) => bt.split('\n')[f.line - 1])).toEqual(expected);
    const { backtraces, others } = groupFound(bt, found, index, modules);
    expect(backtraces.map((b) => b.title)).toEqual(frameLines(bt, /^Thread \d+ /));
    expect(backtraces).toHaveLength(5);
    // Each frame's program counter is code: an executable region of the program or a library.
    for (const f of frames) expect(f.lookup.mapped && index.table.get(f.lookup.row).isExecutable, f.text).toBe(true);
    // The rest: the arguments and the threads' pthread_t, grouped; NULL (rem=0x0) is no address.
    expect(bt).toContain('=0x0');
    const rest = others.flatMap((g) => g.items);
    expect(rest.some((f) => f.address === 0n)).toBe(false);
    expect(rest.length + frames.length).toBe(found.length);
    expect(new Set(others.map((g) => g.name)).size).toBe(others.length);
  });
});

describe('AddressSanitizer: a heap use-after-free built and run now', () => {
  it('every frame once (not again as its (module+0x…)), three backtraces with their headings', () => {
    const bin = build('query/asan-uaf.c', 'asan-uaf', ['-fsanitize=address']);
    const mapsPath = join(dir, 'asan.maps');
    const run = spawnSync(bin, [mapsPath], { encoding: 'utf8', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
    const report = run.stderr;
    expect(report).toContain('AddressSanitizer: heap-use-after-free');
    const { index, modules } = tools(readFileSync(mapsPath, 'utf8'));
    const found = findAddresses(report, index, modules);
    const expected = frameLines(report, /^\s+#\d+ 0x[0-9a-f]+ in /);
    const frames = found.filter((f) => f.frame !== undefined);
    expect(frames.map((f) => report.split('\n')[f.line - 1])).toEqual(expected);
    // No frame line gives a second address for its (module+0x…).
    const frameLineNumbers = new Set(frames.map((f) => f.line));
    expect(found.filter((f: FoundAddress) => frameLineNumbers.has(f.line) && f.frame === undefined)).toEqual([]);
    // Where the report gives (module+0x…), it is the frame's own address in this map.
    for (const f of frames) {
      const m = /\(([^()]+)\+(0x[0-9a-f]+)\)$/.exec(report.split('\n')[f.line - 1]);
      if (m !== null) expect(modules.find(m[1])!.baseAddr + BigInt(m[2])).toBe(f.address);
    }
    const { backtraces } = groupFound(report, found, index, modules);
    expect(backtraces.map((b) => b.title)).toEqual([expect.stringMatching(/^READ of size 1 at 0x[0-9a-f]+ thread T0$/), 'freed by thread T0 here:', 'previously allocated by thread T0 here:']);
  });
});
