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
