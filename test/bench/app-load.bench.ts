/**
 * A large file opened in the app, end to end (issue 19): headless Chromium on the production build
 * (`vite preview`, random loopback port), a generated maps file of 262,144 / 1,048,576 / 4,194,304
 * regions (generate-maps.ts, written to the temp dir once and kept there) given to the file input
 * by path (playwright's setInputFiles: the page gets a File backed by the file on disk, as a drop).
 *
 *  - drop → painted: from the file input's `change` event to the end of the map's first painted
 *    frame (`mapscope:first-frame`);
 *  - drop → analysis shown: to the end of the frame after the analysis reached the page
 *    (`mapscope:analysis-apply`: modules, summary and findings rendered);
 *  - long tasks: the page's PerformanceObserver('longtask') entries from the drop to the analysis
 *    shown (main thread only: a worker's work is no long task), how many and the longest;
 *  - renderer memory: the resident memory (VmRSS, /proc/PID/status) of the tab's renderer process,
 *    which holds the page and its workers (their JS heaps, the ArrayBuffers of the columns, Blink
 *    and malloc), at its peak during the load (VmHWM, the process's high-water mark: the process
 *    is new with the page) and settled (one second after the analysis shown and a main-thread GC);
 *    beside it the page's main-thread JS heap (CDP Performance.getMetrics JSHeapUsedSize; without
 *    the worker's heap or ArrayBuffer contents). `performance.measureUserAgentSpecificMemory` needs
 *    cross-origin isolation, which the app does not ask for.
 *
 * Baseline in the same run: MAPSCOPE_BASELINE_DIST=/tmp/main-dist measures that build beside this
 * one, loads interleaved (each goes first every other time), with the ratios of the medians. Build
 * main there with `git -C /work/main worktree add /tmp/main-wt main && cd /tmp/main-wt && npm ci &&
 * npx vite build --outDir /tmp/main-dist` (or `npx vite build --outDir /tmp/main-dist` in any
 * checkout of the commit). APP_LOAD_RUNS (default 3) loads per size and build, APP_LOAD_SIZES
 * (e.g. `1048576,4194304`) the sizes, APP_LOAD_WAIT (default 300) the ms from the page's "Open
 * file" button shown to the drop (the time its workers have to start and warm up).
 * APP_LOAD_PROFILE=1 records a Chrome trace of each build's first load of each size with V8's
 * sampling profiler on every thread and prints where the time
 * went, per thread (self time by function). APP_LOAD_TASKS=1 traces every load without the sampler
 * (its overhead lengthens the tasks it samples) and prints each main-thread task of 30 ms or more
 * with what it held (the function a task called, its own layout, paint, GC and message events),
 * the main thread's CPU time from the drop to the analysis shown (all its tasks), and the longest task's CPU time (the trace's thread time: on a loaded machine a task's wall
 * time also counts its waits for a core).
 *
 * The floor (app-load-floor.ts): in each round of each size, between the builds' loads, the same
 * file given the same way to a page that only reads it, finds its line ends and writes 128 bits a
 * line in a worker, then fills one canvas; and the exact parse's floor, the same page whose worker
 * reads the file as the app's reader does into the app's own parse (the full region table) and
 * posts the table (its page served cross-origin isolated, as the app is: the columns shared), then,
 * once the page has painted, runs the analysis's floor (analysis-floor.ts) and posts that: the
 * goals table prints that floor beside drop → painted and drop → analysis shown. Printed beside the app's drop → painted with the ratio,
 * with each one's stages (Stages, below: the app's from its workers' own timings and the page-clock
 * arrival of their messages, the floor's from its worker's clock). Before the loads, a fresh page's
 * first touch is timed in the floor page's worker (firstTouchMicros), and each stage row shows its
 * page faults × that: what the load's fresh memory cost in CPU, a floor of its own on a machine
 * where faults are dear. Each row also has the whole machine's busy CPU time from the drop to
 * painted (every process's, /proc/stat) and the share of its cores' time left idle: a load whose
 * cores were seldom idle waited for them, and took about that busy time over the cores.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { writeGeneratedMaps } from './generate-maps';
import { APP_DIST, percentile, serveBuild, startAppSession, type ServedBuild } from './browser-app';
import { printTable, verdict } from './measure';
import { INIT_SCRIPT, WAIT_SCRIPT } from './view-load.bench';
import { firstTouchMicros, floorLoad, type FloorFigures, type FloorKind } from './app-load-floor';
import { PAINTED_CPU_SCRIPT, STAGES_SCRIPT, paintedCpuMeter, rendererPids, stagesOf, type StageMarks, type Stages } from './load-stages';

const SIZES = (process.env.APP_LOAD_SIZES ?? '262144,1048576,4194304').split(',').map(Number);
const RUNS = Number(process.env.APP_LOAD_RUNS ?? 3);
const PROFILE = process.env.APP_LOAD_PROFILE === '1';
const TASKS = process.env.APP_LOAD_TASKS === '1';
const MB = 1024 * 1024;

/** Issue 19's goals, per size. */
const GOALS: Record<number, { paintedMs?: number; analysisMs?: number; longestMs?: number; memoryMB?: number }> = {
  1_048_576: { paintedMs: 600, analysisMs: 1200 },
  4_194_304: { paintedMs: 1500, longestMs: 50, memoryMB: 1024 },
};

