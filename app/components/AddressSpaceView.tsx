/**
 * The address-space view: toolbar, overview strip, the map, its legend and the hover tooltip (the
 * details of the selected region are the side column's: LoadedView). Takes the loaded file's
 * RegionTable and RegionIndex; the view state (scale, colouring, window, selection) lives in
 * app/state/view-store.ts.
 */
import { fitViewport } from '../../src/internal';
import { useLayoutEffect, useMemo } from 'react';
import type { RegionIndex, RegionTable } from '../../src/internal';
import { buildColoring } from '../paint/coloring';
import { useViewState, viewStore } from '../state/app-store';
import { useAnalysisOf } from '../state/module-index';
import { useViewActions } from '../hooks/useViewActions';
import { useComparisonOf } from '../hooks/useComparison';
import { useViewModel } from '../state/view-model';
import { useViewTheme } from '../hooks/useViewTheme';
import { AddressSpaceMap } from './AddressSpaceMap';
import { AddressSpaceToolbar } from './AddressSpaceToolbar';
import { Legend } from './Legend';
import { Overview } from './Overview';
import { ScaleSections } from './ScaleSections';
import { Tooltip } from './Tooltip';
import './AddressSpace.css';

export function AddressSpaceView({ table, index }: { table: RegionTable; index: RegionIndex }) {
  const store = viewStore;
  const model = useViewModel(table, index);
  const scaleMode = useViewState((s) => s.scaleMode);
  const colorMode = useViewState((s) => s.colorMode);
  const theme = useViewTheme();
  const scale = model.scale(scaleMode);
  // Module colouring is the parse worker's grouping (the Modules panel's); other modes never wait for it.
  const grouping = useAnalysisOf(table, colorMode === 'module');
  const coloring = useMemo(() => buildColoring(table, colorMode, theme, grouping, model.columnWidths()), [table, colorMode, theme, grouping, model]);
  const comparison = useComparisonOf(table);
  const actions = useViewActions(model, store);

  // A new file: show all of it, nothing selected — before the browser shows anything of it.
  useLayoutEffect(() => {
    store.set({ owner: model, viewport: fitViewport(model.scale(store.get().scaleMode)), selectedRow: -1, hover: null });
  }, [model, store]);

  return (
    <section className="address-space" aria-label="Address space">
      <AddressSpaceToolbar actions={actions} scale={scale} theme={theme} />
      <div className="address-space-body">
        <Overview model={model} scale={scale} coloring={coloring} theme={theme} />
        <ScaleSections scale={scale} variant="labels" />
        <AddressSpaceMap model={model} coloring={coloring} theme={theme} actions={actions} scaleMode={scaleMode} />
        <Legend coloring={coloring} compressed={scaleMode === 'compressed'} comparison={comparison} theme={theme} />
      </div>
      <Tooltip table={table} />
    </section>
  );
}
