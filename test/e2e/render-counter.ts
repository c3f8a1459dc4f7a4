/**
 * Counting React's renders in the production build, for tests that check what an input re-renders
 * (interact-counts, keystroke-counts).
 */
import type { Browser, Page } from 'playwright-core';
import { axisDrawn, dropFile, nextFrame, openApp, waitForLoaded } from './harness';
import { expect } from 'vitest';
import { WARM_FRAMES } from '../../app/hooks/useViewFrame';

/**
 * In-page, before the app loads: React's DevTools hook, which React calls after every commit (in
 * the production build too). `__renders.start()` starts counting, `__renders.stop()` returns, for
 * each commit since, each component that rendered in it, by what it draws — its first element
 * (tag, accessible name, first class; "mount " before a component that mounted) — and how many
 * times. A component renders in a commit when its fiber performed work
 * (PerformedWork, flag 1); a subtree whose child list is the one of the last commit did not render
 * (React kept it), as React DevTools reads it.
 */
export const RENDER_COUNTER = `(() => {
  let counting = null;
  let commit = null;
  const element = (fiber) => {
    for (let f = fiber.child; f !== null; f = f.child) {
      if (f.tag === 5) {
        const el = f.stateNode;
        const label = el.getAttribute('aria-label');
        const cls = el.getAttribute('class');
        return el.tagName.toLowerCase() + (label ? '[' + label + ']' : '') + (cls ? '.' + cls.split(' ')[0] : '');
      }
    }
    return '(nothing)';
  };
  // Function, class, forward-ref and memo components.
  const COMPONENT = new Set([0, 1, 11, 14, 15]);
  const walk = (next, prev) => {
    if (COMPONENT.has(next.tag) && (prev === null || (next.flags & 1) === 1)) {
      const key = (prev === null ? 'mount ' : '') + element(next);
      commit[key] = (commit[key] ?? 0) + 1;
    }
    if (prev !== null && next.child === prev.child) return;
    for (let c = next.child; c !== null; c = c.sibling) walk(c, c.alternate);
  };
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject(renderer) { this.renderers.set(1, renderer); return 1; },
    onCommitFiberRoot(_id, root) {
      if (counting === null) return;
      commit = {};
      counting.push(commit);
      const next = root.current;
      if (next.alternate === null) walk(next, null);
      else for (let c = next.child; c !== null; c = c.sibling) walk(c, c.alternate);
    },
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    checkDCE() {},
  };
  window.__renders = {
    start() { counting = []; },
    stop() { const r = counting; counting = null; return r; },
  };
})()`;

/**
 * In-page, before the app loads: counts the drawing calls made on each 2D canvas, by canvas — its
 * class, or its parent's class and "canvas". `__draws.start()` starts counting, `__draws.stop()`
 * returns the counts since.
 */
const DRAW_COUNTER = `(() => {
  let counting = null;
  const keyOf = (canvas) => canvas.getAttribute('class') || (canvas.parentElement?.getAttribute('class')?.split(' ')[0] ?? '?') + ' canvas';
  const proto = CanvasRenderingContext2D.prototype;
  for (const name of ['clearRect', 'fillRect', 'strokeRect', 'fillText', 'strokeText', 'fill', 'stroke', 'drawImage', 'putImageData']) {
    const original = proto[name];
    proto[name] = function (...args) {
      if (counting !== null) {
        const key = keyOf(this.canvas);
        counting[key] = (counting[key] ?? 0) + 1;
      }
      return original.apply(this, args);
    };
  }
  window.__draws = {
    start() { counting = {}; },
    stop() { const r = counting; counting = null; return r; },
  };
})()`;

/** The app with `text` dropped as counts.maps and drawn (table, axis, a frame after), with RENDER_COUNTER or DRAW_COUNTER installed when `counter` asks. */
export async function openCounted(browser: Browser, text: string, counter: 'renders' | 'draws' | null): Promise<Page> {
  const page = await openApp(browser, { hash: 'empty' });
  if (counter !== null) {
    await page.context().addInitScript(counter === 'renders' ? RENDER_COUNTER : DRAW_COUNTER);
    await page.reload();
  }
  await dropFile(page, 'counts.maps', text);
  await waitForLoaded(page, 'counts.maps', 120_000);
  await page.getByRole('grid', { name: 'Regions' }).waitFor();
  await axisDrawn(page);
  // The map's idle work after its first frame (useViewFrame's warmFrameCode: frames laid out and
  // painted off screen) done, so that what an input is counted with is the input's own.
  await expect.poll(() => page.evaluate(() => performance.getEntriesByName('mapscope:warm-frame').length), { timeout: 20_000 }).toBe(WARM_FRAMES);
  await nextFrame(page);
  return page;
}
