/**
 * Interaction at a million regions (issue 19), in headless Chromium (/usr/bin/chromium through
 * playwright-core) on the production build, served by `vite preview` on a random loopback port,
 * at 262,144, 1,048,576 and 4,194,304 generated regions (test/bench/generate-maps.ts; opened
 * through the file input as a path, as a user opens a file):
 *
 *  - keystroke → painted: a real key press in the search box (CDP key events: keydown, input,
 *    keyup), from the keydown to the end of the first frame that shows the new count, the table's
 *    new row count and — when the count changed — the map's find layer painted after the key
 *    (`mapscope:find-frame`): a message posted from a requestAnimationFrame callback runs once that
 *    frame's style, layout and paint are done. The count each query must show is computed here, in
 *    Node, from the same text (src/query), so a frame that shows a stale or wrong count never ends
 *    the wait. Six queries typed character by character and cleared (45 keystrokes), traced: each
 *    keystroke's main-thread CPU time ("cpu", which a loaded machine inflates less than the wall
 *    time) beside it, and each keystroke's figures printed by what the box held.
 *    Goal at 1,048,576: p95 ≤ 33 ms. Beside it, the floor (FLOOR_SCRIPT): once every phase is
 *    done, the same page shows each keystroke's rows and count again by the least DOM work (their
 *    text nodes rewritten in place, no search, no React) and paints the frame, traced the same
 *    way: what Chromium alone costs for those rows. Beside the figures, which start in the first
 *    keydown listener, each key's wait before it ("queued": the keydown's timeStamp to that
 *    listener), and the same wait for keys typed at a typist's pace without waiting for the
 *    answers (typingQueue), while the last answer's selection is summed in idle time.
 *  - paste → result: text inserted into the lookup box as a paste inserts it (CDP Input.insertText:
 *    beforeinput, input), from the beforeinput to the end of the first frame that shows the
 *    looked-up address in "Lookup result" and the map's pin painted after it. 30 addresses, in
 *    regions and in gaps. Goal: every answer in the next frame, counted in vsyncs from the frames'
 *    times (answerFrame), not from the milliseconds, which hold the wait for the vsync. A paste
 *    answered later is named after the tables (its round and place): a cold first paste, or any.
 *  - wheel zoom, one event per frame: a continuous requestAnimationFrame loop that dispatches one
 *    wheel event in the task after each frame (where real input lands), 60 in then 60 out, around
 *    a point of the map. "work" is the main thread's work per frame: the wheel's dispatch plus the
 *    next frame (animation-frame callbacks, style, layout, paint) — wall clock from the page, and
 *    CPU time from a Chrome trace (the wheel's EventDispatch plus its BeginMainFrame), which other
 *    processes on a shared machine do not inflate; "dropped" counts the frames skipped between
 *    consecutive animation frames (an interval of more than 1.5 vsyncs). Goal at 262,144: work
 *    ≤ 6 ms (p95 of the CPU time), no dropped frame.
 *
 * Main's figures in the same run: build main into a directory of its own and name it in
 * MAPSCOPE_BASELINE_DIST (e.g. `git archive main | tar -x -C /tmp/base`, `cp -al node_modules
 * /tmp/base/`, `cd /tmp/base && npx vite build --outDir /tmp/base-dist`); each size is then
 * measured in both builds, interleaved (each goes first every other round), with the ratios.
 * A paste's "task" column is its input event's own task: from the beforeinput to the end of the
 * input event's dispatch (the app's handler, React's render and commit), before any frame work.
 * INTERACT_SIZES (comma-separated) and INTERACT_ROUNDS (default 1) narrow or widen a run.
 * INTERACT_PROFILE=1 also traces and CPU-profiles the keystrokes and pastes and prints what the
 * slowest spent their time on (trace events by self time, functions by samples, each layout and
 * what forced it), and for the wheel, frame by frame, where each layout ran and what invalidated
 * it, and its slowest frames (a wheel event's dispatch and its frame) by trace event and by the
 * functions V8's sampler (the trace's cpu_profiler category) caught in them (interact-profile.ts);
 * INTERACT_PHASES=wheel runs the wheel alone. Profile an unminified build (`npx vite build
 * --minify false --outDir /tmp/x`, MAPSCOPE_APP_DIST=/tmp/x) to read the functions' names.
 *
 * Run: `MAPSCOPE_BASELINE_DIST=/tmp/base-dist npm run bench -- interact`.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { RegionIndex, formatHex, parseMaps, parseSearchQuery, searchRegions } from '../../src/internal';
import { generateMaps } from './generate-maps';
import { buildsToMeasure, frameCpuMs, openLoaded, percentile, startAppSession, type TraceEvent } from './browser-app';
import { printTable, verdict } from './measure';
import { answerFrame } from './answer-frame';
import { FRAME_PROFILE_CATEGORIES, PROFILE_CATEGORIES, SAMPLES_CATEGORY, printFrameProfile, printSlowFrames, printSlowest, printSpanMeans, profileSpans, startCpuProfile } from './interact-profile';

const SIZES = (process.env.INTERACT_SIZES ?? '262144,1048576,4194304').split(',').map(Number);
const ROUNDS = Number(process.env.INTERACT_ROUNDS ?? 1);
const QUERIES = ['libc', 'java', '/\\.so$/', 'kind:heap', 'perm:rwx', 'size>1M'];
const KEYSTROKE_GOAL = { regions: 1_048_576, p95Ms: 33 };
const WHEEL_GOAL = { regions: 262_144, p95Ms: 6 };
const WHEEL_STEPS = 60;
/** INTERACT_PROFILE=1: trace and CPU-profile the keystrokes and pastes, and print what the slowest spent their time on. */
const PROFILE = process.env.INTERACT_PROFILE === '1';
/** INTERACT_SAMPLE=0 (with INTERACT_PROFILE=1): the trace alone, without the CPU profiler, whose 100 µs interrupts also slow Blink's style, layout and paint. */
const TRACE_ONLY = process.env.INTERACT_SAMPLE === '0';
/** INTERACT_PHASES (comma-separated, of keystroke, paste, wheel; default all): the phases to run. */
const PHASES = new Set((process.env.INTERACT_PHASES ?? 'keystroke,paste,wheel').split(','));

