/**
 * `mapscope --pid P` when P exits while its map is being read. The race is constructed, not
 * waited for: the built CLI is stopped (SIGSTOP) as soon as it has /proc/P/maps open, P is
 * killed and reaped, then the CLI goes on (SIGCONT) and its next read() finds the memory gone
 * (fs/proc/task_mmu.c m_start) — the partial map the issue saw with exit 0. A zombie is read too.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, type Finished } from './built-cli';
import { buildManyMaps, startManyMaps, startZombie, stateOf, type ManyMaps } from './many-maps';
import { textLines } from './reference-maps';

let cli: string;
let manyMaps: string;
let removeBuild: () => void;
const work = mkdtempSync(join(tmpdir(), 'mapscope-cli-pid-exit-'));
beforeAll(async () => {
  ({ cli, remove: removeBuild } = await buildCli());
  manyMaps = buildManyMaps(work);
});
afterAll(() => {
  removeBuild?.();
  rmSync(work, { recursive: true, force: true });
});

/** Spins until process `pid` has `target` open; false if it ended first. */
function waitForOpen(pid: number, target: string): boolean {
  for (;;) {
    const state = stateOf(pid);
    if (state === undefined || state === 'Z') return false;
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      return false;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return true;
      } catch {
        // The descriptor was closed between readdir and readlink.
      }
    }
  }
}

function collect(child: ReturnType<typeof spawn>): Promise<Finished> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

describe('mapscope --pid: the process exits or runs a new program during the read', () => {
  const PAGES = 20_000; // ~20,000 regions, ~1.5 MB of maps text: hundreds of read() calls

  it('control: left alone, the whole map is read (exit 0, every region)', async () => {
    const target = await startManyMaps(manyMaps, PAGES);
    const pid = target.pid;
    try {
      const expected = textLines(readFileSync(`/proc/${pid}/maps`, 'latin1')).length;
      const run = await collect(spawn(process.execPath, [cli, 'stats', '--json', '--pid', String(pid)], { stdio: ['ignore', 'pipe', 'pipe'] }));
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect((JSON.parse(run.stdout) as { total: { count: number } }).total.count).toBe(expected);
    } finally {
      target.stop();
    }
  });

  /**
   * Starts many-maps, runs `mapscope stats --json --pid P` on it and calls `interrupt` while the
   * CLI is stopped in the middle of the read (after it, if the read was over first). The outcome
   * must be the whole map with exit 0, or exit 3 with exactly `line`; returns the status.
   */
  async function readInterrupted(zombie: boolean, interrupt: (target: ManyMaps) => Promise<void>, line: (pid: number) => string): Promise<number> {
    const target = await startManyMaps(manyMaps, PAGES, { zombie });
    const pid = target.pid;
    try {
      const expected = textLines(readFileSync(`/proc/${pid}/maps`, 'latin1')).length;
      const reader = spawn(process.execPath, [cli, 'stats', '--json', '--pid', String(pid)], { stdio: ['ignore', 'pipe', 'pipe'] });
      const finished = collect(reader);
      if (waitForOpen(reader.pid!, `/proc/${pid}/maps`)) {
        process.kill(reader.pid!, 'SIGSTOP');
        await interrupt(target);
        process.kill(reader.pid!, 'SIGCONT');
      } else {
        await interrupt(target);
      }
      const run = await finished;
      if (run.status === 0) {
        // The read finished before the interruption: then it must be the whole map.
        expect((JSON.parse(run.stdout) as { total: { count: number } }).total.count).toBe(expected);
      } else {
        expect(run.stderr).toBe(line(pid));
        expect(run.status).toBe(3);
        expect(run.stdout).toBe('');
      }
      return run.status!;
    } finally {
      target.stop();
    }
  }

  // Reaped, the next read() fails with ESRCH (m_start: get_proc_task); a zombie's returns EOF
  // (mmget_not_zero fails): the text just stops. Both must end in exit 3.
  for (const zombie of [false, true]) {
    it(`killed while the CLI reads its map${zombie ? ', left a zombie' : ', reaped'}: exit 3 and one line, never a partial map with exit 0`, async () => {
      const outcomes: number[] = [];
      for (let i = 0; i < 4; i++) {
        outcomes.push(
          await readInterrupted(
            zombie,
            (target) => target.kill(),
            (pid) => `mapscope: process ${pid} exited while its memory map was being read (/proc/${pid}/maps)\n`,
          ),
        );
      }
      // The construction hits the race (the CLI is stopped mid-read): at least once, not by luck.
      expect(outcomes).toContain(3);
    });
  }

  it('runs a new program (execve) while the CLI reads its map: exit 3, not the old map cut short', async () => {
    const outcomes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const execSleep = async (target: ManyMaps) => {
        process.kill(target.pid, 'SIGUSR1'); // many-maps.c: execve("/bin/sleep")
        while (readFileSync(`/proc/${target.pid}/comm`, 'latin1') !== 'sleep\n') await new Promise((resolve) => setTimeout(resolve, 5));
      };
      const line = (pid: number) => `mapscope: process ${pid} started a new program (execve) while its memory map was being read (/proc/${pid}/maps)\n`;
      outcomes.push(await readInterrupted(false, execSleep, line));
    }
    expect(outcomes).toContain(3);
  });

  it('a zombie (exited, not yet reaped by its parent): exit 3, not an empty map', async () => {
    const { pid: zombie, stop } = await startZombie();
    try {
      const run = spawnSync(process.execPath, [cli, 'stats', '--pid', String(zombie)], { encoding: 'utf8' });
      expect(run.status).toBe(3);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`mapscope: process ${zombie} exited while its memory map was being read (/proc/${zombie}/maps)\n`);
    } finally {
      stop();
    }
  });
});
