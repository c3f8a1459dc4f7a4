/**
 * What a user gets (`npm run bench -- cold`, issue 19): the parser's first call in a fresh process
 * (the CLI) and in a fresh worker_thread (the app's parse worker), a call right after a forced full
 * GC, and warm calls — each against the `indexOf('\n')` floor, the ad-hoc regex parser and, for
 * maps, the output's floor (the newlines plus the table's rows written: baselines.ts) timed in the
 * same process, on a small maps text (~150 kB), a 160 kB smaps, and
 * maps of 65,532, 262,144 and 1,048,576 lines (generate-maps.ts).
 *
 * Each sample is a new `node --expose-gc` process running cold-child.ts, bundled here by vite as the
 * CLI is (no tsx in the measured process); the parser is bundled from this tree's src/parse. With
 * BENCH_BEFORE=<git ref> (e.g. `BENCH_BEFORE=main npm run bench -- cold`) the parser at that ref is
 * bundled too (git archive into a temporary directory; BENCH_BEFORE=57f09d9,main: each ref a column)
 * and every sample runs them all, interleaved (before, after, before, …), so that the columns meet
 * the same moments of a shared machine.
 * The order of the three first calls in a process rotates from sample to sample. First calls are
 * timed in wall clock and in the process's CPU time (which a loaded machine disturbs less, but
 * which counts the JIT's background compiles). BENCH_COLD=150,smaps runs only the inputs whose
 * label holds one of the words.
 *
 * Goals (issue 19's table): a first parse ≤ 8× the floor; a parse right after a full GC ≤ 8× the
 * floor and within 1.5× of warm; a 160 kB smaps' first call ≤ 2× the ad-hoc smaps parser.
 */
import { execFileSync, execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'vite';
import type { ChildFigures, ChildJob, Subject } from './cold-child';
import { generateMaps, generateSmaps } from './generate-maps';
import { printTable, verdict } from './measure';
import { buildWasm } from './wasm-build';

const run_ = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');

interface Input {
  label: string;
  format: 'maps' | 'smaps';
  make: () => string;
  samples: number;
  rounds: number;
}

const INPUTS: Input[] = [
  { label: 'maps ~150 kB (3,000 lines)', format: 'maps', make: () => generateMaps({ regions: 3000, seed: 19 }).text, samples: 5, rounds: 15 },
  { label: 'smaps 160 kB', format: 'smaps', make: () => generateSmaps({ bytes: 160_000, seed: 19 }).text, samples: 5, rounds: 15 },
  { label: 'maps 65,532 lines', format: 'maps', make: () => generateMaps({ regions: 65_532, seed: 19 }).text, samples: 5, rounds: 7 },
  { label: 'maps 262,144 lines', format: 'maps', make: () => generateMaps({ regions: 262_144, seed: 19 }).text, samples: 3, rounds: 5 },
  { label: 'maps 1,048,576 lines', format: 'maps', make: () => generateMaps({ regions: 1_048_576, seed: 19 }).text, samples: 3, rounds: 3 },
];

/** Bundles `entry` into dir/name with vite (ESM for Node, node: builtins external), as the CLI build does. */
async function bundle(root: string, entry: string, dir: string, name: string): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'silent',
    root,
    publicDir: false,
    build: { outDir: dir, emptyOutDir: false, target: 'node20', minify: false, ssr: entry, rolldownOptions: { external: [/^node:/], output: { entryFileNames: name } } },
  });
  return join(dir, name);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

