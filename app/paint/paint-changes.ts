/**
 * The marks of a comparison on the map, over any colouring: a bar along the foot of each region
 * that was added, removed or changed (one colour each, the legend's), and removed regions — the
 * earlier snapshot's, drawn at their own addresses — veiled, so that what is gone reads as gone.
 * A pixel column that merges many regions takes the mark of any change inside it (removed first,
 * then added, then changed), counted with prefix sums over the address order: two subtractions an item.
 */
import type { FrameItems } from '../../src/internal';
import { CHANGE } from '../workers/compare-table';
import type { ThemeColors } from './palette';

/** Per change kind, how many of the first k regions in address order have it (length n + 1). */
export interface ChangeMarks {
  added: Uint32Array;
  removed: Uint32Array;
  changed: Uint32Array;
}

/** The marks of `change` (per table row) over `rows` (the address order). O(n). */
export function buildChangeMarks(change: Uint8Array, rows: Uint32Array): ChangeMarks {
  const n = rows.length;
  const added = new Uint32Array(n + 1);
  const removed = new Uint32Array(n + 1);
  const changed = new Uint32Array(n + 1);
  for (let k = 0; k < n; k++) {
    const c = change[rows[k]];
    added[k + 1] = added[k] + (c === CHANGE.added ? 1 : 0);
    removed[k + 1] = removed[k] + (c === CHANGE.removed ? 1 : 0);
    changed[k + 1] = changed[k] + (c === CHANGE.changed ? 1 : 0);
  }
  return { added, removed, changed };
}

/** Colours of the marks, by theme (Okabe–Ito: bluish green, vermilion, orange — apart for colour-blind eyes too). */
export function changeColors(theme: ThemeColors): { added: string; removed: string; changed: string } {
  return theme.dark ? { added: '#2fc28f', removed: '#ff6a3d', changed: '#f0b429' } : { added: '#007a56', removed: '#c4430a', changed: '#c98a00' };
}

/** Height of the foot bar, in CSS pixels. */
export const CHANGE_BAR_PX = 5;

export interface ChangePaint {
  ctx: CanvasRenderingContext2D;
  items: FrameItems;
  marks: ChangeMarks;
  theme: ThemeColors;
  /** The items' snapped edges, as the map drew them (paint-map.ts's scratch). */
  rectX0: Float64Array;
  rectX1: Float64Array;
  bandTop: number;
  bandHeight: number;
}

/** Paints the marks of one frame's items. */
export function paintChanges(p: ChangePaint): void {
  const { ctx, items, marks, rectX0, rectX1, bandTop, bandHeight } = p;
  const colors = changeColors(p.theme);
  const barTop = bandTop + bandHeight - Math.min(CHANGE_BAR_PX, bandHeight / 3);
  const barHeight = bandTop + bandHeight - barTop;
  const count = (sums: Uint32Array, i: number) => sums[items.last[i]] - sums[items.first[i]];
  ctx.fillStyle = p.theme.bandBackground;
  ctx.globalAlpha = 0.55;
  for (let i = 0; i < items.count; i++) {
    // A region that is only removed ones: veiled.
    if (count(marks.removed, i) === items.last[i] - items.first[i]) ctx.fillRect(rectX0[i], bandTop, rectX1[i] - rectX0[i], barTop - bandTop);
  }
  ctx.globalAlpha = 1;
  for (const kind of ['changed', 'added', 'removed'] as const) {
    ctx.fillStyle = colors[kind];
    for (let i = 0; i < items.count; i++) {
      if (count(marks[kind], i) === 0) continue;
      if (kind !== 'removed' && count(marks.removed, i) > 0) continue;
      if (kind === 'changed' && count(marks.added, i) > 0) continue;
      ctx.fillRect(rectX0[i], barTop, rectX1[i] - rectX0[i], barHeight);
    }
  }
}
