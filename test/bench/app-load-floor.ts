/**
 * The floor of drop → painted (app-load.bench.ts): a page of no framework, served at the app's
 * origin, whose worker does what any exact load must, the cheapest way we know:
 *
 *  - read the File the page was given as the app's reader does: its stream, through a BYOB reader
 *    into one reused 1 MiB buffer (the cheapest way we found to get a file's bytes into a worker:
 *    at 1,048,576 regions, 60 MB, `File.arrayBuffer()` took 320–480 ms, this 125–200 ms, with no
 *    fresh memory for the whole file to fault in);
 *  - find every line's end as each piece comes (`Uint8Array.prototype.indexOf(10)`, V8's
 *    vectorised byte search), so the read and the search overlap as the app's do;
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
 *
 * A second floor, the exact parse's (`floorLoad(…, 'parse')`), is the same page with another worker
 * (parse-floor.worker.ts): the app's own parse of the File as its reader reads it, into the full
 * region table, posted by transfer with its names. The floor of lines bounds what reading a file
 * costs; this one, what this project's fastest exact parse adds to it — the app's view, index,
 * analysis and framework are what lies between it and the app.
 */
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { securityHeaders } from '../../src/node/security-headers';
import { DROP_BINDING, PAINTED_BINDING, paintedCpuMeter, rendererPids } from './load-stages';

/** The floor's figures of one load, page-clock ms from the file input's change. */
export interface FloorFigures {
  paintedMs: number;
  /** Drop → the worker's first step. */
  startMs: number;
  /** The worker's waits for the File's bytes (between the pieces' searches). */
  readMs: number;
  /** The newline search and the 128 bits a line written, piece by piece as the bytes came. */
  scanMs: number;
  /** The worker's post → the page's message. */
  transferMs: number;
  /** The message → the end of the frame that drew the canvas. */
  frameMs: number;
  /**
   * The exact parse's floor only (else NaN): drop → the end of the frame after the page received
   * the analysis's floor (the worker's analysisFloor, run once the page has painted), as app-load
   * reads the app's drop → analysis shown; and that analysis's time in the worker.
   */
  analysisShownMs: number;
  analysisWorkerMs: number;
  lines: number;
  /** The CPU time of the tab's renderer (its main thread and workers) from the drop to painted (paintedCpuMeter). */
  cpuMs: number;
  /** Its minor page faults (paintedCpuMeter). */
  faults: number;
  /** The machine's busy CPU time and the share of its cores' time idle (paintedCpuMeter). */
  machineBusyMs: number;
  idleShare: number;
}

/** Pages of the first-touch probe (firstTouchMicros): 32 MiB, beside the 50 MB of columns a 1,048,576-region table's rows take. */
const TOUCH_PAGES = 8192;

const WORKER = `
const now = () => performance.timeOrigin + performance.now();
onmessage = async (event) => {
  if (event.data === 'first-touch') {
    // A fresh buffer's pages written once each, as a table's new columns are (firstTouchMicros).
    const pages = ${TOUCH_PAGES};
    const bytes = new Uint8Array(pages * 4096);
    const t0 = performance.now();
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = 1;
    postMessage({ microsPerPage: ((performance.now() - t0) * 1000) / pages });
    return;
  }
  const file = event.data;
  const readStart = now();
  const reader = file.stream().getReader({ mode: 'byob' });
  let buffer = new ArrayBuffer(1 << 20);
  // One 16-byte entry a line, reserved for a line every 16 bytes (a kernel maps line is at least
  // 40): pages never written are never touched. A file of shorter lines grows it.
  let words = new Uint32Array(Math.max(4, (file.size >> 4) * 4 + 4));
  let n = 0;
  let base = 0;
  let lineStart = 0;
  let readMs = 0;
  let scanMs = 0;
  const line = (end) => {
    if (4 * n + 4 > words.length) {
      const grown = new Uint32Array(words.length * 2);
      grown.set(words);
      words = grown;
    }
    words[4 * n] = lineStart;
    words[4 * n + 2] = end;
    n++;
    lineStart = end + 1;
  };
  for (;;) {
    const waitStart = now();
    const { value, done } = await reader.read(new Uint8Array(buffer));
    const scanStart = now();
    readMs += scanStart - waitStart;
    if (done) break;
    buffer = value.buffer;
    for (let i = value.indexOf(10); i >= 0; i = value.indexOf(10, i + 1)) line(base + i);
    base += value.length;
    scanMs += now() - scanStart;
  }
  if (lineStart < base) line(base);
  postMessage({ lines: n, column: words, stride: 4, readStart, readMs, scanMs, postAt: now() }, [words.buffer]);
};
`;

