/**
 * Diff benchmarks (issue 15): `mapscope diff` in the CLI (in-process, output to a counting sink)
 * at 262,144 regions per side — one process at two times (edited: unmapped, mprotect'ed, grown,
 * new regions) and two runs (the whole layout moved) — and `mapscope diff RECORDING` over a
 * recording of 100 snapshots of 65,530 regions (first against last; every snapshot parsed).
 * Baselines in the same process, run round-robin with the diffs: reading and parsing the inputs
 * alone (readMapsFromPath of both files; `mapscope parse --json` of the recording, which reads
 * every snapshot too). Figures are medians of wall clock and CPU time; ratios against the baseline.
 *
 * Run: `npm run bench -- diff`.
 */
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffSnapshots, formatMapsLine, parseMaps, type RegionFields } from '../../src/internal';
import { main } from '../../src/node/cli';
import type { TextSink } from '../../src/node/cli-output';
import { readMapsFromPath } from '../../src/node/read';
import { generateMaps } from './generate-maps';
import { consume, printTable } from './measure';

/** Standard output that counts what it is given. */
class CountingSink implements TextSink {
  chars = 0;
  write(text: string): undefined {
    this.chars += text.length;
    return undefined;
  }
  flush(): Promise<void> {
    return Promise.resolve();
  }
}

async function cli(argv: string[]): Promise<number> {
  const out = new CountingSink();
  const status = await main(argv, { stdout: out, stderr: new CountingSink(), stdin: () => new ReadableStream() });
  if (status !== 0) throw new Error(`mapscope ${argv.join(' ')}: exit ${status}`);
  return out.chars;
}

interface Timing {
  wallMs: number;
  cpuMs: number;
}
const cpuNowMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Async functions timed round-robin (one of each per round), medians after one warm-up round. */
async function timeRoundRobin(fns: (() => Promise<unknown>)[], runs: number): Promise<Timing[]> {
  for (const fn of fns) consume(await fn());
  const wall = fns.map((): number[] => []);
  const cpu = fns.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < fns.length; k++) {
      const c0 = cpuNowMs();
      const t0 = performance.now();
      consume(await fns[k]());
      wall[k].push(performance.now() - t0);
      cpu[k].push(cpuNowMs() - c0);
    }
  }
  return fns.map((_, k) => ({ wallMs: median(wall[k]), cpuMs: median(cpu[k]) }));
}

const PAGE = 0x1000n;

/** The regions of a maps text as fields. */
function fieldsOf(text: string): RegionFields[] {
  return parseMaps(text).regions.toArray().map((r) => ({ begin: r.begin, end: r.end, perms: r.perms, offset: r.offset, device: r.device, inode: r.inode, pathname: r.pathname }));
}

/** The process a while later: every 50th region unmapped, every 37th mprotect'ed, every 41st anonymous one grown by a page where there is room. */
function later(regions: RegionFields[]): RegionFields[] {
  const out: RegionFields[] = [];
  regions.forEach((r, i) => {
    if (i % 50 === 49) return;
    let next = r;
    if (i % 37 === 36) next = { ...next, perms: next.perms ^ 2 };
    const after = regions[i + 1];
    if (i % 41 === 40 && r.inode === 0n && after !== undefined && after.begin - r.end >= PAGE) next = { ...next, end: next.end + PAGE };
    out.push(next);
  });
  return out;
}

/** Another run: the layout below the stack moved by an ASLR-like offset. */
function moved(regions: RegionFields[]): RegionFields[] {
  const shift = 0x1234_5000n;
  return regions.map((r) => (r.begin >= 0x7fff_0000_0000n ? r : { ...r, begin: r.begin + shift, end: r.end + shift }));
}

const text = (regions: RegionFields[]) => regions.map((r) => formatMapsLine(r)).join('\n') + '\n';

/** Writes a recording of `snapshots` snapshots of a `regions`-region process whose [heap] grows a page per snapshot. */
async function writeRecording(path: string, snapshots: number, regions: number): Promise<void> {
  const base = generateMaps({ regions, seed: 11 }).text;
  const heap = /^([0-9a-f]+)-([0-9a-f]+)( rw-p .*\[heap\])$/m.exec(base)!;
  const out = createWriteStream(path);
  const write = (s: string) => new Promise<void>((resolve) => (out.write(s) ? resolve() : out.once('drain', () => resolve())));
  await write('#mapscope recording v1\n');
  const t0 = Date.UTC(2026, 11, 3, 8);
  for (let i = 0; i < snapshots; i++) {
    const end = (BigInt('0x' + heap[2]) + BigInt(i) * PAGE).toString(16).padStart(heap[2].length, '0');
    await write(`#mapscope snapshot time=${new Date(t0 + i * 1000).toISOString()} pid=4242 source=/proc/4242/maps\n`);
    await write(base.replace(heap[0], `${heap[1]}-${end}${heap[3]}`));
  }
  await write(`#mapscope end time=${new Date(t0 + snapshots * 1000).toISOString()} snapshots=${snapshots} reason=count\n`);
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

const ms = (t: Timing) => `${t.wallMs.toFixed(0)} / ${t.cpuMs.toFixed(0)}`;
const ratio = (t: Timing, base: Timing) => `${(t.wallMs / base.wallMs).toFixed(2)}× / ${(t.cpuMs / base.cpuMs).toFixed(2)}×`;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mapscope-diff-bench-'));
  try {
    const regions = 262_144;
    const base = fieldsOf(generateMaps({ regions, seed: 5 }).text);
    const a = join(dir, 'a.maps');
    const b = join(dir, 'b.maps');
    const c = join(dir, 'c.maps');
    writeFileSync(a, text(base));
    writeFileSync(b, text(later(base)));
    writeFileSync(c, text(moved(base)));
    const rows: string[][] = [];
    for (const [label, other] of [
      ['same process, edited', b],
      ['two runs, moved', c],
    ] as const) {
      const [x, y] = [await readMapsFromPath(a), await readMapsFromPath(other)];
      const d = diffSnapshots(x, y);
      const [parse, core, text, json] = await timeRoundRobin(
        [
          async () => [await readMapsFromPath(a), await readMapsFromPath(other)],
          async () => diffSnapshots(x, y),
          () => cli(['diff', a, other]),
          () => cli(['diff', '--json', a, other]),
        ],
        5,
      );
      rows.push([
        `${label} (${d.mode}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.before.length} changed, ${d.groups.count} groups)`,
        ms(parse),
        ms(core),
        `${ms(text)} (${ratio(text, parse)})`,
        `${ms(json)} (${ratio(json, parse)})`,
      ]);
    }
    console.log(`\n${regions.toLocaleString('en-US')} regions per side; wall / CPU ms, medians of 5; ratios against reading and parsing both files`);
    printTable(['pair', 'read+parse both (baseline)', 'diffSnapshots alone', 'mapscope diff', 'mapscope diff --json'], rows);

    const snapshots = 100;
    const perSnapshot = 65_530;
    const rec = join(dir, 'series.rec');
    await writeRecording(rec, snapshots, perSnapshot);
    const [parseAll, diffRec] = await timeRoundRobin([() => cli(['parse', '--json', rec]), () => cli(['diff', rec])], 2);
    console.log(`\nrecording of ${snapshots} × ${perSnapshot.toLocaleString('en-US')} regions; wall / CPU ms, medians of 2 after a warm-up`);
    printTable(
      ['mapscope parse --json RECORDING (baseline: reads every snapshot, writes the last)', 'mapscope diff RECORDING (first vs last)', 'ratio'],
      [[ms(parseAll), ms(diffRec), ratio(diffRec, parseAll)]],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
