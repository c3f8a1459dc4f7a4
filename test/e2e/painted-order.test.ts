/**
 * The worker's analysis waits for the page's `painted` message, so that it does not take a core
 * from the map's first frame (parse.worker.ts). That frame is laid out in a task of its own before
 * the frame that draws it (useViewFrame, prepareFirst), so a frame the browser renders before that
 * task (after a long show task at 4,194,304 regions) is not the map's first. Here the map's first
 * draw is held back for certain: the map is laid out 0 px wide (a constructed style sheet: the
 * app's CSP refuses a style element) until the test lets it go. `painted` must wait for that draw.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeApp, dropFile, launchBrowser, nextFrame, openApp, syntheticMaps, waitForLoaded } from './harness';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

interface PaintedPost {
  atMs: number;
  /** How many `mapscope:first-frame` measures there were when it was posted, and when the last of them ended. */
  firstFrames: number;
  firstFrameEndMs: number;
}

/** Records each `painted` message the page posts to a worker, with the map's first frames drawn by then; optionally hides the map. */
function watchPainted(page: Page, holdMap: boolean): Promise<void> {
  return page.evaluate((hold) => {
    const posts: PaintedPost[] = [];
    (window as unknown as { __painted: PaintedPost[] }).__painted = posts;
    const base = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<Worker['postMessage']>) {
      if ((args[0] as { type?: string } | null)?.type === 'painted') {
        const firsts = performance.getEntriesByName('mapscope:first-frame');
        const last = firsts.at(-1);
        posts.push({ atMs: performance.now(), firstFrames: firsts.length, firstFrameEndMs: last ? last.startTime + last.duration : NaN });
      }
      return base.apply(this, args);
    } as Worker['postMessage'];
    if (hold) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync('.address-space-map { display: none !important; }');
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    }
  }, holdMap);
}

/** Records the types of the messages the parse worker posts to the page, with the time each was posted. */
async function watchWorkerPosts(page: Page): Promise<() => Promise<{ type: string; atMs: number }[]>> {
  await expect.poll(() => page.workers().length).toBeGreaterThan(0);
  const worker = page.workers()[0];
  await worker.evaluate(() => {
    const scope = self as unknown as { postMessage: (m: unknown, o?: StructuredSerializeOptions) => void; __posts: { type: string; atMs: number }[] };
    const post = scope.postMessage.bind(scope);
    scope.__posts = [];
    scope.postMessage = (message, options) => {
      // The worker's clock and the page's share their time origin's epoch: compared as epoch times.
      scope.__posts.push({ type: (message as { type: string }).type, atMs: performance.timeOrigin + performance.now() });
      post(message, options);
    };
  });
  return () => worker.evaluate(() => (self as unknown as { __posts: { type: string; atMs: number }[] }).__posts);
}

function paintedPosts(page: Page): Promise<PaintedPost[]> {
  return page.evaluate(() => (window as unknown as { __painted: PaintedPost[] }).__painted);
}

describe('the painted message to the worker', () => {
  test('follows the map’s first draw, when that draw comes frames after the file shows', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    try {
      await watchPainted(page, true);
      const workerPosts = await watchWorkerPosts(page);
      await dropFile(page, 'held.maps', syntheticMaps(3_000, 5));
      await waitForLoaded(page, 'held.maps');
      for (let i = 0; i < 5; i++) await nextFrame(page);
      // Shown, its table and panels mounted, frames rendered: but no map drawn, so no `painted`.
      expect(await page.evaluate(() => performance.getEntriesByName('mapscope:first-frame').length)).toBe(0);
      expect(await paintedPosts(page)).toEqual([]);

      await page.evaluate(() => {
        document.adoptedStyleSheets = [];
      });
      await expect.poll(() => paintedPosts(page).then((p) => p.length), { timeout: 20_000 }).toBe(1);
      const [post] = await paintedPosts(page);
      expect(post.firstFrames).toBe(1);
      expect(post.atMs).toBeGreaterThanOrEqual(post.firstFrameEndMs);
      await expect.poll(async () => (await workerPosts()).map((p) => p.type)).toContain('analysis');
      const posts = await workerPosts();
      const types = posts.map((p) => p.type);
      // The analysis first (the page shows it unasked), then the search's row groups (`found`).
      expect(types.indexOf('analysis')).toBeGreaterThan(-1);
      expect(types.indexOf('found')).toBeGreaterThan(types.indexOf('analysis'));
      // The search's row groups (`found`) wait for `painted` as the analysis does, or for
      // FIRST_FRAME_WAIT_MS (300 ms) after `loaded` when no frame comes (here the map is held longer).
      const paintedAt = await page.evaluate((at) => performance.timeOrigin + at, post.atMs);
      const loadedAt = posts.find((p) => p.type === 'loaded')!.atMs;
      expect(posts.find((p) => p.type === 'found')!.atMs).toBeGreaterThanOrEqual(Math.min(paintedAt, loadedAt + 299));
    } finally {
      await closeApp(page);
    }
  });

  test('is posted when no map shows the file (nothing could be read)', async () => {
    const page = await openApp(browser, { hash: 'empty' });
    try {
      await watchPainted(page, false);
      await dropFile(page, 'notes.maps', 'not a memory map\nnor this\n');
      await page.getByText(/No line of this file could be read/).waitFor();
      await expect.poll(() => paintedPosts(page).then((p) => p.length), { timeout: 20_000 }).toBe(1);
      expect((await paintedPosts(page))[0].firstFrames).toBe(0);
    } finally {
      await closeApp(page);
    }
  });
});
