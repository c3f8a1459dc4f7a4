/**
 * What app-load.bench.ts reads of one load's stages: the page-clock arrival of the parse worker's
 * messages with the workers' own timings (STAGES_SCRIPT, stagesOf), and the CPU time of the tab's
 * renderer from the drop to painted, from a Chrome trace (cpuToPaintedMs) — for the app and the
 * floor page (app-load-floor.ts) alike.
 */
import type { TraceEvent } from './browser-app';

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
 * The CPU time (thread time) of every task of the renderer that marked `bench:drop`, on any of its
 * threads (the page's main thread and its workers), that began from the drop to `paintedMs` after
 * it: the work of a load, which unlike its wall time does not grow when other processes hold the
 * cores. The browser process's part of reading the file is not in it, for the app or the floor.
 */
export function cpuToPaintedMs(events: readonly Pick<TraceEvent, 'name' | 'ph' | 'pid' | 'ts' | 'tdur'>[], paintedMs: number): number {
  const drop = events.find((e) => e.name === 'bench:drop');
  if (drop === undefined) return NaN;
  const endTs = drop.ts + paintedMs * 1000;
  let us = 0;
  for (const e of events) {
    if (e.pid === drop.pid && e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.ts >= drop.ts && e.ts <= endTs) us += e.tdur ?? 0;
  }
  return us / 1000;
}

