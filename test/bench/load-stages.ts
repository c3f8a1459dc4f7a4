/**
 * What app-load.bench.ts reads of one load's stages: the page-clock arrival of the parse worker's
 * messages with the workers' own timings (STAGES_SCRIPT, stagesOf), and the CPU time of the tab's
 * renderer from the drop to painted, from /proc (paintedCpuMeter) — for the app and the floor page
 * (app-load-floor.ts) alike.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext } from 'playwright-core';

/** Page-clock times of the parse worker's stages of the load (after any other init script's wrapper of Worker): its progress phases' first messages, and `loaded` with the worker's own timings. */
export const STAGES_SCRIPT = `(() => {
  const s = { phases: {}, loadedMs: 0, timings: null };
  window.__stages = s;
  const Base = window.Worker;
  window.Worker = class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const m = e.data;
        if (m === null || typeof m !== 'object') return;
        if (m.type === 'progress' && s.phases[m.phase] === undefined) s.phases[m.phase] = performance.now();
        else if (m.type === 'loaded' && s.loadedMs === 0) { s.loadedMs = performance.now(); s.timings = m.timingsMs; }
      });
    }
  };
})()`;

/**
 * The load's stages, ms: the start (drop → the reader's first step: the page's dispatch and the
 * workers' hand-off), the read and the parse (the reader's own timings), the view build (the parse
 * worker's index + layout), the transfer (the rest to the `loaded` message on the page: the
 * reader's post of its table, the worker's post of the view, and their waits), the first frame
 * (→ the end of the map's first draw). The start is the `parsing` progress's arrival less the read.
 */
export interface Stages {
  startMs: number;
  readMs: number;
  parseMs: number;
  viewMs: number;
  transferMs: number;
  frameMs: number;
}

export type StageMarks = { phases: Record<string, number>; loadedMs: number; timings: { read: number; parse: number; index: number; layout: number } | null };

export function stagesOf(dropMs: number, paintedMs: number, s: StageMarks): Stages {
  const t = s.timings ?? { read: NaN, parse: NaN, index: NaN, layout: NaN };
  const startMs = (s.phases.parsing ?? NaN) - dropMs - t.read;
  const viewMs = t.index + t.layout;
  const loadedMs = s.loadedMs - dropMs;
  return { startMs, readMs: t.read, parseMs: t.parse, viewMs, transferMs: loadedMs - startMs - t.read - t.parse - viewMs, frameMs: paintedMs - loadedMs };
}

/**
 * CPU ms (user + system) a process has used, from its /proc/PID/stat text: all its threads, the
 * ones that have ended too (a load's reader worker ends before painted). Clock ticks of
 * `ticksPerSecond` (100 on Linux: 10 ms each). The name field may hold spaces and parentheses.
 */
export function cpuMsOfStat(stat: string, ticksPerSecond = 100): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of proc(5) (utime, stime); fields[0] is field 3 (state).
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1000) / ticksPerSecond : NaN;
}

/**
 * The minor page faults a process has taken so far, its ended threads' too (proc(5) field 10,
 * minflt), from its /proc/PID/stat text; NaN for no stat. On this project's VMs a first touch of
 * fresh memory costs ~25 µs a 4 KiB page in the renderer, so these count much of a load's CPU.
 */
export function minorFaultsOfStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return stat === '' ? NaN : Number(fields[7]);
}

/**
 * The machine's CPU time so far, ms, from /proc/stat's first line (all CPUs, clock ticks of
 * `ticksPerSecond`): `busyMs` (user, nice, system, irq, softirq, steal) and `idleMs` (idle and
 * iowait). Guests (guest, guest_nice) are already in user and nice (proc(5)). NaN for no line.
 */
export function machineCpuOfStat(stat: string, ticksPerSecond = 100): { busyMs: number; idleMs: number } {
  const m = /^cpu +(.*)$/m.exec(stat);
  if (m === null) return { busyMs: NaN, idleMs: NaN };
  const [user, nice, system, idle, iowait, irq, softirq, steal] = m[1].trim().split(/ +/).map(Number);
  const ms = (ticks: number) => (ticks * 1000) / ticksPerSecond;
  return { busyMs: ms(user + nice + system + irq + softirq + (steal ?? 0)), idleMs: ms(idle + (iowait ?? 0)) };
}

