/** Timing and memory helpers of the benchmarks. The machine is shared, so medians, of wall clock and of CPU time. */

/** Keeps results alive so that the optimiser cannot drop the work that made them. */
export let sink: unknown = null;
export function consume(value: unknown): void {
  sink = value;
}

/** Medians of one measurement: wall clock, and this process's CPU time (all its threads, GC helpers included). */
export interface Timing {
  wallMs: number;
  cpuMs: number;
}

function cpuNowMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/**
 * Medians of `runs` timed calls after `warmups` untimed ones, in milliseconds. The CPU time is
 * less disturbed by other processes on a shared machine than the wall clock, but counts GC threads.
 */
export function timeMs(fn: () => unknown, runs: number, warmups = 2): Timing {
  for (let i = 0; i < warmups; i++) consume(fn());
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = cpuNowMs();
    const t0 = performance.now();
    consume(fn());
    wall.push(performance.now() - t0);
    cpu.push(cpuNowMs() - c0);
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}

/**
 * Times several functions round-robin — one run of each, then the next round — so that every
 * function sees the same moments of a shared machine's load, which matters for their ratios.
 */
export function timeInterleaved(fns: readonly (() => unknown)[], runs: number, warmups = 2): Timing[] {
  for (let i = 0; i < warmups; i++) for (const fn of fns) consume(fn());
  const wall = fns.map((): number[] => []);
  const cpu = fns.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, k) => {
      const c0 = cpuNowMs();
      const t0 = performance.now();
      consume(fn());
      wall[k].push(performance.now() - t0);
      cpu[k].push(cpuNowMs() - c0);
    });
  }
  return fns.map((_, k) => ({ wallMs: median(wall[k]), cpuMs: median(cpu[k]) }));
}

/** Median wall-clock milliseconds of `runs` calls after `warmups`. */
export function medianMs(fn: () => unknown, runs: number, warmups = 2): number {
  return timeMs(fn, runs, warmups).wallMs;
}

const gc = (globalThis as { gc?: () => void }).gc;

/** True when the process runs with --expose-gc (memory figures need it). */
export const canCollect = typeof gc === 'function';

/** Heap bytes in use after full collections: the JS heap plus ArrayBuffer backing stores (typed arrays live there). */
export function usedBytesAfterGc(): number {
  for (let i = 0; i < 3; i++) gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** A PASS/FAIL cell. */
export function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'FAIL';
}

/** Prints rows as an aligned text table. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
