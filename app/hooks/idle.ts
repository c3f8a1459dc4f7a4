/**
 * Work done in the page's idle time: requestIdleCallback, or a timer where the browser has none
 * (Safari), and the end of a slice of steps. One helper for the selection's sums, the search's
 * preparation, the map's warm-up frames and start-up's idle work.
 */

/** What a callback run by its timeout (the page never idle), or by the fallback timer, may take before it gives the thread back. */
export const BUSY_SLICE_MS = 6;

/** Runs `fn` in the page's idle time (a timer where there is no requestIdleCallback); returns a cancel. */
export function whenIdle(fn: (deadline: IdleDeadline) => void, options?: IdleRequestOptions): () => void {
  if (typeof requestIdleCallback !== 'function') {
    const timer = window.setTimeout(() => fn({ didTimeout: true, timeRemaining: () => BUSY_SLICE_MS }), 50);
    return () => clearTimeout(timer);
  }
  const id = requestIdleCallback(fn, options);
  return () => cancelIdleCallback(id);
}

/**
 * The end (a performance.now() time) of an idle slice begun now: the deadline, less `slackMs`
 * (room for the step that ends the slice); BUSY_SLICE_MS from now for a callback run by its timeout.
 */
export function idleSliceEnd(deadline: IdleDeadline, slackMs = 0): number {
  return performance.now() + (deadline.didTimeout ? BUSY_SLICE_MS : Math.max(0, deadline.timeRemaining() - slackMs));
}
