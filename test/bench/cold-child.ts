/**
 * The measuring side of cold.bench.ts, bundled by it (vite) and run in a fresh `node --expose-gc`
 * process per sample, or in a fresh worker_thread of one. It loads a bundled parser (the branch's
 * or main's), reads the input as the CLI does (readFileSync, one flat string), and times:
 *
 *  - `first`: the first call of the parser, of the newline floor and of the ad-hoc parser, in the
 *    order given (cold.bench.ts rotates it), each once in this fresh process;
 *  - `worker`: the same, in a worker_thread started for it (what the app's parse worker meets);
 *  - `gc`: warm calls (after warm-ups), then calls each right after a forced full GC (gc()).
 *
 * It prints one line of JSON (Figures) and exits.
 */
import { readFileSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { countNewlines, naiveParse, naiveSmapsParse, writeRowsFloor } from './baselines';

/** `rows`: the output's floor (baselines.ts writeRowsFloor), on maps only (an smaps region is many lines). */
export type Subject = 'parse' | 'floor' | 'adhoc' | 'rows';

export interface ChildJob {
  mode: 'first' | 'worker' | 'gc';
  /** The bundled parser module (exports parseMaps). */
  parser: string;
  input: string;
  format: 'maps' | 'smaps';
  /** first/worker: the order of the first calls. */
  order: Subject[];
  /** gc: timed rounds of each phase. */
  rounds: number;
}

/** Milliseconds per subject: one first call, or medians of the rounds (warm, postGc). */
export interface ChildFigures {
  loadMs: number;
  first?: Record<Subject, number>;
  /** The same first calls in CPU time of the process (all its threads: the JIT's compiler threads and GC helpers too). */
  firstCpu?: Record<Subject, number>;
  warm?: Record<Subject, number>;
  postGc?: Record<Subject, number>;
  regions: number;
}

type ParseMaps = (text: string) => { regions: { length: number } };

let sink: unknown;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function timeOnce(fn: () => unknown): number {
  const t0 = performance.now();
  sink = fn();
  return performance.now() - t0;
}

async function measure(job: ChildJob): Promise<ChildFigures> {
  const text = readFileSync(job.input, 'utf8');
  const t0 = performance.now();
  const { parseMaps } = (await import(job.parser)) as { parseMaps: ParseMaps };
  const loadMs = performance.now() - t0;
  const adhoc = job.format === 'smaps' ? naiveSmapsParse : naiveParse;
  const fns: Record<Subject, () => unknown> = { parse: () => parseMaps(text), floor: () => countNewlines(text), adhoc: () => adhoc(text), rows: () => writeRowsFloor(text) };
  const maps = job.format === 'maps';
  if (job.mode !== 'gc') {
    const first = {} as Record<Subject, number>;
    const firstCpu = {} as Record<Subject, number>;
    for (const s of job.order) {
      if (s === 'rows' && !maps) continue;
      const c0 = cpuMs();
      first[s] = timeOnce(fns[s]);
      firstCpu[s] = cpuMs() - c0;
    }
    return { loadMs, first, firstCpu, regions: parseMaps(text).regions.length };
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('cold-child: run with --expose-gc');
  const subjects: Subject[] = maps ? ['parse', 'floor', 'adhoc', 'rows'] : ['parse', 'floor', 'adhoc'];
  for (let i = 0; i < 3; i++) for (const s of subjects) sink = fns[s]();
  const warm = { parse: [] as number[], floor: [] as number[], adhoc: [] as number[], rows: [] as number[] };
  for (let r = 0; r < job.rounds; r++) for (const s of subjects) warm[s].push(timeOnce(fns[s]));
  const postGc = { parse: [] as number[], floor: [] as number[], adhoc: [] as number[], rows: [] as number[] };
  for (let r = 0; r < job.rounds; r++) {
    for (const s of subjects) {
      gc();
      postGc[s].push(timeOnce(fns[s]));
    }
  }
  const med = (m: Record<Subject, number[]>) => ({ parse: median(m.parse), floor: median(m.floor), adhoc: median(m.adhoc), rows: maps ? median(m.rows) : NaN });
  return { loadMs, warm: med(warm), postGc: med(postGc), regions: parseMaps(text).regions.length };
}

async function main(): Promise<void> {
  if (!isMainThread) {
    parentPort?.postMessage(await measure(workerData as ChildJob));
    return;
  }
  const job = JSON.parse(process.argv[2]) as ChildJob;
  let figures: ChildFigures;
  if (job.mode === 'worker') {
    // A fresh worker_thread: its own isolate, so its own cold JIT, as the app's parse worker.
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    figures = await new Promise<ChildFigures>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
  } else {
    figures = await measure(job);
  }
  process.stdout.write(JSON.stringify(figures) + '\n');
  if (sink === Symbol.for('never')) console.log(sink);
}

await main();
