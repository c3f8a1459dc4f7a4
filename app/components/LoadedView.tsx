/**
 * The main view of a loaded file: the explore column (find bar, map, region table) and the side
 * column (Region details above the Understand panel), mounted in stages, each in a task of its own (useMountStages) — the map with
 * the file, the region table next, then the Understand panel and its analysis. Until the last
 * stage the view is aria-busy, and each part still to come holds its place, empty, so that the
 * map keeps its size.
 */
import { memo } from 'react';
import type { RegionIndex, RegionTable } from '../../src/internal';
import { useMountStages } from '../hooks/useMountStages';
import { useViewActions } from '../hooks/useViewActions';
import { viewStore } from '../state/app-store';
import { useViewModel } from '../state/view-model';
import { ExploreView } from './ExploreView';
import { RegionDetails } from './RegionDetails';
import { UnderstandPanel } from './UnderstandPanel';

/**
 * The staged main view of `table`. Memoised: the shell re-renders when the file's analysis or
 * diagnostics change, which this view's parts read from the store themselves.
 */
export const LoadedView = memo(function LoadedView({ table, index }: { table: RegionTable; index: RegionIndex }) {
  const stage = useMountStages(table, 2);
  const model = useViewModel(table, index);
  const actions = useViewActions(model, viewStore);
  // The side column, not a band under the map: on a 1280×720 or 1024×768 window a band has no
  // height left to give (a 20 px sliver at 1024×768), while a column beside the map and the table
  // is as tall as the window, and scrolls by itself. It keeps the map and the table their full
  // height and has room for more than one region's details (a comparison's before and after).
  return (
    <div className="understand-layout" aria-busy={stage < 2}>
      <ExploreView table={table} index={index} showTable={stage >= 1} />
      <div className="side-column">
        <RegionDetails model={model} actions={actions} />
        {stage >= 2 ? <UnderstandPanel table={table} index={index} /> : <aside className="understand" aria-label="Understand" aria-busy="true" />}
      </div>
    </div>
  );
});
