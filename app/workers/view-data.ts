/**
 * What the address-space view needs of a file that costs O(n) to build — the regions in address
 * order, the level-of-detail trees and the compressed scale — built by the parse worker and
 * transferred with the table, so that the page's first frame of a 262,144-region file does not
 * wait for ~60 ms of sorting and summing on the main thread (src/layout: sorted-regions,
 * level-of-detail, compressed-scale; each has its toData/fromData pair).
 */
import {
  buildCompressedScaleData,
  buildLodData,
  sortRegions,
  sortedRegionsToData,
  type CompressedScaleData,
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
}

/** Builds the view's arrays of `table`, whose rows ascend by begin in `order` (RegionIndex.order). */
export function buildViewData(table: RegionTable, order: Uint32Array): ViewData {
  const sorted = sortRegions(table, order);
  return { sorted: sortedRegionsToData(sorted), lod: buildLodData(sorted), compressed: buildCompressedScaleData(sorted) };
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