/**
 * In-page, installed once: arms a wait for what one input must show. `__interact.arm(spec)`
 * returns a promise of {ms, findPainted}; the clock starts at the first keydown or beforeinput
 * after arming (capture phase, before the app sees it).
 */
const INSTALL_SCRIPT = `(() => {
  const state = { t0: null, eventMs: NaN, spec: null, done: null, taskMs: NaN, frameTimes: [] };
  const start = (e) => { if (state.spec !== null && state.t0 === null) { state.t0 = performance.now(); state.eventMs = e.timeStamp; state.taskMs = NaN; performance.mark('interact:start'); } };
  addEventListener('keydown', start, true);
  addEventListener('beforeinput', start, true);
  // The input's own task: its dispatch to the app's handlers (React's render and commit) is done when the event bubbles up to the window.
  addEventListener('input', () => { if (state.t0 !== null && Number.isNaN(state.taskMs)) state.taskMs = performance.now() - state.t0; });
  const text = (sel) => document.querySelector(sel)?.textContent ?? null;
  const shown = (spec) => {
    if (spec.kind === 'search') {
      return text('.match-count') === spec.count && document.querySelector('[role="grid"][aria-label="Regions"]')?.getAttribute('aria-rowcount') === spec.rowCount;
    }
    return text('[aria-label="Lookup result"] .lookup-addr') === spec.addr;
  };
  const findPaintedSince = (t0) => performance.getEntriesByName('mapscope:find-frame').some((e) => e.startTime >= t0);
  // Called in every animation frame while armed (its time, the frame's vsync-aligned begin time, recorded).
  const check = (frameMs) => {
    if (state.spec === null) return;
    state.frameTimes.push(frameMs);
    if (state.t0 === null || !shown(state.spec)) { requestAnimationFrame(check); return; }
    // This frame shows the text: its end is the message after it; the map's layer must have painted by then.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      const spec = state.spec;
      if (spec === null) return;
      const needsFind = spec.kind === 'paste' || spec.countChanged;
      if (needsFind && !findPaintedSince(state.t0)) { requestAnimationFrame(check); return; }
      const endMs = performance.now();
      const ms = endMs - state.t0;
      performance.mark('interact:end');
      state.spec = null;
      state.done({ ms, taskMs: state.taskMs, eventMs: state.eventMs, endMs, frameTimes: state.frameTimes });
    };
    channel.port2.postMessage(null);
  };
  window.__interact = {
    arm(spec) {
      state.t0 = null;
      state.spec = spec;
      state.frameTimes = [];
      const p = new Promise((resolve) => { state.done = resolve; });
      requestAnimationFrame(check);
      setTimeout(() => { if (state.spec === spec) { state.spec = null; state.done({ ms: NaN, stuck: document.querySelector('.match-count')?.textContent + ' / ' + text('[aria-label="Lookup result"]') }); } }, 20000);
      return p;
    },
  };
})()`;


/**
 * The keystroke's floor: what Chromium alone costs to show what a keystroke shows. In-page,
 * installed once: `snap()`, called after each measured keystroke (outside its span), keeps the
 * table's rows as that keystroke left them (their HTML; the table scrolled to the top, as while
 * typing) and the count; `replay()`, once every phase is done, puts the page's rows back at the
 * top and replays the keystrokes' rows in order, each in one task from a mark: the rows' text
 * nodes rewritten in place (their title and id too), a row rebuilt from its HTML only where
 * its structure differs (a pathname with or without a directory), rows the keystroke removed
 * hidden (and shown again where it added them), the count's text and the grid's
 * row count set, then the frame. No search, no React: the least DOM work that shows those rows,
 * measured as the keystrokes are (the marks, the same trace).
 */
