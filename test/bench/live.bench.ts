/**
 * `npm run bench -- live`: what watching a 65,530-region process costs (issue 16).
 *
 * - The server: CPU time of `mapscope serve --pid P --interval 1s` (the bundled CLI, as a user
 *   runs it) per interval, idle (the map read and found unchanged) and when every interval brings
 *   a change (read, compared, encoded, sent to one page); against the kernel's own cost of
 *   producing the text, one read of /proc/P/maps measured in this process (the floor: serve
 *   cannot read the map for less).
 * - The page: main-thread time (Chromium's TaskDuration, via CDP) per live update, and the time
 *   from the change to the page showing it; against a drop of the same snapshot as a file in the
 *   same browser (the one-shot load every update repeats).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildCli } from '../cli/built-cli';
import { APP_DIST, ensureAppBuilt, percentile, ROOT, serveBuild } from './browser-app';
import { printTable, verdict } from './measure';

/** 65,530 (vm.max_map_count) less the program's own ~30 regions. */
const EXTRA_PAGES = 65_480;
const CLOCK_TICKS_PER_S = 100;

/** CPU time (user + system) of process `pid` so far, ms (proc(5) stat fields 14 and 15). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'latin1').replace(/^.*\) /s, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
}

/** A reader of the page's main-thread task time so far, ms (Chromium's TaskDuration metric, CDP). */
async function mainThreadClock(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
  };
}

/** Main-thread time of opening `path` through the file input of a fresh page of `url` until it is shown. */
async function dropMainThreadMs(browser: Browser, url: string, path: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url + '#empty');
  const open = page.getByRole('button', { name: 'Open file' });
  await open.waitFor();
  await delay(500);
  const clock = await mainThreadClock(page);
  const before = await clock();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), open.click()]);
  await chooser.setFiles(path);
  await page.getByRole('region', { name: 'Loaded file' }).locator('[data-field="name"]', { hasText: basename(path) }).waitFor({ timeout: 120_000 });
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 120_000 });
  await delay(1000); // the analysis that follows a load, as after a live update
  const ms = (await clock()) - before;
  await context.close();
  return ms;
}

/** CPU time of `fn` in this process (user + system), ms. */
function cpuOf(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export async function run(): Promise<void> {
  await ensureAppBuilt();
  const { cli, remove } = await buildCli();
  symlinkSync(APP_DIST, join(cli, '../app'));
  const work = mkdtempSync(join(tmpdir(), 'mapscope-live-bench-'));
  const bin = join(work, 'live-target');
  execFileSync('gcc', ['-O1', '-Wall', '-o', bin, join(ROOT, 'test/cli/live-target.c')]);
  const target = spawn(bin, [join(work, 'mapped.bin'), String(EXTRA_PAGES)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let targetOut = '';
  target.stdout!.setEncoding('utf8').on('data', (c: string) => (targetOut += c));
  let serve: ChildProcess | undefined;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    for (let i = 0; i < 1000 && !targetOut.includes('ready'); i++) await delay(10);
    const pid = target.pid!;
    const regions = readFileSync(`/proc/${pid}/maps`, 'latin1').split('\n').length - 1;
    let mapped = 0;
    const mapOneMore = async () => {
      mapped++;
      target.kill('SIGUSR1');
      for (let i = 0; i < 500 && !targetOut.includes(`mapped ${mapped}\n`); i++) await delay(2);
    };

    // The floor: the kernel writing the text, read in this process.
    const reads: number[] = [];
    for (let i = 0; i < 15; i++) reads.push(cpuOf(() => readFileSync(`/proc/${pid}/maps`)));
    const readMs = percentile(reads, 0.5);

    serve = spawn(process.execPath, [cli, 'serve', '--pid', String(pid), '--interval', '1s'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let serveOut = '';
    serve.stdout!.setEncoding('utf8').on('data', (c: string) => (serveOut += c));
    for (let i = 0; i < 500 && !/token=/.test(serveOut); i++) await delay(20);
    const url = /(http:\S+token=\S+)/.exec(serveOut)![1];
    await delay(1500);

    const SECONDS = 10;
    let before = cpuMs(serve.pid!);
    await delay(SECONDS * 1000);
    const idlePerInterval = (cpuMs(serve.pid!) - before) / SECONDS;

    // One page follows; every interval brings a change.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url);
    const name = page.getByRole('region', { name: 'Loaded file' }).locator('[data-field="name"]');
    const waitSeq = async (seq: number) => {
      await name.filter({ hasText: `#${seq}` }).waitFor({ timeout: 120_000 });
      await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 120_000 });
    };
    await waitSeq(1);
    await delay(1000);
    const clock = await mainThreadClock(page);
    before = cpuMs(serve.pid!);
    const pageBefore = await clock();
    const latencies: number[] = [];
    for (let seq = 2; seq < 2 + SECONDS; seq++) {
      const t = performance.now();
      await mapOneMore();
      await waitSeq(seq);
      latencies.push(performance.now() - t);
      await delay(Math.max(0, 1000 - (performance.now() - t)));
    }
    const changingPerInterval = (cpuMs(serve.pid!) - before) / SECONDS;
    const pagePerUpdate = ((await clock()) - pageBefore) / SECONDS;
    await context.close();

    // The same snapshot dropped as a file, in the same browser: the one-shot load.
    const snapshotPath = join(work, 'snapshot.maps');
    writeFileSync(snapshotPath, readFileSync(`/proc/${pid}/maps`));
    const served = await serveBuild(APP_DIST);
    const drops: number[] = [];
    for (let i = 0; i < 3; i++) drops.push(await dropMainThreadMs(browser, served.url, snapshotPath));
    await served.close();
    const dropMs = percentile(drops, 0.5);

    console.log(`a process with ${regions.toLocaleString('en-US')} regions; mapscope serve --interval 1s; ${SECONDS} intervals each; load ${execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ')}`);
    printTable(
      ['what', 'ms', 'ratio', 'goal', ''],
      [
        ['one read of /proc/P/maps, CPU (floor)', readMs.toFixed(1), '1.0×', '', ''],
        ['serve CPU per interval, no change', idlePerInterval.toFixed(1), `${(idlePerInterval / readMs).toFixed(1)}×`, '≤ 3× the read', verdict(idlePerInterval <= 3 * readMs)],
        ['serve CPU per interval, a change sent', changingPerInterval.toFixed(1), `${(changingPerInterval / readMs).toFixed(1)}×`, '≤ 10% of a core', verdict(changingPerInterval <= 100)],
        ['page main thread per update', pagePerUpdate.toFixed(1), `${(pagePerUpdate / dropMs).toFixed(2)}× a drop`, '≤ a drop', verdict(pagePerUpdate <= dropMs * 1.1)],
        ['page main thread, the same file dropped', dropMs.toFixed(1), '1.0×', '', ''],
        ['change → shown, median', percentile(latencies, 0.5).toFixed(0), '', '≤ 2 intervals', verdict(percentile(latencies, 0.5) <= 2000)],
        ['change → shown, max', Math.max(...latencies).toFixed(0), '', '≤ 2 intervals', verdict(Math.max(...latencies) <= 2000)],
      ],
    );
  } finally {
    serve?.kill('SIGINT');
    target.kill('SIGKILL');
    await browser.close();
    remove();
    rmSync(work, { recursive: true, force: true });
  }
}