/** view-load's drop mark and message counts, and the page's long tasks from its start (before any of its scripts). */
const LONG_TASKS_SCRIPT = `(() => {
  const tasks = [];
  window.__longTasks = tasks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ startMs: e.startTime, durationMs: e.duration });
  }).observe({ type: 'longtask', buffered: true });
})()`;

/** Keeps the table's pathnames the `loaded` message brought, for NAMES_RECEIVE. */
const KEEP_NAMES_SCRIPT = `(() => {
  const Base = window.Worker;
  window.Worker = class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (e.data?.type === 'loaded' && window.__names === undefined) window.__names = e.data.table.pathnames;
      });
    }
  };
})()`;

/**
 * A floor of the page's task that receives the `loaded` message: the same pathnames (90,014 names
 * at 4,194,304 regions; the columns beside them are shared or transferred at no cost) received
 * again by the same page through a MessageChannel and made into names, the fastest of 5 (ms, page
 * clock, after the load: the page idle). A build that sends them as an array has each string made
 * anew; one that packs them (app/workers/sent-table.ts) has one string copied and cut into slices.
 */
const NAMES_RECEIVE = `(async () => {
  const names = window.__names;
  if (names === undefined) return { count: 0, receiveMs: NaN };
  const times = [];
  for (let i = 0; i < 5; i++) {
    const c = new MessageChannel();
    times.push(await new Promise((done) => {
      c.port2.onmessage = (e) => {
        const t0 = performance.now();
        const p = e.data;
        if (!Array.isArray(p)) {
          const out = [];
          for (let k = 0, begin = 0; k < p.ends.length; begin = p.ends[k++]) out.push(p.text.slice(begin, p.ends[k]));
        }
        done(performance.now() - t0);
      };
      c.port1.postMessage(names);
    }));
    c.port1.close();
  }
  return { count: Array.isArray(names) ? names.length : names.ends.length, receiveMs: Math.min(...times) };
})()`;

/** After WAIT_SCRIPT: the long tasks from the drop to the analysis shown (one frame more: an observer hears of a task after it ends). */
const LONG_TASKS_SINCE = `(async (endMs) => {
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
  const dropMs = window.__load.dropMs;
  const long = window.__longTasks.filter((t) => t.startMs + t.durationMs >= dropMs && t.startMs <= endMs);
  return { longTasks: long.length, longestMs: Math.max(0, ...long.map((t) => t.durationMs)) };
})`;