const FLOOR_SCRIPT = `(() => {
  const snaps = [];
  const grid = () => document.querySelector('[role="grid"][aria-label="Regions"]');
  const rows = () => [...grid().querySelectorAll('.region-grid-row')];
  const nodes = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    const out = [];
    while (walker.nextNode()) out.push(walker.currentNode);
    return out;
  };
  const frame = () => new Promise((r) => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(null); }));
  window.__floor = {
    snap() {
      snaps.push({
        count: document.querySelector('.match-count').textContent,
        rowCount: grid().getAttribute('aria-rowcount'),
        rows: rows().map((r) => ({ id: r.id, html: r.innerHTML })),
      });
    },
    async replay() {
      grid().scrollTop = 0;
      await frame();
      await frame();
      const scratch = document.createElement('div');
      const parsed = snaps.map((s) => ({ ...s, rows: s.rows.map((r) => { scratch.innerHTML = r.html; return { ...r, nodes: nodes(scratch).map((n) => n.nodeType === 3 ? { text: n.data } : { tag: n.tagName, title: n.getAttribute('title') }) }; }) }));
      for (const s of parsed) {
        await new Promise((r) => setTimeout(r, 30));
        performance.mark('interact:start');
        const els = rows();
        // Rows the keystroke had removed (fewer matches than the view holds) are hidden (display: the rows' class sets it), and shown again where it had them.
        for (let j = s.rows.length; j < els.length; j++) if (els[j].style.display !== 'none') els[j].style.display = 'none';
        for (let j = 0; j < els.length && j < s.rows.length; j++) {
          const row = els[j];
          const want = s.rows[j];
          if (row.style.display === 'none') row.style.display = '';
          if (row.id !== want.id) row.id = want.id;
          const have = nodes(row);
          const same = have.length === want.nodes.length && have.every((n, k) => (n.nodeType === 3) === (want.nodes[k].text !== undefined) && (n.nodeType === 3 || n.tagName === want.nodes[k].tag));
          if (!same) { row.innerHTML = want.html; continue; }
          for (let k = 0; k < have.length; k++) {
            const n = have[k];
            const w = want.nodes[k];
            if (w.text !== undefined) { if (n.data !== w.text) n.data = w.text; }
            else if (w.title !== null && n.getAttribute('title') !== w.title) n.setAttribute('title', w.title);
          }
        }
        document.querySelector('.match-count').firstChild.data = s.count;
        grid().setAttribute('aria-rowcount', s.rowCount);
        await frame();
        performance.mark('interact:end');
      }
    },
  };
})()`;

/**
 * Typing at a typist's pace (TYPED, TYPING_DELAY_MS between keys, no wait for the answers): each
 * keydown's wait for the main thread, from its timeStamp to the first listener. What a key meets
 * there is what the page does between frames: the last answer's selection summed in idle time
 * (useSelectionSummary), the search's preparation. The keystroke figures above start at the
 * listener and leave this out.
 */
const TYPED = ['perm:rwx', 'libc', 'size>1M'];
const TYPING_DELAY_MS = 60;
const QUEUE_SCRIPT = `(() => {
  const waits = [];
  addEventListener('keydown', (e) => waits.push(performance.now() - e.timeStamp), true);
  window.__queue = { take: () => waits.splice(0) };
})()`;

async function typingQueue(page: Page): Promise<number[]> {
  await page.evaluate(QUEUE_SCRIPT);
  for (const q of TYPED) {
    await page.keyboard.type(q, { delay: TYPING_DELAY_MS });
    await page.waitForTimeout(400);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.waitForTimeout(400);
  }
  return (await page.evaluate('window.__queue.take()')) as number[];
}

/** In-page: waits until two frames have been painted (what a clearing keystroke left behind settles). */
const SETTLE_SCRIPT = `new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 30))))`;

/**
 * In-page: the wheel loop. Each animation frame records its time and posts a message; the message
 * (the task after the frame) dispatches the next wheel event, timed. Returns the frames' times and
 * the main-thread wall time of each event's dispatch and of the frame after it.
 */
