/**
 * Keeps the URL fragment and the find/view state in step (app/state/url-state.ts): applies the
 * fragment when a file is shown and on Back/Forward, and writes changes back — a new history entry
 * when the query, filter, lookup, sort or selection changed (so Back undoes it), the same entry
 * when only the window moved (panning must not flood the history). A query is run only when this
 * tab has shown it: one the fragment brings otherwise (a link, a reload) waits in `linkQuery`
 * until the user runs it.
 */
import { useEffect } from 'react';
import { fitRange, fitViewport, viewportEnd, type RegionIndex, type ScaleMode, type Viewport } from '../../src/internal';
import { formatPermFilter } from '../state/find-store';
import { findStore } from '../state/app-store';
import { commitFragment, historyKey, readUrlState, writeUrlState, type UrlState } from '../state/url-state';
import { viewStore } from '../state/app-store';
import { applyLookup, type FindActions } from './useFind';
import type { ViewModel } from '../state/view-model';

/** Quiet time before a change is written to the URL. */
const WRITE_DELAY_MS = 400;

/** The current state as the URL carries it. */
function currentState(model: ViewModel): UrlState {
  const f = findStore.get();
  const v = viewStore.get();
  const scale = model.scale(v.scaleMode);
  const table = model.table;
  const whole = v.viewport === null || showsAll(model, v.viewport, v.scaleMode);
  return {
    // A link's query not yet run stays in the URL, so that reloading does not lose it.
    query: f.query !== '' || f.linkQuery === null ? f.query : f.linkQuery,
    perms: f.perms,
    hideFiltered: f.hideFiltered,
    lookup: f.lookup,
    sortKey: f.sortKey,
    sortDescending: f.sortDescending,
    selectedBegin: v.selectedRow >= 0 && v.selectedRow < table.length ? table.begin(v.selectedRow) : null,
    scaleMode: v.scaleMode === 'compressed' ? null : v.scaleMode,
    window: whole || v.viewport === null ? null : { begin: scale.addrOfU(v.viewport.startU), end: scale.addrOfU(viewportEnd(v.viewport)) },
  };
}

/** Sets the stores from `state`; its query runs only if it is one of `shownQueries`. */
function applyState(model: ViewModel, actions: FindActions, state: UrlState, shownQueries: ReadonlySet<string>): void {
  const current = findStore.get();
  const shown = state.query === '' || shownQueries.has(state.query);
  findStore.set({
    query: shown ? state.query : '',
    linkQuery: shown ? null : state.query,
    // The same filter keeps its object, so that cached results stay valid.
    perms: formatPermFilter(state.perms) === formatPermFilter(current.perms) ? current.perms : state.perms,
    hideFiltered: state.hideFiltered,
    lookup: state.lookup,
    sortKey: state.sortKey,
    sortDescending: state.sortDescending,
    currentMatch: -1,
  });
  const index: RegionIndex = model.index;
  const view = viewStore.get();
  const scaleMode = state.scaleMode ?? 'compressed';
  const scale = model.scale(scaleMode);
  const selectedRow = state.selectedBegin === null ? -1 : index.findRow(state.selectedBegin);
  if (state.window !== null) {
    viewStore.set({ scaleMode, selectedRow, viewport: fitRange(scale.domain, scale.uOfAddr(state.window.begin), scale.uOfAddr(state.window.end)) });
    return;
  }
  // The whole file; a view that already shows it (a file just opened) is left as it is.
  if (view.scaleMode !== scaleMode || view.viewport === null || !showsAll(model, view.viewport, scaleMode)) viewStore.set({ scaleMode, viewport: fitViewport(scale) });
  viewStore.set({ selectedRow });
  if (selectedRow >= 0) actions.select(selectedRow);
  else applyLookup(index, actions, state.lookup);
}

/** True when `v` shows every region of the file. */
function showsAll(model: ViewModel, v: Viewport, mode: ScaleMode): boolean {
  const scale = model.scale(mode);
  return v.startU <= scale.fitStartU && viewportEnd(v) >= scale.fitEndU;
}

/** Syncs the URL fragment with the state of the file shown by `model`. */
export function useUrlState(model: ViewModel, actions: FindActions): void {
  useEffect(() => {
    // The queries this tab has shown the user: the one in the box (the previous file's, kept), and
    // every one that has been in the box since; Back and Forward run those without asking.
    const shownQueries = new Set([findStore.get().query]);
    // This file is shown: the fragment describes it (a reload, a bookmark, or the previous file's state).
    applyState(model, actions, readUrlState(location.hash), shownQueries);
    let written = historyKey(currentState(model));
    let timer = 0;
    const write = () => {
      timer = 0;
      const state = currentState(model);
      const hash = writeUrlState(location.hash, state);
      if ('#' + hash === location.hash || (hash === '' && location.hash === '')) return;
      const key = historyKey(state);
      commitFragment(hash, key !== written);
      written = key;
    };
    const schedule = () => {
      if (timer !== 0) clearTimeout(timer);
      timer = window.setTimeout(write, WRITE_DELAY_MS);
    };
    let lastView = viewStore.get();
    const unsubscribeView = viewStore.subscribe(() => {
      const v = viewStore.get();
      // Hover changes all the time and is not part of the URL.
      if (v.selectedRow !== lastView.selectedRow || v.viewport !== lastView.viewport || v.scaleMode !== lastView.scaleMode) schedule();
      lastView = v;
    });
    const unsubscribeFind = findStore.subscribe(() => {
      shownQueries.add(findStore.get().query); // typed, or run from the link: in the box, so seen
      schedule();
    });
    const onPop = () => {
      if (timer !== 0) clearTimeout(timer);
      timer = 0;
      const state = readUrlState(location.hash);
      applyState(model, actions, state, shownQueries);
      written = historyKey(state);
    };
    window.addEventListener('popstate', onPop);
    return () => {
      unsubscribeView();
      unsubscribeFind();
      window.removeEventListener('popstate', onPop);
      // A change not yet written is dropped: the next file must not inherit this one's selection.
      if (timer !== 0) clearTimeout(timer);
    };
  }, [model, actions]);
}
