/** A `sleep` child process whose memory map has settled, to read through --pid. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Starts `sleep 60` and waits until its loader is done: the process is sleeping (state S in
 * /proc/PID/stat) and two reads of its maps 30 ms apart are identical. Kill it with `.kill()`.
 */
export async function startSleeper(): Promise<{ child: ChildProcess; pid: number; mapsText: string }> {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', reject);
  });
  const pid = child.pid!;
  let previous = '';
  for (let attempt = 0; attempt < 200; attempt++) {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
    const maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
    if (state === 'S' && maps === previous) return { child, pid, mapsText: maps };
    previous = maps;
    await delay(30);
  }
  child.kill();
  throw new Error(`sleep (pid ${pid}) did not settle`);
}
