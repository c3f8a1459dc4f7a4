/**
 * The frame that showed an input's answer, for the interact bench (interact.bench.ts): issue 19's
 * goal for a pasted address is "the next frame", which a difference of timestamps cannot tell.
 */

/**
 * Which frame showed an input's answer, counted in vsyncs: 1 is the next frame. The page runs an
 * animation-frame loop from before the input, so a frame begins at every vsync, and an animation
 * frame's time is its vsync (BeginFrameArgs' frame time, a multiple of the interval). The last
 * frame that began before the event is frame 0; the frame whose main-thread work (animation-frame
 * callbacks, style, layout, paint, commit) ends by the next vsync after it is presented at that
 * vsync, so the answer's frame is the number of whole vsyncs from frame 0 to the end of its work,
 * less one. A frame that began after the event but whose work ran past its vsync (the input's task
 * or the frame too long) misses it and counts as the frame after. A difference of timestamps
 * cannot tell this apart: it holds the wait for the vsync, up to one interval.
 */
export function answerFrame(eventMs: number, endMs: number, frameTimes: number[]): { frame: number; vsyncMs: number } {
  // The shortest interval between two frames is one vsync (a busy main thread skips frames; two callbacks in one frame share its time).
  const intervals = frameTimes.slice(1).map((t, i) => t - frameTimes[i]).filter((d) => d > 1);
  const vsyncMs = intervals.length > 0 ? Math.min(...intervals) : 1000 / 60;
  const before = frameTimes.filter((t) => t <= eventMs);
  if (before.length === 0) return { frame: NaN, vsyncMs };
  const frame0 = Math.max(...before);
  // The frame times are rounded to 0.1 ms (coarsened timers): a work ending that close to a vsync counts as before it.
  return { frame: Math.ceil((endMs - frame0 - 0.2) / vsyncMs) - 1, vsyncMs };
}
