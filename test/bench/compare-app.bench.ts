/**
 * Compare and timeline in the app (issue 15), in headless Chromium on the production build, with
 * generated maps (test/bench/generate-maps.ts):
 *
 *  - drop → comparison shown: two files of 262,144 regions opened at once (the second one's
 *    every 97th line removed and every 89th made writable), from the file input's `change` to the
 *    end of the comparison's first frame (`mapscope:first-frame`); beside it, in the same page
 *    session, the one file alone (the baseline: a load of the same size);
 *  - drop → timeline shown: 100 files of ~65,530 regions opened at once (a series; each one more
 *    region than the last);
 *  - scrubbing: one step of the scrubber (an arrow key on it) to the first frame of that
 *    snapshot's map, median and p95: SCRUB_STEPS steps back (snapshots not shown before), then
 *    SCRUB_AGAIN forward again (snapshots the worker keeps built); beside it, a pan frame of the same map
 *    (`mapscope:frame`, the baseline).
 * COMPARE_BENCH_RUNS (default 3) drops per figure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { generateMaps } from './generate-maps';
import { percentile, startAppSession } from './browser-app';
import { printTable } from './measure';

const RUNS = Number(process.env.COMPARE_BENCH_RUNS ?? 3);
const PAIR_REGIONS = 262_144;
const SERIES = 100;
const SERIES_REGIONS = 65_530;
const SCRUB_STEPS = 20;
/** Steps forward again: within the snapshots the worker keeps built (snapshots.ts KEPT_VIEWS). */
const SCRUB_AGAIN = 10;

/** Marks the moment the page learns of the files. */
const INIT_SCRIPT = `addEventListener('change', (e) => {
  if (e.target instanceof HTMLInputElement && e.target.type === 'file') performance.mark('bench:drop');
}, true);`;

/** Milliseconds from mark `from` (its latest) to the end of the first `mapscope:first-frame` after it. */
const UNTIL_FIRST_FRAME = `(async (from) => {
  const start = () => { const m = performance.getEntriesByName(from, 'mark'); return m[m.length - 1].startTime; };
  const found = () => performance.getEntriesByName('mapscope:first-frame').find((e) => e.startTime + e.duration >= start());
  if (!found()) await new Promise((done) => {
    const observer = new PerformanceObserver(() => { if (found()) { observer.disconnect(); done(); } });
    observer.observe({ type: 'measure' });
  });
  const f = found();
  return f.startTime + f.duration - start();
})`;

async function newPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  await context.addInitScript(INIT_SCRIPT);
  const page = await context.newPage();
  await page.goto(url + '#empty');
  await page.getByRole('button', { name: 'Open file' }).waitFor();
  return page;
}

/** Opens `paths` at once through the file input; ms from the drop to the first frame of what they show. */
async function dropToFirstFrame(browser: Browser, url: string, paths: string[], shown: (page: Page) => Promise<void>): Promise<{ ms: number; page: Page }> {
  const page = await newPage(browser, url);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open file' }).click()]);
  await chooser.setFiles(paths);
  const ms = (await page.evaluate(`${UNTIL_FIRST_FRAME}('bench:drop')`)) as number;
  await shown(page);
  return { ms, page };
}

