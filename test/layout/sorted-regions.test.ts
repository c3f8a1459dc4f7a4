import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sizeApproxAt } from '../../src/layout/sorted-regions';
import { arbMessySpecs, tableOf } from '../query/table-fixtures';
import { sortedOf } from './layout-fixtures';

describe('sizeApproxAt', () => {
  it('is end - begin rounded once to the nearest double, for any 64-bit region (property)', () => {
    fc.assert(
      fc.property(arbMessySpecs, (specs) => {
        const table = tableOf(specs);
        const sorted = sortedOf(table);
        for (let k = 0; k < sorted.count; k++) {
          const row = sorted.rows[k];
          // Number(bigint) rounds to the nearest double (ties to even): the exact size, rounded once.
          expect(sizeApproxAt(sorted, k)).toBe(Number(table.end(row) - table.begin(row)));
        }
      }),
    );
  });
});
