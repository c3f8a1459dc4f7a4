/**
 * The explore column of LoadedView: the find bar, the address-space view, and the region table.
 * They share one view model, the view store's selection, and the find store's query and filter;
 * the URL fragment follows them (useUrlState).
 */
import { memo, useEffect } from 'react';
import { formatHex, type RegionIndex, type RegionTable as Table } from '../../src/internal';
import { applyLookup, useFindActions } from '../hooks/useFind';
import { findStore, useLoadedSlice } from '../state/app-store';
import { useUrlState } from '../hooks/useUrlState';
import { useViewModel } from '../state/view-model';
import { AddressSpaceView } from './AddressSpaceView';
import { CompareBar } from './CompareBar';
import { FindBar } from './FindBar';
import { RegionTable } from './RegionTable';
import './Find.css';

/**
 * The map does not depend on the find results (its find layer subscribes by itself): a keystroke
 * must not re-render it. Nor does this view: what shows the results (the count, the hint, the
 * table, the map's find layer) reads them itself, so that a keystroke re-renders only those.
 */
const AddressSpace = memo(AddressSpaceView);

/** True when keys typed go into a text field (n and N then type letters, not step matches). */
function typingIn(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/** `showTable` false: the region table's place is kept, empty (the app mounts the table a task after the map). */
export function ExploreView({ table, index, showTable = true }: { table: Table; index: RegionIndex; showTable?: boolean }) {
  const model = useViewModel(table, index);
  const actions = useFindActions(model);
  useUrlState(model, actions);
  // A crash artifact's fault address (its first address) is looked up at once — after the URL's
  // state is applied (above), which would clear it: the answer names its region, the map pins it.
  const artifact = useLoadedSlice((file) => file.artifact);
  useEffect(() => {
    const first = artifact?.addresses[0];
    if (first === undefined) return;
    const text = formatHex(first.address);
    findStore.set({ lookup: text });
    applyLookup(index, actions, text);
  }, [artifact, index, actions]);

  // n / N step through the matches (Enter / Shift+Enter in the search box do the same).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || typingIn(event.target) || document.querySelector('dialog[open]')) return;
      if (event.key === 'n' || event.key === 'N') {
        event.preventDefault();
        actions.step(event.key === 'n' ? 1 : -1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);

  return (
    <div className="explore">
      <FindBar index={index} actions={actions} />
      <AddressSpace table={table} index={index} />
      <CompareBar table={table} />
      {showTable ? <RegionTable index={index} actions={actions} /> : <section className="region-table" aria-label="Region table" aria-busy="true" />}
    </div>
  );
}
