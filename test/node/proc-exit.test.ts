/**
 * readMapsFromPid when the process exits: /proc/PID/stat read before and after the map
 * (src/node/proc-state.ts). Real processes throughout; the mid-read exit is built with a procfs
 * stand-in whose maps is a FIFO this test writes (half a real map, then the kill, then EOF) and
 * whose stat is the real process's.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { MapsReadError, readMapsFromPath, readMapsFromPid } from '../../src/node/index';
import { execDuringRead, exitDuringRead, parseProcStat, PF_EXITING, readProcStat, type ProcStat } from '../../src/node/proc-state';
import { startZombie, stateOf } from '../cli/many-maps';
import { startSleeper } from '../cli/sleeper';
import { failure } from './read-failure';

const tmp = mkdtempSync(join(tmpdir(), 'mapscope-proc-exit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('parseProcStat', () => {
  it('reads a real process whose name holds ") (" and spaces', async () => {
    // proc(5): comm is the executable's name, up to 15 bytes, and may hold any character.
    const bin = join(tmp, 'a) (b c');
    copyFileSync(execFileSync('sh', ['-c', 'command -v sleep'], { encoding: 'utf8' }).trim(), bin);
    execFileSync('chmod', ['755', bin]);
    const child = spawn(bin, ['60'], { stdio: 'ignore' });
    try {
      while (stateOf(child.pid!) !== 'S') await delay(5);
      const text = readFileSync(`/proc/${child.pid}/stat`, 'latin1');
      expect(text).toContain('(a) (b c)');
      const stat = parseProcStat(text)!;
      expect(stat.state).toBe('S');
      expect(stat.flags & PF_EXITING).toBe(0);
      // Field 22 counted from the end instead: the stat line has 52 fields (proc(5), Linux ≥ 3.5).
      const fromEnd = text.trim().split(' ');
      expect(stat.startTime).toBe(BigInt(fromEnd[fromEnd.length - 52 + 21]));
    } finally {
      child.kill();
    }
  });

  it('undefined for text that is not a stat line', () => {
    expect(parseProcStat('')).toBeUndefined();
    expect(parseProcStat('12 (x) S 1 2')).toBeUndefined();
  });
});

describe('exitDuringRead and execDuringRead', () => {
  const alive: ProcStat = { state: 'S', flags: 0x400000, startTime: 100n, programLayout: '4194304:4198000:140730000000000' };
  const cases: [string, ProcStat, ProcStat | undefined, boolean][] = [
    ['alive before and after', alive, { ...alive, state: 'R' }, false],
    ['gone after', alive, undefined, true],
    ['a zombie after', alive, { ...alive, state: 'Z' }, true],
    ['exiting after (PF_EXITING, not yet a zombie)', alive, { ...alive, flags: alive.flags | PF_EXITING }, true],
    ['the pid reused by another process', alive, { ...alive, startTime: 101n }, true],
    ['a zombie before', { ...alive, state: 'Z' }, { ...alive, state: 'Z' }, true],
  ];
  for (const [name, before, after, exited] of cases) {
    it(name, () => expect(exitDuringRead(before, after) !== undefined).toBe(exited));
  }

  it('a new program (other startcode, endcode, startstack) is an exec; the same layout is not', () => {
    expect(execDuringRead(alive, { ...alive })).toBe(false);
    expect(execDuringRead(alive, { ...alive, programLayout: '4194304:4198000:140730000004096' })).toBe(true);
  });

  it('reads a live layout: this process may see its own, and it is not all zero', async () => {
    const own = (await readProcStat('/proc/self/stat'))!;
    expect(own.programLayout).toMatch(/^[0-9]+:[0-9]+:[0-9]+$/);
    expect(own.programLayout).not.toBe('0:0:0');
  });
});

describe('readMapsFromPid: a process that exits', () => {
  it('a zombie: process-exited, not an empty map', async () => {
    const { pid: zombie, stop } = await startZombie();
    try {
      expect((await readProcStat(`/proc/${zombie}/stat`))?.state).toBe('Z');
      const error = await failure(readMapsFromPid(zombie));
      expect(error.code).toBe('process-exited');
      expect(error.message).toContain(`process ${zombie} exited while its memory map was being read`);
      expect((await failure(readMapsFromPid(zombie, { file: 'smaps' }))).code).toBe('process-exited');
      // The same file named as a path is read with the same check.
      expect((await failure(readMapsFromPath(`/proc/${zombie}/maps`))).code).toBe('process-exited');
    } finally {
      stop();
    }
  });

  it('exits in the middle of the read: process-exited; left alone: every line', async () => {
    for (const kill of [false, true]) {
      const sleeper = await startSleeper();
      try {
        const root = join(tmp, `proc-${kill}`);
        mkdirSync(join(root, String(sleeper.pid)), { recursive: true });
        mkdirSync(join(root, 'self'));
        writeFileSync(join(root, 'self', 'maps'), '');
        const fifo = join(root, String(sleeper.pid), 'maps');
        execFileSync('mkfifo', [fifo]);
        symlinkSync(`/proc/${sleeper.pid}/stat`, join(root, String(sleeper.pid), 'stat'));

        const reading = readMapsFromPid(sleeper.pid, { procRoot: root }).then(
          (result) => result,
          (error: unknown) => error,
        );
        const writer = await open(fifo, 'w'); // resolves once the reader has opened it
        const half = sleeper.mapsText.slice(0, sleeper.mapsText.indexOf('\n', sleeper.mapsText.length >> 1) + 1);
        await writer.write(half);
        if (kill) {
          const exited = new Promise((resolve) => sleeper.child.once('exit', resolve));
          sleeper.child.kill('SIGKILL');
          await exited;
          await writer.close(); // end of file: the kernel's text stops here as well
        } else {
          await writer.write(sleeper.mapsText.slice(half.length));
          await writer.close();
        }
        const outcome = await reading;
        if (kill) {
          expect(outcome).toBeInstanceOf(MapsReadError);
          expect((outcome as MapsReadError).code).toBe('process-exited');
        } else {
          expect(outcome).not.toBeInstanceOf(Error);
          expect((outcome as Awaited<ReturnType<typeof readMapsFromPid>>).regions.length).toBe(sleeper.mapsText.split('\n').length - 1);
        }
      } finally {
        sleeper.child.kill();
      }
    }
  });
});