interface LoadFigures extends Stages {
  paintedMs: number;
  analysisMs: number;
  longTasks: number;
  longestMs: number;
  /** With APP_LOAD_TASKS: the most CPU time of one main-thread task after the drop (the trace's thread time): on a loaded machine a task's wall time counts the waits for a core. */
  longestCpuMs: number;
  /** With APP_LOAD_TASKS: the CPU time of all the main thread's tasks from the drop to the analysis shown (its idle-time work included). */
  mainCpuMs: number;
  /** The CPU time of the tab's renderer (page and workers) from the drop to painted (paintedCpuMeter: /proc, 10 ms ticks). */
  cpuMs: number;
  /** The minor page faults of the tab's renderer from the drop to painted (paintedCpuMeter): first touches of fresh memory, ~25 µs each on this project's VMs. */
  faults: number;
  /** The machine's busy CPU time from the drop to painted, every process's (paintedCpuMeter). */
  machineBusyMs: number;
  /** The share of the machine's cores' time idle from the drop to painted (paintedCpuMeter). */
  idleShare: number;
  peakMB: number;
  settledMB: number;
  mainHeapMB: number;
}

/** The generated file of `regions` regions in the temp dir, written once (4,194,304 regions take ~20 s). */
function mapsFile(regions: number): string {
  const file = join(tmpdir(), `mapscope-app-load-${regions}-seed4.maps`);
  const done = `${file}.done`;
  if (!existsSync(done) || !existsSync(file) || statSync(file).size === 0) {
    console.log(`(writing ${file})`);
    writeGeneratedMaps(file, { regions, seed: 4 });
    writeFileSync(done, '');
  }
  return file;
}

/** A field of /proc/PID/status in MiB (VmRSS, VmHWM); 0 when the process is gone. */
async function statusMB(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) / 1024 : 0;
}

async function loadOnce(browser: Browser, url: string, file: string, traceName: string | null): Promise<LoadFigures> {
  const before = await rendererPids(browser);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  try {
    await context.addInitScript(INIT_SCRIPT);
    await context.addInitScript(LONG_TASKS_SCRIPT);
    await context.addInitScript(STAGES_SCRIPT);
    await context.addInitScript(PAINTED_CPU_SCRIPT);
    const meter = await paintedCpuMeter(context);
    if (TASKS) await context.addInitScript(KEEP_NAMES_SCRIPT);
    const page = await context.newPage();
    await page.goto(url + '#empty');
    const open = page.getByRole('button', { name: 'Open file' });
    await open.waitFor();
    const pids = [...(await rendererPids(browser))].filter((p) => !before.has(p));
    await page.waitForTimeout(Number(process.env.APP_LOAD_WAIT ?? 300));
    if (traceName !== null) await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'blink.user_timing', 'v8', 'disabled-by-default-v8.cpu_profiler'] });
    else if (TASKS) await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'blink.user_timing'] });
    meter.watch(pids);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), open.click()]);
    await chooser.setFiles(file);
    const shown = (await page.evaluate(WAIT_SCRIPT)) as { dropMs: number; firstFrameMs: number; shownMs: number };
    const long = (await page.evaluate(`${LONG_TASKS_SINCE}(${shown.dropMs + shown.shownMs})`)) as Pick<LoadFigures, 'longTasks' | 'longestMs'>;
    const stages = stagesOf(shown.dropMs, shown.firstFrameMs, (await page.evaluate('window.__stages')) as StageMarks);
    const cpu = await meter.painted;
    if (cpu.lagMs > 20) console.log(`  the CPU to painted was read ${cpu.lagMs.toFixed(0)} ms after painted`);
    const f: Omit<LoadFigures, 'peakMB' | 'settledMB' | 'mainHeapMB'> = { paintedMs: shown.firstFrameMs, analysisMs: shown.shownMs, ...long, longestCpuMs: NaN, mainCpuMs: NaN, cpuMs: cpu.cpuMs, faults: cpu.faults, machineBusyMs: cpu.machineBusyMs, idleShare: cpu.idleShare, ...stages };
    const peaks = await Promise.all(pids.map((p) => statusMB(p, 'VmHWM')));
    if (traceName !== null) {
      const json = (await browser.stopTracing()).toString('utf8');
      if (process.env.APP_LOAD_TRACE_FILE) writeFileSync(process.env.APP_LOAD_TRACE_FILE, json);
      printProfile(traceName, JSON.parse(json) as { traceEvents: TraceEvent[] });
    } else if (TASKS) {
      const json = (await browser.stopTracing()).toString('utf8');
      if (process.env.APP_LOAD_TRACE_FILE) writeFileSync(process.env.APP_LOAD_TRACE_FILE, json);
      const trace = JSON.parse(json) as { traceEvents: TraceEvent[] };
      Object.assign(f, printLongTasks(file, trace));
      const names = (await page.evaluate(NAMES_RECEIVE)) as { count: number; receiveMs: number };
      console.log(`  floor of the loaded message's task: its ${names.count.toLocaleString('en-US')} pathnames received again in this page: ${names.receiveMs.toFixed(1)} ms (fastest of 5)`);
    }
    await page.waitForTimeout(1000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const settled = await Promise.all(pids.map((p) => statusMB(p, 'VmRSS')));
    return { ...f, peakMB: Math.max(0, ...peaks), settledMB: Math.max(0, ...settled), mainHeapMB: (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / MB };
  } finally {
    await context.close();
  }
}

