import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { cpuMsOfStat, machineCpuOfStat, minorFaultsOfStat, stagesOf } from './load-stages';

/** Spins until this process has used `ms` of user CPU (not of the clock: a loaded machine gives it less); returns the loop's turns. */
function spinCpu(ms: number): number {
  const start = process.cpuUsage();
  let spin = 0;
  while (process.cpuUsage(start).user < ms * 1000) spin++;
  return spin;
}

describe('stagesOf', () => {
  test("gives back the stages a load's marks were made from", () => {
    // A load's marks as the page sees them: the worker's `parsing` message after it started and
    // read, `loaded` after it parsed, built the view and sent it, painted after the first frame.
    const ms = fc.double({ min: 0, max: 1e5, noNaN: true });
    fc.assert(
      fc.property(ms, ms, ms, ms, ms, ms, ms, ms, (dropMs, start, read, parse, index, layout, transfer, frame) => {
        const parsingMs = dropMs + start + read;
        const loadedMs = parsingMs + parse + index + layout + transfer;
        const paintedMs = loadedMs - dropMs + frame;
        const s = stagesOf(dropMs, paintedMs, { phases: { parsing: parsingMs }, loadedMs, timings: { read, parse, index, layout } });
        const expected = { startMs: start, readMs: read, parseMs: parse, viewMs: index + layout, transferMs: transfer, frameMs: frame };
        for (const [key, value] of Object.entries(expected)) expect(s[key as keyof typeof s], key).toBeCloseTo(value, 3);
      }),
    );
  });

  test('the start is the parsing message less the read; the transfer is what the workers did not time', () => {
    const s = stagesOf(100, 900, { phases: { reading: 150, parsing: 400 }, loadedMs: 800, timings: { read: 250, parse: 200, index: 50, layout: 100 } });
    expect(s).toEqual({ startMs: 50, readMs: 250, parseMs: 200, viewMs: 150, transferMs: 50, frameMs: 200 });
  });

  test('no `loaded` timings: NaN, not a figure', () => {
    expect(stagesOf(0, 10, { phases: {}, loadedMs: 0, timings: null }).readMs).toBeNaN();
  });
});

describe('cpuMsOfStat', () => {
  /** A /proc/PID/stat line of proc(5)'s layout: utime and stime are fields 14 and 15. */
  const stat = (comm: string, utime: number, stime: number, minflt = 9000) =>
    `4242 (${comm}) S 1 4242 4242 0 -1 4194560 ${minflt} 0 3 0 ${utime} ${stime} 7 8 20 0 31 0 6771953 3133440 412 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0`;

  test("a process's user and system ticks, 10 ms each, whatever its name", () => {
    fc.assert(
      fc.property(fc.string(), fc.nat({ max: 1e7 }), fc.nat({ max: 1e7 }), (comm, utime, stime) => {
        expect(cpuMsOfStat(stat(comm, utime, stime))).toBe((utime + stime) * 10);
      }),
    );
    expect(cpuMsOfStat(stat('chrome (renderer) x', 150, 25))).toBe(1750);
    expect(cpuMsOfStat(stat('a', 3, 4), 250)).toBe(28);
  });

  test("this process's own stat: a figure that grows with the work done", async () => {
    const { readFileSync } = await import('node:fs');
    const before = cpuMsOfStat(readFileSync('/proc/self/stat', 'utf8'));
    // 50 ms of this process's CPU, five ticks.
    expect(spinCpu(50)).toBeGreaterThan(0);
    expect(cpuMsOfStat(readFileSync('/proc/self/stat', 'utf8'))).toBeGreaterThan(before);
  });

  test('a process that is gone: NaN, not a figure', () => {
    expect(cpuMsOfStat('')).toBeNaN();
  });
});

describe('minorFaultsOfStat', () => {
  const stat = (comm: string, minflt: number, majflt: number) =>
    `4242 (${comm}) S 1 4242 4242 0 -1 4194560 ${minflt} 0 ${majflt} 0 150 25 7 8 20 0 31 0 6771953 3133440 412 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0`;

  test("field 10 (minflt), whatever the process's name", () => {
    fc.assert(
      fc.property(fc.string(), fc.nat({ max: 1e9 }), fc.nat({ max: 1e9 }), (comm, minflt, majflt) => {
        expect(minorFaultsOfStat(stat(comm, minflt, majflt))).toBe(minflt);
      }),
    );
  });

  test('grows when this process touches fresh memory', async () => {
    const { readFileSync } = await import('node:fs');
    const before = minorFaultsOfStat(readFileSync('/proc/self/stat', 'utf8'));
    const fresh = new Uint8Array(16 << 20);
    for (let i = 0; i < fresh.length; i += 4096) fresh[i] = 1;
    expect(fresh[4096]).toBe(1);
    expect(minorFaultsOfStat(readFileSync('/proc/self/stat', 'utf8'))).toBeGreaterThan(before + 1000);
  });

  test('a process that is gone: NaN', () => {
    expect(minorFaultsOfStat('')).toBeNaN();
  });
});

describe('machineCpuOfStat', () => {
  test("the machine's busy and idle ticks of /proc/stat's first line, 10 ms each", () => {
    // proc(5): user nice system idle iowait irq softirq steal guest guest_nice, then a line a CPU.
    const stat = 'cpu  100 2 30 400 5 6 7 8 50 1\ncpu0 50 1 15 200 2 3 3 4 25 0\nintr 1 2 3\n';
    expect(machineCpuOfStat(stat)).toEqual({ busyMs: (100 + 2 + 30 + 6 + 7 + 8) * 10, idleMs: (400 + 5) * 10 });
    expect(machineCpuOfStat(stat, 250)).toEqual({ busyMs: (153 * 1000) / 250, idleMs: (405 * 1000) / 250 });
  });

  test("this machine's own: busy time grows with work done, and idle and busy with the clock", async () => {
    const { readFileSync } = await import('node:fs');
    const before = machineCpuOfStat(readFileSync('/proc/stat', 'utf8'));
    expect(spinCpu(50)).toBeGreaterThan(0);
    const after = machineCpuOfStat(readFileSync('/proc/stat', 'utf8'));
    expect(after.busyMs).toBeGreaterThan(before.busyMs);
    expect(after.idleMs).toBeGreaterThanOrEqual(before.idleMs);
  });

  test('no cpu line: NaN, not a figure', () => {
    expect(machineCpuOfStat('').busyMs).toBeNaN();
    expect(machineCpuOfStat('intr 1 2 3\n').idleMs).toBeNaN();
  });
});
