/**
 * Exact sums of region sizes without a bigint addition per row. A size is end - begin; its high
 * and low 32-bit differences are summed separately as doubles, each exact while fewer than 2^20
 * rows have been added (2^20 * 2^32 = 2^52 < 2^53), and folded into a bigint every 2^20 rows.
 */
import type { RegionTable } from '../model/region-table.js';

const TWO_32 = 0x1_0000_0000n;
const FOLD_EVERY = 1 << 20;

/** A running exact sum of region sizes. */
export class ByteSum {
  private total = 0n;
  private hi = 0;
  private lo = 0;
  private pending = 0;

  /** Adds the size of `row` of the columns. */
  addRow(beginHi: Uint32Array, beginLo: Uint32Array, endHi: Uint32Array, endLo: Uint32Array, row: number): void {
    this.add(endHi[row] - beginHi[row], endLo[row] - beginLo[row]);
  }

  /** Adds a size given as the differences of its high and low halves (each may be negative). */
  add(hiDiff: number, loDiff: number): void {
    this.hi += hiDiff;
    this.lo += loDiff;
    if (++this.pending === FOLD_EVERY) this.fold();
  }

  /** The sum so far, in bytes. */
  value(): bigint {
    this.fold();
    return this.total;
  }

  /** The sum so far; starts again from zero. */
  take(): bigint {
    const value = this.value();
    this.total = 0n;
    return value;
  }

  private fold(): void {
    this.total += BigInt(this.hi) * TWO_32 + BigInt(this.lo);
    this.hi = 0;
    this.lo = 0;
    this.pending = 0;
  }
}

/** The sum of every region's size (end - begin) of `table`, exact: the mapped total. */
export function sumRegionSizes(table: RegionTable): bigint {
  const { beginHi, beginLo, endHi, endLo } = table.columns;
  const sum = new ByteSum();
  for (let row = 0; row < table.length; row++) sum.add(endHi[row] - beginHi[row], endLo[row] - beginLo[row]);
  return sum.value();
}
