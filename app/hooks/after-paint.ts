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
