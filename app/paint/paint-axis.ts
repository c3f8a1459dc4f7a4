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
      // With its text node from the start: a label is rewritten in it, never added or replaced.
      g.append('text')
        .attr('y', AXIS_HEIGHT_PX - 9)
        .each(function () {
          this.appendChild(document.createTextNode(''));
        });
      return g;
    });
  ticksJoined.each(function (t) {
    // Placed by the line's and the label's x, not a transform on the group: a transform that
    // changes is a new paint property every frame of a zoom, and made the browser layerize the
    // whole page again each frame (an x that changes is a repaint of the axis only).
    const x = String(Math.round(t.xPx) + 0.5);
    const line = this.firstChild as SVGLineElement;
    if (line.getAttribute('x1') !== x) {
      line.setAttribute('x1', x);
      line.setAttribute('x2', x);
    }
    if (this.classList.contains('axis-boundary') !== t.boundary) this.classList.toggle('axis-boundary', t.boundary);
    const label = this.lastChild as SVGTextElement;
    const labelX = String(Math.round(t.xPx) + 3.5);
    if (label.getAttribute('x') !== labelX) label.setAttribute('x', labelX);
    const text = t.xPx + 3 + t.label.length * charWidthPx <= widthPx ? t.label : '';
    // The label's text node is rewritten, not replaced (textContent removes it and adds another:
    // a layout object gone and one made, for every tick, every frame of a zoom).
    const node = label.firstChild!;
    if (node.nodeValue !== text) node.nodeValue = text;
  });
}
