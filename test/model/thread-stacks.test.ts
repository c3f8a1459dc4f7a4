/**
 * Thread stacks by their guard page (issue 18 point 6): a 5-thread process built and started now,
 * the bundled C example, the corpus's Android and JVM captures, and layouts that only look alike.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAddresses, formatLookupLine, ModuleIndex, parseMaps, parseSearchQuery, RegionIndex, searchRegions } from '../../src/internal';
import { fixturePath, readCorpus } from '../helpers/fixtures';

const kindsOf = (text: string) => parseMaps(text).regions.toArray().map((r) => r.kind);
const found = (text: string) => {
  const table = parseMaps(text).regions;
  return Array.from(searchRegions(RegionIndex.build(table), parseSearchQuery('kind:thread-stack')), (row) => table.get(row));
};

describe('thread stacks recognised by the guard page below them', () => {
  it('a process with 4 threads besides main (bt-threads.c, built and run now): 4 thread stacks, each right above its ---p guard; kind:thread-stack finds them; a pointer into one says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mapscope-threads-'));
    const bin = join(dir, 'bt-threads');
    try {
      const cc = spawnSync('gcc', ['-O0', '-g', '-pthread', '-o', bin, fixturePath('query/bt-threads.c')], { encoding: 'utf8' });
      expect(cc.stderr).toBe('');
      const child = spawn(bin, [], { stdio: ['pipe', 'pipe', 'inherit'] });
      let maps = '';
      try {
        await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
        maps = readFileSync(`/proc/${child.pid}/maps`, 'utf8');
        // The threads' stack pointers, read by the kernel: /proc/PID/task/TID/syscall ends with sp and pc.
        const tids = spawnSync('ls', [`/proc/${child.pid}/task`], { encoding: 'utf8' }).stdout.split('\n').filter((t) => t !== '' && t !== String(child.pid));
        // A thread caught between two system calls reads "running": read it again (they all sleep in one).
        const syscallOf = (tid: string): string => {
          for (let tries = 0; ; tries++) {
            const text = readFileSync(`/proc/${child.pid}/task/${tid}/syscall`, 'utf8').trim();
            if (text !== 'running' || tries === 200) return text;
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
          }
        };
        const sps = tids.map((tid) => syscallOf(tid).split(' ').at(-2)!);
        expect(sps).toHaveLength(4);
        const stacks = found(maps);
        expect(stacks).toHaveLength(4);
        const table = parseMaps(maps).regions;
        const index = RegionIndex.build(table);
        const modules = ModuleIndex.build(table, index.order);
        for (const sp of sps) {
          const [f] = findAddresses(sp, index, modules);
          expect(f.lookup.mapped && table.kind(f.lookup.row), sp).toBe('thread-stack');
          expect(formatLookupLine(table, modules, f.lookup)).toMatch(/^\+0x[0-9a-f]+ into a thread stack rw-p /);
        }
        // Each sits right above an inaccessible anonymous guard.
        for (const s of stacks) expect(maps).toMatch(new RegExp(`^[0-9a-f]+-${s.begin.toString(16)} ---p 00000000 00:00 0 *$`, 'm'));
      } finally {
        child.stdin.end();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the bundled C example shows its thread stack; real captures: Android arm64, a JVM, an arm32 Go process', () => {
    expect(found(readFileSync('public/samples/c-hello.maps', 'utf8')).map((r) => r.sizeBytes)).toEqual([8n << 20n]);
    expect(found(readCorpus('aosp-libprocinfo-arm64.maps')).length).toBeGreaterThanOrEqual(11);
    expect(found(readCorpus('dlhiddensym-openjdk8-docker.maps')).length).toBeGreaterThanOrEqual(20);
    expect(found(readCorpus('fuglu-glibc-abort-stack-tid.maps')).map((r) => r.pathname)).toEqual(expect.arrayContaining([expect.stringMatching(/^\[stack:\d+\]$/)]));
  });

  it('names: glibc 2.40 decorated stacks and bionic stack_and_tls are thread stacks; other [anon:] names are not', () => {
    const line = (range: string, name: string) => `${range} rw-p 00000000 00:00 0 ${name}`;
    expect(kindsOf([line('7f0000000000-7f0000800000', '[anon: glibc: pthread stack: 1234]'), line('7f0000800000-7f0000900000', '[anon:stack_and_tls:5678]'), line('7f0000900000-7f0000a00000', '[anon:libc_malloc]')].join('\n'))).toEqual(['thread-stack', 'thread-stack', 'named-anonymous']);
  });

  it('look-alikes stay anonymous: a malloc arena (its ---p above the rw-p), arenas 64 MiB apart, a tiny rw-p, a guard too large, a shared or file-backed region', () => {
    const l = (range: string, perms: string, name = '') => `${range} ${perms} 00000000 00:00 0 ${name}`;
    const text = [
      l('7f0000000000-7f0000021000', 'rw-p'), // arena: used part
      l('7f0000021000-7f0004000000', '---p'), // arena: reserved rest (above)
      l('7f0004000000-7f0004021000', 'rw-p'), // the next arena right above a 64 MiB reservation
      l('7f0005000000-7f0005001000', '---p'),
      l('7f0005001000-7f0005002000', 'rw-p'), // 4 KiB: no stack
      l('7f0006000000-7f0006020000', '---p'), // 128 KiB: a reservation, not a guard
      l('7f0006020000-7f0006820000', 'rw-p'),
      l('7f0007000000-7f0007001000', '---p'),
      l('7f0007001000-7f0007801000', 'rw-s'), // shared
    ].join('\n');
    expect(kindsOf(text).filter((k) => k === 'thread-stack')).toEqual([]);
    // The same guard with a stack above it is one.
    expect(kindsOf([l('7f0007000000-7f0007001000', '---p'), l('7f0007001000-7f0007801000', 'rw-p')].join('\n'))).toEqual(['anonymous', 'thread-stack']);
  });
});
