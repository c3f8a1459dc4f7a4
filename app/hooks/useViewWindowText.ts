/**
 * Writes the visible address window ("0x7f2c1b600000 – 0x7f2c1b628000 · 160 KiB", the size of
 * the address range, unmapped gaps included) into a text node as the viewport changes, without a
 * React render per frame. textContent, never HTML.
 */
import { useEffect, type RefObject } from 'react';
import { formatBytes, viewportEnd, type AddressScale } from '../../src/internal';
import type { ViewStore } from '../state/view-store';
import { formatWindow } from './useViewActions';

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
        el.textContent = '';
        return;
      }
      const bytes = scale.addrOfU(viewportEnd(v)) - scale.addrOfU(v.startU);
      el.textContent = `${formatWindow(scale, v)} · ${formatBytes(bytes)}`;
    };
    update();
    return store.subscribe(update);
  }, [target, scale, store]);
}
