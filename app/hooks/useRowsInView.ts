import { useEffect, useState, type RefObject } from 'react';

/**
 * The first row in a scrolled grid's view and how many fit (row i lies at headPx + i * rowPx of
 * the grid); re-renders when a scroll or a resize changes them, not on every scrolled pixel. The
 * region table's virtualizer notifies only when its range of blocks changes, which a scroll
 * inside one of its blocks (hundreds of rows at a million regions) does not.
 */
export function useRowsInView(scroller: RefObject<HTMLElement | null>, headPx: number, rowPx: number): { first: number; count: number } {
  const [view, setView] = useState({ first: 0, count: 40 });
  useEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    const update = () => {
      const first = Math.max(0, Math.floor((el.scrollTop - headPx) / rowPx));
      const count = Math.ceil(el.clientHeight / rowPx) + 1;
      setView((v) => (v.first === first && v.count === count ? v : { first, count }));
    };
    update();
    el.addEventListener('scroll', update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', update);
      resize.disconnect();
    };
  }, [scroller, headPx, rowPx]);
  return view;
}
