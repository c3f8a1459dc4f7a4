/** The shown comparison (snapshot-set.ts), and what the map, the table and the details read of it. */
import { useMemo } from 'react';
import type { RegionTable } from '../../src/internal';
import { snapshotSetStore, useLoadedSlice } from '../state/app-store';
import { useStore } from '../state/create-store';
import { ALL_CHANGES, type Comparison } from '../state/snapshot-set';
import type { ViewModel } from '../state/view-model';
import { listRows, type TableRows } from '../state/table-order';
import { buildChangeMarks, type ChangeMarks } from '../paint/paint-changes';

/** The comparison whose table is `table`, or null (the shown file is no comparison, or not this table). */
export function useComparisonOf(table: RegionTable): Comparison | null {
  return useLoadedSlice((file) => (file.table === table ? file.comparison : null));
}

/** The map's change marks of `model`'s table when it is a comparison, built once in O(n); else null. */
export function useChangeMarks(model: ViewModel): ChangeMarks | null {
  const comparison = useComparisonOf(model.table);
  return useMemo(() => (comparison === null ? null : buildChangeMarks(comparison.change, model.sorted.rows)), [comparison, model]);
}

/** Which changes the region table lists (a bit per CHANGE code). */
export function useChangeFilter(): number {
  return useStore(snapshotSetStore, (s) => s.changeFilter);
}

/** Shows or hides one change in the region table. */
export function toggleChange(code: number): void {
  const filter = snapshotSetStore.get().changeFilter ^ (1 << code);
  snapshotSetStore.set({ changeFilter: filter });
}

/** The rows of `all` whose change the filter shows (all of them without a comparison or a filter). One pass, memoised. */
export function useChangeFilteredRows(all: TableRows, comparison: Comparison | null): TableRows {
  const filter = useChangeFilter();
  return useMemo(() => {
    if (comparison === null || filter === ALL_CHANGES) return all;
    const rows = listRows(all);
    const change = comparison.change;
    let n = 0;
    const out = new Uint32Array(rows.length);
    for (let i = 0; i < rows.length; i++) if (filter & (1 << change[rows[i]])) out[n++] = rows[i];
    return out.subarray(0, n);
  }, [all, comparison, filter]);
}
