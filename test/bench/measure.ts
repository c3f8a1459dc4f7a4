/** Timing and memory helpers of the benchmarks. Wall-clock times; the machine is shared, so medians. */

/** Keeps results alive so that the optimiser cannot drop the work that made them. */
export let sink: unknown = null;
export function consume(value: unknown): void {
  sink = value;
}

/** Median of `runs` timed calls after `warmups` untimed ones, in milliseconds. */
export function medianMs(fn: () => unknown, runs: number, warmups = 2): number {
  for (let i = 0; i < warmups; i++) consume(fn());
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    consume(fn());
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
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
