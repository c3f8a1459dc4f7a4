import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** A scrolled grid's position as rendered, and a way to move it. */
export interface ScrollInView {
  scrollTop: number;
  clientHeight: number;
  /** The element's exact scrollTop and height as last read or set (for scrolling a row into view without reading the element). */
  exact(): { scrollTop: number; clientHeight: number };
  /**
   * Scrolls to `top` and renders the rows there in the same task: the element's scrollTop is set
   * after that render, so one layout serves both (no wait for the scroll event, no second frame).
   */
  scrollTo(top: number): void;
}

/**
 * A scrolled grid's scrollTop and height, read on scroll and resize; re-renders when they change
 * what is shown, not on every scrolled pixel. Unless the rows are `scaled` (row-scroll.ts: their
 * scroll content is shorter than they are, and each scrolled pixel moves them), scrollTop is read
 * to the row: a scroll inside one row keeps the state as it is. The element is read only in its
 * scroll and resize events (and once when first shown): a change of `scaled` as a search narrows
 * the rows re-reads nothing, so it forces no layout in the keystroke's task.
 */
export function useScrollInView(scroller: RefObject<HTMLElement | null>, rowPx: number, scaled: boolean): ScrollInView {
  const [view, setView] = useState({ scrollTop: 0, clientHeight: 40 * rowPx });
  const exact = useRef<{ scrollTop: number; clientHeight: number } | null>(null);
  const pending = useRef<number | null>(null);
  const shownTop = useCallback((scrollTop: number) => (scaled ? scrollTop : Math.floor(scrollTop / rowPx) * rowPx), [rowPx, scaled]);
  const show = useCallback(
    (scrollTop: number, clientHeight: number) => {
      const shown = shownTop(scrollTop);
      setView((v) => (v.scrollTop === shown && v.clientHeight === clientHeight ? v : { scrollTop: shown, clientHeight }));
    },
    [shownTop],
  );
  useEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    const read = () => {
      exact.current = { scrollTop: el.scrollTop, clientHeight: el.clientHeight };
      show(exact.current.scrollTop, exact.current.clientHeight);
    };
    if (exact.current === null) read();
    else show(exact.current.scrollTop, exact.current.clientHeight);
    el.addEventListener('scroll', read, { passive: true });
    const resize = new ResizeObserver(read);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', read);
      resize.disconnect();
    };
  }, [scroller, show]);
  // A scrollTo's position, given to the element once the rows there are rendered.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (pending.current === null || el === null) return;
    el.scrollTop = pending.current;
    pending.current = null;
  });
  return {
    ...view,
    exact: () => exact.current ?? { scrollTop: view.scrollTop, clientHeight: view.clientHeight },
    scrollTo(top) {
      const clientHeight = exact.current?.clientHeight ?? view.clientHeight;
      exact.current = { scrollTop: top, clientHeight };
      pending.current = top;
      // A new object even when the rows shown stay: the render it causes gives the element its position.
      setView({ scrollTop: shownTop(top), clientHeight });
    },
  };
}
