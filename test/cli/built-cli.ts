/**
 * The bundled CLI (dist/cli.cjs, what `npm install` puts behind `bin.mapscope`) as a real process, with real
 * file descriptors: a pipe the reader closes, /dev/full, a FIFO. Built once per test file into a
 * temporary directory with the project's own `vite build --mode cli` config, so the test runs
 * the current source and never a stale dist/.
 */
import { spawn, type StdioOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

const ROOT = new URL('../..', import.meta.url).pathname;

/** Builds dist/cli.cjs into a temporary directory; returns its path and a cleanup. */
export async function buildCli(): Promise<{ cli: string; remove: () => void }> {
  const outDir = mkdtempSync(join(tmpdir(), 'mapscope-cli-build-'));
  await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), mode: 'cli', logLevel: 'silent', build: { outDir, emptyOutDir: false } });
  return { cli: join(outDir, 'cli.cjs'), remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

export interface Finished {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Text for standard input (default: none, stdin closed), or an open file descriptor (`< file`). */
  stdin?: string | Buffer | number;
  /** Open file descriptors or 'ignore' to give the child as stdout / stderr instead of pipes. */
  stdout?: number | 'ignore';
  stderr?: number | 'ignore';
  /** Close our end of the child's stdout / stderr pipe at once (the reader went away). */
  closeStdout?: boolean;
  closeStderr?: boolean;
  /** Options for node itself, before the script (e.g. a heap limit). */
  nodeArgs?: string[];
}

/** Runs `node cli.cjs ...args` and collects what it writes. */
export function runBuilt(cli: string, args: string[], options: RunOptions = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const stdinFd = typeof options.stdin === 'number' ? options.stdin : undefined;
    const stdio: StdioOptions = [stdinFd ?? 'pipe', options.stdout ?? 'pipe', options.stderr ?? 'pipe'];
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), cli, ...args], { stdio });
    let stdout = '';
    let stderr = '';
    if (child.stdout) {
      if (options.closeStdout) child.stdout.destroy();
      else child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    }
    if (child.stderr) {
      if (options.closeStderr) child.stderr.destroy();
      else child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    }
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
    // The child may exit without reading its input: that EPIPE is not the test's concern.
    if (child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.stdin ?? '');
    }
  });
}
