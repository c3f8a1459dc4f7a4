/**
 * The inputs that once froze the app (issue 11, case 14), loaded in headless Chromium on the
 * production build: 1,000,000 copies of one maps line (a warning each: 8 s on the main thread),
 * 1,500,000 bad lines (an error each: 2.6 s), and one region with a 50 MB pathname (12 s). For
 * each: the longest main-thread task from the file input's change to the file shown, the time to
 * that point, and the longest task of opening the problems panel. Target: no task over 200 ms.
 *
 * Run: `npm run bench -- freeze`; `MAPSCOPE_APP_DIST=dir` measures another build (e.g. main's,
 * for a before/after in one sitting), `FREEZE_BENCH_RUNS` loads each input more than once.
 */
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_DIST, longestSince, openLoaded, startAppSession } from './browser-app';
import { FREEZING_INPUTS } from './freezing-inputs';
import { printTable, verdict } from './measure';

const TARGET_MS = 200;
const RUNS = Number(process.env.FREEZE_BENCH_RUNS ?? 1);

export async function run(): Promise<void> {
  console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores; build ${APP_DIST}`);
  const session = await startAppSession();
  const rows: string[][] = [];
  try {
    for (const [name, make] of FREEZING_INPUTS) {
      const path = join(tmpdir(), `mapscope-freeze-${rows.length}.maps`);
      writeFileSync(path, make());
      const size = `${(statSync(path).size / 1e6).toFixed(1)} MB`;
      try {
        for (let i = 0; i < RUNS; i++) {
          const { page, longestLoadMs, loadedMs, close } = await openLoaded(session.browser, session.url, path);
          let panelMs = NaN;
          const badge = page.locator('#problems-badge');
          if ((await badge.count()) > 0) {
            await page.evaluate(() => performance.mark('bench:panel'));
            await badge.click();
            await page.locator('#problems-panel').waitFor({ timeout: 300_000 });
            await page.waitForTimeout(300);
            panelMs = await longestSince(page, 'bench:panel');
          }
          await close();
          const worst = Math.max(longestLoadMs, Number.isNaN(panelMs) ? 0 : panelMs);
          rows.push([name, size, loadedMs.toFixed(0), longestLoadMs.toFixed(0), Number.isNaN(panelMs) ? '—' : panelMs.toFixed(0), `< ${TARGET_MS}`, (worst / TARGET_MS).toFixed(2), verdict(worst < TARGET_MS)]);
        }
      } finally {
        rmSync(path, { force: true });
      }
    }
  } finally {
    await session.close();
  }
  console.log(`\nfreezing inputs: time from the file input's change to the file shown, longest main-thread task of the load and of opening the problems panel (ms; 0 = none reached 50 ms)`);
  printTable(['input', 'text', 'loaded', 'longest task (load)', 'longest task (panel)', 'target', 'ratio', ''], rows);
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}
