/**
 * Where the time of one interaction goes (interact.bench.ts with INTERACT_PROFILE=1): a Chrome
 * trace and a V8 CPU profile taken while the inputs are measured, cut into the spans the page marks
 * (`interact:start` … `interact:end`), and each span's renderer main-thread time split by what ran —
 * trace events by self time (task, event dispatch, script, GC, style, layout, paint, commit), and
 * the CPU profile's samples by function. Printed for the slowest spans, so that a slow tail names
 * its cause.
 */
import type { CDPSession } from 'playwright-core';
import { onRendererMain, type TraceEvent } from './browser-app';

/** The trace categories a profile needs: the timeline, its detailed events, user timing marks and GC. */
export const PROFILE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.stack', 'blink.user_timing', 'v8', 'toplevel', 'cc'];

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Starts V8's sampling profiler on `cdp` (100 µs); `stop` returns the profile. */
export async function startCpuProfile(cdp: CDPSession): Promise<{ stop(): Promise<CpuProfile> }> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      return profile;
    },
  };
}

/** One marked span: its wall time and its main thread's time by trace event (self) and by function (samples). */
export interface SpanProfile {
  startUs: number;
  wallMs: number;
  /** The renderer main thread's CPU time in the span (its top-level tasks' thread time): what other processes do not inflate. */
  cpuMs: number;
  byEvent: [string, number][];
  byFunction: [string, number][];
  /** Each layout and style recalculation in the span: ms, objects laid out (dirty / total), and the script that forced it, if any. */
  layouts: string[];
}

/** The spans between `interact:start` and the next `interact:end` marks, each split by what ran. */
export function profileSpans(events: TraceEvent[], profile: CpuProfile | null): SpanProfile[] {
  const marks = events.filter((e) => e.name === 'interact:start' || e.name === 'interact:end').sort((a, b) => a.ts - b.ts);
  const spans: [number, number][] = [];
  for (let i = 0; i + 1 < marks.length; i++) if (marks[i].name === 'interact:start' && marks[i + 1].name === 'interact:end') spans.push([marks[i].ts, marks[i + 1].ts]);
  const onMain = onRendererMain(events);
  const slices = events.filter((e) => onMain(e) && e.dur !== undefined).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  // Self time of each slice: its duration less its children's (slices nest on one thread).
  const self = new Map<TraceEvent, number>();
  const topLevel: TraceEvent[] = [];
  const stack: TraceEvent[] = [];
  for (const e of slices) {
    while (stack.length > 0 && stack[stack.length - 1].ts + (stack[stack.length - 1].dur ?? 0) <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent === undefined) topLevel.push(e);
    if (parent !== undefined) self.set(parent, (self.get(parent) ?? 0) - (e.dur ?? 0));
    self.set(e, (self.get(e) ?? 0) + (e.dur ?? 0));
    stack.push(e);
  }
  const sampleTimes: number[] = [];
  const names = new Map<number, string>();
  if (profile !== null) {
    for (const n of profile.nodes) {
      const f = n.callFrame;
      names.set(n.id, f.url === '' ? f.functionName || '(anonymous)' : `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}:${f.columnNumber + 1}`);
    }
    let t = profile.startTime;
    for (const d of profile.timeDeltas) sampleTimes.push((t += d));
  }
  return spans.map(([s, e]) => {
    const byEvent = new Map<string, number>();
    for (const x of slices) {
      if (x.ts + (x.dur ?? 0) <= s || x.ts >= e) continue;
      const name = x.name === 'EventDispatch' ? `EventDispatch ${x.args?.data?.type ?? ''}` : x.name;
      byEvent.set(name, (byEvent.get(name) ?? 0) + (self.get(x) ?? 0) / 1000);
    }
    const byFunction = new Map<string, number>();
    if (profile !== null) {
      for (let i = 0; i < profile.samples.length; i++) {
        if (sampleTimes[i] < s || sampleTimes[i] >= e) continue;
        const name = names.get(profile.samples[i])!;
        const dt = (i + 1 < sampleTimes.length ? sampleTimes[i + 1] - sampleTimes[i] : 0) / 1000;
        byFunction.set(name, (byFunction.get(name) ?? 0) + dt);
      }
    }
    const layouts: string[] = [];
    for (const x of slices) {
      if (x.ts < s || x.ts >= e || (x.name !== 'Layout' && x.name !== 'UpdateLayoutTree')) continue;
      const a = x.args as { beginData?: { dirtyObjects?: number; totalObjects?: number; stackTrace?: { functionName: string; lineNumber: number }[] }; elementCount?: number } | undefined;
      const what = x.name === 'Layout' ? `${a?.beginData?.dirtyObjects ?? '?'}/${a?.beginData?.totalObjects ?? '?'} objects` : `${a?.elementCount ?? '?'} elements`;
      const stack = a?.beginData?.stackTrace?.slice(0, 3).map((f) => `${f.functionName || '(anonymous)'}:${f.lineNumber}`).join(' < ');
      layouts.push(`${x.name} ${((x.dur ?? 0) / 1000).toFixed(1)} ms ${what}${stack ? ` forced by ${stack}` : ''}`);
    }
    const top = (m: Map<string, number>, n: number) => [...m].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, n);
    // Slices that overlap the span: the task that marks its start began before the mark.
    const cpuMs = topLevel.filter((x) => x.ts + (x.dur ?? 0) > s && x.ts < e).reduce((sum, x) => sum + (x.tdur ?? 0), 0) / 1000;
    return { startUs: s, wallMs: (e - s) / 1000, cpuMs, byEvent: top(byEvent, 10), byFunction: top(byFunction, 12), layouts };
  });
}

