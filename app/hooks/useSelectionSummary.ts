/**
 * The Summary's figures for what the search and filter select, summed in the page's idle time
 * after the keystroke's frame is painted, in steps that stop where the idle time does: at a million
 * regions the sum takes tens of ms, and in the keystroke's own task (or in a deferred render the
 * browser ran before painting) it held the count, the map and the table back by 100–200 ms. The
 * answer is read a piece at a time (PositionSet.copyFrom), not listed whole: the list of a broad
 * answer and its rows were 8 bytes a match of fresh memory (977,397 matches at 1,048,576 regions:
 * ~1,000 more page faults and ~10 ms). Until the new sum is done the last one stays shown.
 */
import { useEffect, useMemo, useState } from 'react';
import { moduleFilesOf, startSelectionSummary, type RegionIndex, type RegionTable, type SelectionSummary, type SummaryGrouping } from '../../src/internal';
import { findResults, readMatchRows } from '../state/find-results';
import { findStore } from '../state/app-store';
import type { FindState } from '../state/find-store';
import { idleSliceEnd, whenIdle } from './idle';

type SelectionSumming = ReturnType<typeof startSelectionSummary>;

/** Selected rows summed per step (about a millisecond's work at most). */
const STEP_ROWS = 16_384;
/** An idle callback is run within 100 ms even when the page is never idle. */
const IDLE = { timeout: 100 };

/**
 * The summary of what the search and filter select on `index`'s file, or null when nothing narrows
 * the regions (and while the first sum of a file is under way). The find state is read from its
 * store, not from a render: a keystroke does not re-render the Summary; it re-renders once, when
 * the new figures are summed (or cleared), in idle time.
 */
export function useSelectionSummary(index: RegionIndex, grouping: SummaryGrouping): SelectionSummary | null {
  const table = index.table;
  // The modules' files once per file, not once a keystroke (21,429 modules at 262,144 regions):
  // the parse worker's (Analysis.files), made here only for a grouping that comes without them.
  const withFiles = useMemo(() => (grouping.files !== undefined ? grouping : { ...grouping, files: moduleFilesOf(grouping) }), [grouping]);
  const [shown, setShown] = useState<{ table: RegionTable; summary: SelectionSummary | null } | null>(null);
  useEffect(() => {
    let cancel = () => {};
    let asked: FindState | null = null;
    const start = () => {
      const state = findStore.get();
      if (asked !== null && asked.query === state.query && asked.perms === state.perms) return;
      asked = state;
      cancel();
      let summer: SelectionSumming | null = null;
      cancel = whenIdle(function steps(deadline) {
        const endMs = idleSliceEnd(deadline);
        if (summer === null) {
          // The keystroke's own results (kept in the file's memo), read after its frame.
          const results = findResults(index, state.query, state.perms);
          if (!results.queryActive && !results.filterActive) {
            setShown({ table, summary: null });
            return;
          }
          summer = startSelectionSummary(table, withFiles, readMatchRows(results));
        }
        while (!summer.step(STEP_ROWS)) {
          if (performance.now() >= endMs) {
            cancel = whenIdle(steps, IDLE);
            return;
          }
        }
        setShown({ table, summary: summer.result() });
      }, IDLE);
    };
    start();
    const unsubscribe = findStore.subscribe(start);
    return () => {
      unsubscribe();
      cancel();
    };
  }, [index, table, withFiles]);
  return shown !== null && shown.table === table ? shown.summary : null;
}
