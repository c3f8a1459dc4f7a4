/** Starts many-maps.c (built with gcc, a test requirement): a live process with thousands of regions. */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** Builds many-maps.c into `workDir`; returns the binary's path. */
export function buildManyMaps(workDir: string): string {
  const bin = join(workDir, 'many-maps');
  execFileSync('gcc', ['-O1', '-Wall', '-o', bin, join(import.meta.dirname, 'many-maps.c')]);
  return bin;
}

/** proc(5) /proc/PID/stat field 3 (R, S, Z, …), or undefined once the process is gone. */
export function stateOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'latin1').replace(/^.*\) /s, '')[0];
  } catch {
    return undefined;
  }
}

export interface ManyMaps {
  pid: number;
  /**
   * SIGKILLs the process and resolves once it has exited: reaped (its /proc/PID gone) or, with
   * `zombie`, left a zombie (its memory released, /proc/PID still there).
   */
  kill(): Promise<void>;
  /** Ends the process and, for a zombie, its parent. */
  stop(): void;
}

/**
 * Waits until the shell `pid` has become `sleep` by exec. Before that, a child of the shell that
 * dies can be reaped by the shell itself (dash collects finished jobs), and the zombie vanishes
 * (a test once saw state Z, then no /proc/PID at all).
 */
async function untilExeced(pid: number): Promise<void> {
  const comm = () => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      return undefined;
    }
  };
  for (let c = comm(); c !== 'sleep'; c = comm()) {
    if (c === undefined) throw new Error(`the zombie's parent ${pid} is gone`);
    await delay(5);
  }
}

/**
 * Runs the binary with `pages` pages (about as many regions) and waits until it has mapped them.
 * With `zombie`, its parent is a `sleep` that never reaps it (sh starts it in the background and
 * execs sleep), so once killed it stays a zombie.
 */
export async function startManyMaps(bin: string, pages: number, options: { zombie?: boolean } = {}): Promise<ManyMaps> {
  const script = options.zombie ? '"$0" "$1" & echo $!; exec sleep 600' : 'echo $$; exec "$0" "$1"';
  const parent = spawn('sh', ['-c', script, bin, String(pages)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  parent.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  while (!/^\d+\nready\n/.test(out)) {
    if (parent.exitCode !== null) throw new Error(`many-maps exited early: ${out}`);
    await delay(5);
  }
  const pid = Number(out.split('\n')[0]);
  const exited = new Promise<void>((resolve) => parent.once('exit', () => resolve()));
  return {
    pid,
    async kill() {
      if (options.zombie) await untilExeced(parent.pid!);
      process.kill(pid, 'SIGKILL');
      if (!options.zombie) return exited; // the process is the shell's pid (exec): this test process reaps it
      while (stateOf(pid) !== 'Z') await delay(5);
    },
    stop() {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      parent.kill('SIGKILL');
    },
  };
}

/**
 * A zombie: `sleep 60` killed while its parent (sh, which became `sleep 61` by exec) never reaps
 * it. Its /proc/PID is still there; its memory is released (proc(5): the maps file is empty).
 */
export async function startZombie(): Promise<{ pid: number; stop: () => void }> {
  const parent = spawn('sh', ['-c', 'sleep 60 & echo $!; exec sleep 61'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const pid = await new Promise<number>((resolve) => parent.stdout.setEncoding('utf8').once('data', (d: string) => resolve(Number(d.trim()))));
  await untilExeced(parent.pid!);
  process.kill(pid, 'SIGKILL');
  while (stateOf(pid) !== 'Z') await delay(5);
  return { pid, stop: () => parent.kill('SIGKILL') };
}
