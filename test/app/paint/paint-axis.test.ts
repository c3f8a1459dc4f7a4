/**
 * The address axis drawn on a 2D context (app/paint/paint-axis.ts), recorded call by call: at
 * devicePixelRatio 1, 1.5, 2 and 3 every tick line is whole device pixels wide (a CSS pixel,
 * rounded; at least one) and starts on a device pixel's edge in its tick's CSS pixel (sharp,
 * never smeared); each label is drawn once, right of its
 * tick, in the theme's colours, and left out where it would run past the right edge; the
 * canvas's accessible name lists exactly the labels drawn. On the C example's ticks at several
 * zooms and on hand-made ticks at the edges.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeTicks, fitRange, toAddr, zoomAt, type Tick } from '../../../src/internal';
import { scalesOf, tableOfText } from '../../layout/layout-fixtures';
import { AXIS_CHAR_PX, AXIS_HEIGHT_PX, axisDescription, axisLabelShown, drawAxis, type AxisContext } from '../../../app/paint/paint-axis';
import { DARK, LIGHT } from '../../../app/paint/palette';
import { REPO_ROOT } from '../../helpers/fixtures';

interface Call {
  op: 'rect' | 'text';
  fill: string;
  x: number;
  y: number;
  w?: number;
  h?: number;
  text?: string;
}

/** A context that records what is drawn, with the fill each call used. */
function recorder(): AxisContext & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    fillStyle: '#000',
    font: '',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    fillRect(x: number, y: number, w: number, h: number) {
      calls.push({ op: 'rect', fill: String(this.fillStyle), x, y, w, h });
    },
    fillText(text: string, x: number, y: number) {
      calls.push({ op: 'text', fill: String(this.fillStyle), x, y, text });
    },
  };
}

function cExampleTicks(widthPx: number): Tick[][] {
  const text = readFileSync(join(REPO_ROOT, 'public/samples/c-hello.maps'), 'utf8');
  const out: Tick[][] = [];
  // Both scales (compressed gaps, to scale), zoomed in step by step around a point.
  for (const scale of scalesOf(tableOfText(text))) {
    let v = fitRange(scale.domain, scale.fitStartU, scale.fitEndU);
    for (let i = 0; i < 6; i++) {
      out.push(computeTicks(scale, v, { widthPx, charWidthPx: AXIS_CHAR_PX }));
      v = zoomAt(v, scale.domain, widthPx, widthPx * 0.37, 0.4);
    }
  }
  return out;
}

describe('drawAxis', () => {
  const widthPx = 1250;
  const sets = cExampleTicks(widthPx);

  it('has ticks to draw (the inputs of the other cases)', () => {
    for (const ticks of sets) expect(ticks.length).toBeGreaterThanOrEqual(3);
  });

  for (const dpr of [1, 1.5, 2, 3]) {
    it(`draws each tick line in whole device pixels from a device pixel's edge at devicePixelRatio ${dpr}`, () => {
      for (const ticks of sets) {
        const ctx = recorder();
        drawAxis(ctx, ticks, widthPx, 0, LIGHT, dpr);
        const lines = ctx.calls.filter((c) => c.op === 'rect');
        expect(lines.length).toBe(ticks.length);
        lines.forEach((line, i) => {
          const x0 = line.x * dpr;
          const x1 = (line.x + line.w!) * dpr;
          expect(Math.abs(x0 - Math.round(x0))).toBeLessThan(1e-9);
          expect(Math.abs(x1 - x0 - Math.max(1, Math.round(dpr)))).toBeLessThan(1e-9);
          // Within the CSS pixel the tick is placed on.
          const px = Math.round(ticks[i].xPx);
          expect(line.x).toBeGreaterThanOrEqual(px - 1e-9);
          expect(line.x).toBeLessThan(px + 1);
          expect(line.y + line.h!).toBe(AXIS_HEIGHT_PX);
        });
      }
    });
  }

  it('draws each label that fits once, right of its tick, in the theme colours, and names exactly those', () => {
    for (const theme of [LIGHT, DARK]) {
      for (const ticks of sets) {
        const ctx = recorder();
        drawAxis(ctx, ticks, widthPx, 30, theme, 2);
        const texts = ctx.calls.filter((c) => c.op === 'text');
        const shown = ticks.filter((t) => axisLabelShown(t, widthPx));
        expect(texts.map((t) => t.text)).toEqual(shown.map((t) => t.label));
        texts.forEach((t, i) => {
          expect(t.x).toBeGreaterThan(shown[i].xPx);
          expect(t.x + t.text!.length * AXIS_CHAR_PX).toBeLessThanOrEqual(widthPx + 1);
          expect(t.y).toBeGreaterThan(30);
          expect(t.y).toBeLessThan(30 + AXIS_HEIGHT_PX);
          expect(t.fill).toBe(shown[i].boundary ? theme.text : theme.mutedText);
        });
        for (const line of ctx.calls.filter((c) => c.op === 'rect')) expect([theme.axisLine, theme.text]).toContain(line.fill);
        const name = axisDescription(ticks, widthPx, 'W');
        expect(name).toBe(`Address axis, W: ${shown.map((t) => t.label).join(', ')}`);
      }
    }
  });

  it('leaves out a label that would run past the right edge, and keeps its tick', () => {
    const label = '0x7fff_f7a0_0000';
    const ticks: Tick[] = [
      { addr: toAddr(0n), xPx: 0, label: '0x0', boundary: false },
      { addr: toAddr(1n), xPx: 300 - 3 - label.length * AXIS_CHAR_PX, label, boundary: true },
      { addr: toAddr(2n), xPx: 300 - 2 - label.length * AXIS_CHAR_PX, label, boundary: false },
    ];
    const ctx = recorder();
    drawAxis(ctx, ticks, 300, 0, LIGHT, 1);
    expect(ctx.calls.filter((c) => c.op === 'rect')).toHaveLength(3);
    expect(ctx.calls.filter((c) => c.op === 'text').map((c) => c.text)).toEqual(['0x0', label]);
    expect(axisDescription(ticks, 300, 'W')).toBe(`Address axis, W: 0x0, ${label}`);
  });
});
