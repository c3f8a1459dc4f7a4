/**
 * Mounts a big view over several tasks instead of one. A file's result reaches the page through
 * an external store, which React renders synchronously (useSyncExternalStore never yields), so
 * everything mounted by that update — header, map, region table, side panel — would run as one
 * main-thread task: 130–380 ms at 262,144 regions. Stage 0 renders with the update; each later
 * stage renders in a task of its own, after the browser has had the chance to paint (a timeout
 * from an animation-frame callback runs after that frame), and as a transition, so that React
 * may split a long render into 5 ms slices (react.dev, startTransition). In a hidden tab, where
 * animation frames do not run, the stages wait until it is shown.
 */
import { startTransition, useEffect, useState } from 'react';

/** The stage reached for `key` (0 when `key` changes), advancing one stage a task up to `lastStage`. */
export function useMountStages(key: unknown, lastStage: number): number {
  const [reached, setReached] = useState<{ key: unknown; stage: number }>({ key, stage: 0 });
  const stage = reached.key === key ? reached.stage : 0;
  useEffect(() => {
    if (stage >= lastStage) return;
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => startTransition(() => setReached({ key, stage: stage + 1 })), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [key, stage, lastStage]);
  return stage;
}
