/** Starts grower.c (built with gcc, a test requirement) and changes its memory on command: live captures for the compare and timeline tests. */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Grower {
  pid: number;
  /** Sends one command ('t' touch 64 MiB, 'm' map a new file, 'g' grow the heap 4 MiB) and waits until it is done. */
  command(c: 't' | 'm' | 'g'): Promise<void>;
  /** /proc/PID/smaps now. */
  smaps(): string;
  stop(): void;
}

/** Builds and starts grower.c; resolves once it is ready. */
export async function startGrower(): Promise<Grower> {
  const dir = mkdtempSync(join(tmpdir(), 'mapscope-grower-'));
  const bin = join(dir, 'grower');
  execFileSync('gcc', ['-O1', '-Wall', '-o', bin, join(import.meta.dirname, 'grower.c')]);
  const mapped = join(dir, 'mapped-later.bin');
  writeFileSync(mapped, Buffer.alloc(4096, 7));
  const child: ChildProcessWithoutNullStreams = spawn(bin, [mapped]);
  let out = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    let nl: number;
    while ((nl = out.indexOf('\n')) >= 0) {
      out = out.slice(nl + 1);
      waiters.shift()?.();
    }
  });
  const next = () => new Promise<void>((resolve) => waiters.push(resolve));
  await next(); // "ready"
  return {
    pid: child.pid!,
    async command(c) {
      const done = next();
      child.stdin.write(c);
      await done;
    },
    smaps: () => readFileSync(`/proc/${child.pid}/smaps`, 'utf8'),
    stop() {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A recording (docs/recording.md) of `snapshots` taken `stepMs` apart from `startMs`. */
export function recordingText(pid: number, snapshots: string[], startMs: number, stepMs: number): string {
  const time = (k: number) => new Date(startMs + k * stepMs).toISOString();
  const parts = ['#mapscope recording v1\n'];
  snapshots.forEach((text, k) => parts.push(`#mapscope snapshot time=${time(k)} pid=${pid} source=/proc/${pid}/smaps\n`, text.endsWith('\n') ? text : text + '\n'));
  parts.push(`#mapscope end time=${time(snapshots.length)} snapshots=${snapshots.length} reason=done\n`);
  return parts.join('');
}