/** The fields of a trace event that the profile summary reads. */
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event: without the time the thread waited for a core. */
  tdur?: number;
  id?: string;
  args?: {
    name?: string;
    data?: TraceData;
    beginData?: TraceData;
  };
}

interface TraceData {
  cpuProfile?: { nodes?: { id: number; parent?: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples?: number[] };
  timeDeltas?: number[];
  functionName?: string;
  url?: string;
  lineNumber?: number;
  totalObjects?: number;
  nodeName?: string;
}

/**
 * The renderer main thread's tasks of 30 ms or more after the drop mark, each with its CPU time
 * and the events it held of 2 ms or more (a script call by its function and line, layout with its
 * object count, paint by its node, GC, a received message), in the order they ran; returns the
 * most CPU time of one task after the drop and of all of them (to the trace's end: the analysis shown).
 */
function printLongTasks(file: string, trace: { traceEvents: TraceEvent[] }): Pick<LoadFigures, 'longestCpuMs' | 'mainCpuMs'> {
  const events = trace.traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (main === undefined) return { longestCpuMs: NaN, mainCpuMs: NaN };
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const dropTs = events.find((e) => e.name === 'bench:drop')?.ts ?? 0;
  const tasks = onMain.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.ts >= dropTs);
  console.log(`long tasks: ${file.split('/').pop()}`);
  for (const task of tasks) {
    if ((task.dur ?? 0) < 30_000) continue;
    const end = task.ts + task.dur!;
    const inner = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end && (e.dur ?? 0) >= 2000 && !e.name.startsWith('V8.') && !e.name.startsWith('v8.'));
    const what = inner.map((e) => {
      const d = e.args?.data ?? e.args?.beginData;
      const detail = d?.functionName !== undefined ? ` ${d.functionName || '(anonymous)'}:${(d.lineNumber ?? 0) + 1}` : d?.totalObjects !== undefined ? ` ${d.totalObjects} objects` : d?.nodeName ? ` ${d.nodeName.split(' ')[0]}` : '';
      return `${e.name}${detail} ${((e.dur ?? 0) / 1000).toFixed(0)}`;
    });
    console.log(`  +${((task.ts - dropTs) / 1000).toFixed(0)} ms: ${((task.dur ?? 0) / 1000).toFixed(0)} ms (CPU ${((task.tdur ?? 0) / 1000).toFixed(0)}) — ${what.join(', ')}`);
  }
  const cpuMs = tasks.map((t) => (t.tdur ?? 0) / 1000);
  return { longestCpuMs: Math.max(0, ...cpuMs), mainCpuMs: cpuMs.reduce((a, b) => a + b, 0) };
}

