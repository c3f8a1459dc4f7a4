/**
 * The toolbar's readout of the visible window: drawn on a canvas in each frame of a zoom, and the
 * same words as text for screen readers, written when the view is still (useViewWindowText).
 */
import { useRef } from 'react';
import type { AddressScale } from '../../src/internal';
import type { ThemeColors } from '../paint/palette';
import { viewStore } from '../state/app-store';
import { useViewSize } from '../hooks/useViewSize';
import { useViewWindowText } from '../hooks/useViewWindowText';

export function MapWindow({ scale, theme }: { scale: AddressScale; theme: ThemeColors }) {
  const box = useRef<HTMLSpanElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const text = useRef<HTMLSpanElement>(null);
  const { widthPx, heightPx } = useViewSize(box);
  useViewWindowText({ canvas, text, widthPx, heightPx }, scale, viewStore, theme);
  return (
    <span className="map-window" ref={box} aria-label="Visible addresses">
      <canvas ref={canvas} style={{ width: widthPx, height: heightPx }} aria-hidden="true" />
      <span className="visually-hidden" ref={text} />
    </span>
  );
}
