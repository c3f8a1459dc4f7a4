/**
 * The measuring side of analyze.bench.ts's first-call figures: run in a fresh `node --expose-gc`
 * process per sample (`node --expose-gc --import tsx analysis-cold-child.ts SUBJECT FILE [ROOT]`),
 * it parses the maps file, collects the garbage, then times one first call of SUBJECT on the
 * table — what the app's parse worker meets once per file:
 *
 *  - `app`: the worker's analysis up to its message (analysisPostings' first posting: the
 *    grouping, summary, lints and the packed answer; the module index after it is not counted),
 *    from the checkout at ROOT (default: this one), so that a baseline runs beside it;
 *  - `floor`: analysisFloor (analysis-floor.ts), one pass over the columns.
 *
 * It prints one line of JSON: { cpuMs, wallMs } (CPU time of the process: its compiler and GC threads too).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analysisFloor } from './analysis-floor';

const [subject, path, root = resolve(import.meta.dirname, '..', '..')] = process.argv.slice(2);
const load = (file: string) => import(pathToFileURL(join(root, file)).href);
const core = (await load('src/internal.ts')) as typeof import('../../src/internal');
const { analysisPostings } = (await load('app/workers/analysis.ts')) as typeof import('../../app/workers/analysis');
// Columns in SharedArrayBuffers, as the app's reader makes them where it is served (cross-origin isolated).
core.shareColumns(true);
const table = core.parseMaps(readFileSync(path, 'utf8')).regions;
const order = core.RegionIndex.build(table).order;
(globalThis as { gc?: () => void }).gc?.();
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let sink: unknown;
const c0 = cpu();
const t0 = performance.now();
if (subject === 'app') sink = analysisPostings(1, table, order).next().value;
else if (subject === 'floor') sink = analysisFloor(table, order);
else throw new Error(`unknown subject ${subject}`);
const wallMs = performance.now() - t0;
const cpuMs = cpu() - c0;
if (sink === undefined) throw new Error('no answer');
console.log(JSON.stringify({ cpuMs, wallMs }));
