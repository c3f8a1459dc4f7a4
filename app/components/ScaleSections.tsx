/**
 * The parts of the to-scale line (issue 18): user space and the kernel half, with the
 * non-canonical hole between them drawn as a hatched break. Two variants:
 *  - `bands`: the break as a hatched band over a canvas (the map, the overview), blind to the pointer;
 *  - `labels`: a row of labels over the map, one per visible part — `user space · 128 TiB`,
 *    `non-canonical hole · 16 EiB − 256 TiB`, `kernel half · 128 TiB, drawn 32× narrower` — each
 *    near its part, pushed apart so that they never overlap, and left out when there is no room.
 * A few absolutely placed elements, moved in an animation frame when the window moves (no React
 * render per frame, no layout read); an empty layer while the scale has no sections.
 */
import { useEffect, useRef } from 'react';
import { formatBytes, formatHex, formatSpanBytes, pxOfU, type AddressScale, type ScaleSection, type Viewport } from '../../src/internal';
import { viewStore } from '../state/app-store';
import { useViewSize } from '../hooks/useViewSize';

/** Advance of one character of the labels' 11 px monospace font, and the labels' padding and spacing. */
const CHAR_PX = 6.7;
const PAD_PX = 10;
const GAP_PX = 6;

interface Props {
  scale: AddressScale;
  variant: 'bands' | 'labels';
  /** The window shown, when fixed (the overview); else the view's. */
  viewport?: Viewport;
  /** `bands`: where the hatching starts, below the rows of landmark labels it must not cover (the map). */
  topPx?: number;
}

/** What a section's label says. */
export function sectionLabel(s: ScaleSection): string {
  const size = s.kind === 'break' ? formatSpanBytes(s.endAddr - s.beginAddr) : formatBytes(s.endAddr - s.beginAddr);
  const drawn = s.bytesPerUnit > 1n ? `, drawn ${s.bytesPerUnit}× narrower` : '';
  return `${s.label} · ${size}${drawn}`;
}

/** The parts' spoken description: `user space · 128 TiB, 0x0–0x7fffffffffff; …`. */
function describe(sections: readonly ScaleSection[]): string {
  return sections.map((s) => (s.kind === 'break' ? sectionLabel(s) : `${sectionLabel(s)}, ${formatHex(s.beginAddr)}–${formatHex(s.endAddr - 1n)}`)).join('; ');
}

/**
 * Left edges of labels `widths` wide that want to sit at `wanted`, in order, within [0, width):
 * pushed right past their left neighbour, then left before their right one. A label that still
 * overlaps (no room) is NaN, the break's (`keep`) last.
 */
export function placeLabels(wanted: number[], widths: number[], width: number, keep: number): number[] {
  const n = wanted.length;
  const left = wanted.map((x, i) => Math.min(Math.max(x, 0), width - widths[i]));
  for (let i = 1; i < n; i++) left[i] = Math.max(left[i], left[i - 1] + widths[i - 1] + GAP_PX);
  for (let i = n - 1; i >= 0; i--) {
    const limit = i === n - 1 ? width - widths[i] : left[i + 1] - GAP_PX - widths[i];
    left[i] = Math.max(0, Math.min(left[i], limit));
  }
  for (let i = 0; i < n; i++) {
    const clash = (i > 0 && left[i] < left[i - 1] + widths[i - 1]) || (i < n - 1 && left[i] + widths[i] > left[i + 1]) || left[i] + widths[i] > width;
    if (clash && i !== keep) left[i] = NaN;
  }
  return left;
}

export function ScaleSections({ scale, variant, viewport, topPx }: Props) {
  const layer = useRef<HTMLDivElement>(null);
  const { widthPx } = useViewSize(layer);
  const sections = scale.sections;
  const shownSections = variant === 'bands' ? sections.filter((s) => s.kind === 'break') : sections;

  useEffect(() => {
    const el = layer.current;
    if (!el || shownSections.length === 0 || widthPx <= 0) return;
    const items = Array.from(el.children) as HTMLElement[];
    const widths = shownSections.map((s) => sectionLabel(s).length * CHAR_PX + PAD_PX);
    let request = 0;
    let shown: Viewport | null = null;
    const place = () => {
      request = 0;
      const { viewport: current, scaleMode } = viewStore.get();
      const v = viewport ?? current;
      if (!v || v === shown || scaleMode !== scale.mode) return;
      shown = v;
      const spans = shownSections.map((s) => [pxOfU(v, widthPx, s.beginU), pxOfU(v, widthPx, s.endU)]);
      const visible = spans.map(([x0, x1]) => x1 > 0 && x0 < widthPx);
      if (variant === 'bands') {
        spans.forEach(([x0, x1], i) => {
          items[i].hidden = !visible[i];
          items[i].style.left = `${Math.max(0, x0)}px`;
          items[i].style.width = `${Math.max(2, Math.min(widthPx, x1) - Math.max(0, x0))}px`;
        });
        return;
      }
      // Labels: a part's at its visible left edge (the last part's at its right edge), the break's centred.
      const idx = shownSections.map((_, i) => i).filter((i) => visible[i]);
      const wanted = idx.map((i) => {
        const [x0, x1] = spans[i];
        const s = shownSections[i];
        return s.kind === 'break' ? (x0 + x1) / 2 - widths[i] / 2 : i === shownSections.length - 1 ? Math.min(x1, widthPx) - widths[i] : Math.max(x0, 0);
      });
      const left = placeLabels(
        wanted,
        idx.map((i) => widths[i]),
        widthPx,
        idx.findIndex((i) => shownSections[i].kind === 'break'),
      );
      items.forEach((item) => (item.hidden = true));
      idx.forEach((i, j) => {
        if (Number.isNaN(left[j])) return;
        items[i].hidden = false;
        items[i].style.left = `${left[j]}px`;
      });
    };
    const schedule = () => {
      if (request === 0) request = requestAnimationFrame(place);
    };
    place();
    const unsubscribe = viewport ? () => {} : viewStore.subscribe(schedule);
    return () => {
      unsubscribe();
      if (request !== 0) cancelAnimationFrame(request);
    };
  }, [scale, shownSections, widthPx, viewport, variant]);

  // The layer is always there, empty without sections, so that its size is observed from the start.
  if (shownSections.length === 0) return <div ref={layer} className={variant === 'bands' ? 'scale-bands' : 'scale-labels-none'} aria-hidden="true" />;
  if (variant === 'bands') {
    return (
      <div ref={layer} className="scale-bands" style={topPx === undefined ? undefined : { top: topPx }} aria-hidden="true">
        {shownSections.map((s) => (
          <div key={`${s.beginAddr}`} className="scale-break" hidden />
        ))}
      </div>
    );
  }
  return (
    <div ref={layer} className="scale-labels mono" role="group" aria-label={`Address-space parts: ${describe(sections)}`}>
      {shownSections.map((s) => (
        <span key={`${s.kind}:${s.beginAddr}`} className={`scale-label scale-label-${s.kind}`} hidden>
          {sectionLabel(s)}
        </span>
      ))}
    </div>
  );
}