/** Which floor a load measures: the floor of lines (WORKER, above) or the exact parse's (parse-floor.worker.ts). */
export type FloorKind = 'lines' | 'parse';

let parseWorker: Promise<string> | undefined;

/**
 * The exact-parse floor's worker script: parse-floor.worker.ts and the parser it imports, bundled
 * by vite into one classic script (built once per bench run, in memory).
 */
export function parseFloorWorker(): Promise<string> {
  parseWorker ??= build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      lib: { entry: fileURLToPath(new URL('./parse-floor.worker.ts', import.meta.url)), formats: ['iife'], name: 'parseFloor', fileName: 'parse-floor' },
    },
  }).then((out) => {
    const outputs = (Array.isArray(out) ? out : [out]).flatMap((o) => ('output' in o ? o.output : []));
    const chunk = outputs.find((o) => o.type === 'chunk');
    if (chunk === undefined || chunk.type !== 'chunk') throw new Error('parseFloorWorker: vite built no script');
    return chunk.code;
  });
  return parseWorker;
}

/**
 * `text` as a JavaScript string literal of ASCII alone, safe inside a <script> element: the page is
 * served without a charset, and a bundled worker holds `…` and `</`.
 */
const asciiJson = (text: string) => JSON.stringify(text).replace(/[<\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * The floor page: a file input, one canvas the map's size, the worker (`worker`: its script)
 * started with the page (as the app starts its workers). With `analyse`, the page tells the worker
 * it has painted and waits for its analysis, whose figures it writes into the page.
 */
const floorHtml = (worker: string, analyse: boolean) => `<!doctype html><html><head><title>app-load floor</title></head><body style="margin:0">
<input type="file" aria-label="Open file">
<canvas width="1250" height="300"></canvas>
<p id="analysis"></p>
<script>
  const worker = new Worker(URL.createObjectURL(new Blob([${asciiJson(worker)}], { type: 'text/javascript' })));
  window.__floorWorker = worker;
  const ctx = document.querySelector('canvas').getContext('2d');
  const input = document.querySelector('input');
  const toPage = (t) => t - performance.timeOrigin;
  window.__floor = new Promise((done) => {
    let dropMs = 0;
    input.addEventListener('change', () => {
      dropMs = performance.mark('bench:drop').startTime;
      window.${DROP_BINDING}?.(0);
      worker.postMessage(input.files[0]);
    });
    let painted = null;
    // The end of the next frame, read in the task after it (as app-load's WAIT_SCRIPT reads the app's).
    const nextFrameEnd = () => new Promise((end) => requestAnimationFrame(() => {
      const c = new MessageChannel();
      c.port1.onmessage = () => end(performance.now());
      c.port2.postMessage(null);
    }));
    worker.onmessage = (event) => {
      if (event.data.microsPerPage !== undefined) return window.__touched?.(event.data.microsPerPage);
      if (event.data.type === 'analysis') {
        const { modules, largestGap, analysisMs, moduleOfRow } = event.data;
        // The answer read and shown: how many modules, the gap, the first row's module.
        document.getElementById('analysis').textContent = modules + ' modules, largest gap ' + largestGap + ' bytes, row 0 in module ' + moduleOfRow[0];
        nextFrameEnd().then((endMs) => done({ ...painted, analysisShownMs: endMs - dropMs, analysisWorkerMs: analysisMs }));
        return;
      }
      const gotMs = performance.now();
      const { lines, column, stride, readStart, readMs, scanMs, postAt } = event.data;
      requestAnimationFrame(() => {
        ctx.clearRect(0, 0, 1250, 300);
        // One column a pixel, coloured from the regions it would hold: the result is read.
        for (let x = 0; x < 1250; x++) {
          const k = Math.floor((x * lines) / 1250);
          ctx.fillStyle = column[stride * k] & 64 ? '#3b82f6' : '#94a3b8';
          ctx.fillRect(x, 40, 1, 220);
        }
        const endMs = performance.now();
        window.${PAINTED_BINDING}?.(0);
        painted = {
          paintedMs: endMs - dropMs,
          startMs: toPage(readStart) - dropMs,
          readMs,
          scanMs,
          transferMs: gotMs - toPage(postAt),
          frameMs: endMs - gotMs,
          lines,
          analysisShownMs: NaN,
          analysisWorkerMs: NaN,
        };
        if (${analyse}) worker.postMessage('painted');
        else done(painted);
      });
    };
  });
</script></body></html>`;

/** The floor of lines' page. */
export const FLOOR_HTML = floorHtml(WORKER, false);

/**
 * The headers the exact parse's floor page is served with: the two of the app's own that make it
 * cross-origin isolated (its CSP would refuse the page's inline script), so that its worker shares
 * the table's columns as the app's workers do.
 */
const ISOLATED = Object.fromEntries(Object.entries(securityHeaders('build')).filter(([name]) => name.startsWith('Cross-Origin-')));

/** The floor page's path under the app's URL (served by a route: never by the app's server). */
const FLOOR_PATH = '__app-load-floor.html';

/** One load of `file` on the floor page of `kind`, in a fresh context as the app's loads are. */
export async function floorLoad(browser: Browser, appUrl: string, file: string, kind: FloorKind = 'lines'): Promise<FloorFigures> {
  const html = kind === 'lines' ? FLOOR_HTML : floorHtml(await parseFloorWorker(), true);
  const before = await rendererPids(browser);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  try {
    const url = new URL(FLOOR_PATH, appUrl).href;
    await context.route(url, (route) => route.fulfill({ contentType: 'text/html', body: html, headers: kind === 'parse' ? ISOLATED : {} }));
    const meter = await paintedCpuMeter(context);
    const page: Page = await context.newPage();
    await page.goto(url);
    if (kind === 'parse' && !(await page.evaluate(() => crossOriginIsolated))) throw new Error('the exact parse floor page is not cross-origin isolated: its columns would not be shared as the app shares them');
    await page.waitForTimeout(300);
    meter.watch([...(await rendererPids(browser))].filter((p) => !before.has(p)));
    await page.getByLabel('Open file').setInputFiles(file);
    const figures = (await page.evaluate('window.__floor')) as Omit<FloorFigures, 'cpuMs' | 'faults' | 'machineBusyMs' | 'idleShare'>;
    const use = await meter.painted;
    return { ...figures, cpuMs: use.cpuMs, faults: use.faults, machineBusyMs: use.machineBusyMs, idleShare: use.idleShare };
  } finally {
    await context.close();
  }
}

/**
 * What a first touch of fresh memory costs in a page's worker on this machine, µs per 4 KiB page:
 * the median of `rounds` fresh 32 MiB buffers written a byte a page, in a fresh context of the
 * floor page. Every page a load writes for the first time costs this (a minor fault: the kernel
 * maps and zeroes the page), so the renderer's page faults from the drop to painted × this is the
 * CPU its fresh memory took, whatever wrote it. On this project's VMs a fault is 10 µs from C
 * (mmap, then a store a page) and 0.25 µs a 4 KiB page with transparent huge pages, which a
 * browser does not ask for.
 */
export async function firstTouchMicros(browser: Browser, appUrl: string, rounds = 5): Promise<number> {
  const context = await browser.newContext();
  try {
    const url = new URL(FLOOR_PATH, appUrl).href;
    await context.route(url, (route) => route.fulfill({ contentType: 'text/html', body: FLOOR_HTML }));
    const page: Page = await context.newPage();
    await page.goto(url);
    const figures: number[] = [];
    for (let i = 0; i < rounds; i++) {
      figures.push(
        (await page.evaluate(
          () =>
            new Promise<number>((done) => {
              const w = window as unknown as { __touched?: (micros: number) => void; __floorWorker: Worker };
              w.__touched = done;
              w.__floorWorker.postMessage('first-touch');
            }),
        )) as number,
      );
    }
    figures.sort((a, b) => a - b);
    return figures[Math.floor(figures.length / 2)];
  } finally {
    await context.close();
  }
}
