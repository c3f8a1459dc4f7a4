/**
 * The floor of drop → painted (app-load.bench.ts): a page of no framework, served at the app's
 * origin, whose worker does what any exact load must, the cheapest way we know:
 *
 *  - read the File the page was given (the same `File.arrayBuffer()` the app's reader calls: one
 *    call, one buffer; Chromium has no cheaper way to get a file's bytes into a worker's memory);
 *  - find every line's end (`Uint8Array.prototype.indexOf(10)`, V8's vectorised byte search);
 *  - write each line's begin and end, 2 × 64 bits a line (its start and end offsets in the low
 *    words), into a typed array: a region's exact begin and end are 128 bits, the least an exact
 *    table holds (the app's table keeps offset, inode, device, permissions, name and line too), so
 *    this is a lower bound on the memory the result must first touch;
 *  - post it to the page by transfer (no copy), where the next animation frame fills one canvas of
 *    the map's size.
 *
 * "Painted" ends where the app's `mapscope:first-frame` ends: at the end of the animation-frame
 * callback that drew the canvas. The worker's clock is turned into the page's through
 * `performance.timeOrigin`, so each stage is timed on one clock.
 */
import type { Browser, Page } from 'playwright-core';
import type { TraceEvent } from './browser-app';
import { cpuToPaintedMs } from './load-stages';

/** The floor's figures of one load, page-clock ms from the file input's change. */
export interface FloorFigures {
  paintedMs: number;
  /** Drop → the worker's first step. */
  startMs: number;
  /** The File's bytes read into the worker. */
  readMs: number;
  /** The newline search and the 128 bits a line written. */
  scanMs: number;
  /** The worker's post → the page's message. */
  transferMs: number;
  /** The message → the end of the frame that drew the canvas. */
  frameMs: number;
  lines: number;
  /** With a trace: the CPU time of the tab's renderer (its main thread and workers) from the drop to painted. */
  cpuMs: number;
}

const WORKER = `
const now = () => performance.timeOrigin + performance.now();
onmessage = async (event) => {
  const file = event.data;
  const readStart = now();
  const bytes = new Uint8Array(await file.arrayBuffer());
  const readEnd = now();
  // One 16-byte entry a line, reserved for a line every 16 bytes (a kernel maps line is at least
  // 40): pages never written are never touched. A file of shorter lines grows it.
  let words = new Uint32Array(Math.max(4, (bytes.length >> 4) * 4 + 4));
  let n = 0;
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    if (4 * n + 4 > words.length) {
      const grown = new Uint32Array(words.length * 2);
      grown.set(words);
      words = grown;
    }
    words[4 * n] = start;
    words[4 * n + 2] = end;
    n++;
    start = end + 1;
  }
  const scanEnd = now();
  postMessage({ lines: n, words, readStart, readEnd, scanEnd, postAt: now() }, [words.buffer]);
};
`;

/** The floor page: a file input, one canvas the map's size, the worker started with the page (as the app starts its workers). */
export const FLOOR_HTML = `<!doctype html><html><head><title>app-load floor</title></head><body style="margin:0">
<input type="file" aria-label="Open file">
<canvas width="1250" height="300"></canvas>
<script>
  const worker = new Worker(URL.createObjectURL(new Blob([${JSON.stringify(WORKER)}], { type: 'text/javascript' })));
  const ctx = document.querySelector('canvas').getContext('2d');
  const input = document.querySelector('input');
  const toPage = (t) => t - performance.timeOrigin;
  window.__floor = new Promise((done) => {
    let dropMs = 0;
    input.addEventListener('change', () => {
      dropMs = performance.mark('bench:drop').startTime;
      worker.postMessage(input.files[0]);
    });
    worker.onmessage = (event) => {
      const gotMs = performance.now();
      const { lines, words, readStart, readEnd, scanEnd, postAt } = event.data;
      requestAnimationFrame(() => {
        ctx.clearRect(0, 0, 1250, 300);
        // One column a pixel, coloured from the regions it would hold: the result is read.
        for (let x = 0; x < 1250; x++) {
          const k = Math.floor((x * lines) / 1250);
          ctx.fillStyle = words[4 * k] & 64 ? '#3b82f6' : '#94a3b8';
          ctx.fillRect(x, 40, 1, 220);
        }
        const endMs = performance.now();
        done({
          paintedMs: endMs - dropMs,
          startMs: toPage(readStart) - dropMs,
          readMs: readEnd - readStart,
          scanMs: scanEnd - readEnd,
          transferMs: gotMs - toPage(postAt),
          frameMs: endMs - gotMs,
          lines,
        });
      });
    };
  });
</script></body></html>`;

/** The floor page's path under the app's URL (served by a route: never by the app's server). */
const FLOOR_PATH = '__app-load-floor.html';

/** One load of `file` on the floor page, in a fresh context as the app's loads are; `traced`: with its CPU time from a trace (else NaN). */
export async function floorLoad(browser: Browser, appUrl: string, file: string, traced: boolean): Promise<FloorFigures> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  try {
    const url = new URL(FLOOR_PATH, appUrl).href;
    await context.route(url, (route) => route.fulfill({ contentType: 'text/html', body: FLOOR_HTML }));
    const page: Page = await context.newPage();
    await page.goto(url);
    await page.waitForTimeout(300);
    if (traced) await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing'] });
    await page.getByLabel('Open file').setInputFiles(file);
    const figures = (await page.evaluate('window.__floor')) as Omit<FloorFigures, 'cpuMs'>;
    if (!traced) return { ...figures, cpuMs: NaN };
    const { traceEvents } = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
    return { ...figures, cpuMs: cpuToPaintedMs(traceEvents, figures.paintedMs) };
  } finally {
    await context.close();
  }
}
