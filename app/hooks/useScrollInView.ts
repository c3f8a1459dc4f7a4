import { useEffect, useState, type RefObject } from 'react';

/**
 * A scrolled grid's scrollTop and height, read on scroll and resize; re-renders when they change
 * what is shown, not on every scrolled pixel. Unless the rows are `scaled` (row-scroll.ts: their
 * scroll content is shorter than they are, and each scrolled pixel moves them), scrollTop is read
 * to the row: a scroll inside one row keeps the state as it is.
 */
export function useScrollInView(scroller: RefObject<HTMLElement | null>, rowPx: number, scaled: boolean): { scrollTop: number; clientHeight: number } {
  const [view, setView] = useState({ scrollTop: 0, clientHeight: 40 * rowPx });
  useEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    const update = () => {
      const scrollTop = scaled ? el.scrollTop : Math.floor(el.scrollTop / rowPx) * rowPx;
      const clientHeight = el.clientHeight;
      setView((v) => (v.scrollTop === scrollTop && v.clientHeight === clientHeight ? v : { scrollTop, clientHeight }));
    };
    update();
    el.addEventListener('scroll', update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', update);
      resize.disconnect();
    };
  }, [scroller, rowPx, scaled]);
  return view;
}
