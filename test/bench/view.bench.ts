/**
 * Address-space view benchmarks, measured in headless Chromium (/usr/bin/chromium through
 * playwright-core) on the production build, served by `vite preview` on a random loopback port.
 *
 *  - parse finished → first complete frame, at 2,000, 65,530 and 262,144 regions: from the
 *    shell's `mapscope:apply-result` mark (the worker's result arrives in the page) to the end of
 *    the map's first painted frame (`mapscope:first-frame`); "view ms" is the part from building the
 *    view's model (sorted regions, level-of-detail index, scale) to that frame's end, the rest is
 *    the shell's render. Targets: ≤ 150 ms at 65,530, ≤ 400 ms at 262,144.
 *  - frame time while zooming (wheel) and panning (horizontal wheel, as a trackpad does), at both
 *    scales: "paint" is the map's own work per frame (layout + canvas + axis, `mapscope:frame`);
 *    "frame" is the main thread's whole frame — from a requestAnimationFrame callback registered
 *    before the event to a message posted from one registered after the map's, which runs once
 *    style, layout and paint of that frame are done. Targets at 262,144 regions: median ≤ 8 ms,
 *    p95 ≤ 16 ms.
 *
 * Run: `npm run bench -- view` (builds the app first when dist/app is missing or stale).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { build, preview } from 'vite';
import { generateMaps } from './generate-maps';
import { printTable, verdict } from './measure';

const ROOT = resolve(import.meta.dirname, '../..');
const SIZES = [2_000, 65_530, 262_144];
const FIRST_FRAME_TARGET_MS: Record<number, number> = { 65_530: 150, 262_144: 400 };
const STEPS = 60;

function newestMs(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMs(p) : statSync(p).mtimeMs);
  }
  return newest;
}

async function ensureBuilt(): Promise<void> {
  const index = join(ROOT, 'dist/app/index.html');
  const sources = Math.max(newestMs(join(ROOT, 'app')), newestMs(join(ROOT, 'src')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  console.log('building the app (dist/app is missing or older than the sources)…');
  await build({ root: ROOT, logLevel: 'warn' });
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

/** Opens a generated file through the Open file button; returns parse-finished → first frame (ms), and the view's part of it. */
async function openGenerated(page: Page, regions: number): Promise<{ totalMs: number; viewMs: number }> {
  const { text } = generateMaps({ regions, seed: 4 });
  const before = await page.evaluate(() => performance.getEntriesByName('mapscope:first-frame').length);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open file' }).click()]);
  await chooser.setFiles({ name: `generated-${regions}.maps`, mimeType: 'text/plain', buffer: Buffer.from(text) });
  // The shell's measure starts when the worker's result reaches the page (app/workers/parse-client.ts).
  await page.waitForFunction(
    (n) =>
      performance.getEntriesByName('mapscope:first-frame').length > n &&
      performance.getEntriesByName('mapscope:show-result').length + performance.getEntriesByName('mapscope:apply-result').length > n,
    before,
    { timeout: 120_000 },
  );
  return page.evaluate(() => {
    const received = [...performance.getEntriesByName('mapscope:show-result'), ...performance.getEntriesByName('mapscope:apply-result')]
      .sort((a, b) => a.startTime - b.startTime)
      .at(-1)!;
    const first = performance.getEntriesByName('mapscope:first-frame').at(-1)!;
    // first-frame starts when the view's model is built: before it, the shell's render.
    return { totalMs: first.startTime + first.duration - received.startTime, viewMs: first.duration };
  });
}

interface FrameFigures {
  paintMs: number[];
  frameMs: number[];
}

/**
 * In-page script: zooms in and out around the map's centre, then pans, one event per frame, and
 * collects timings. A string, not a function: tsx's transform would add helpers the page lacks.
 */
const GESTURE_SCRIPT = `(async (steps) => {
  const map = document.querySelector('.address-space-map');
  const rect = map.getBoundingClientRect();
  const x = rect.left + rect.width * 0.53;
  const y = rect.top + rect.height * 0.6;
  const frameMs = [];
  function nextFrame(deltaX, deltaY) {
    return new Promise((done) => {
      let t0 = 0;
      requestAnimationFrame(() => { t0 = performance.now(); });
      map.dispatchEvent(new WheelEvent('wheel', { deltaX, deltaY, clientX: x, clientY: y, bubbles: true, cancelable: true }));
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => { frameMs.push(performance.now() - t0); done(); };
        channel.port2.postMessage(null);
      });
    });
  }
  performance.clearMeasures('mapscope:frame');
  for (let i = 0; i < steps; i++) await nextFrame(0, -120);
  for (let i = 0; i < steps / 2; i++) await nextFrame(200, 0);
  for (let i = 0; i < steps / 2; i++) await nextFrame(-200, 0);
  for (let i = 0; i < steps; i++) await nextFrame(0, 120);
  const paintMs = performance.getEntriesByName('mapscope:frame').map((e) => e.duration);
  return { paintMs, frameMs };
})(${STEPS})`;

async function gesture(page: Page): Promise<FrameFigures> {
  return page.evaluate(GESTURE_SCRIPT) as Promise<FrameFigures>;
}

export async function run(): Promise<void> {
  await ensureBuilt();
  const server = await preview({ root: ROOT, logLevel: 'silent', preview: { port: 0, host: '127.0.0.1', open: false } });
  const url = server.resolvedUrls?.local[0];
  // The same launch as test/e2e/harness.ts: Debian's Chromium, headless, no GPU.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    if (!url) throw new Error('vite preview gave no URL');
    const firstRows: string[][] = [];
    const frameRows: string[][] = [];
    for (const regions of SIZES) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(url + '#empty');
      const { totalMs, viewMs } = await openGenerated(page, regions);
      const target = FIRST_FRAME_TARGET_MS[regions];
      firstRows.push([regions.toLocaleString('en-US'), totalMs.toFixed(0), viewMs.toFixed(0), target ? `≤ ${target}` : '', target ? verdict(totalMs <= target) : '']);
      for (const scale of ['Compressed gaps', 'To scale']) {
        await page.getByRole('button', { name: scale }).click();
        await page.waitForTimeout(100);
        const { paintMs, frameMs } = await gesture(page);
        const gated = regions === 262_144;
        const ok = percentile(frameMs, 0.5) <= 8 && percentile(frameMs, 0.95) <= 16;
        frameRows.push([
          regions.toLocaleString('en-US'),
          scale,
          String(frameMs.length),
          percentile(paintMs, 0.5).toFixed(2),
          percentile(paintMs, 0.95).toFixed(2),
          percentile(frameMs, 0.5).toFixed(2),
          percentile(frameMs, 0.95).toFixed(2),
          gated ? verdict(ok) : '',
        ]);
      }
      await context.close();
    }
    console.log('parse finished → first complete frame of the map (headless Chromium, 1280×800)');
    printTable(['regions', 'total ms', 'view ms', 'target', ''], firstRows);
    console.log('\nframe time while zooming and panning (ms; target at 262,144: frame median ≤ 8, p95 ≤ 16)');
    printTable(['regions', 'scale', 'frames', 'paint p50', 'paint p95', 'frame p50', 'frame p95', ''], frameRows);
  } finally {
    await browser.close();
    await server.close();
  }
}
