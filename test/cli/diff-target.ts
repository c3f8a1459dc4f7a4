/** Starts diff-target.c (built with gcc, a test requirement): a live process to diff and record. */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** Builds diff-target.c into `workDir`; returns the binary's path. */
export function buildDiffTarget(workDir: string): string {
  const bin = join(workDir, 'diff-target');
  execFileSync('gcc', ['-O1', '-Wall', '-o', bin, join(import.meta.dirname, 'diff-target.c')]);
  return bin;
}

export interface DiffTarget {
  pid: number;
  /** Resolves once the process has printed `line` (e.g. "grown" after SIGUSR1). */
  until(line: string): Promise<void>;
  signal(name: NodeJS.Signals): void;
  /** Kills it and waits until it has exited. */
  stop(): Promise<void>;
}

/** Runs the binary with `args` and waits for its "ready". */
export async function startDiffTarget(bin: string, args: string[]): Promise<DiffTarget> {
  const child: ChildProcessWithoutNullStreams = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const until = async (line: string) => {
    while (!out.split('\n').includes(line)) {
      if (child.exitCode !== null) throw new Error(`diff-target ${args.join(' ')} exited (${child.exitCode}) before "${line}": ${out}`);
      await delay(5);
    }
  };
  await until('ready');
  return {
    pid: child.pid!,
    until,
    signal: (name) => child.kill(name),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