/** Prints the `count` slowest spans of `label` with their breakdowns. */
export function printSlowest(label: string, spans: SpanProfile[], count: number): void {
  const cpu = spans.map((sp) => sp.cpuMs).sort((a, b) => a - b);
  const q = (p: number) => cpu[Math.min(cpu.length - 1, Math.floor(p * cpu.length))]?.toFixed(1);
  console.log(`\n${label}: main thread CPU per span p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms (${spans.length} spans)`);
  const slowest = [...spans].sort((a, b) => b.wallMs - a.wallMs).slice(0, count);
  for (const sp of slowest) {
    console.log(`\n${label}: ${sp.wallMs.toFixed(1)} ms, main thread CPU ${sp.cpuMs.toFixed(1)} ms (span ${spans.indexOf(sp) + 1} of ${spans.length})`);
    console.log(`  trace, self ms: ${sp.byEvent.map(([k, v]) => `${k} ${v.toFixed(1)}`).join(' · ')}`);
    if (sp.byFunction.length > 0) console.log(`  samples, self ms: ${sp.byFunction.map(([k, v]) => `${k} ${v.toFixed(1)}`).join(' · ')}`);
    if (sp.layouts.length > 0) console.log(`  style and layout: ${sp.layouts.join(' · ')}`);
  }
}

/**
 * What the main thread ran in all `spans`, by trace event, as thread time per span (the events'
 * self tdur summed and divided): the typical input's cost, which other processes on a shared
 * machine do not inflate as they do the slowest spans' wall time.
 */
export function printSpanMeans(label: string, events: TraceEvent[], spans: SpanProfile[]): void {
  if (spans.length === 0) return;
  const byEvent = profileSpansOf(events, spans.map((sp) => [sp.startUs, sp.startUs + sp.wallMs * 1000]));
  console.log(`\n${label}: main thread self ms per span (thread time, mean of ${spans.length}): ${byEvent.map(([k, v]) => `${k} ${(v / spans.length).toFixed(2)}`).join(' · ')}`);
  const byFunction = new Map<string, number>();
  for (const sp of spans) for (const [k, v] of sp.byFunction) byFunction.set(k, (byFunction.get(k) ?? 0) + v);
  const top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 16);
  if (top.length > 0) console.log(`  samples, self ms per span (each span's top functions, mean): ${top.map(([k, v]) => `${k} ${(v / spans.length).toFixed(2)}`).join(' · ')}`);
}

