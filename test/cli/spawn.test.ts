/** The CLI as a real process: `npx tsx src/node/cli.ts …`, with real pipes and exit statuses. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, referenceFile } from './reference-maps';

const ROOT = new URL('../..', import.meta.url).pathname;

interface Finished {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** npm may warn about its own configuration on stderr; those lines are not ours. */
function ownStderr(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => !l.startsWith('npm warn'))
    .join('\n');
}

function runProcess(args: string[], options: { stdin?: string; stopAfterFirstChunk?: boolean } = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/node/cli.ts', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      // Like `| head`: close the pipe after the first chunk.
      if (options.stopAfterFirstChunk) child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

describe('mapscope as a process', () => {
  it('parse --json on a corpus file: exit 0, one region per line', async () => {
    const path = join(CORPUS, 'rsprocmaps-golden.maps');
    const ref = referenceFile(path);
    const run = await runProcess(['parse', '--json', path]);
    expect(ownStderr(run.stderr)).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as { format: string; regions: { line: number; begin: string; pathname: string | null }[] };
    expect(out.format).toBe('maps');
    expect(out.regions.map((r) => [r.line, r.begin, r.pathname])).toEqual(ref.regions.map((r) => [r!.line, r!.begin, r!.pathname]));
  });

  it('lookup from standard input finds [vsyscall]', async () => {
    const text = readFileSync(join(CORPUS, 'rsprocmaps-golden.maps'), 'utf8');
    const run = await runProcess(['lookup', '-', '0xffffffffff600000'], { stdin: text });
    expect(run.status).toBe(0);
    const vsyscallLine = text.split('\n').findIndex((l) => l.endsWith('[vsyscall]')) + 1;
    expect(run.stdout).toMatch(new RegExp(`^0xffffffffff600000: line ${vsyscallLine}: ffffffffff600000-ffffffffff601000 --xp .*\\[vsyscall\\]$`, 'm'));
  });

  it('exit 1 with diagnostics on stderr for bad lines; exit 3 for a missing file', async () => {
    const bad = await runProcess(['stats', '-'], { stdin: '00400000-00401000 r--p 00000000 08:02 1 /a\n00401000-00402000 r--p 00000000 08:02\n00402000-00403000 r--p 00000000 08:02 1 /b\n' });
    expect(bad.status).toBe(1);
    expect(ownStderr(bad.stderr)).toMatch(/^<stdin>:2:\d+: error: /m);
    const missing = await runProcess(['parse', '/no/such/file']);
    expect(missing.status).toBe(3);
    expect(ownStderr(missing.stderr)).toBe('mapscope: no such file (/no/such/file)\n');
  });

  it('stops quietly when the reader closes the pipe early (| head)', async () => {
    const run = await runProcess(['parse', join(CORPUS, 'aosp-libprocinfo-arm64.maps')], { stopAfterFirstChunk: true });
    expect(run.stdout.length).toBeGreaterThan(0);
    expect(ownStderr(run.stderr).trim()).toBe('');
    expect(run.status).toBe(0);
  });
});