/**
 * Self time by function per thread, from the trace's V8 sample chunks (ProfileChunk events, one
 * profile per isolate: the page's main thread and each worker), the ten largest of each.
 */
function printProfile(title: string, trace: { traceEvents: TraceEvent[] }): void {
  const profiles = new Map<string, { frames: Map<number, string>; selfUs: Map<number, number> }>();
  for (const e of trace.traceEvents) {
    if (e.name !== 'ProfileChunk' || e.args?.data === undefined) continue;
    const key = `${e.pid}:${e.id}`;
    let p = profiles.get(key);
    if (p === undefined) profiles.set(key, (p = { frames: new Map(), selfUs: new Map() }));
    const { cpuProfile, timeDeltas = [] } = e.args.data;
    for (const n of cpuProfile?.nodes ?? []) {
      const { functionName, url, lineNumber } = n.callFrame;
      p.frames.set(n.id, `${functionName || '(anonymous)'} ${(url ?? '').split('/').pop() ?? ''}:${(lineNumber ?? -1) + 1}`);
    }
    (cpuProfile?.samples ?? []).forEach((id, i) => p.selfUs.set(id, (p.selfUs.get(id) ?? 0) + (timeDeltas[i + 1] ?? timeDeltas[i] ?? 0)));
  }
  console.log(`profile: ${title}`);
  for (const p of profiles.values()) {
    const byName = new Map<string, number>();
    for (const [id, us] of p.selfUs) {
      const name = p.frames.get(id) ?? `#${id}`;
      byName.set(name, (byName.get(name) ?? 0) + us);
    }
    byName.delete('(idle) :0');
    const total = [...byName.values()].reduce((a, b) => a + b, 0);
    if (total < 20_000) continue;
    const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 12);
    // The profiler's chunks come from its own thread: name the isolate by its scripts (the page's or the worker's).
    const isolate = top.some(([name]) => name.includes('worker')) ? 'worker' : 'page main thread';
    console.log(`  ${isolate}: ${(total / 1000).toFixed(0)} ms sampled`);
    for (const [name, us] of top) console.log(`    ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`);
  }
}

const COLUMNS = ['regions', 'runs', 'drop → painted ms', 'drop → analysis shown ms', 'long tasks', 'longest task ms', 'longest task CPU ms', 'main thread CPU ms', 'renderer peak MB', 'renderer settled MB', 'main JS heap MB'];

/** The median of each figure. */
function medians<F extends object>(runs: F[]): F {
  const keys = Object.keys(runs[0]) as (keyof F)[];
  return Object.fromEntries(keys.map((k) => [k, percentile(runs.map((f) => f[k] as number), 0.5)])) as F;
}

const STAGE_COLUMNS = ['regions', 'what', 'runs', 'drop → painted ms', '÷ floor', 'CPU ms', '÷ floor', 'page faults', 'their first touches ms', 'machine busy ms', 'cores idle', 'start ms', 'read ms', 'parse / scan ms', 'view build ms', 'transfer ms', 'first frame ms'];

/** A row of drop → painted and its stages (medians): the app's, with its ratio to the floor's, or the floor's. */
function stageRow(regions: number, what: string, runs: (Stages & Pick<LoadFigures, 'paintedMs' | 'cpuMs' | 'faults' | 'machineBusyMs' | 'idleShare'>)[], floor: FloorFigures | null, touchMicros: number): string[] {
  const m = medians(runs);
  const ms = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(0));
  const scan = 'scanMs' in m ? (m.scanMs as number) : m.parseMs;
  return [regions.toLocaleString('en-US'), what, String(runs.length), ms(m.paintedMs), floor ? (m.paintedMs / floor.paintedMs).toFixed(2) : '1', ms(m.cpuMs), floor ? (m.cpuMs / floor.cpuMs).toFixed(2) : '–', ms(m.faults), ms((m.faults * touchMicros) / 1000), ms(m.machineBusyMs), `${(m.idleShare * 100).toFixed(0)}%`, ms(m.startMs), ms(m.readMs), ms(scan), ms(m.viewMs), ms(m.transferMs), ms(m.frameMs)];
}

