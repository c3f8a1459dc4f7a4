/**
 * What the address-space view needs of a file that costs O(n) to build — the regions in address
 * order, the level-of-detail trees, the compressed scale and the landmarks — built by the parse
 * worker and transferred with the table, so that the page's first frame of a 262,144-region file
 * does not wait for ~60 ms of sorting and summing on the main thread (src/layout: sorted-regions,
 * level-of-detail, compressed-scale; each has its toData/fromData pair; landmarks are plain data).
 */
import {
  REGION_KINDS,
  addrFromHiLo,
  buildCompressedScaleData,
  buildLodData,
  findLandmarks,
  sortRegions,
  sortedRegionsToData,
  type CompressedScaleData,
  type Landmark,
  type LodIndexData,
  type RegionColumns,
  type RegionTable,
  type SortedRegionsData,
} from '../../src/internal';

/** The view's per-file arrays; structured-cloneable. */
export interface ViewData {
  sorted: SortedRegionsData;
  lod: LodIndexData;
  compressed: CompressedScaleData;
  columns: ColumnWidths;
  /** The map's landmarks (src/layout/landmarks.ts), in priority order. */
  landmarks: Landmark[];
}

/** Builds the view's arrays of `table`, whose rows ascend by begin in `order` (RegionIndex.order). */
export function buildViewData(table: RegionTable, order: Uint32Array): ViewData {
  const sorted = sortRegions(table, order);
  return { sorted: sortedRegionsToData(sorted), lod: buildLodData(sorted), compressed: buildCompressedScaleData(sorted), columns: measureColumns(table), landmarks: findLandmarks(sorted) };
}

/** The rows of each kind code (REGION_KINDS) and of each PERM_* value (0–15) of a table: what a kind or permission legend counts (app/paint/coloring.ts). */
export interface RowCounts {
  readonly kindCounts: readonly number[];
  readonly permsCounts: readonly number[];
}

/**
 * What the region table's column widths (app/components/region-columns.ts) and the map's kind and
 * permission legends (app/paint/coloring.ts, RowCounts) read of every row: measured here with the
 * view's arrays, so that the page's first render passes over none of the rows (at 4,194,304
 * regions: four passes, ~40 ms, for the widths, and ~100 ms classifying the rows for the colours).
 */
export interface ColumnWidths extends RowCounts {
  /** Hex digits of the largest end address, as formatHexPadded pads it (8 at least). */
  addressDigits: number;
  /** Hex digits of the largest file offset, padded the same way. */
  offsetDigits: number;
  /** Decimal digits of the largest inode. */
  inodeDigits: number;
  /** The kind codes (REGION_KINDS) of the table's rows, ascending. */
  kinds: number[];
}

/** The ColumnWidths of `table`, in one pass over its rows per column. */
export function measureColumns(table: RegionTable): ColumnWidths {
  const c = table.columns;
  const kindCounts = codeCounts(c.kind, table.length, REGION_KINDS.length);
  const kinds: number[] = [];
  for (let code = 0; code < kindCounts.length; code++) if (kindCounts[code] > 0) kinds.push(code);
  return {
    addressDigits: hexDigits(c.endHi, c.endLo, table.length),
    offsetDigits: hexDigits(c.offsetHi, c.offsetLo, table.length),
    inodeDigits: decimalDigits(c.inodeHi, c.inodeLo, table.length),
    kinds,
    kindCounts,
    permsCounts: codeCounts(c.perms, table.length, 16),
  };
}

/** How many of the first `n` values of a column of codes below `codes` are each code. */
function codeCounts(column: Uint8Array, n: number, codes: number): number[] {
  const counts = new Uint32Array(256);
  for (let i = 0; i < n; i++) counts[column[i]]++;
  return Array.from(counts.subarray(0, codes));
}

/** The widest text of the first `n` values of a 64-bit column of hi/lo halves, padded as formatHexPadded pads (8 digits at least). */
function hexDigits(hi: Uint32Array, lo: Uint32Array, n: number): number {
  let maxHi = 0;
  let maxLo = 0;
  for (let i = 0; i < n; i++) {
    if (hi[i] > maxHi) maxHi = hi[i];
    if (lo[i] > maxLo) maxLo = lo[i];
  }
  return maxHi > 0 ? 8 + maxHi.toString(16).length : Math.max(8, maxLo.toString(16).length);
}

/** The digits of the largest of the first `n` values of a 64-bit column of hi/lo halves, in decimal (one bigint, not one a row). */
function decimalDigits(hi: Uint32Array, lo: Uint32Array, n: number): number {
  let maxHi = 0;
  let maxLo = 0;
  for (let i = 0; i < n; i++) {
    if (hi[i] > maxHi) {
      maxHi = hi[i];
      maxLo = lo[i];
    } else if (hi[i] === maxHi && lo[i] > maxLo) maxLo = lo[i];
  }
  return addrFromHiLo(maxHi, maxLo).toString().length;
}

/** Every distinct ArrayBuffer under `data` (typed arrays at any depth), for a postMessage transfer list; a SharedArrayBuffer is shared, never transferred. */
export function typedArrayBuffers(data: unknown, into = new Set<ArrayBuffer>()): Set<ArrayBuffer> {
  if (ArrayBuffer.isView(data)) {
    if (data.buffer instanceof ArrayBuffer) into.add(data.buffer);
  } else if (data !== null && typeof data === 'object') for (const value of Object.values(data)) typedArrayBuffers(value, into);
  return into;
}

/** `table`'s columns, copied and cut to its length: what a worker transfers while keeping the table. */
export function copyColumns(table: RegionTable): RegionColumns {
  const columns = {} as Record<keyof RegionColumns, RegionColumns[keyof RegionColumns]>;
  for (const [name, column] of Object.entries(table.columns) as [keyof RegionColumns, RegionColumns[keyof RegionColumns]][]) {
    columns[name] = column.slice(0, table.length) as typeof column;
  }
  return columns as RegionColumns;
}