const WHEEL_SCRIPT = `(async (steps) => {
  const map = document.querySelector('.address-space-map');
  const rect = map.getBoundingClientRect();
  const x = rect.left + rect.width * 0.53;
  const y = rect.top + rect.height * 0.6;
  const deltas = [...Array(steps).fill(-120), ...Array(steps).fill(120)];
  const rafTimes = [];
  const workMs = [];
  let i = 0;
  let dispatchMs = 0;
  await new Promise((done) => {
    const frame = (t) => {
      const frameStart = performance.now();
      rafTimes.push(t);
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        // This frame's style, layout and paint are done.
        if (i > 0) workMs.push(dispatchMs + performance.now() - frameStart);
        if (i === deltas.length) { done(); return; }
        requestAnimationFrame(frame);
        const t1 = performance.now();
        map.dispatchEvent(new WheelEvent('wheel', { deltaY: deltas[i++], clientX: x, clientY: y, bubbles: true, cancelable: true }));
        dispatchMs = performance.now() - t1;
      };
      channel.port2.postMessage(null);
    };
    requestAnimationFrame(frame);
  });
  return { rafTimes, workMs };
})`;

interface WheelFigures {
  workMs: number[];
  cpuMs: number[];
  dropped: number;
  vsyncMs: number;
}

/** Frames skipped between consecutive animation frames: an interval over 1.5 vsyncs skips round(interval / vsync) - 1. */
function droppedFrames(rafTimes: number[]): { dropped: number; vsyncMs: number } {
  const intervals = rafTimes.slice(1).map((t, i) => t - rafTimes[i]);
  const vsyncMs = percentile(intervals, 0.5);
  const dropped = intervals.filter((d) => d > 1.5 * vsyncMs).reduce((s, d) => s + Math.round(d / vsyncMs) - 1, 0);
  return { dropped, vsyncMs };
}

async function wheel(browser: Browser, page: Page, label: string): Promise<WheelFigures> {
  await browser.startTracing(page, { categories: PROFILE ? [...FRAME_PROFILE_CATEGORIES, ...(TRACE_ONLY ? [] : [SAMPLES_CATEGORY])] : ['devtools.timeline', 'cc', 'toplevel'] });
  const f = (await page.evaluate(`${WHEEL_SCRIPT}(${WHEEL_STEPS})`)) as { rafTimes: number[]; workMs: number[] };
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  if (PROFILE) printFrameProfile(`${label} wheel`, trace.traceEvents);
  if (PROFILE && !TRACE_ONLY) printSlowFrames(`${label} wheel`, trace.traceEvents, Number(process.env.INTERACT_SLOWEST ?? 6));
  return { workMs: f.workMs, cpuMs: frameCpuMs(trace.traceEvents), ...droppedFrames(f.rafTimes) };
}

/**
 * The floor of a wheel frame in this Chromium: a page of one canvas (the map's size) and nothing
 * else, whose wheel handler asks for a frame that clears it and fills one rectangle per pixel
 * column — what the map's own drawing is at its simplest. Measured as the map is (WHEEL_SCRIPT,
 * the same trace), so that the app's figure reads against what the browser costs by itself.
 */
const FLOOR_PAGE = `<!doctype html><body style="margin:0"><div class="address-space-map" style="width:1250px;height:320px"><canvas width="1250" height="300"></canvas></div>
<script>
  const canvas = document.querySelector('canvas');
  const ctx = canvas.getContext('2d');
  let zoom = 1, request = 0;
  const draw = () => {
    request = 0;
    ctx.clearRect(0, 0, 1250, 300);
    for (let x = 0; x < 1250; x++) {
      ctx.fillStyle = (Math.floor(x * zoom) & 8) ? '#3b82f6' : '#94a3b8';
      ctx.fillRect(x, 40, 1, 220);
    }
  };
  document.querySelector('.address-space-map').addEventListener('wheel', (e) => {
    e.preventDefault();
    zoom *= e.deltaY < 0 ? 1.1 : 1 / 1.1;
    if (request === 0) request = requestAnimationFrame(draw);
  }, { passive: false });
  draw();
</script>`;

async function floorWheel(browser: Browser): Promise<WheelFigures> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    await page.setContent(FLOOR_PAGE);
    await page.evaluate(SETTLE_SCRIPT);
    return await wheel(browser, page, 'floor');
  } finally {
    await context.close();
  }
}

/** What a generated file must show: the search counts of each typed prefix, and lookup inputs with their shown address. */
interface Expected {
  total: number;
  counts: Map<string, number>;
  lookups: { text: string; addr: string }[];
}

function expectedOf(text: string, regions: number): Expected {
  const table = parseMaps(text).regions;
  const index = RegionIndex.build(table);
  const counts = new Map<string, number>();
  for (const q of QUERIES) for (let i = 0; i <= q.length; i++) counts.set(q.slice(0, i), searchRegions(index, parseSearchQuery(q.slice(0, i))).length);
  const lookups: { text: string; addr: string }[] = [];
  for (let i = 0; i < 30; i++) {
    const row = index.order[Math.floor((i * regions) / 30)];
    const begin = table.begin(row);
    const end = table.end(row);
    const addr = i % 2 === 0 ? begin + (end - begin) / 2n : end + 0x10n;
    lookups.push({ text: formatHex(addr), addr: formatHex(addr) });
  }
  return { total: table.length, counts, lookups };
}

