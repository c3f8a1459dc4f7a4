/** The map's change marks (app/paint/paint-changes.ts): each prefix count agrees with a count over the address order (property). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildChangeMarks } from '../../../app/paint/paint-changes';
import { CHANGE } from '../../../app/workers/compare-table';

describe('change marks', () => {
  it('counts each change among the first k regions in address order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 200 }), fc.nat(), (codes, seed) => {
        const change = Uint8Array.from(codes);
        const rows = Uint32Array.from(codes.map((_, i) => i).sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101) || a - b));
        const marks = buildChangeMarks(change, rows);
        for (let k = 0; k <= rows.length; k++) {
          const first = [...rows.subarray(0, k)].map((r) => change[r]);
          expect(marks.added[k]).toBe(first.filter((c) => c === CHANGE.added).length);
          expect(marks.removed[k]).toBe(first.filter((c) => c === CHANGE.removed).length);
          expect(marks.changed[k]).toBe(first.filter((c) => c === CHANGE.changed).length);
        }
      }),
    );
  });
});
