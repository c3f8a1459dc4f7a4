/**
 * Adapters between the find store and React / the map: the current results, the map's find
 * layer, and the actions that move the view — select a row and bring it into view, step through
 * the matches, pan to a looked-up address.
 */
import { useMemo } from 'react';
import { fitRange, viewportEnd, type RegionIndex } from '../../src/internal';
import type { FindPaint } from '../paint/paint-find';
import { findResults, lookupAnswer, type FindResults } from '../state/find-results';
import { findStore, useFindState, viewStore } from '../state/app-store';
import { useModuleIndex } from '../state/module-index';
import { useViewActions } from './useViewActions';
import type { ViewModel } from '../state/view-model';

/** The find results of the current query and filter on `index`. */
export function useFindResults(index: RegionIndex): FindResults {
  const query = useFindState((s) => s.query);
  const perms = useFindState((s) => s.perms);
  return findResults(index, query, perms);
}

/** The map's find layer, or null when there is nothing to draw. */
export function useFindPaint(index: RegionIndex): FindPaint | null {
  const results = useFindResults(index);
  const hide = useFindState((s) => s.hideFiltered);
  const lookup = useFindState((s) => s.lookup);
  const moduleIndex = useModuleIndex(index); // a name+offset pin appears when the modules do
  const answer = lookup.trim() === '' ? null : lookupAnswer(index, lookup, moduleIndex.status === 'ready' ? moduleIndex.modules : null);
  const markAddr = answer?.input.ok ? answer.input.address : null;
  return useMemo(() => {
    if (!results.filterActive && !results.queryActive && markAddr === null) return null;
    return {
      // Search and filter are one selection: the matches are the filter's rows the search keeps.
      selected: results.filterActive || results.queryActive ? results.matchSet : null,
      bars: results.queryActive,
      hide,
      markAddr,
    };
  }, [results, hide, markAddr]);
}

export interface FindActions {
  /** Selects a row (in the map and the table) and pans the map to it when it is out of view. */
  select(row: number): void;
  /** Selects the next (+1) or previous (-1) match after the selection, wrapping around. */
  step(delta: 1 | -1): void;
  /** Pans the map so that `addr` is in view (centred when it was not). */
  revealAddress(addr: bigint): void;
}

/** The find actions on the view `model`. */
export function useFindActions(model: ViewModel): FindActions {
  const view = useViewActions(model, viewStore);
  return useMemo(() => {
    const index = model.index;
    return {
      select(row) {
        view.selectAndReveal(row);
      },
      step(delta) {
        const { query, perms } = findStore.get();
        const { matches } = findResults(index, query, perms);
        if (matches.length === 0) return;
        // From the selection: the first match after it (or before it, stepping back), by address.
        const selected = viewStore.get().selectedRow;
        const position = model.sorted.positionOfRow;
        let next: number;
        if (selected < 0) next = delta > 0 ? 0 : matches.length - 1;
        else {
          const at = position[selected];
          let lo = 0;
          let hi = matches.length;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (position[matches[mid]] <= at) lo = mid + 1;
            else hi = mid;
          }
          // lo: first match after the selection; a selected match is lo - 1.
          next = delta > 0 ? lo : matches[lo - 1] === selected ? lo - 2 : lo - 1;
          next = (next + matches.length) % matches.length;
        }
        findStore.set({ currentMatch: next });
        view.selectAndReveal(matches[next]);
      },
      revealAddress(addr) {
        const state = viewStore.get();
        const scale = model.scale(state.scaleMode);
        const u = scale.uOfAddr(addr);
        const v = state.viewport;
        if (v !== null && u >= v.startU && u < viewportEnd(v)) return;
        const half = v !== null ? v.spanU / 2n : (scale.domain.endU - scale.domain.startU) / 2n;
        viewStore.set({ viewport: fitRange(scale.domain, u - half, u + half) });
      },
    };
  }, [model, view]);
}

/** Looks up `text`, pans to the address and selects the region holding it (or clears the selection). */
export function applyLookup(index: RegionIndex, actions: FindActions, text: string): void {
  findStore.set({ waitingLookup: null });
  if (text.trim() === '') return;
  const answer = lookupAnswer(index, text);
  if (answer.waiting) findStore.set({ waitingLookup: { index, text } });
  if (!answer.input.ok || answer.result === null) return;
  if (answer.result.mapped) viewStore.set({ selectedRow: answer.result.row });
  else viewStore.set({ selectedRow: -1 });
  actions.revealAddress(answer.input.address);
}

/** Applies a lookup that waited for the module index, if it is still the one typed. */
export function retryWaitingLookup(index: RegionIndex, actions: FindActions): void {
  const waiting = findStore.get().waitingLookup;
  if (waiting === null || waiting.index !== index || findStore.get().lookup !== waiting.text) return;
  applyLookup(index, actions, waiting.text);
}