/** Trace categories for the wheel's frames: the timeline with stacks and what invalidated layout and style. */
export const FRAME_PROFILE_CATEGORIES = [...PROFILE_CATEGORIES, 'disabled-by-default-devtools.timeline.invalidationTracking'];

/**
 * What the renderer main thread did in the wheel's frames: self time by trace event summed over
 * all frames (per frame), the layouts of each frame (how many, objects, what forced them), and the
 * invalidations (node and reason) that made layout and style dirty, most frequent first.
 */
export function printFrameProfile(label: string, events: TraceEvent[]): void {
  const onMain = onRendererMain(events);
  const frames = events.filter((e) => onMain(e) && e.name === 'ProxyMain::BeginMainFrame').sort((a, b) => a.ts - b.ts);
  if (frames.length === 0) return;
  const byEvent = profileSpansOf(events, frames.map((f) => [f.ts, f.ts + (f.dur ?? 0)]));
  console.log(`\n${label}: ${frames.length} frames; main thread self ms per frame: ${byEvent.map(([k, v]) => `${k} ${(v / frames.length).toFixed(2)}`).join(' · ')}`);
  const layoutsPerFrame = new Map<string, number>();
  const forcedBy = new Map<string, number>();
  for (const f of frames) {
    const inside = events.filter((e) => onMain(e) && e.name === 'Layout' && e.ts >= f.ts - 20_000 && e.ts < f.ts + (f.dur ?? 0));
    layoutsPerFrame.set(String(inside.length), (layoutsPerFrame.get(String(inside.length)) ?? 0) + 1);
  }
  for (const e of events) {
    if (!(onMain(e) && e.name === 'Layout')) continue;
    const a = e.args as { beginData?: { stackTrace?: { functionName: string; url: string; lineNumber: number }[] } } | undefined;
    const st = a?.beginData?.stackTrace;
    const key = st === undefined ? '(in the frame)' : st.slice(0, 3).map((s) => `${s.functionName || '(anonymous)'}:${s.lineNumber}`).join(' < ');
    forcedBy.set(key, (forcedBy.get(key) ?? 0) + 1);
  }
  // Each layout's enclosing events (innermost first), for the frames' layouts: where in the frame it ran.
  const slices = events.filter((e) => onMain(e) && e.dur !== undefined).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const within = new Map<string, number>();
  const stack: TraceEvent[] = [];
  for (const e of slices) {
    while (stack.length > 0 && stack[stack.length - 1].ts + (stack[stack.length - 1].dur ?? 0) <= e.ts) stack.pop();
    if (e.name === 'Layout') {
      const key = stack.slice(-4).reverse().map((x) => x.name).join(' < ');
      within.set(key, (within.get(key) ?? 0) + 1);
    }
    stack.push(e);
  }
  // Three frames from the middle, event by event (depth ≤ 2 under BeginMainFrame): what comes between the layouts.
  for (const f of frames.slice(frames.length >> 1, (frames.length >> 1) + 3)) {
    const inner = slices.filter((e) => e.ts >= f.ts && e.ts < f.ts + (f.dur ?? 0) && e !== f);
    const parts = inner.map((e) => {
      const a = e.args as { beginData?: { dirtyObjects?: number; totalObjects?: number }; elementCount?: number } | undefined;
      const extra = e.name === 'Layout' ? `[${a?.beginData?.dirtyObjects}/${a?.beginData?.totalObjects}]` : e.name === 'UpdateLayoutTree' ? `[${a?.elementCount}]` : '';
      return `${e.name}${extra} ${((e.tdur ?? 0) / 1000).toFixed(2)}`;
    });
    console.log(`  frame: ${parts.join(' › ')}`);
  }
  // Per frame, the time of the pipeline's stages (their events' thread time, summed within the frame): a mean hides a few slow frames.
  const perFrame = (name: string) =>
    frames.map((f) => slices.filter((e) => e.name === name && e.ts >= f.ts && e.ts < f.ts + (f.dur ?? 0)).reduce((t, e) => t + (e.tdur ?? 0) / 1000, 0)).sort((a, b) => a - b);
  const q = (xs: number[], f: number) => xs[Math.min(xs.length - 1, Math.floor(f * xs.length))].toFixed(2);
  console.log(
    `  per frame p50/p95/max (ms): ${['Layerize', 'Layout', 'Paint', 'Commit', 'HitTest']
      .map((n) => {
        const xs = perFrame(n);
        return `${n} ${q(xs, 0.5)}/${q(xs, 0.95)}/${xs[xs.length - 1].toFixed(2)}`;
      })
      .join(' · ')}`,
  );
  console.log(`  layouts by where they ran: ${[...within].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ×${v}`).join(' · ')}`);
  console.log(`  layouts within ~20 ms before and in a frame (count: frames): ${[...layoutsPerFrame].map(([k, v]) => `${k}: ${v}`).join(', ')}`);
  console.log(`  layouts by what forced them: ${[...forcedBy].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ×${v}`).join(' · ')}`);
  const reasons = new Map<string, number>();
  for (const e of events) {
    if (!e.name.endsWith('InvalidationTracking')) continue;
    const d = (e.args as { data?: { nodeName?: string; reason?: string; invalidationList?: { classes?: string[] }[] } } | undefined)?.data;
    const key = `${e.name.replace('InvalidationTracking', '')} ${d?.nodeName ?? '?'} ${d?.reason ?? ''}`;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  console.log(`  invalidations (per frame): ${[...reasons].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${k} ×${(v / frames.length).toFixed(1)}`).join(' · ')}`);
}

/** Self time by trace event over the given spans, summed (ms), most first. */
function profileSpansOf(events: TraceEvent[], spans: [number, number][]): [string, number][] {
  const onMain = onRendererMain(events);
  const slices = events.filter((e) => onMain(e) && e.dur !== undefined).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<TraceEvent, number>();
  const stack: TraceEvent[] = [];
  for (const e of slices) {
    while (stack.length > 0 && stack[stack.length - 1].ts + (stack[stack.length - 1].dur ?? 0) <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent !== undefined) self.set(parent, (self.get(parent) ?? 0) - (e.tdur ?? 0));
    self.set(e, (self.get(e) ?? 0) + (e.tdur ?? 0));
    stack.push(e);
  }
  const by = new Map<string, number>();
  for (const x of slices) {
    if (!spans.some(([s, e]) => x.ts >= s && x.ts < e)) continue;
    by.set(x.name, (by.get(x.name) ?? 0) + (self.get(x) ?? 0) / 1000);
  }
  return [...by].sort((a, b) => b[1] - a[1]).slice(0, 16);
}

/** The trace category of V8's sampling profiler: its samples come as the trace's ProfileChunk events. */
export const SAMPLES_CATEGORY = 'disabled-by-default-v8.cpu_profiler';

/** The renderer main thread's samples in a trace (SAMPLES_CATEGORY): each sample's time (µs, the trace's clock) and its function's name and line. */
function traceSamples(events: TraceEvent[]): { ts: number[]; names: string[] } {
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => e.pid));
  type Chunk = { startTime?: number; timeDeltas?: number[]; cpuProfile?: { nodes?: { id: number; callFrame: { functionName: string; lineNumber?: number } }[]; samples?: number[] } };
  const chunks = events.filter((e) => (e.name === 'Profile' || e.name === 'ProfileChunk') && main.has(e.pid)).sort((a, b) => a.ts - b.ts);
  const nameOf = new Map<number, string>();
  const ts: number[] = [];
  const names: string[] = [];
  let time = 0;
  for (const e of chunks) {
    const data = (e.args as { data?: Chunk } | undefined)?.data ?? {};
    if (e.name === 'Profile') {
      time = data.startTime ?? e.ts;
      continue;
    }
    for (const n of data.cpuProfile?.nodes ?? []) nameOf.set(n.id, `${n.callFrame.functionName || '(anonymous)'}${n.callFrame.lineNumber === undefined ? '' : `:${n.callFrame.lineNumber + 1}`}`);
    const ids = data.cpuProfile?.samples ?? [];
    ids.forEach((id, i) => {
      time += data.timeDeltas?.[i] ?? 0;
      ts.push(time);
      names.push(nameOf.get(id) ?? '?');
    });
  }
  return { ts, names };
}

/**
 * The wheel's slowest frames (the CPU time frameCpuMs counts: a wheel event's dispatch and the
 * frame after it): each one's place in the gesture, its dispatch's and frame's CPU time, its trace
 * events by self time (a GC, the animation-frame callbacks, the commit) and its sampled functions
 * by self time; and those functions over all frames, per frame. Which frames make the p95.
 */
export function printSlowFrames(label: string, events: TraceEvent[], count: number): void {
  const onMain = onRendererMain(events);
  const frames = events.filter((e) => onMain(e) && e.name === 'ProxyMain::BeginMainFrame').sort((a, b) => a.ts - b.ts);
  const wheels = events.filter((e) => onMain(e) && e.name === 'EventDispatch' && e.args?.data?.type === 'wheel').sort((a, b) => a.ts - b.ts);
  const pairs: { at: number; wheel: TraceEvent; frame: TraceEvent; cpuMs: number }[] = [];
  let f = 0;
  for (const w of wheels) {
    while (f < frames.length && frames[f].ts < w.ts) f++;
    if (f === frames.length) break;
    pairs.push({ at: pairs.length, wheel: w, frame: frames[f], cpuMs: ((w.tdur ?? 0) + (frames[f].tdur ?? 0)) / 1000 });
    f++;
  }
  if (pairs.length === 0) return;
  const samples = traceSamples(events);
  const spansOf = (p: (typeof pairs)[number]): [number, number][] => [
    [p.wheel.ts, p.wheel.ts + (p.wheel.dur ?? 0)],
    [p.frame.ts, p.frame.ts + (p.frame.dur ?? 0)],
  ];
  /** Sampled self ms by function within the spans (a sample counts up to the next one, at most 1 ms). */
  const byFunction = (spans: [number, number][], into = new Map<string, number>()) => {
    for (let i = 0; i + 1 < samples.ts.length; i++) {
      const t = samples.ts[i];
      if (!spans.some(([s, e]) => t >= s && t < e)) continue;
      into.set(samples.names[i], (into.get(samples.names[i]) ?? 0) + Math.min(samples.ts[i + 1] - t, 1000) / 1000);
    }
    return into;
  };
  const top = (m: Map<string, number> | [string, number][], n: number, per = 1) =>
    [...m]
      .filter(([k]) => k !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${k} ${(v / per).toFixed(2)}`)
      .join(' · ');
  const all = new Map<string, number>();
  for (const p of pairs) byFunction(spansOf(p), all);
  console.log(`\n${label}: sampled self ms per frame, all ${pairs.length} frames: ${top(all, 16, pairs.length)}`);
  for (const p of [...pairs].sort((a, b) => b.cpuMs - a.cpuMs).slice(0, count)) {
    const spans = spansOf(p);
    console.log(`${label}: frame ${p.at + 1} of ${pairs.length}: CPU ${p.cpuMs.toFixed(1)} ms (dispatch ${((p.wheel.tdur ?? 0) / 1000).toFixed(1)}, frame ${((p.frame.tdur ?? 0) / 1000).toFixed(1)})`);
    console.log(`  trace, self ms: ${top(profileSpansOf(events, spans), 8)}`);
    console.log(`  samples, self ms: ${top(byFunction(spans), 10)}`);
  }
}
