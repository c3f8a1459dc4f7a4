/**
 * The selected row as what follows a selection reads it: changed in the task after the frame that
 * first shows the new selection (afterNextPaint), not in the input's own task. A paste's answer
 * (the lookup line, the pin and the selection's outline on the map) is what the next frame must
 * show; the Region details panel, rendered in the paste's task with it, held that task and that
 * frame's paint for its ~60 elements, and the answer missed its frame (issue 19: "address pasted →
 * result on screen: next frame").
 */
import { useEffect, useState } from 'react';
import { viewStore } from '../state/app-store';
import type { Store } from '../state/create-store';
import type { ViewState } from '../state/view-store';
import { afterNextPaint } from './after-paint';

/** `store`'s selected row, one frame behind a new selection (the latest of several in one frame); a cleared one (-1) at once. */
export function useSelectionAfterPaint(store: Store<ViewState> = viewStore): number {
  const [row, setRow] = useState(() => store.get().selectedRow);
  useEffect(() => {
    let wanted = store.get().selectedRow;
    setRow(wanted); // a change between the render and this effect
    let cancel: (() => void) | null = null;
    // Only a new selection schedules: the store changes in every frame of a zoom and every hover.
    const unsubscribe = store.subscribe(() => {
      const next = store.get().selectedRow;
      if (next === wanted) return;
      wanted = next;
      cancel?.();
      cancel = null;
      // A cleared selection applies at once: a new file (AddressSpaceView's layout effect) clears
      // it before its first paint, which must not show the old row's number read in the new table.
      if (next < 0) {
        setRow(next);
        return;
      }
      cancel = afterNextPaint(() => {
        cancel = null;
        setRow(wanted);
      });
    });
    return () => {
      unsubscribe();
      cancel?.();
    };
  }, [store]);
  return row;
}