interface Figures {
  keyMs: number[];
  /** What each keystroke left in the box ('' after a clearing Backspace), as keyMs. */
  keyText: string[];
  /** Each keystroke's main-thread CPU time (a trace), as keyMs. */
  keyCpuMs: number[];
  /** Keys typed at a typist's pace (typingQueue): each keydown's wait for the main thread. */
  typingQueuedMs: number[];
  /** How long each keystroke's keydown waited for the page's main thread (its timeStamp to its first listener), as keyMs. */
  keyQueuedMs: number[];
  /** The floor (FLOOR_SCRIPT): each keystroke's rows and count shown again by the least DOM work, main-thread CPU time, as keyMs. */
  floorCpuMs: number[];
  pasteMs: number[];
  /** Each paste's input task (beforeinput → input dispatched). */
  pasteTaskMs: number[];
  /** Each paste's answer frame (answerFrame: 1 is the next frame), as pasteMs. */
  pasteFrames: number[];
  /** Each paste's main-thread CPU time, from the paste to the end of its answer's frame (a trace), as pasteMs. */
  pasteCpuMs: number[];
  wheel: WheelFigures;
  stuck: string[];
}

const fmtCount = (n: number) => n.toLocaleString('en-US');

/** Trace categories that give each measured span's main-thread CPU time (its marks and the top-level tasks' thread time). */
const CPU_CATEGORIES = ['devtools.timeline', 'toplevel', 'blink.user_timing'];

/**
 * Runs `phase` traced and CPU-profiled when INTERACT_PROFILE is set, and prints its slowest spans
 * (INTERACT_SLOWEST of them, default 4). With `cpu`, traced in any case: returns each span's
 * main-thread CPU time, which other processes on a shared machine do not inflate (empty without).
 */
async function profiled(browser: Browser, page: Page, label: string, phase: () => Promise<void>, cpu = false): Promise<number[]> {
  if (!PROFILE && !cpu) {
    await phase();
    return [];
  }
  const cdp = await page.context().newCDPSession(page);
  if (PROFILE) console.log(`\n${label}: ${await page.evaluate('document.getElementsByTagName("*").length')} elements in the page`);
  await browser.startTracing(page, { categories: PROFILE ? PROFILE_CATEGORIES : CPU_CATEGORIES });
  const sampler = PROFILE && !TRACE_ONLY ? await startCpuProfile(cdp) : null;
  await phase();
  const profile = sampler === null ? null : await sampler.stop();
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  const spans = profileSpans(trace.traceEvents, profile);
  if (PROFILE) {
    printSpanMeans(label, trace.traceEvents, spans);
    printSlowest(label, spans, Number(process.env.INTERACT_SLOWEST ?? 4));
  }
  await cdp.detach();
  return spans.map((sp) => sp.cpuMs);
}

