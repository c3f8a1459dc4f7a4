import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { cpuToPaintedMs, stagesOf } from './load-stages';

describe('stagesOf', () => {
  test("gives back the stages a load's marks were made from", () => {
    // A load's marks as the page sees them: the worker's `parsing` message after it started and
    // read, `loaded` after it parsed, built the view and sent it, painted after the first frame.
    const ms = fc.double({ min: 0, max: 1e5, noNaN: true });
    fc.assert(
      fc.property(ms, ms, ms, ms, ms, ms, ms, ms, (dropMs, start, read, parse, index, layout, transfer, frame) => {
        const parsingMs = dropMs + start + read;
        const loadedMs = parsingMs + parse + index + layout + transfer;
        const paintedMs = loadedMs - dropMs + frame;
        const s = stagesOf(dropMs, paintedMs, { phases: { parsing: parsingMs }, loadedMs, timings: { read, parse, index, layout } });
        const expected = { startMs: start, readMs: read, parseMs: parse, viewMs: index + layout, transferMs: transfer, frameMs: frame };
        for (const [key, value] of Object.entries(expected)) expect(s[key as keyof typeof s], key).toBeCloseTo(value, 3);
      }),
    );
  });

  test('the start is the parsing message less the read; the transfer is what the workers did not time', () => {
    const s = stagesOf(100, 900, { phases: { reading: 150, parsing: 400 }, loadedMs: 800, timings: { read: 250, parse: 200, index: 50, layout: 100 } });
    expect(s).toEqual({ startMs: 50, readMs: 250, parseMs: 200, viewMs: 150, transferMs: 50, frameMs: 200 });
  });

  test('no `loaded` timings: NaN, not a figure', () => {
    expect(stagesOf(0, 10, { phases: {}, loadedMs: 0, timings: null }).readMs).toBeNaN();
  });
});

describe('cpuToPaintedMs', () => {
  const task = (pid: number, ts: number, tdur: number, name = 'ThreadControllerImpl::RunTask') => ({ name, ph: 'X', pid, ts, tdur });
  const drop = { name: 'bench:drop', ph: 'R', pid: 7, ts: 1000 };

  test("sums the thread time of the dropping renderer's tasks from the drop to painted, on any thread", () => {
    const events = [
      task(7, 500, 40), // before the drop
      drop,
      task(7, 1000, 3_000), // at the drop
      task(7, 4_000, 2_000), // another thread of the same renderer
      task(9, 4_000, 50_000), // another renderer
      task(7, 5_000, 9_000, 'EventDispatch'), // not a task
      task(7, 11_000, 1_000), // at painted
      task(7, 11_001, 70_000), // after painted
    ];
    expect(cpuToPaintedMs(events, 10)).toBe(6);
  });

  test('no drop mark: NaN', () => {
    expect(cpuToPaintedMs([task(7, 0, 1000)], 10)).toBeNaN();
  });
});
