/**
 * How a file's region columns reach the page (issue 19): counted, never timed. The worker's
 * postMessage is wrapped (playwright evaluates inside the worker) to record, per message, its
 * transfer list and where each column of a `loaded` table lives; the page's Worker is wrapped to
 * record what it receives and what it posts back.
 *
 *  - Served as the app's servers serve it (COOP + COEP: cross-origin isolated), the columns live in
 *    SharedArrayBuffers: in no transfer list, the view's address columns the very same memory.
 *  - Served without those headers, the columns are a copy the worker transfers, once each.
 *  - Either way the table's pathnames come as one string (app/workers/sent-table.ts), not an
 *    array of strings each made anew on the page.
 *  - Either way the page never posts a table back to the worker during a load (only `painted`),
 *    and the worker reads the file in one reader worker, ended before the page gets the table;
 *    what lookup and search would scan the rows for (`found`) follows the table, by transfer.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page, Worker } from 'playwright-core';
import { baseURL, chooseFile, closeApp, launchBrowser, openApp, syntheticMaps, waitForLoaded } from './harness';

const REGIONS = 30_000;
const COLUMNS = 14;

/** Records what the page receives from and posts to its workers (before any of its scripts run). */
const PAGE_SCRIPT = `(() => {
  const seen = { loaded: [], posted: [] };
  // Not isolated, a page has no SharedArrayBuffer at all.
  const isShared = (buffer) => typeof SharedArrayBuffer === 'function' && buffer instanceof SharedArrayBuffer;
  window.__seen = seen;
  const Base = window.Worker;
  window.Worker = class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const m = event.data;
        if (m.type !== 'loaded') return;
        const cols = Object.values(m.table.columns);
        seen.loaded.push({
          length: m.table.length,
          shared: cols.filter((c) => isShared(c.buffer)).length,
          viewSharesColumns: m.view.sorted.beginHi === m.table.columns.beginHi || m.view.sorted.beginHi.buffer === m.table.columns.beginHi.buffer,
          names: Array.isArray(m.table.pathnames) ? 'an array' : typeof m.table.pathnames.text === 'string' && m.table.pathnames.ends instanceof Uint32Array ? 'one string' : 'other',
        });
      });
    }
    postMessage(message, ...rest) { seen.posted.push(message.type); return super.postMessage(message, ...rest); }
  };
})()`;

/** Wraps the worker's postMessage: per message, its type, transfer list, and (a `loaded` one) each column's memory. */
function recordWorkerPosts(worker: Worker): Promise<void> {
  return worker.evaluate(() => {
    const scope = self as unknown as { postMessage: (m: unknown, o?: StructuredSerializeOptions) => void; __posts: unknown[] };
    const post = scope.postMessage.bind(scope);
    const isShared = (buffer: ArrayBufferLike) => typeof SharedArrayBuffer === 'function' && buffer instanceof SharedArrayBuffer;
    scope.__posts = [];
    scope.postMessage = (message, options) => {
      const m = message as { type: string; table?: { columns: Record<string, Uint32Array> } };
      const transfer = (options?.transfer ?? []) as ArrayBufferLike[];
      const columns = m.type === 'loaded' && m.table ? Object.values(m.table.columns) : [];
      scope.__posts.push({
        type: m.type,
        sharedInTransfer: transfer.filter(isShared).length,
        distinctInTransfer: new Set(transfer).size,
        inTransfer: transfer.length,
        columnsShared: columns.filter((c) => isShared(c.buffer)).length,
        columnsTransferred: columns.filter((c) => transfer.includes(c.buffer)).length,
      });
      post(message, options);
    };
    // The reader workers this worker starts (one a load, read.worker.ts): the request each gets, and its end.
    type Reader = { postMessage: (...args: unknown[]) => void; terminate: () => void };
    const reader = (self as unknown as { Worker: { prototype: Reader } }).Worker.prototype;
    const request = reader.postMessage;
    const terminate = reader.terminate;
    reader.postMessage = function (this: Reader, ...args: unknown[]) {
      scope.__posts.push({ type: 'reader:request' });
      return request.apply(this, args);
    };
    reader.terminate = function (this: Reader) {
      scope.__posts.push({ type: 'reader:terminate' });
      return terminate.call(this);
    };
  });
}

/** The reader workers' requests and ends among the worker's posts, in order: one reader a load, ended before the page gets the table (its text and garbage go with it). */
function expectOneReaderEndedBeforeLoaded(posts: WorkerPost[]): void {
  const types = posts.map((p) => p.type);
  expect(types.filter((t) => t.startsWith('reader:'))).toEqual(['reader:request', 'reader:terminate']);
  expect(types.indexOf('reader:terminate')).toBeLessThan(types.indexOf('loaded'));
}

