/**
 * Draws the address axis into an SVG group with a d3 data join: one tick line and one hex label
 * per tick from src/layout/ticks.ts. Labels are text nodes (never HTML), styled by CSS classes so
 * they follow the theme.
 */
import { select } from 'd3-selection';
import type { Tick } from '../../src/internal';

/** Height of the axis in CSS pixels. */
export const AXIS_HEIGHT_PX = 22;

/**
 * Renders `ticks` into `group` (an SVG <g> spanning the map's width `widthPx`). A label that
 * would run past the right edge is left out; its tick line stays.
 *
 * Joined by position, not by label: while zooming every label changes from frame to frame, and a
 * join by label removed and created every tick's three elements each frame. Here the elements
 * stay and only what changed is written (a write of the same value still invalidates style).
 */
export function paintAxis(group: SVGGElement, ticks: readonly Tick[], widthPx: number, charWidthPx: number): void {
  const ticksJoined = select(group)
    .selectAll<SVGGElement, Tick>('g.axis-tick')
    .data(ticks)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'axis-tick');
      g.append('line').attr('y1', AXIS_HEIGHT_PX - 7).attr('y2', AXIS_HEIGHT_PX);
      g.append('text').attr('x', 3).attr('y', AXIS_HEIGHT_PX - 9);
      return g;
    });
  ticksJoined.each(function (t) {
    const transform = `translate(${Math.round(t.xPx) + 0.5},0)`;
    if (this.getAttribute('transform') !== transform) this.setAttribute('transform', transform);
    if (this.classList.contains('axis-boundary') !== t.boundary) this.classList.toggle('axis-boundary', t.boundary);
    const label = this.lastChild as SVGTextElement;
    const text = t.xPx + 3 + t.label.length * charWidthPx <= widthPx ? t.label : '';
    if (label.textContent !== text) label.textContent = text;
  });
}
