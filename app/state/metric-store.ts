/**
 * Which size the map shades regions by: the virtual size (no shading), or — with smaps — the
 * share of each region that is resident (Rss), its proportional share (Pss) or swapped out
 * (Swap). A tiny external store, read by the map's frame loop and the switch.
 */
import { useSyncExternalStore } from 'react';
import type { SizeMetric } from '../../src/internal';

let metric: SizeMetric = 'size';
const listeners = new Set<() => void>();

/** The current metric. */
export function getSizeMetric(): SizeMetric {
  return metric;
}

/** Sets the metric. */
export function setSizeMetric(next: SizeMetric): void {
  if (next === metric) return;
  metric = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current metric, re-rendering on change. */
export function useSizeMetric(): SizeMetric {
  return useSyncExternalStore(subscribe, getSizeMetric, getSizeMetric);
}
