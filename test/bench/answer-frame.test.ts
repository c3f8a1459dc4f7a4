import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { answerFrame } from './answer-frame';

const V = 1000 / 60;
/** Frame times on a 60 Hz grid from `first`, rounded to 0.1 ms as the page's timers are. */
const grid = (first: number, count: number, skip: number[] = []) =>
  Array.from({ length: count }, (_, k) => k)
    .filter((k) => !skip.includes(k))
    .map((k) => Math.round((first + k * V) * 10) / 10);

describe('answerFrame', () => {
  test.each([
    // [what, event ms, end of the answer frame's main-thread work, expected frame]
    ['the frame after the paste, its work done before its vsync', 4 + 100, 100 + V + 8, 1],
    ['a frame begun before the paste, run after its task', 2 + 100, 100 + 9, 0],
    ['the frame after that', 4 + 100, 100 + 2 * V + 5, 2],
    ['the next frame begun late (a long task) and its work past the vsync', 15 + 100, 100 + 2 * V + 3, 2],
  ])('%s', (_, eventMs, endMs, frame) => {
    expect(answerFrame(eventMs, endMs, grid(100 - 2 * V, 6))).toEqual({ frame, vsyncMs: expect.closeTo(V, 0) });
  });

  test('the vsync is the shortest interval: frames a busy main thread skipped do not lengthen it; two callbacks in one frame do not shorten it', () => {
    const times = grid(0, 8, [2, 3, 5]);
    expect(answerFrame(times[1] + 1, times[times.length - 1] + 3, [...times, times[times.length - 1]]).vsyncMs).toBeCloseTo(V, 0);
  });

  test('no frame before the event: no answer', () => {
    expect(answerFrame(10, 40, [16.7, 33.3]).frame).toBeNaN();
  });

  test('property: work that ends within frame k after the event is frame k', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: V - 0.1, noNaN: true }), fc.integer({ min: 1, max: 6 }), fc.double({ min: 0.3, max: V - 0.3, noNaN: true }), (phase, k, work) => {
        const times = grid(1000, 12);
        const frame0 = times[3];
        expect(answerFrame(frame0 + phase, frame0 + k * V + work, times).frame).toBe(k);
      }),
    );
  });
});
