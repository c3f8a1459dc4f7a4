/** Totals of a region table that the header shows, computed in the worker so the page never loops over rows. */
import type { RegionTable } from '../../src/internal';

const TWO_32 = 0x1_0000_0000;

/**
 * Sum of the regions' sizes (end - begin), exact. The high and low 32-bit differences are summed
 * separately as doubles — each sum stays below 2^53 for up to 2^20 rows of any size — and joined
 * as a bigint at the end, which is ~10x faster than a bigint addition per row.
 */
export function mappedBytes(table: RegionTable): bigint {
  const { beginHi, beginLo, endHi, endLo } = table.columns;
  let total = 0n;
  let hiSum = 0;
  let loSum = 0;
  for (let i = 0; i < table.length; i++) {
    hiSum += endHi[i] - beginHi[i];
    loSum += endLo[i] - beginLo[i];
    if ((i & 0xfffff) === 0xfffff) {
      total += BigInt(hiSum) * BigInt(TWO_32) + BigInt(loSum);
      hiSum = 0;
      loSum = 0;
    }
  }
  return total + BigInt(hiSum) * BigInt(TWO_32) + BigInt(loSum);
}
