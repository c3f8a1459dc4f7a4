/**
 * The parse worker's view build, piece by piece (app/workers/view-data.ts buildViewData and the
 * RegionIndex it starts from), at 1,048,576 and 4,194,304 generated regions: the index, the
 * address order (sortRegions), the level-of-detail trees, the compressed scale, the landmarks and
 * the column widths — each beside its build before issue 19's rework (test/layout/
 * view-build-reference.ts, kept verbatim), interleaved round by round, the two alternating which
 * goes first. The index (RegionIndex.build) and the address order (sortRegions) are the same code
 * in both columns: their rows show what the machine's noise does to a ratio. CPU time of this process (GC helpers included): the first call (what a fresh
 * worker pays), the least and the median of VIEW_BUILD_RUNS (default 5). The machine is shared:
 * compare within a row. VIEW_BUILD_SIZES picks the sizes. Run: `npm run bench -- view-build`.
 */
import { readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegionIndex, buildCompressedScaleData, buildLodData, findLandmarks, parseMaps, sortRegions, type RegionTable, type SortedRegions } from '../../src/internal';
import { measureColumns } from '../../app/workers/view-data';
import { buildCompressedScaleDataBefore, buildLodDataBefore, findLandmarksBefore, measureColumnsBefore } from '../layout/view-build-reference';
import { writeGeneratedMaps } from './generate-maps';
import { consume, printTable } from './measure';

const SIZES = (process.env.VIEW_BUILD_SIZES ?? '1048576,4194304').split(',').map(Number);
const RUNS = Number(process.env.VIEW_BUILD_RUNS ?? 5);
/** The sum of the pieces' medians at 4,194,304 regions, now, should be at most this share of before's. */
const GOAL_SHARE = 0.6;

interface Builds {
  sort(table: RegionTable, order: Uint32Array): SortedRegions;
  lod(sorted: SortedRegions): unknown;
  compressed(sorted: SortedRegions): unknown;
  landmarks(sorted: SortedRegions): unknown;
  columns(table: RegionTable): unknown;
}
const NOW: Builds = { sort: sortRegions, lod: buildLodData, compressed: buildCompressedScaleData, landmarks: findLandmarks, columns: measureColumns };
const BEFORE: Builds = { sort: sortRegions, lod: buildLodDataBefore, compressed: buildCompressedScaleDataBefore, landmarks: findLandmarksBefore, columns: measureColumnsBefore };
const PIECES = ['index', 'sort', 'lod', 'compressed', 'landmarks', 'columns'] as const;

function cpuNowMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** One build of every piece of `table`'s view with `builds`, each piece's CPU milliseconds added to `into`. */
function buildOnce(table: RegionTable, builds: Builds, into: Record<(typeof PIECES)[number], number[]>): void {
  const timed = <T>(piece: (typeof PIECES)[number], fn: () => T): T => {
    const c0 = cpuNowMs();
    const out = fn();
    into[piece].push(cpuNowMs() - c0);
    consume(out);
    return out;
  };
  const index = timed('index', () => RegionIndex.build(table));
  const sorted = timed('sort', () => builds.sort(table, index.order));
  timed('lod', () => builds.lod(sorted));
  timed('compressed', () => builds.compressed(sorted));
  timed('landmarks', () => builds.landmarks(sorted));
  timed('columns', () => builds.columns(table));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export function run(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (const size of SIZES) {
    const path = join(tmpdir(), `mapscope-view-build-${process.pid}-${size}.maps`);
    writeGeneratedMaps(path, { regions: size, seed: 1 });
    const table = parseMaps(readFileSync(path, 'latin1')).regions;
    rmSync(path);
    const empty = () => Object.fromEntries(PIECES.map((p) => [p, [] as number[]])) as Record<(typeof PIECES)[number], number[]>;
    const now = empty();
    const before = empty();
    const load: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      for (const builds of r % 2 === 0 ? [BEFORE, NOW] : [NOW, BEFORE]) {
        gc?.();
        buildOnce(table, builds, builds === NOW ? now : before);
      }
      load.push(loadavg()[0]);
    }
    const cell = (xs: number[]) => `${xs[0].toFixed(0)} / ${Math.min(...xs).toFixed(0)} / ${median(xs).toFixed(0)}`;
    const rows = PIECES.map((p) => [p === 'index' || p === 'sort' ? `${p} (same code both: the noise)` : p, cell(before[p]), cell(now[p]), (median(now[p]) / median(before[p])).toFixed(2)]);
    const total = (m: typeof now) => PIECES.reduce((sum, p) => sum + median(m[p]), 0);
    const share = total(now) / total(before);
    rows.push(['all (sum of medians)', total(before).toFixed(0), total(now).toFixed(0), share.toFixed(2)]);
    console.log(`\n${size.toLocaleString('en-US')} regions, ${RUNS} rounds, CPU ms first / least / median (load ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} on ${availableParallelism()} cores)`);
    printTable(['piece', 'before', 'now', 'now ÷ before (medians)'], rows);
    if (size === 4_194_304) console.log(`goal: now ≤ ${GOAL_SHARE} × before at 4,194,304 regions: ${share <= GOAL_SHARE ? 'PASS' : 'FAIL'}`);
  }
}
