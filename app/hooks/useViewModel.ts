/**
 * The address-space view's model of one file: regions in address order, the level-of-detail index
 * and the two scales (each built on first use). Built once per file, in O(n); the builds are
 * User Timing measures (`mapscope:view-model`, `mapscope:view-scale-<mode>`).
 */
import { useMemo } from 'react';
import {
  buildLodIndex,
  createCompressedScale,
  createLinearScale,
  sortRegions,
  type AddressScale,
  type LodIndex,
  type RegionIndex,
  type RegionTable,
  type ScaleMode,
  type SortedRegions,
} from '../../src/index';

export interface ViewModel {
  readonly table: RegionTable;
  readonly index: RegionIndex;
  readonly sorted: SortedRegions;
  readonly lod: LodIndex;
  /** The scale of a mode, built the first time it is asked for. */
  scale(mode: ScaleMode): AddressScale;
  /** performance.now() when the model was made: the start of "parse finished → first frame". */
  readonly createdMs: number;
}

/** Builds the model of a loaded file. */
export function createViewModel(table: RegionTable, index: RegionIndex): ViewModel {
  const createdMs = performance.now();
  const sorted = sortRegions(table, index.order);
  const lod = buildLodIndex(sorted);
  performance.measure('mapscope:view-model', { start: createdMs });
  const scales = new Map<ScaleMode, AddressScale>();
  return {
    table,
    index,
    sorted,
    lod,
    createdMs,
    scale(mode) {
      let s = scales.get(mode);
      if (!s) {
        const startMs = performance.now();
        s = mode === 'linear' ? createLinearScale(sorted) : createCompressedScale(sorted);
        scales.set(mode, s);
        performance.measure(`mapscope:view-scale-${mode}`, { start: startMs });
      }
      return s;
    },
  };
}

const models = new WeakMap<RegionIndex, ViewModel>();

/** The model of `table` and `index`, rebuilt when they change; one per file, shared by every view of it (map, find bar, table). */
export function useViewModel(table: RegionTable, index: RegionIndex): ViewModel {
  return useMemo(() => {
    let model = models.get(index);
    if (model === undefined || model.table !== table) models.set(index, (model = createViewModel(table, index)));
    return model;
  }, [table, index]);
}