function row(regions: number, runs: LoadFigures[]): string[] {
  const m = medians(runs);
  const range = (pick: (f: LoadFigures) => number) => `${pick(m).toFixed(0)} (${Math.min(...runs.map(pick)).toFixed(0)}–${Math.max(...runs.map(pick)).toFixed(0)})`;
  return [
    regions.toLocaleString('en-US'),
    String(runs.length),
    range((f) => f.paintedMs),
    range((f) => f.analysisMs),
    m.longTasks.toFixed(0),
    range((f) => f.longestMs),
    TASKS ? range((f) => f.longestCpuMs) : '–',
    TASKS ? range((f) => f.mainCpuMs) : '–',
    m.peakMB.toFixed(0),
    m.settledMB.toFixed(0),
    m.mainHeapMB.toFixed(0),
  ];
}

/**
 * The goal rows of one size: goal, baseline, this build, PASS/FAIL — and, for drop → painted and
 * drop → analysis shown, the exact parse's floor in the same run (its painted, and its analysis's
 * floor shown: app-load-floor.ts) with this build's ratio to it.
 */
function goalRows(regions: number, m: LoadFigures, base: LoadFigures | null, floor: FloorFigures): string[][] {
  const goal = GOALS[regions];
  if (goal === undefined) return [];
  const size = regions.toLocaleString('en-US');
  const out: string[][] = [];
  const add = (what: string, limit: number | undefined, pick: (f: LoadFigures) => number, unit: string, floorMs?: number) => {
    if (limit === undefined) return;
    const floorCells = floorMs === undefined || Number.isNaN(floorMs) ? ['–', '–'] : [`${floorMs.toFixed(0)} ${unit}`, (pick(m) / floorMs).toFixed(2)];
    out.push([size, what, `≤ ${limit} ${unit}`, base ? `${pick(base).toFixed(0)} ${unit}` : '–', `${pick(m).toFixed(0)} ${unit}`, base ? (pick(m) / pick(base)).toFixed(2) : '–', ...floorCells, verdict(pick(m) <= limit)]);
  };
  add('drop → painted', goal.paintedMs, (f) => f.paintedMs, 'ms', floor.paintedMs);
  add('drop → analysis shown', goal.analysisMs, (f) => f.analysisMs, 'ms', floor.analysisShownMs);
  add('longest main-thread task', goal.longestMs, (f) => f.longestMs, 'ms');
  if (TASKS) add('longest main-thread task, CPU', goal.longestMs, (f) => f.longestCpuMs, 'ms');
  add('renderer memory, settled', goal.memoryMB, (f) => f.settledMB, 'MB');
  add('renderer memory, peak', goal.memoryMB, (f) => f.peakMB, 'MB');
  return out;
}

