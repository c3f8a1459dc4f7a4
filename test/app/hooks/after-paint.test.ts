/**
 * writeWhenSettled (app/hooks/after-paint.ts): `write` runs at once, then once after each stretch
 * of changes, when the store has been still for SETTLE_MS — never while it changes, and not again
 * without a change. It keeps one timer: a zoom's wheel events (a change a frame) do not each clear
 * and set one.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SETTLE_MS, writeWhenSettled } from '../../../app/hooks/after-paint';

function fakeStore() {
  const listeners = new Set<() => void>();
  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    change: () => listeners.forEach((l) => l()),
  };
}

describe('writeWhenSettled', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    vi.stubGlobal('window', globalThis);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('writes once the store has been still for SETTLE_MS after each stretch of changes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 * SETTLE_MS }), { minLength: 1, maxLength: 40 }), (gaps) => {
        const t0 = performance.now();
        const store = fakeStore();
        const writes: number[] = [];
        const cancel = writeWhenSettled(store, () => writes.push(performance.now() - t0));
        expect(writes).toEqual([0]);
        // A change after each gap; what must be written: one write SETTLE_MS after the last change of each stretch.
        const changes: number[] = [];
        for (const gap of gaps) {
          vi.advanceTimersByTime(gap);
          changes.push(performance.now() - t0);
          store.change();
        }
        vi.advanceTimersByTime(2 * SETTLE_MS);
        const expected = [0, ...changes.filter((t, i) => i === changes.length - 1 || changes[i + 1] - t >= SETTLE_MS).map((t) => t + SETTLE_MS)];
        // A write that falls when the next change is due may come before or after it: compare by time.
        expect(writes).toEqual(expected);
        cancel();
      }),
      { numRuns: 200 },
    );
  });

  it('sets a handful of timers, not one per change, for a change every frame', () => {
    const store = fakeStore();
    const writes: number[] = [];
    const set = vi.spyOn(globalThis, 'setTimeout');
    const cancel = writeWhenSettled(store, () => writes.push(performance.now()));
    for (let i = 0; i < 120; i++) {
      store.change();
      vi.advanceTimersByTime(16);
    }
    vi.advanceTimersByTime(SETTLE_MS);
    expect(writes.length).toBe(2);
    // 120 changes over ~1.9 s: about one timer per SETTLE_MS, not 120.
    expect(set.mock.calls.length).toBeLessThanOrEqual(Math.ceil((120 * 16) / SETTLE_MS) + 2);
    cancel();
  });

  it('writes nothing after it is cancelled', () => {
    const store = fakeStore();
    let writes = 0;
    const cancel = writeWhenSettled(store, () => writes++);
    store.change();
    cancel();
    vi.advanceTimersByTime(2 * SETTLE_MS);
    expect(writes).toBe(1);
  });
});
