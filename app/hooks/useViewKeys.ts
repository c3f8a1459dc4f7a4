/**
 * Keyboard control of the address-space map (while it has focus): + and - zoom, 0 resets, the
 * arrow keys move the selection to the previous or next region (or pan when nothing is selected;
 * Shift+arrow always pans), f fits the view to the selection, Escape clears it.
 */
import { useCallback, type KeyboardEvent } from 'react';
import type { ViewStore } from '../state/view-store';
import type { ViewActions } from './useViewActions';

/** One line of the keyboard help. */
export const VIEW_KEYS: readonly [string, string][] = [
  ['drag', 'zoom to the range (Esc cancels)'],
  ['wheel, + −', 'zoom'],
  ['Shift+drag, Shift+← →', 'pan'],
  ['0', 'reset'],
  ['click', 'select'],
  ['← → ↑ ↓', 'previous / next region'],
  ['f', 'fit selection'],
  ['[ … ]', 'zoom from the marked region to the selected one'],
  ['Esc', 'clear'],
];

/** The keydown handler of the map. */
export function useViewKeys(actions: ViewActions, store: ViewStore): (event: KeyboardEvent) => void {
  return useCallback(
    (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const selected = store.get().selectedRow >= 0;
      let handled = true;
      switch (event.key) {
        case '+':
        case '=':
          actions.zoomBy(0.5);
          break;
        case '-':
        case '_':
          actions.zoomBy(2);
          break;
        case '0':
          actions.reset();
          break;
        case 'f':
        case 'F':
          actions.fitSelection();
          break;
        case 'Escape':
          handled = selected;
          store.set({ selectedRow: -1 });
          break;
        case 'ArrowLeft':
        case 'ArrowRight': {
          const sign = event.key === 'ArrowLeft' ? -1 : 1;
          if (selected && !event.shiftKey) actions.moveSelection(sign);
          else actions.panBy(sign * (event.shiftKey ? 0.5 : 0.15));
          break;
        }
        case 'ArrowUp':
        case 'ArrowDown':
          actions.moveSelection(event.key === 'ArrowUp' ? -1 : 1);
          break;
        default:
          handled = false;
      }
      if (handled) event.preventDefault();
    },
    [actions, store],
  );
}