/** What the processes `pids` have used so far (CPU ms: cpuMsOfStat; minor faults: minorFaultsOfStat; NaN when one is gone), and the whole machine (machineCpuOfStat). */
export async function processesUse(pids: readonly number[]): Promise<{ cpuMs: number; faults: number; machine: { busyMs: number; idleMs: number } }> {
  const [machine, ...stats] = await Promise.all([readFile('/proc/stat', 'utf8').catch(() => ''), ...pids.map((pid) => readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ''))]);
  return { cpuMs: stats.reduce((sum, stat) => sum + cpuMsOfStat(stat), 0), faults: stats.reduce((sum, stat) => sum + minorFaultsOfStat(stat), 0), machine: machineCpuOfStat(machine) };
}

/** The bindings a page calls at its drop (the file input's change) and at the end of its first painted frame (PAINTED_CPU_SCRIPT for the app; the floor page calls them itself), each with how long after the moment it stands for the call was made. */
export const DROP_BINDING = '__benchDrop';
export const PAINTED_BINDING = '__benchPainted';

/** The app's drop and the end of its first frame (`mapscope:first-frame`) told to DROP_BINDING and PAINTED_BINDING. */
export const PAINTED_CPU_SCRIPT = `(() => {
  let told = false;
  addEventListener('change', (e) => {
    if (e.target instanceof HTMLInputElement && e.target.type === 'file') window.${DROP_BINDING}(0);
  }, true);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (told || e.name !== 'mapscope:first-frame') continue;
      told = true;
      window.${PAINTED_BINDING}(performance.now() - e.startTime - e.duration);
    }
  }).observe({ type: 'measure' });
})()`;

/**
 * The CPU time of a tab's renderer from the drop to its first painted frame: the renderer
 * processes' (its page and its workers: /proc, so the threads that end and the work no trace
 * event wraps count too — a worker's promise continuations after a stream read are in no
 * `RunTask`) at PAINTED_BINDING's call less at DROP_BINDING's. The work of a load, which unlike
 * its wall time does not grow when other processes hold the cores; the browser process's part of
 * reading the file is not in it, for the app or the floor. Each reading is taken when Node
 * receives the call, some ms after the moment (`lagMs`: the painted call's own delay, the
 * observer's; the round trip to Node adds a few ms to each, which cancel in part).
 *
 * Beside it, the whole machine over the same span (/proc/stat: every process, the browser's and
 * this benchmark's too): its busy CPU time and the share of its cores' time left idle. A load on
 * a machine whose cores were seldom idle waited for them: its wall time is then close to the
 * machine's busy time over its cores, whatever the order of its stages, and only less work
 * (anyone's on the machine) shortens it.
 */
export async function paintedCpuMeter(context: BrowserContext): Promise<{ watch(pids: readonly number[]): void; painted: Promise<PaintedUse> }> {
  let pids: readonly number[] = [];
  let atDrop: ReturnType<typeof processesUse> = Promise.resolve({ cpuMs: NaN, faults: NaN, machine: { busyMs: NaN, idleMs: NaN } });
  let resolve: (figures: PaintedUse) => void = () => undefined;
  const painted = new Promise<PaintedUse>((done) => (resolve = done));
  await context.exposeBinding(DROP_BINDING, () => {
    atDrop = processesUse(pids);
  });
  await context.exposeBinding(PAINTED_BINDING, async (_source, lagMs: number) => {
    const now = await processesUse(pids);
    const then = await atDrop;
    const busyMs = now.machine.busyMs - then.machine.busyMs;
    const idleMs = now.machine.idleMs - then.machine.idleMs;
    resolve({ cpuMs: now.cpuMs - then.cpuMs, faults: now.faults - then.faults, lagMs, machineBusyMs: busyMs, idleShare: idleMs / (busyMs + idleMs) });
  });
  return { watch: (renderers) => void (pids = renderers), painted };
}

/** What paintedCpuMeter measures from a drop to painted. */
export interface PaintedUse {
  /** The tab's renderer processes' CPU time, ms. */
  cpuMs: number;
  /** Their minor page faults. */
  faults: number;
  /** How late the painted reading was taken, ms. */
  lagMs: number;
  /** The machine's busy CPU time, all processes, ms. */
  machineBusyMs: number;
  /** The share (0–1) of the machine's cores' time that was idle. */
  idleShare: number;
}

/** Renderer processes of the browser (CDP SystemInfo) — the tab's is the one that appeared with it. */
export async function rendererPids(browser: Browser): Promise<Set<number>> {
  const session = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    return new Set(processInfo.filter((p) => p.type === 'renderer').map((p) => p.id));
  } finally {
    await session.detach();
  }
}