export async function run(): Promise<void> {
  const session = await startAppSession();
  const baselineDir = process.env.MAPSCOPE_BASELINE_DIST;
  let baseline: ServedBuild | null = null;
  try {
    if (baselineDir) baseline = await serveBuild(baselineDir);
    // The price of fresh memory on this machine, measured before the loads: the stage table
    // multiplies each load's page faults by it.
    const touchMicros = await firstTouchMicros(session.browser, session.url);
    const builds = [...(baseline ? [{ dir: baselineDir!, url: baseline.url }] : []), { dir: APP_DIST, url: session.url }];
    const rows: string[][][] = builds.map(() => []);
    const goals: string[][] = [];
    const stageRows: string[][] = [];
    for (const regions of SIZES) {
      const file = mapsFile(regions);
      const runs: LoadFigures[][] = builds.map(() => []);
      const floors: Record<FloorKind, FloorFigures[]> = { lines: [], parse: [] };
      for (let i = 0; i < RUNS; i++) {
        // The floors (indices builds.length and the one after) take their turns in the order too: each load then follows
        // every other kind of load as often (a closed context's renderer may still be exiting).
        const order = builds.map((_, k) => k).concat(builds.length, builds.length + 1);
        if (i % 2 === 1) order.reverse();
        for (const k of order) {
          if (k >= builds.length) {
            const kind: FloorKind = k === builds.length ? 'lines' : 'parse';
            const floor = await floorLoad(session.browser, session.url, file, kind);
            if (floor.lines !== regions) throw new Error(`the ${kind} floor page read ${floor.lines} lines of a file of ${regions} regions`);
            floors[kind].push(floor);
            if (process.env.APP_LOAD_VERBOSE) console.log(`${kind} floor`, regions, JSON.stringify(floor));
            continue;
          }
          const trace = PROFILE && i === 0 ? `${builds[k].dir}, ${regions.toLocaleString('en-US')} regions` : null;
          runs[k].push(await loadOnce(session.browser, builds[k].url, file, trace));
          if (process.env.APP_LOAD_VERBOSE) console.log(builds[k].dir, regions, JSON.stringify(runs[k].at(-1)));
        }
      }
      runs.forEach((r, k) => rows[k].push(row(regions, r)));
      goals.push(...goalRows(regions, medians(runs[runs.length - 1]), baseline ? medians(runs[0]) : null, medians(floors.parse)));
      const floor = medians(floors.lines);
      builds.forEach((b, k) => stageRows.push(stageRow(regions, baseline ? b.dir : 'this build', runs[k], floor, touchMicros)));
      stageRows.push(stageRow(regions, 'exact parse', floors.parse.map((f) => ({ ...f, parseMs: f.scanMs, viewMs: NaN })), floor, touchMicros));
      stageRows.push(stageRow(regions, 'floor', floors.lines.map((f) => ({ ...f, parseMs: f.scanMs, viewMs: NaN })), null, touchMicros));
    }
    builds.forEach((b, k) => {
      console.log(`drop → painted → analysis (${b.dir}; medians (min–max); headless Chromium, 1280×800)`);
      printTable(COLUMNS, rows[k]);
    });
    console.log(
      "drop → painted by stage (medians; page clock from the drop; floor: read the File, find the line ends, write 128 bits a line, post, fill a canvas; exact parse: the same page, its worker reading the File as the app's reader does into the app's parse (parseInputStream: the full table) and posting the table — app-load-floor.ts)",
    );
    printTable(STAGE_COLUMNS, stageRows);
    console.log(
      `machine busy: every process's CPU time from the drop to painted (/proc/stat: the browser's, its GPU process's and this benchmark's too); cores idle: the share of the ${availableParallelism()} cores' time left idle then. Where the cores were seldom idle, the load waited for them: its wall time is then about the machine's busy time over ${availableParallelism()}, and only less work shortens it`,
    );
    console.log(
      `a 4 KiB page first touched in a page's worker: ${touchMicros.toFixed(1)} µs (median of 5 fresh 32 MiB buffers, before the loads); "their first touches" is the load's page faults × that: the CPU its fresh memory cost, on whichever thread touched it`,
    );
    console.log(`issue 19's goals (medians; baseline: ${baselineDir ?? 'none given'})`);
    printTable(['regions', 'what', 'goal', 'baseline', 'this build', 'ratio', 'exact parse floor', '÷ floor', ''], goals);
    console.log(
      "exact parse floor: the floor page's exact parse (above), then — once it has painted — the analysis's floor in its worker (analysis-floor.ts: one pass, the modules grouped and the groups summed; no sort, no lint text, no packing), shown in the next frame",
    );
    const [load1] = loadavg();
    console.log(`(load average ${load1.toFixed(1)} on ${availableParallelism()} cores)`);
  } finally {
    await baseline?.close();
    await session.close();
  }
}
