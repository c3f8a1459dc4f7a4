/**
 * Runs `fn` in the task after the next frame is painted (a message posted from an animation-frame
 * callback runs once that frame's style, layout and paint are done); returns a cancel. For work an
 * input causes that must not hold back the frame showing the input's answer.
 */
export function afterNextPaint(fn: () => void): () => void {
  let cancelled = false;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    if (!cancelled) fn();
  };
  const frame = requestAnimationFrame(() => channel.port2.postMessage(null));
  return () => {
    cancelled = true;
    cancelAnimationFrame(frame);
    channel.port1.close();
  };
}

/**
 * Calls `write` now and, after each change of `store`, once in the next animation frame (changes
 * within one frame coalesce): DOM written from a store's subscriber — in a wheel event's task —
 * made the frame lay out twice (once before its animation-frame callbacks, where the browser
 * updates hover, and again for what those callbacks wrote); written in the frame, it is laid out
 * once with the rest. Returns the unsubscribe.
 */
export function writeInFrames(store: { subscribe(listener: () => void): () => void }, write: () => void): () => void {
  let request = 0;
  write();
  const unsubscribe = store.subscribe(() => {
    if (request === 0)
      request = requestAnimationFrame(() => {
        request = 0;
        write();
      });
  });
  return () => {
    unsubscribe();
    if (request !== 0) cancelAnimationFrame(request);
  };
}

/** How long the view must be still before writes for assistive technology are made (writeWhenSettled). */
export const SETTLE_MS = 150;

/**
 * Calls `write` now and once `store` has not changed for SETTLE_MS: for what only assistive
 * technology reads (the axis's name, the visible window as text). Written in each frame of a zoom,
 * it was a DOM change per frame, and the browser laid out, layerized and painted again for it.
 * Returns the cancel.
 */
export function writeWhenSettled(store: { subscribe(listener: () => void): () => void }, write: () => void): () => void {
  // One timer at a time, set again for the rest of the wait when it fires early: not a timer
  // cleared and set in every wheel event (two of these, ~0.15 ms of each wheel's dispatch in a sampled profile).
  let timer = 0;
  let changedMs = 0;
  const settle = () => {
    const waitMs = changedMs + SETTLE_MS - performance.now();
    if (waitMs > 0) timer = window.setTimeout(settle, waitMs);
    else {
      timer = 0;
      write();
    }
  };
  write();
  const unsubscribe = store.subscribe(() => {
    changedMs = performance.now();
    if (timer === 0) timer = window.setTimeout(settle, SETTLE_MS);
  });
  return () => {
    unsubscribe();
    clearTimeout(timer);
  };
}
