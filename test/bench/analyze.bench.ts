/**
 * Analysis benchmarks (src/analyze/): module grouping, the summary, the lints and a per-row metric
 * on generated realistic maps (test/bench/generate-maps.ts) at 2,000, 65,530 and 262,144 regions.
 * The app runs them once per file, after parsing; target: all three together ≤ 100 ms at 262,144
 * regions (CPU time, median), so that opening the summary never waits on them.
 *
 * Run: `npm run bench -- analyze`.
 */
import { RegionIndex, groupModules, lintRegions, metricBytesOfRows, parseMaps, summarizeRegions } from '../../src/internal';
import { generateMaps } from './generate-maps';
import { printTable, timeMs, verdict } from './measure';

const SIZES = [2_000, 65_530, 262_144];
const TARGET_MS = 100;

export function run(): void {
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