async function measureBuild(browser: Browser, url: string, file: string, expected: Expected, label: string): Promise<Figures> {
  const { page, close } = await openLoaded(browser, url, file);
  try {
    await page.getByRole('grid', { name: 'Regions' }).waitFor({ timeout: 300_000 });
    await page.waitForFunction(() => performance.getEntriesByName('mapscope:modules').length > 0, undefined, { timeout: 300_000 });
    await page.evaluate(SETTLE_SCRIPT);
    await page.evaluate(INSTALL_SCRIPT);
    await page.evaluate(FLOOR_SCRIPT);
    const stuck: string[] = [];
    const taskMs: number[] = [];
    const frames: number[] = [];
    const queuedMs: number[] = [];
    const arm = async (spec: object, act: () => Promise<void>): Promise<number> => {
      const result = page.evaluate(`window.__interact.arm(${JSON.stringify(spec)})`) as Promise<{ ms: number; taskMs?: number; stuck?: string; eventMs?: number; endMs?: number; frameTimes?: number[] }>;
      // The arm ran, and its frame loop has drawn two frames, before the input (answerFrame counts from them).
      await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
      await act();
      const r = await result;
      if (r.stuck !== undefined) stuck.push(`${JSON.stringify(spec)}: shows ${r.stuck}`);
      if (r.taskMs !== undefined) taskMs.push(r.taskMs);
      frames.push(r.frameTimes === undefined ? NaN : answerFrame(r.eventMs!, r.endMs!, r.frameTimes).frame);
      // The clock starts in the first listener; the event's timeStamp is when the browser had it.
      queuedMs.push(r.endMs === undefined ? NaN : r.endMs - r.ms - r.eventMs!);
      await page.evaluate(SETTLE_SCRIPT);
      return r.ms;
    };

    // Keystrokes: each query typed, then cleared (select all, Backspace: the measured key).
    const search = page.getByRole('searchbox', { name: 'Search regions' });
    await search.focus();
    const keyMs: number[] = [];
    const keyText: string[] = [];
    let shownCount = expected.total;
    const keyCpuMs = !PHASES.has('keystroke') ? [] : await profiled(browser, page, `${label} keystroke`, async () => {
      for (const q of QUERIES) {
        for (let i = 1; i <= q.length + 1; i++) {
          const typed = i <= q.length ? q.slice(0, i) : '';
          const count = expected.counts.get(typed)!;
          const spec = { kind: 'search', count: `${fmtCount(count)} of ${fmtCount(expected.total)} regions match`, rowCount: String(count + 1), countChanged: count !== shownCount };
          if (i > q.length) await page.keyboard.press('Control+A');
          keyMs.push(await arm(spec, () => (i <= q.length ? page.keyboard.type(q[i - 1]) : page.keyboard.press('Backspace'))));
          await page.evaluate('window.__floor.snap()');
          keyText.push(i <= q.length ? typed : `${q}⌫`);
          shownCount = count;
        }
      }
    }, true);
    const typingQueuedMs = PHASES.has('keystroke') ? await typingQueue(page) : [];

    // Pastes into the lookup box (cleared, unmeasured, between them).
    const lookup = page.getByRole('searchbox', { name: 'Look up address' });
    await lookup.focus();
    const pasteMs: number[] = [];
    const pasteCpuMs = !PHASES.has('paste') ? [] : await profiled(browser, page, `${label} paste`, async () => {
      for (const { text, addr } of expected.lookups) {
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Backspace');
        await page.evaluate(SETTLE_SCRIPT);
        pasteMs.push(await arm({ kind: 'paste', addr }, () => page.keyboard.insertText(text)));
      }
    }, true);
    const pasteTaskMs = taskMs.slice(taskMs.length - pasteMs.length);
    const pasteFrames = frames.slice(frames.length - pasteMs.length);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.evaluate(SETTLE_SCRIPT);

    const wheelFigures = PHASES.has('wheel') ? await wheel(browser, page, label) : { workMs: [], cpuMs: [], dropped: 0, vsyncMs: NaN };
    // Last: the replay writes into the table's rows behind React's back.
    const floorCpuMs = !PHASES.has('keystroke') ? [] : await profiled(browser, page, `${label} keystroke floor`, () => page.evaluate('window.__floor.replay()'), true);
    const keyQueuedMs = queuedMs.slice(0, keyMs.length);
    return { keyMs, keyText, keyCpuMs, keyQueuedMs, typingQueuedMs, floorCpuMs, pasteMs, pasteTaskMs, pasteFrames, pasteCpuMs, wheel: wheelFigures, stuck };
  } finally {
    await close();
  }
}

const p = (xs: number[], q: number) => percentile(xs, q).toFixed(1);

