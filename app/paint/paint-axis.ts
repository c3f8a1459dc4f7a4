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
 */
export function paintAxis(group: SVGGElement, ticks: readonly Tick[], widthPx: number, charWidthPx: number): void {
  select(group)
    .selectAll<SVGGElement, Tick>('g.axis-tick')
    .data(ticks, (t) => t.label)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'axis-tick');
      g.append('line').attr('y1', AXIS_HEIGHT_PX - 7).attr('y2', AXIS_HEIGHT_PX);
      g.append('text').attr('x', 3).attr('y', AXIS_HEIGHT_PX - 9);
      return g;
    })
    .attr('transform', (t) => `translate(${Math.round(t.xPx) + 0.5},0)`)
    .classed('axis-boundary', (t) => t.boundary)
    .select('text')
    .text((t) => (t.xPx + 3 + t.label.length * charWidthPx <= widthPx ? t.label : ''));
}
