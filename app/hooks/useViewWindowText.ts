/**
 * Shows the visible address window ("0x7f2c1b600000 – 0x7f2c1b628000 · 160 KiB", the size of the
 * address range, unmapped gaps included) as the viewport changes: drawn on a canvas in the frame
 * that paints the map (after-paint.ts: writeInFrames), and written as text — for screen readers,
 * textContent, never HTML — once the view is still (writeWhenSettled). A text node rewritten in
 * each frame of a zoom was the frame's one DOM change, and brought layout, layerize and paint back
 * into every frame. A window across the to-scale line's break counts the parts it shows, not the
 * hole, and says so ("· across the non-canonical hole").
 */
import { useEffect, type RefObject } from 'react';
import { formatBytes, formatSpanBytes, viewportEnd, type AddressScale, type Viewport } from '../../src/internal';
import type { ThemeColors } from '../paint/palette';
import { drawWindowText } from '../paint/paint-window-text';
import type { ViewStore } from '../state/view-store';
import { formatWindow } from './useViewActions';
import { writeInFrames, writeWhenSettled } from './after-paint';

/** The visible window of `scale` as text. */
export function windowTextOf(scale: AddressScale, v: Viewport): string {
  const a0 = scale.addrOfU(v.startU);
  const a1 = scale.addrOfU(viewportEnd(v));
  let bytes = a1 - a0;
  let across = '';
  for (const s of scale.sections) {
    if (s.kind !== 'break' || a1 <= s.beginAddr || a0 >= s.endAddr) continue;
    bytes -= (a1 < s.endAddr ? a1 : s.endAddr) - (a0 > s.beginAddr ? a0 : s.beginAddr);
    across += ` · across the ${s.label} (${formatSpanBytes(s.endAddr - s.beginAddr)}, not counted)`;
  }
  return `${formatWindow(scale, v)} · ${formatBytes(bytes)}${across}`;
}

export interface WindowTextTargets {
  /** The canvas the text is drawn on, `widthPx` × `heightPx` CSS pixels. */
  canvas: RefObject<HTMLCanvasElement | null>;
  /** The element whose text node holds the text for assistive technology. */
  text: RefObject<HTMLElement | null>;
  widthPx: number;
  heightPx: number;
}

/** Keeps the targets showing the visible window of `scale`. */
export function useViewWindowText(targets: WindowTextTargets, scale: AddressScale, store: ViewStore, theme: ThemeColors): void {
  const { canvas, text, widthPx, heightPx } = targets;
  useEffect(() => {
    const shownWindow = (): Viewport | null | undefined => {
      const { viewport, scaleMode } = store.get();
      return scaleMode === scale.mode ? viewport : undefined; // undefined: another scale's window, a render is pending
    };
    let drawn: Viewport | null | undefined;
    const draw = () => {
      const v = shownWindow();
      const el = canvas.current;
      if (!el || v === undefined || v === drawn) return;
      drawn = v;
      drawWindowText(el, widthPx, heightPx, v === null ? '' : windowTextOf(scale, v), theme);
    };
    const write = () => {
      const v = shownWindow();
      const el = text.current;
      if (el && v !== undefined) writeText(el, v === null ? '' : windowTextOf(scale, v));
    };
    const undraw = writeInFrames(store, draw);
    const unwrite = writeWhenSettled(store, write);
    return () => {
      undraw();
      unwrite();
    };
  }, [canvas, text, widthPx, heightPx, scale, store, theme]);
}

/**
 * Sets `el`'s text by rewriting its one text node, when it changed (textContent removes the node
 * and inserts another: a layout object gone and one made).
 */
function writeText(el: HTMLElement, text: string): void {
  const node = el.firstChild;
  if (node !== null && node === el.lastChild && node.nodeType === Node.TEXT_NODE) {
    if (node.nodeValue !== text) node.nodeValue = text;
  } else el.textContent = text;
}