const med = (xs: number[]) => percentile(xs, 0.5);

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mapscope-compare-bench-'));
  const session = await startAppSession();
  try {
    console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    // ── A pair of 262,144 regions ──
    const lines = generateMaps({ regions: PAIR_REGIONS, seed: 1 }).text.split('\n').filter((l) => l !== '');
    const changed = lines.filter((_, i) => i % 97 !== 50).map((l, i) => (i % 89 === 7 ? l.replace(/^(\S+) r-/, '$1 rw') : l));
    const a = join(dir, 'a.maps');
    const b = join(dir, 'b.maps');
    writeFileSync(a, lines.join('\n') + '\n');
    writeFileSync(b, changed.join('\n') + '\n');
    const headerShown = (page: Page) => page.getByRole('region', { name: 'Loaded file' }).locator('[data-field="changes"]').waitFor({ timeout: 300_000 });
    const single: number[] = [];
    const pair: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      // Interleaved, so that a change of the machine's load falls on both.
      const one = await dropToFirstFrame(session.browser, session.url, [a], async () => undefined);
      single.push(one.ms);
      await one.page.context().close();
      const two = await dropToFirstFrame(session.browser, session.url, [a, b], headerShown);
      pair.push(two.ms);
      await two.page.context().close();
    }
    printTable(
      ['figure', 'regions', 'runs', 'median ms', 'ratio to one file'],
      [
        ['drop → one file shown (baseline)', PAIR_REGIONS.toLocaleString('en-US'), String(RUNS), med(single).toFixed(0), '1.00'],
        ['drop → comparison shown', `2 × ${PAIR_REGIONS.toLocaleString('en-US')}`, String(RUNS), med(pair).toFixed(0), (med(pair) / med(single)).toFixed(2)],
      ],
    );

    // ── A series of 100 × ~65,530 regions ──
    const base = generateMaps({ regions: SERIES_REGIONS, seed: 2 }).text.split('\n').filter((l) => l !== '');
    const paths: string[] = [];
    for (let k = 0; k < SERIES; k++) {
      // Snapshot k lacks 99 - k lines of the middle: one region more at each step.
      const text = [...base.slice(0, 30_000), ...base.slice(30_000 + (SERIES - 1 - k))].join('\n') + '\n';
      const path = join(dir, `s${String(k).padStart(3, '0')}.maps`);
      writeFileSync(path, text);
      paths.push(path);
    }
    const timelineShown = (page: Page) => page.getByRole('region', { name: 'Timeline' }).waitFor({ timeout: 600_000 });
    const loads: number[] = [];
    const steps: number[] = [];
    const revisits: number[] = [];
    const pans: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const { ms, page } = await dropToFirstFrame(session.browser, session.url, paths, timelineShown);
      loads.push(ms);
      await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 600_000 });
      // Pan frames of the map as it is: the baseline.
      const map = page.getByRole('application', { name: /Address space map/ });
      await map.focus();
      await page.evaluate(() => performance.clearMeasures('mapscope:frame'));
      for (let k = 0; k < SCRUB_STEPS; k++) {
        await page.keyboard.press(k % 2 === 0 ? 'Shift+ArrowRight' : 'Shift+ArrowLeft');
        await page.waitForTimeout(30);
      }
      pans.push(...((await page.evaluate(() => performance.getEntriesByName('mapscope:frame').map((e) => e.duration))) as number[]));
      // Scrubbing: each step to its snapshot's first frame.
      const scrubber = page.getByRole('slider', { name: 'Snapshot' });
      await scrubber.focus();
      for (const [key, into, count] of [
        ['ArrowLeft', steps, SCRUB_STEPS],
        ['ArrowRight', revisits, SCRUB_AGAIN],
      ] as const) {
        for (let k = 0; k < count; k++) {
          await page.evaluate(() => performance.mark('bench:step'));
          await page.keyboard.press(key);
          into.push((await page.evaluate(`${UNTIL_FIRST_FRAME}('bench:step')`)) as number);
        }
      }
      await page.context().close();
    }
    printTable(
      ['figure', 'snapshots × regions', 'samples', 'median ms', 'p95 ms', 'ratio to a pan frame'],
      [
        ['drop → timeline shown', `${SERIES} × ${SERIES_REGIONS.toLocaleString('en-US')}`, String(loads.length), med(loads).toFixed(0), percentile(loads, 0.95).toFixed(0), ''],
        ['pan frame (baseline)', `1 × ${SERIES_REGIONS.toLocaleString('en-US')}`, String(pans.length), med(pans).toFixed(1), percentile(pans, 0.95).toFixed(1), '1.00'],
        ['scrub step → its map drawn (new)', `${SERIES} × ${SERIES_REGIONS.toLocaleString('en-US')}`, String(steps.length), med(steps).toFixed(0), percentile(steps, 0.95).toFixed(0), (med(steps) / med(pans)).toFixed(1)],
        ['scrub step → its map drawn (again)', `${SERIES} × ${SERIES_REGIONS.toLocaleString('en-US')}`, String(revisits.length), med(revisits).toFixed(0), percentile(revisits, 0.95).toFixed(0), (med(revisits) / med(pans)).toFixed(1)],
      ],
    );
    console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