/**
 * The worker's `shape` (the address space: RegionIndex.adoptShape) comes right after `loaded`, then
 * the analysis (its two messages), then its `found` (the row groups by name, kind, permissions and
 * size: RegionIndex.adoptFound) once, its eight arrays transferred: the page scans no row for them.
 */
function expectFoundAfterLoaded(posts: WorkerPost[]): void {
  const types = posts.map((p) => p.type).filter((t) => !t.startsWith('reader:') && t !== 'progress' && t !== 'session');
  expect(types.slice(0, 5)).toEqual(['loaded', 'shape', 'analysis', 'module-index', 'found']);
  expect(types.filter((t) => t === 'shape')).toHaveLength(1);
  expect(types.filter((t) => t === 'found')).toHaveLength(1);
  expect(posts.find((p) => p.type === 'found')).toMatchObject({ inTransfer: 8, distinctInTransfer: 8, sharedInTransfer: 0 });
}

interface WorkerPost {
  type: string;
  sharedInTransfer: number;
  distinctInTransfer: number;
  inTransfer: number;
  columnsShared: number;
  columnsTransferred: number;
}

/** Opens the app on a small example (which starts the parse worker), wraps both ends, then opens a generated file of REGIONS regions. */
async function loadRecorded(page: Page): Promise<{ isolated: boolean; posts: WorkerPost[]; seen: { loaded: { length: number; shared: number; viewSharesColumns: boolean; names: string }[]; posted: string[] } }> {
  await page.addInitScript(PAGE_SCRIPT);
  await page.goto('about:blank'); // then the app again, now with the init script
  const workerEvent = page.waitForEvent('worker');
  await page.goto(baseURL() + '#sample=c-hello.maps');
  const worker = await workerEvent;
  await waitForLoaded(page, 'c-hello.maps');
  await recordWorkerPosts(worker);
  await page.evaluate(() => {
    const seen = (window as unknown as { __seen: { loaded: unknown[]; posted: string[] } }).__seen;
    seen.loaded.length = 0;
    seen.posted.length = 0;
  });
  await chooseFile(page, 'many.maps', syntheticMaps(REGIONS, 3));
  const file = await waitForLoaded(page, 'many.maps');
  expect(file.regions).toBe(REGIONS);
  // The analysis is the job's last message.
  await expect.poll(() => worker.evaluate(() => (self as unknown as { __posts: { type: string }[] }).__posts.some((p) => p.type === 'analysis'))).toBe(true);
  return {
    isolated: await page.evaluate(() => crossOriginIsolated),
    posts: await worker.evaluate(() => (self as unknown as { __posts: WorkerPost[] }).__posts),
    seen: await page.evaluate(() => (window as unknown as { __seen: { loaded: { length: number; shared: number; viewSharesColumns: boolean; names: string }[]; posted: string[] } }).__seen),
  };
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('a load hands the columns to the page once', () => {
  test('cross-origin isolated (the served headers): the columns are shared with the worker, in no transfer list', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    const { isolated, posts, seen } = await loadRecorded(page);
    expect(isolated).toBe(true);
    const loaded = posts.filter((p) => p.type === 'loaded');
    expect(loaded).toHaveLength(1);
    expect(loaded[0]).toMatchObject({ columnsShared: COLUMNS, columnsTransferred: 0, sharedInTransfer: 0 });
    expect(loaded[0].distinctInTransfer).toBe(loaded[0].inTransfer); // no buffer named twice
    expect(seen.loaded).toEqual([{ length: REGIONS, shared: COLUMNS, viewSharesColumns: true, names: 'one string' }]);
    // The page's messages to the worker during the load: the load itself and its painted signal (no table sent back).
    expect(seen.posted).toEqual(['load', 'painted']);
    expectOneReaderEndedBeforeLoaded(posts);
    expectFoundAfterLoaded(posts);
    await closeApp(page);
  });

  test('not isolated (served without COOP and COEP): the columns are a copy, each transferred once', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    await page.route('**/*', async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      await route.fulfill({ response, headers });
    });
    const { isolated, posts, seen } = await loadRecorded(page);
    expect(isolated).toBe(false);
    const loaded = posts.filter((p) => p.type === 'loaded');
    expect(loaded).toHaveLength(1);
    expect(loaded[0]).toMatchObject({ columnsShared: 0, columnsTransferred: COLUMNS, sharedInTransfer: 0 });
    expect(loaded[0].distinctInTransfer).toBe(loaded[0].inTransfer);
    expect(seen.loaded).toEqual([{ length: REGIONS, shared: 0, viewSharesColumns: true, names: 'one string' }]);
    expect(seen.posted).toEqual(['load', 'painted']);
    expectOneReaderEndedBeforeLoaded(posts);
    expectFoundAfterLoaded(posts);
    await closeApp(page);
  });
});