async function child(job: ChildJob, script: string): Promise<ChildFigures> {
  const { stdout } = await run_(process.execPath, ['--expose-gc', script, JSON.stringify(job)], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as ChildFigures;
}

interface Column {
  name: string;
  parser: string;
  first: ChildFigures[];
  worker: ChildFigures[];
  gc: ChildFigures | null;
}

const ORDERS: Subject[][] = [
  ['parse', 'floor', 'adhoc', 'rows'],
  ['floor', 'rows', 'adhoc', 'parse'],
  ['adhoc', 'parse', 'rows', 'floor'],
  ['rows', 'adhoc', 'parse', 'floor'],
];

export async function run(): Promise<void> {
  console.log(`load average before: ${load()} on ${availableParallelism()} cores (the machine is shared: each figure's ratio is to baselines timed in the same process)`);
  const work = mkdtempSync(join(tmpdir(), 'mapscope-bench-cold-'));
  try {
    const out = join(work, 'bundles');
    mkdirSync(out);
    const script = await bundle(repo, join(here, 'cold-child.ts'), out, 'cold-child.mjs');
    const parsers: { name: string; parser: string }[] = [];
    // BENCH_BEFORE=57f09d9,main (say): a column for each ref, in that order.
    const befores = (process.env.BENCH_BEFORE ?? '').split(',').filter((r) => r !== '');
    for (const [k, before] of befores.entries()) {
      const commit = execFileSync('git', ['-C', repo, 'rev-parse', '--short', before], { encoding: 'utf8' }).trim();
      const tree = join(work, `before-${k}`);
      mkdirSync(tree);
      execFileSync('sh', ['-c', `git -C "${repo}" archive ${commit} | tar -x -C "${tree}"`]);
      buildWasm(tree);
      parsers.push({ name: `before (${before} ${commit})`, parser: await bundle(tree, join(tree, 'src/parse/index.ts'), out, `parser-before-${k}.mjs`) });
    }
    const head = execFileSync('git', ['-C', repo, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', repo, 'status', '--porcelain', 'src'], { encoding: 'utf8' }).trim() !== '';
    parsers.push({ name: `this tree (${head}${dirty ? '+changes' : ''})`, parser: await bundle(repo, join(repo, 'src/parse/index.ts'), out, 'parser-this.mjs') });

    const rows: string[][] = [];
    // BENCH_COLD=smaps,65,532 (say): only the inputs whose label holds one of these.
    const only = process.env.BENCH_COLD?.split(',').filter((s) => s !== '') ?? [];
    for (const input of INPUTS.filter((i) => only.length === 0 || only.some((o) => i.label.includes(o)))) {
      const text = input.make();
      const path = join(work, `${input.label.replace(/[^a-z0-9]+/gi, '-')}.txt`);
      writeFileSync(path, text);
      const columns: Column[] = parsers.map((p) => ({ ...p, first: [], worker: [], gc: null }));
      for (let k = 0; k < input.samples; k++) {
        for (const c of columns) {
          const job: ChildJob = { mode: 'first', parser: c.parser, input: path, format: input.format, order: ORDERS[k % ORDERS.length], rounds: 0 };
          c.first.push(await child(job, script));
          c.worker.push(await child({ ...job, mode: 'worker' }, script));
        }
      }
      for (const c of columns) c.gc = await child({ mode: 'gc', parser: c.parser, input: path, format: input.format, order: [], rounds: input.rounds }, script);
      const regions = columns[0].first[0].regions;
      console.log(`${input.label}: ${(text.length / 1e6).toFixed(2)} MB, ${regions.toLocaleString('en')} regions; ${input.samples} processes per column, load average ${load()}`);
      rows.push(...figureRows(input, columns));
      rmSync(path);
    }
    console.log('');
    printTable(['input / what a user does', ...parsers.map((p) => p.name), 'goal', 'verdict'], rows);
    console.log('(ms: medians over processes; ×floor / ×ad-hoc: the median of each process\'s own ratio; module load: importing the bundled parser)');
    console.log(`load average after: ${load()}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Median of each sample's ratio parse / `of`, and the median parse time. */
function firstCalls(samples: ChildFigures[], of: Subject, cpu = false): { parseMs: number; ratio: number } {
  const first = samples.map((s) => (cpu ? s.firstCpu : s.first) as Record<Subject, number>);
  return { parseMs: median(first.map((f) => f.parse)), ratio: median(first.map((f) => f.parse / f[of])) };
}

function figureRows(input: Input, columns: Column[]): string[][] {
  const rows: string[][] = [];
  const last = (cells: string[], goal: string, ok: boolean | null) => [...cells, goal, ok === null ? '' : verdict(ok)];
  const add = (what: string, cell: (c: Column) => [string, number], goal: string, pass: ((v: number, c: Column) => boolean) | null) => {
    const cells = columns.map((c) => cell(c));
    const mine = columns[columns.length - 1];
    rows.push(last([`${input.label}: ${what}`, ...cells.map(([s]) => s)], goal, pass === null ? null : pass(cells[cells.length - 1][1], mine)));
  };
  const smaps = input.format === 'smaps';
  const where: [string, (c: Column) => ChildFigures[]][] = [['fresh process', (c) => c.first], ['fresh worker', (c) => c.worker]];
  for (const [name, samples] of where) {
    add(`first call, ${name}`, (c) => {
      const f = firstCalls(samples(c), 'floor');
      return [`${ms(f.parseMs)} ms = ${f.ratio.toFixed(1)}× floor`, f.ratio];
    }, '≤ 8× floor', (v) => v <= 8);
    add('  the same in CPU time', (c) => {
      const f = firstCalls(samples(c), 'floor', true);
      return [`${ms(f.parseMs)} ms = ${f.ratio.toFixed(1)}× floor`, f.ratio];
    }, '≤ 8× floor', (v) => v <= 8);
    if (smaps) {
      add('  against ad-hoc smaps, wall / CPU time', (c) => {
        const f = firstCalls(samples(c), 'adhoc');
        const cpu = firstCalls(samples(c), 'adhoc', true);
        return [`${f.ratio.toFixed(2)}× / ${cpu.ratio.toFixed(2)}× ad-hoc`, Math.max(f.ratio, cpu.ratio)];
      }, '≤ 2× ad-hoc', (v) => v <= 2);
    }
    add('  floor / ad-hoc there', (c) => {
      const first = samples(c).map((s) => s.first as Record<Subject, number>);
      return [`${ms(median(first.map((f) => f.floor)))} / ${ms(median(first.map((f) => f.adhoc)))} ms`, 0];
    }, '', null);
    if (!smaps) {
      // What no parser of this table avoids: the newlines, and 50 bytes a row written to fresh columns.
      add('  the output\'s floor there (newlines + rows written), wall / CPU', (c) => {
        const f = firstCalls(samples(c), 'rows');
        const cpu = firstCalls(samples(c), 'rows', true);
        const rowsMs = median(samples(c).map((s) => (s.first as Record<Subject, number>).rows));
        return [`${ms(rowsMs)} ms = ${(rowsMs / median(samples(c).map((s) => (s.first as Record<Subject, number>).floor))).toFixed(1)}× floor; parse ${f.ratio.toFixed(1)}× / ${cpu.ratio.toFixed(1)}× it`, 0];
      }, '', null);
    }
  }
  add('right after a full GC', (c) => {
    const g = c.gc as ChildFigures;
    const p = g.postGc as Record<Subject, number>;
    const w = g.warm as Record<Subject, number>;
    return [`${ms(p.parse)} ms = ${(p.parse / p.floor).toFixed(1)}× floor, ${(p.parse / w.parse).toFixed(2)}× warm`, p.parse / p.floor];
  }, '≤ 8× floor, ≤ 1.5× warm', (v, c) => v <= 8 && (c.gc?.postGc?.parse ?? Infinity) <= 1.5 * (c.gc?.warm?.parse ?? 0));
  add('warm', (c) => {
    const w = (c.gc as ChildFigures).warm as Record<Subject, number>;
    const rows = smaps ? '' : `; output's floor ${ms(w.rows)} ms, parse ${(w.parse / w.rows).toFixed(1)}× it`;
    return [`${ms(w.parse)} ms = ${(w.parse / w.floor).toFixed(1)}× floor, ${(w.adhoc / w.parse).toFixed(1)}× faster than ad-hoc${rows}`, 0];
  }, '', null);
  add('module load (import)', (c) => [`${ms(median(c.first.map((s) => s.loadMs)))} ms`, 0], '', null);
  return rows;
}
