/**
 * Writes the visible address window ("0x7f2c1b600000 – 0x7f2c1b628000 · 160 KiB", the size of
 * the address range, unmapped gaps included) into a text node as the viewport changes, in the
 * frame that paints the map (after-paint.ts: writeInFrames), without a React render per frame. textContent, never HTML. A window across the to-scale line's break
 * counts the parts it shows, not the hole, and says so ("· across the non-canonical hole").
 */
import { useEffect, type RefObject } from 'react';
import { formatBytes, formatSpanBytes, viewportEnd, type AddressScale } from '../../src/internal';
import type { ViewStore } from '../state/view-store';
import { formatWindow } from './useViewActions';
import { writeInFrames } from './after-paint';

/** Keeps `target`'s text equal to the visible window of `scale`. */
export function useViewWindowText(target: RefObject<HTMLElement | null>, scale: AddressScale, store: ViewStore): void {
  useEffect(() => {
    let shown: unknown = null;
    const update = () => {
      const { viewport: v, scaleMode } = store.get();
      const el = target.current;
      if (!el || v === shown || scaleMode !== scale.mode) return;
      shown = v;
      if (v === null) {
        writeText(el, '');
        return;
      }
      const a0 = scale.addrOfU(v.startU);
      const a1 = scale.addrOfU(viewportEnd(v));
      let bytes = a1 - a0;
      let across = '';
      for (const s of scale.sections) {
        if (s.kind !== 'break' || a1 <= s.beginAddr || a0 >= s.endAddr) continue;
        bytes -= (a1 < s.endAddr ? a1 : s.endAddr) - (a0 > s.beginAddr ? a0 : s.beginAddr);
        across += ` · across the ${s.label} (${formatSpanBytes(s.endAddr - s.beginAddr)}, not counted)`;
      }
      writeText(el, `${formatWindow(scale, v)} · ${formatBytes(bytes)}${across}`);
    };
    return writeInFrames(store, update);
  }, [target, scale, store]);
}

/**
 * Sets `el`'s text by rewriting its one text node (textContent removes the node and inserts
 * another: a layout object gone and one made, in every frame of a zoom).
 */
function writeText(el: HTMLElement, text: string): void {
  const node = el.firstChild;
  if (node !== null && node === el.lastChild && node.nodeType === Node.TEXT_NODE) {
    if (node.nodeValue !== text) node.nodeValue = text;
  } else el.textContent = text;
}
