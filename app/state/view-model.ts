/**
 * The address-space view's model of one file: regions in address order, the level-of-detail index,
 * the landmarks and the two scales (each built on first use). The parse worker builds the O(n) parts
 * (app/workers/view-data.ts) and the page only wraps them when the file arrives; the model is part
 * of the loaded file (store.ts). A model made without them builds them in O(n) (tests). The
 * builds are User Timing measures (`mapscope:view-model`, `mapscope:view-scale-<mode>`).
 */
import { useMemo } from 'react';
import {
  buildLodIndex,
  compressedScaleFromData,
  createCompressedScale,
  createLinearScale,
  findAddressSpaceShape,
  findLandmarks,
  prominentPositions,
  lodIndexFromData,
  sortRegions,
  sortedRegionsFromData,
  type AddressScale,
  type Landmark,
  type LodIndex,
  type RegionIndex,
  type RegionTable,
  type ScaleMode,
  type SortedRegions,
} from '../../src/internal';
import { measureColumns, type ColumnWidths, type ViewData } from '../workers/view-data';
import { useLoadedSlice } from './app-store';
import type { SortKey } from './find-store';
import { sortRowsBy } from './table-order';
import { createFindMemo, type FindMemo } from './find-results';

export interface ViewModel {
  readonly table: RegionTable;
  readonly index: RegionIndex;
  readonly sorted: SortedRegions;
  readonly lod: LodIndex;
  /** The landmarks the map always labels (src/layout/landmarks.ts), in priority order. */
  readonly landmarks: readonly Landmark[];
  /** The landmarks' positions that represent their pixel column (layoutFrame's `prominent`). */
  readonly prominent: Int32Array;
  /** The scale of a mode, built the first time it is asked for. */
  scale(mode: ScaleMode): AddressScale;
  /** The find results' memo of this file (find-results.ts). */
  readonly findMemo: FindMemo;
  /** Every row ascending by a region table column (ties by address), sorted the first time it is asked for (table-order.ts). */
  rowsBy(key: SortKey): Uint32Array;
  /** performance.now() when the model was made: the start of "parse finished → first frame". */
  readonly createdMs: number;
  /** What the region table's column widths read of every row (the worker's measure, else made on first use). */
  columnWidths(): ColumnWidths;
  /** The map's word on its first frame of this model (useViewFrame): `asked` when it will draw one, `drawn` once it has. */
  firstFrame(step: 'asked' | 'drawn'): void;
  /** Calls `fn` once the map has drawn its first frame of this model; at once if it has, or if no map asked for one. */
  afterFirstFrame(fn: () => void): void;
}

/** Builds the model of a loaded file, over the worker's arrays when given (O(1)), else in O(n). */
export function createViewModel(table: RegionTable, index: RegionIndex, data?: ViewData): ViewModel {
  const createdMs = performance.now();
  const sorted = data ? sortedRegionsFromData(table, data.sorted) : sortRegions(table, index.order);
  const lod = data ? lodIndexFromData(sorted, data.lod) : buildLodIndex(sorted);
  const landmarks = data ? data.landmarks : findLandmarks(sorted);
  const scales = new Map<ScaleMode, AddressScale>();
  const orders = new Map<SortKey, Uint32Array>();
  let widths = data?.columns;
  let first: 'none' | 'asked' | 'drawn' = 'none';
  const afterFirst: (() => void)[] = [];
  if (data) scales.set('compressed', compressedScaleFromData(sorted, data.compressed));
  performance.measure('mapscope:view-model', { start: createdMs });
  return {
    table,
    index,
    sorted,
    lod,
    landmarks,
    prominent: prominentPositions(landmarks),
    createdMs,
    findMemo: createFindMemo(),
    scale(mode) {
      let s = scales.get(mode);
      if (!s) {
        const startMs = performance.now();
        s = mode === 'linear' ? createLinearScale(sorted, findAddressSpaceShape(table)) : createCompressedScale(sorted);
        scales.set(mode, s);
        performance.measure(`mapscope:view-scale-${mode}`, { start: startMs });
      }
      return s;
    },
    columnWidths() {
      return (widths ??= measureColumns(table));
    },
    rowsBy(key) {
      let rows = orders.get(key);
      if (rows === undefined) orders.set(key, (rows = sortRowsBy(index, sorted.positionOfRow, key)));
      return rows;
    },
    firstFrame(step) {
      if (first === 'drawn') return;
      first = step;
      if (step === 'drawn') for (const fn of afterFirst.splice(0)) fn();
    },
    afterFirstFrame(fn) {
      if (first === 'asked') afterFirst.push(fn);
      else fn();
    },
  };
}

/**
 * The model of `table`: the loaded file's (the map, the find bar and the table share it), or —
 * for a table that is not the loaded file's, e.g. in the render that unmounts it — one built here.
 */
export function useViewModel(table: RegionTable, index: RegionIndex): ViewModel {
  const stored = useLoadedSlice((file) => file.view);
  return useMemo(() => (stored !== null && stored.table === table && stored.index === index ? stored : createViewModel(table, index)), [stored, table, index]);
}
