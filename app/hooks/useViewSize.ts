/** The CSS-pixel size of an element, kept current with a ResizeObserver. */
import { useLayoutEffect, useState, type RefObject } from 'react';

export interface ViewSize {
  widthPx: number;
  heightPx: number;
}

/** The content-box size of `ref`'s element (0 × 0 until it is laid out). */
export function useViewSize(ref: RefObject<HTMLElement | null>): ViewSize {
  const [size, setSize] = useState<ViewSize>({ widthPx: 0, heightPx: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => {
      const widthPx = Math.floor(el.clientWidth);
      const heightPx = Math.floor(el.clientHeight);
      setSize((s) => (s.widthPx === widthPx && s.heightPx === heightPx ? s : { widthPx, heightPx }));
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}
