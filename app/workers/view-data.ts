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
  type RegionIndex,
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

/** Builds the view's arrays of `table` from its index (whose order is the rows' address order, found once there). */
export function buildViewData(table: RegionTable, index: RegionIndex): ViewData {
  const sorted = sortRegions(table, index.order, index.inFileOrder);
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

/**
 * The ColumnWidths of `table`, in one pass over its rows: the largest end, offset and inode (as
 * hi/lo halves: the hex widths need each half's maximum, the decimal one the largest value) and
 * the count of each kind and permission value (six passes were ~100 ms at 4,194,304 regions).
 */
export function measureColumns(table: RegionTable): ColumnWidths {
  const { endHi, endLo, offsetHi, offsetLo, inodeHi, inodeLo, kind, perms } = table.columns;
  const n = table.length;
  const kindCounts = new Uint32Array(256);
  const permsCounts = new Uint32Array(256);
  let endHiMax = 0, endLoMax = 0, offsetHiMax = 0, offsetLoMax = 0, inodeHiMax = 0, inodeLoMax = 0;
  for (let i = 0; i < n; i++) {
    kindCounts[kind[i]]++;
    permsCounts[perms[i]]++;
    if (endHi[i] > endHiMax) endHiMax = endHi[i];
    if (endLo[i] > endLoMax) endLoMax = endLo[i];
    if (offsetHi[i] > offsetHiMax) offsetHiMax = offsetHi[i];
    if (offsetLo[i] > offsetLoMax) offsetLoMax = offsetLo[i];
    const ih = inodeHi[i];
    if (ih > inodeHiMax) {
      inodeHiMax = ih;
      inodeLoMax = inodeLo[i];
    } else if (ih === inodeHiMax && inodeLo[i] > inodeLoMax) inodeLoMax = inodeLo[i];
  }
  const kinds: number[] = [];
  for (let code = 0; code < REGION_KINDS.length; code++) if (kindCounts[code] > 0) kinds.push(code);
  return {
    addressDigits: hexDigits(endHiMax, endLoMax),
    offsetDigits: hexDigits(offsetHiMax, offsetLoMax),
    inodeDigits: addrFromHiLo(inodeHiMax, inodeLoMax).toString().length,
    kinds,
    kindCounts: Array.from(kindCounts.subarray(0, REGION_KINDS.length)),
    permsCounts: Array.from(permsCounts.subarray(0, 16)),
  };
}

/** The text width of a 64-bit column whose halves' maxima are `maxHi` and `maxLo`, padded as formatHexPadded pads (8 digits at least). */
function hexDigits(maxHi: number, maxLo: number): number {
  return maxHi > 0 ? 8 + maxHi.toString(16).length : Math.max(8, maxLo.toString(16).length);
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
