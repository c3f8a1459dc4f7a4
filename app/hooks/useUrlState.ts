/**
 * Keeps the URL's view choices (scale, colouring: nothing from the file; app/state/url-state.ts)
 * in step with the view, and applies a view that waits for the file just shown — a share link's,
 * or an older mapscope's link's (app/state/pending-view.ts). The selection, the window, queries
 * and lookups stay in memory: they never reach the address bar or the history. A choice replaces
 * the current history entry, so Back and Forward never carry one file's state to another.
 *
 * A view's query is shown, not run (issue 13: a link's regex once froze the tab): it waits in
 * `linkQuery` until the user runs it. Searches run on re2js, linear in the text, so a shared regex
 * could not freeze the tab anyway; not running what a stranger typed keeps the user in charge.
 */
import { useEffect } from 'react';
import { fitRange, fitViewport, viewportEnd, type ScaleMode, type Viewport } from '../../src/internal';
import { formatPermFilter } from '../state/find-store';
import { findStore, getLoadedFile, viewStore } from '../state/app-store';
import { takePendingView } from '../state/pending-view';
import { commitFragment, readShellFragment, readUrlChoices, writeUrlChoices, type UrlChoices } from '../state/url-state';
import type { ViewSnapshot } from '../state/view-codec';
import { applyLookup, type FindActions } from './useFind';
import type { ViewModel } from '../state/view-model';

/** The view of `model`'s file as it is shown now (for a share link or an export). */
export function captureView(model: ViewModel): ViewSnapshot {
  const f = findStore.get();
  const v = viewStore.get();
  const scale = model.scale(v.scaleMode);
  const table = model.table;
  const whole = v.viewport === null || showsAll(model, v.viewport, v.scaleMode);
  return {
    // A link's query not yet run is part of the view shown.
    query: f.query !== '' || f.linkQuery === null ? f.query : f.linkQuery,
    perms: f.perms,
    hideFiltered: f.hideFiltered,
    lookup: f.lookup,
    sortKey: f.sortKey,
    sortDescending: f.sortDescending,
    selectedBegin: v.selectedRow >= 0 && v.selectedRow < table.length ? table.begin(v.selectedRow) : null,
    scaleMode: v.scaleMode === 'compressed' ? null : v.scaleMode,
    colorMode: v.colorMode === 'kind' ? null : v.colorMode,
    window: whole || v.viewport === null ? null : { begin: scale.addrOfU(v.viewport.startU), end: scale.addrOfU(viewportEnd(v.viewport)) },
  };
}

/** Sets the stores from `view`; its query is shown and not run (linkQuery). */
export function applyView(model: ViewModel, actions: FindActions, view: ViewSnapshot): void {
  const current = findStore.get();
  findStore.set({
    query: '',
    linkQuery: view.query === '' ? null : view.query,
    // The same filter keeps its object, so that cached results stay valid.
    perms: formatPermFilter(view.perms) === formatPermFilter(current.perms) ? current.perms : view.perms,
    hideFiltered: view.hideFiltered,
    lookup: view.lookup,
    sortKey: view.sortKey,
    sortDescending: view.sortDescending,
    currentMatch: -1,
  });
  const index = model.index;
  const scaleMode = view.scaleMode ?? 'compressed';
  const scale = model.scale(scaleMode);
  const selectedRow = view.selectedBegin === null ? -1 : index.findRow(view.selectedBegin);
  viewStore.set({ colorMode: view.colorMode ?? 'kind' });
  if (view.window !== null) {
    viewStore.set({ scaleMode, selectedRow, viewport: fitRange(scale.domain, scale.uOfAddr(view.window.begin), scale.uOfAddr(view.window.end)) });
    return;
  }
  applyChoices(model, { scaleMode, colorMode: view.colorMode });
  viewStore.set({ selectedRow });
  if (selectedRow >= 0) actions.select(selectedRow);
  else applyLookup(index, actions, view.lookup);
}

/** Sets the scale and colouring; a new scale shows the whole file. */
function applyChoices(model: ViewModel, choices: UrlChoices): void {
  const scaleMode = choices.scaleMode ?? 'compressed';
  const view = viewStore.get();
  viewStore.set({ colorMode: choices.colorMode ?? 'kind' });
  if (view.scaleMode !== scaleMode) viewStore.set({ scaleMode, viewport: fitViewport(model.scale(scaleMode)) });
}

/** True when `v` shows every region of the file. */
function showsAll(model: ViewModel, v: Viewport, mode: ScaleMode): boolean {
  const scale = model.scale(mode);
  return v.startU <= scale.fitStartU && viewportEnd(v) >= scale.fitEndU;
}

/** Syncs the URL's view choices with the view of the file shown by `model`, and applies a view waiting for it. */
export function useUrlState(model: ViewModel, actions: FindActions): void {
  useEffect(() => {
    const file = getLoadedFile();
    const pending = file.view === model ? takePendingView(file.jobId) : null;
    if (pending !== null) applyView(model, actions, pending);
    else applyChoices(model, readUrlChoices(location.hash));
    const write = () => {
      // A share link's fragment is the link the user opened: left as it is.
      const shell = readShellFragment();
      if (shell !== null && 'share' in shell) return;
      const v = viewStore.get();
      const hash = writeUrlChoices(location.hash, { scaleMode: v.scaleMode, colorMode: v.colorMode });
      if ('#' + hash !== location.hash && !(hash === '' && location.hash === '')) commitFragment(hash);
    };
    write(); // an older link's file-derived keys leave the address bar now
    let last = viewStore.get();
    const unsubscribe = viewStore.subscribe(() => {
      const v = viewStore.get();
      if (v.scaleMode !== last.scaleMode || v.colorMode !== last.colorMode) write();
      last = v;
    });
    const onPop = () => applyChoices(model, readUrlChoices(location.hash));
    window.addEventListener('popstate', onPop);
    return () => {
      unsubscribe();
      window.removeEventListener('popstate', onPop);
    };
  }, [model, actions]);
}
