/**
 * Analysis benchmarks (src/analyze/): module grouping, the summary, the lints and a per-row metric
 * on generated realistic maps (test/bench/generate-maps.ts) at 2,000, 65,530 and 262,144 regions.
 * The app runs them once per file, after parsing; target: all three together ≤ 100 ms at 262,144
 * regions (CPU time, median), so that opening the summary never waits on them.
 *
 * Then what the app's parse worker meets once per file (issue 19: drop → analysis shown at
 * 1,048,576 regions ≤ 1.2 s): the worker's analysis up to its message, first call in a fresh
 * process, beside the floor (analysis-floor.ts: one pass over the columns that writes each row's
 * module and sums the groups) first-called the same way, interleaved, ANALYZE_COLD_RUNS samples
 * each (default 5; 0 skips them), CPU time of the process. ANALYZE_BASELINE=<dir of a checkout>
 * (e.g. main's, its node_modules linked) runs that checkout's analysis too, in the same rounds.
 *
 * Run: `npm run bench -- analyze`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { RegionIndex, groupModules, lintRegions, metricBytesOfRows, parseMaps, summarizeRegions } from '../../src/internal';
import { generateMaps, writeGeneratedMaps } from './generate-maps';
import { printTable, timeMs, verdict } from './measure';

const SIZES = [2_000, 65_530, 262_144];
const TARGET_MS = 100;

export async function run(): Promise<void> {
  warm();
  await cold();
}

function warm(): void {
  const rows: string[][] = [];
  for (const regions of SIZES) {
    const table = parseMaps(generateMaps({ regions }).text).regions;
    const order = RegionIndex.build(table).order;
    const runs = regions > 100_000 ? 7 : 15;
    const modules = timeMs(() => groupModules(table, order), runs);
    const grouping = groupModules(table, order);
    const summary = timeMs(() => summarizeRegions(table, order, grouping), runs);
    const lints = timeMs(() => lintRegions(table, order, grouping), runs);
    const all = timeMs(() => {
      const g = groupModules(table, order);
      return [summarizeRegions(table, order, g), lintRegions(table, order, g)];
    }, runs);
    const metric = timeMs(() => metricBytesOfRows(table, 'size'), runs);
    const ok = regions < 262_144 || all.cpuMs <= TARGET_MS;
    rows.push([
      regions.toLocaleString('en-US'),
      grouping.modules.length.toLocaleString('en-US'),
      modules.cpuMs.toFixed(1),
      summary.cpuMs.toFixed(1),
      lints.cpuMs.toFixed(1),
      `${all.cpuMs.toFixed(1)} (${all.wallMs.toFixed(1)} wall)`,
      metric.cpuMs.toFixed(2),
      regions === 262_144 ? `${verdict(ok)} ≤ ${TARGET_MS}` : '',
    ]);
  }
  printTable(['regions', 'modules', 'modules ms', 'summary ms', 'lints ms', 'all three ms', 'size metric ms', 'target'], rows);
}

const COLD_REGIONS = 1_048_576;
const COLD_RUNS = Number(process.env.ANALYZE_COLD_RUNS ?? 5);
const here = dirname(fileURLToPath(import.meta.url));
const run_ = promisify(execFile);

/** One first call in a fresh process (analysis-cold-child.ts). */
async function firstCall(subject: 'app' | 'floor', file: string, root?: string): Promise<{ cpuMs: number; wallMs: number }> {
  const args = ['--expose-gc', '--import', 'tsx', join(here, 'analysis-cold-child.ts'), subject, file, ...(root === undefined ? [] : [root])];
  const { stdout } = await run_(process.execPath, args, { cwd: join(here, '..', '..'), maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { cpuMs: number; wallMs: number };
}

const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function cold(): Promise<void> {
  if (COLD_RUNS <= 0) return;
  const file = join(tmpdir(), `mapscope-analyze-${COLD_REGIONS}.maps`);
  if (!existsSync(file)) writeGeneratedMaps(file, { regions: COLD_REGIONS });
  const baseline = process.env.ANALYZE_BASELINE;
  const subjects: { label: string; subject: 'app' | 'floor'; root?: string }[] = [
    { label: 'the worker\'s analysis, to its message', subject: 'app' },
    ...(baseline ? [{ label: `the same, ${baseline}`, subject: 'app' as const, root: baseline }] : []),
    { label: 'floor: one pass over the columns', subject: 'floor' },
  ];
  const samples = subjects.map(() => ({ cpu: [] as number[], wall: [] as number[] }));
  for (let r = 0; r < COLD_RUNS; r++) {
    // Each goes first in turn: the subjects meet the same moments of a shared machine.
    for (let j = 0; j < subjects.length; j++) {
      const i = (j + r) % subjects.length;
      const { cpuMs, wallMs } = await firstCall(subjects[i].subject, file, subjects[i].root);
      samples[i].cpu.push(cpuMs);
      samples[i].wall.push(wallMs);
    }
  }
  const floorCpu = medianOf(samples[samples.length - 1].cpu);
  console.log(`first call in a fresh process, ${COLD_REGIONS.toLocaleString('en-US')} regions (generate-maps), ${COLD_RUNS} samples each, interleaved`);
  printTable(
    ['what', 'CPU ms median (min–max)', 'wall ms median', '÷ floor (CPU)'],
    subjects.map((s, i) => {
      const { cpu, wall } = samples[i];
      return [s.label, `${medianOf(cpu).toFixed(0)} (${Math.min(...cpu).toFixed(0)}–${Math.max(...cpu).toFixed(0)})`, medianOf(wall).toFixed(0), (medianOf(cpu) / floorCpu).toFixed(2)];
    }),
  );
}
