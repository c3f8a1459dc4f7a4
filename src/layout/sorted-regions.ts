/**
 * The regions of a table in address order, as flat typed arrays: what every scale and the
 * level-of-detail walk read per frame. Built once per file in O(n) from a row order sorted by
 * begin (RegionIndex.order), so nothing here sorts or touches a bigint per region.
 *
 * 64-bit values stay (hi, lo) unsigned 32-bit halves; the only doubles are approximate sizes
 * (sizeApproxAt, from the halves when asked), used to rank regions (which one represents a pixel
 * column), never shown as a number.
 */
import type { RegionTable } from '../model/region-table.js';
import { PERM_EXEC, PERM_WRITE } from '../model/permissions.js';

const TWO_32 = 4294967296;

/** Flag bit: the region is writable and executable at once (a classic hardening lint). */
export const FLAG_WX = 1;
const WRITE_EXEC = PERM_WRITE | PERM_EXEC;

/** A table's regions in ascending begin order. Position `k` is the k-th region by address. */
export interface SortedRegions {
  readonly table: RegionTable;
  readonly count: number;
  /** Table row of position k. */
  readonly rows: Uint32Array;
  /** Position of each table row (the inverse of `rows`). */
  readonly positionOfRow: Uint32Array;
  readonly beginHi: Uint32Array;
  readonly beginLo: Uint32Array;
  readonly endHi: Uint32Array;
  readonly endLo: Uint32Array;
  /**
   * Running maximum of `end` over positions 0..k. Equal to `end` in a real maps file; larger
   * when an edited file has a region inside an earlier one, and then it bounds the next gap.
   */
  readonly reachHi: Uint32Array;
  readonly reachLo: Uint32Array;
  /** FLAG_* bits per position. */
  readonly flags: Uint8Array;
}

/**
 * A SortedRegions without its table: plain typed arrays, structured-cloneable, so that a worker
 * can sort and a page re-attach (sortedRegionsFromData). Arrays that are the table's own columns
 * (a file in address order) stay the same objects when table and data travel in one message:
 * structured clone copies an object reachable twice only once (HTML, StructuredSerializeInternal's memory).
 */
export type SortedRegionsData = Omit<SortedRegions, 'table'>;

/** The arrays of `r`, for postMessage. */
export function sortedRegionsToData(r: SortedRegions): SortedRegionsData {
  const { table: _table, ...data } = r;
  return data;
}

/** Re-attaches sortedRegionsToData's arrays to their table; throws when they do not fit it. */
export function sortedRegionsFromData(table: RegionTable, data: SortedRegionsData): SortedRegions {
  const n = table.length;
  const { rows, positionOfRow, beginHi, beginLo, endHi, endLo, reachHi, reachLo, flags } = data;
  const arrays = [rows, positionOfRow, beginHi, beginLo, endHi, endLo, reachHi, reachLo, flags];
  if (data.count !== n || !arrays.every((a) => a.length === n)) throw new RangeError('sorted-regions data does not match the table');
  return { table, count: n, rows, positionOfRow, beginHi, beginLo, endHi, endLo, reachHi, reachLo, flags };
}

/** True when `order` is 0, 1, 2, …: the file was already in address order (a real maps file). */
function isIdentity(order: Uint32Array): boolean {
  for (let k = 0; k < order.length; k++) if (order[k] !== k) return false;
  return true;
}

/** `column` permuted by `order`. */
function gather(column: Uint32Array, order: Uint32Array): Uint32Array {
  const out = new Uint32Array(order.length);
  for (let k = 0; k < order.length; k++) out[k] = column[order[k]];
  return out;
}

/**
 * Builds the address-ordered view of `table`; `order` lists every row ascending by begin. In a
 * sorted file (the usual case) positions are rows, and the table's own columns are shared.
 * `identity`: whether `order` is 0, 1, 2, … (RegionIndex.inFileOrder), when the caller knows.
 */
export function sortRegions(table: RegionTable, order: Uint32Array, identity = isIdentity(order)): SortedRegions {
  const n = table.length;
  if (order.length !== n) throw new RangeError(`order has ${order.length} rows, the table ${n}`);
  const c = table.columns;
  const beginHi = identity ? c.beginHi : gather(c.beginHi, order);
  const beginLo = identity ? c.beginLo : gather(c.beginLo, order);
  const endHi = identity ? c.endHi : gather(c.endHi, order);
  const endLo = identity ? c.endLo : gather(c.endLo, order);
  let positionOfRow = order;
  if (!identity) {
    positionOfRow = new Uint32Array(n);
    for (let k = 0; k < n; k++) positionOfRow[order[k]] = k;
  }
  const flags = new Uint8Array(n);
  const perms = c.perms;
  // The running maximum of `end` equals `end` itself while ends ascend (a real file): then the
  // arrays are shared, else written out.
  let reachHi = endHi;
  let reachLo = endLo;
  let runHi = 0;
  let runLo = 0;
  for (let k = 0; k < n; k++) {
    const eh = endHi[k];
    const el = endLo[k];
    if (eh > runHi || (eh === runHi && el >= runLo)) {
      runHi = eh;
      runLo = el;
    } else if (reachHi === endHi) {
      reachHi = endHi.slice();
      reachLo = endLo.slice();
    }
    if (reachHi !== endHi) {
      reachHi[k] = runHi;
      reachLo[k] = runLo;
    }
    const p = perms[identity ? k : order[k]];
    if ((p & WRITE_EXEC) === WRITE_EXEC) flags[k] = FLAG_WX;
  }
  return { table, count: n, rows: order, positionOfRow, beginHi, beginLo, endHi, endLo, reachHi, reachLo, flags };
}

/**
 * end - begin of position k as the nearest double: for ranking only. Made from the halves when
 * asked, not kept: an array of them was 32 MB at 4,194,304 regions, written once in the view
 * build and held by the page for the file's life, where ranking reads a few per pixel column.
 */
export function sizeApproxAt(r: Pick<SortedRegions, 'beginHi' | 'beginLo' | 'endHi' | 'endLo'>, k: number): number {
  // One rounding of an exact value: (eh - bh) * 2^32 and (el - bl) are both exact doubles.
  return (r.endHi[k] - r.beginHi[k]) * TWO_32 + (r.endLo[k] - r.beginLo[k]);
}

/** Exact begin of position k. */
export function beginAt(r: SortedRegions, k: number): bigint {
  return (BigInt(r.beginHi[k]) << 32n) | BigInt(r.beginLo[k]);
}

/** Exact end of position k. */
export function endAt(r: SortedRegions, k: number): bigint {
  return (BigInt(r.endHi[k]) << 32n) | BigInt(r.endLo[k]);
}

/** Exact running-maximum end at position k. */
export function reachAt(r: SortedRegions, k: number): bigint {
  return (BigInt(r.reachHi[k]) << 32n) | BigInt(r.reachLo[k]);
}