export async function run(): Promise<void> {
  const session = await startAppSession();
  const { builds, close } = await buildsToMeasure(session);
  try {
    const keyRows: string[][] = [];
    const floorRows: string[][] = [];
    const typingRows: string[][] = [];
    const pasteRows: string[][] = [];
    const wheelRows: string[][] = [];
    const notes: string[] = [];
    /** The floor page's wheel, once a round at the wheel goal's size (else once, at the end). */
    const floors: WheelFigures[] = [];
    /** Per size: each keystroke's text, then each build's median over the rounds. */
    const perKey: { regions: number; rows: string[][] }[] = [];
    for (const regions of SIZES) {
      const text = generateMaps({ regions, seed: 4 }).text;
      // Named by process: another run of this bench on the machine writes and removes its own.
      const file = join(tmpdir(), `mapscope-interact-${process.pid}-${regions}.maps`);
      writeFileSync(file, text);
      const expected = expectedOf(text, regions);
      const figures: Figures[][] = builds.map(() => []);
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? builds.map((_, k) => k) : builds.map((_, k) => builds.length - 1 - k);
        for (const k of order) figures[k].push(await measureBuild(session.browser, builds[k].url, file, expected, `${builds[k].name} ${fmtCount(regions)}`));
        // The floor in each round of the goal's size, between the builds' runs: a machine busy in
        // one part of the run drops frames on every page then, and the figures read side by side.
        if (PHASES.has('wheel') && regions === WHEEL_GOAL.regions) floors.push(await floorWheel(session.browser));
      }
      rmSync(file);
      if (PHASES.has('keystroke')) {
        const texts = figures[0][0].keyText;
        perKey.push({
          regions,
          rows: texts.map((t, j) => [
            JSON.stringify(t),
            String(expected.counts.get(t.endsWith('⌫') ? '' : t)),
            ...figures.map((all) => p(all.map((f) => f.keyMs[j]), 0.5)),
            ...figures.map((all) => p(all.map((f) => f.keyCpuMs[j]), 0.5)),
            ...figures.map((all) => p(all.map((f) => f.floorCpuMs[j]), 0.5)),
          ]),
        });
      }
      builds.forEach((b, k) => {
        const all = figures[k];
        const keyMs = all.flatMap((f) => f.keyMs);
        const pasteMs = all.flatMap((f) => f.pasteMs);
        const pasteTaskMs = all.flatMap((f) => f.pasteTaskMs);
        const pasteFrames = all.flatMap((f) => f.pasteFrames);
        const nextFrame = pasteFrames.filter((n) => n <= 1).length;
        const pasteCpuMs = all.flatMap((f) => f.pasteCpuMs);
        const workMs = all.flatMap((f) => f.wheel.workMs);
        const cpuMs = all.flatMap((f) => f.wheel.cpuMs);
        const dropped = all.reduce((s, f) => s + f.wheel.dropped, 0);
        for (const f of all) for (const s of f.stuck) notes.push(`${b.name} ${fmtCount(regions)}: not shown within 20 s: ${s}`);
        // Which pastes missed the next frame: the first of a round (code still cold), or any (the machine).
        all.forEach((f, round) =>
          f.pasteFrames.forEach((frame, i) => {
            if (frame > 1) notes.push(`${b.name} ${fmtCount(regions)}: paste ${i + 1} of ${f.pasteFrames.length} in round ${round + 1} answered in frame ${frame}: ${f.pasteMs[i].toFixed(1)} ms, its input task ${f.pasteTaskMs[i].toFixed(1)} ms, CPU ${(f.pasteCpuMs[i] ?? NaN).toFixed(1)} ms`);
          }),
        );
        const keyOk = keyMs.every((x) => !Number.isNaN(x));
        const keyCpuMs = all.flatMap((f) => f.keyCpuMs);
        const keyQueuedMs = all.flatMap((f) => f.keyQueuedMs);
        const typingQueuedMs = all.flatMap((f) => f.typingQueuedMs);
        if (PHASES.has('keystroke')) typingRows.push([fmtCount(regions), b.name, String(typingQueuedMs.length), p(typingQueuedMs, 0.5), p(typingQueuedMs, 0.95), Math.max(...typingQueuedMs).toFixed(1), String(typingQueuedMs.filter((ms) => ms > 16.7).length)]);
        const floorCpuMs = all.flatMap((f) => f.floorCpuMs);
        if (PHASES.has('keystroke')) floorRows.push([fmtCount(regions), b.name, String(floorCpuMs.length), p(floorCpuMs, 0.5), p(floorCpuMs, 0.95), Math.max(...floorCpuMs).toFixed(1), p(keyCpuMs, 0.5), p(keyCpuMs, 0.95)]);
        if (PHASES.has('keystroke')) keyRows.push([fmtCount(regions), b.name, String(keyMs.length), p(keyMs, 0.5), p(keyMs, 0.95), Math.max(...keyMs).toFixed(1), p(keyCpuMs, 0.5), p(keyCpuMs, 0.95), Math.max(...keyCpuMs).toFixed(1), p(keyQueuedMs, 0.95), Math.max(...keyQueuedMs).toFixed(1), regions === KEYSTROKE_GOAL.regions ? verdict(keyOk && percentile(keyMs, 0.95) <= KEYSTROKE_GOAL.p95Ms) : '']);
        if (PHASES.has('paste'))
          pasteRows.push([
            fmtCount(regions),
            b.name,
            String(pasteMs.length),
            `${nextFrame} of ${pasteFrames.length}`,
            String(percentile(pasteFrames, 0.95)),
            String(Math.max(...pasteFrames)),
            p(pasteMs, 0.5),
            p(pasteMs, 0.95),
            Math.max(...pasteMs).toFixed(1),
            p(pasteTaskMs, 0.5),
            p(pasteTaskMs, 0.95),
            p(pasteCpuMs, 0.5),
            p(pasteCpuMs, 0.95),
            verdict(nextFrame === pasteFrames.length),
          ]);
        if (PHASES.has('wheel')) wheelRows.push([
          fmtCount(regions),
          b.name,
          String(workMs.length),
          p(workMs, 0.5),
          p(workMs, 0.95),
          p(cpuMs, 0.5),
          p(cpuMs, 0.95),
          Math.max(...cpuMs).toFixed(1),
          String(dropped),
          all[0].wheel.vsyncMs.toFixed(1),
          regions === WHEEL_GOAL.regions ? verdict(percentile(cpuMs, 0.95) <= WHEEL_GOAL.p95Ms && dropped === 0) : '',
        ]);
      });
    }
    if (PHASES.has('wheel') && floors.length === 0) floors.push(await floorWheel(session.browser));
    if (floors.length > 0) {
      const workMs = floors.flatMap((f) => f.workMs);
      const cpuMs = floors.flatMap((f) => f.cpuMs);
      const dropped = floors.reduce((sum, f) => sum + f.dropped, 0);
      wheelRows.push(['(floor)', 'canvas', String(workMs.length), p(workMs, 0.5), p(workMs, 0.95), p(cpuMs, 0.5), p(cpuMs, 0.95), Math.max(...cpuMs).toFixed(1), String(dropped), floors[0].vsyncMs.toFixed(1), '']);
    }
    const [load1, load5] = loadavg();
    console.log(`keystroke in the search box → count, table and map's find layer painted (ms, headless Chromium 1280×800; goal at ${fmtCount(KEYSTROKE_GOAL.regions)}: p95 ≤ ${KEYSTROKE_GOAL.p95Ms})`);
    printTable(['regions', 'build', 'keys', 'p50', 'p95', 'max', 'cpu p50', 'cpu p95', 'cpu max', 'queued p95', 'queued max', 'goal'], keyRows);
    if (PHASES.has('keystroke')) {
      console.log('(cpu: the renderer main thread\'s CPU time from the keydown to the frame that shows the result, from a trace taken while typing; queued: from the keydown\'s timeStamp to its first listener, where the figures start — the time the key waited for the main thread, idle-time work included)');
      console.log('\nthe keystroke\'s floor: each keystroke\'s rows and count shown again in the same page by the least DOM work (text nodes rewritten in place, no search, no React), then its frame (main-thread CPU ms, the same trace)');
      printTable(['regions', 'build', 'keys', 'floor p50', 'floor p95', 'floor max', 'keystroke cpu p50', 'keystroke cpu p95'], floorRows);
      console.log(`\nkeys typed ${TYPING_DELAY_MS} ms apart without waiting for the answers (${TYPED.map((q) => JSON.stringify(q)).join(', ')}, each cleared): each keydown's wait for the main thread, ms (its timeStamp to its first listener)`);
      printTable(['regions', 'build', 'keys', 'wait p50', 'wait p95', 'wait max', 'waits > a frame'], typingRows);
    }
    for (const { regions, rows } of perKey) {
      console.log(`\neach keystroke at ${fmtCount(regions)} (ms, median of the rounds; ⌫: the box cleared)`);
      printTable(['box', 'matches', ...builds.map((b) => b.name), ...builds.map((b) => `${b.name} cpu`), ...builds.map((b) => `${b.name} floor cpu`)], rows);
    }
    console.log(`\naddress pasted into the lookup box → result and pin painted (goal: every paste's answer in the next frame; ms: from the paste to the end of that frame's main-thread work, which holds the wait for its vsync)`);
    printTable(['regions', 'build', 'pastes', 'next frame', 'frame p95', 'frame max', 'ms p50', 'ms p95', 'ms max', 'task p50', 'task p95', 'cpu p50', 'cpu p95', 'goal'], pasteRows);
    if (PHASES.has('paste')) console.log('(frame: the vsync, counted from the last frame begun before the paste, by which the answer\'s frame finished its main-thread work; 1 = the next frame — answerFrame)');
    console.log(`\nwheel zoom, one event per frame → main-thread work per frame (ms; wall from the page, CPU from a trace; goal at ${fmtCount(WHEEL_GOAL.regions)}: CPU p95 ≤ ${WHEEL_GOAL.p95Ms}, no dropped frame)`);
    printTable(['regions', 'build', 'frames', 'wall p50', 'wall p95', 'cpu p50', 'cpu p95', 'cpu max', 'dropped', 'vsync', 'goal'], wheelRows);
    console.log('(floor: a page of one canvas the map\'s size, cleared and filled column by column in the frame each wheel event asks for — the same trace; once a round, after the builds\' runs at the goal\'s size)');
    for (const n of notes) console.log(n);
    if (builds.length === 2) {
      console.log('\nthis / main (medians and p95s of the rows above)');
      const ratio = (rows: string[][], col: number) =>
        rows.length === 0 ? 'not run' : SIZES.map((r, s) => `${fmtCount(r)} ${(Number(rows[s * 2 + 1][col]) / Number(rows[s * 2][col])).toFixed(2)}`).join(', ');
      console.log(`keystroke p95: ${ratio(keyRows, 4)}; keystroke cpu p95: ${ratio(keyRows, 7)}; paste p50: ${ratio(pasteRows, 6)}; paste task p50: ${ratio(pasteRows, 9)}; paste cpu p50: ${ratio(pasteRows, 11)}; wheel cpu p95: ${ratio(wheelRows, 6)}`);
    }
    console.log(`(load average ${load1.toFixed(1)} / ${load5.toFixed(1)} on ${availableParallelism()} cores; ${ROUNDS} round(s) per build and size)`);
  } finally {
    await close();
    await session.close();
  }
}
