/**
 * The main view of a loaded file: the explore column (find bar, map, region table) and the
 * Understand panel, mounted in stages, each in a task of its own (useMountStages) — the map with
 * the file, the region table next, then the Understand panel and its analysis. Until the last
 * stage the view is aria-busy, and each part still to come holds its place, empty, so that the
 * map keeps its size.
 */
import { memo } from 'react';
import type { RegionIndex, RegionTable } from '../../src/internal';
import { useMountStages } from '../hooks/useMountStages';
import { ExploreView } from './ExploreView';
import { UnderstandPanel } from './UnderstandPanel';

/**
 * The staged main view of `table`. Memoised: the shell re-renders when the file's analysis or
 * diagnostics change, which this view's parts read from the store themselves.
 */
export const LoadedView = memo(function LoadedView({ table, index }: { table: RegionTable; index: RegionIndex }) {
  const stage = useMountStages(table, 2);
  return (
    <div className="understand-layout" aria-busy={stage < 2}>
      <ExploreView table={table} index={index} showTable={stage >= 1} />
      {stage >= 2 ? <UnderstandPanel table={table} index={index} /> : <aside className="understand" aria-label="Understand" aria-busy="true" />}
    </div>
  );
});
