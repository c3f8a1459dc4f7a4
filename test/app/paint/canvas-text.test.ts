/**
 * The canvas text helpers: setFont sets a context's font only when the context does not have it
 * (Chromium updates the document's style on every set), and the window readout's ellipsis keeps
 * the longest beginning that fits.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { setFont } from '../../../app/paint/canvas-font';
import { fitted } from '../../../app/paint/paint-window-text';

/** A context whose font reads back normalised, as a canvas's does, and that counts the sets. */
function fakeContext() {
  let font = '10px sans-serif';
  const ctx = {
    sets: 0,
    get font() {
      return font;
    },
    set font(value: string) {
      ctx.sets++;
      font = value.replace(/\s+/g, ' ').trim();
    },
    /** What resizing a canvas does: its state, the font with it, back to the defaults. */
    reset() {
      font = '10px sans-serif';
    },
  };
  return ctx;
}

describe('setFont', () => {
  test('sets a font once, again only after it changed or the context was reset', () => {
    const ctx = fakeContext();
    setFont(ctx, '11px  monospace');
    setFont(ctx, '11px  monospace');
    expect(ctx.sets).toBe(1);
    expect(ctx.font).toBe('11px monospace');
    setFont(ctx, '12px serif');
    expect(ctx.sets).toBe(2);
    setFont(ctx, '11px  monospace');
    expect(ctx.sets).toBe(3);
    ctx.reset();
    setFont(ctx, '11px  monospace');
    expect(ctx.sets).toBe(4);
    expect(ctx.font).toBe('11px monospace');
  });

  test('contexts are told apart', () => {
    const a = fakeContext();
    const b = fakeContext();
    setFont(a, '11px monospace');
    setFont(b, '11px monospace');
    expect([a.sets, b.sets]).toEqual([1, 1]);
  });
});

describe('fitted', () => {
  // Each character a width of its own (1–3 px), so that a prefix's width is not its length.
  const widthOf = (t: string) => [...t].reduce((w, c) => w + ((c.codePointAt(0)! % 3) + 1), 0);
  const ctx = { measureText: (t: string) => ({ width: widthOf(t) }) as TextMetrics };

  test('the whole text when it fits; else the longest beginning that fits with an ellipsis', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.integer({ min: 0, max: 150 }), (text, widthPx) => {
        const out = fitted(ctx, text, widthPx);
        if (widthOf(text) <= widthPx) {
          expect(out).toBe(text);
          return;
        }
        expect(out.endsWith('…')).toBe(true);
        const kept = out.slice(0, -1);
        expect(text.startsWith(kept)).toBe(true);
        // Fits, or is the ellipsis alone where nothing fits; one more character would not fit.
        if (kept.length > 0) expect(widthOf(out)).toBeLessThanOrEqual(widthPx);
        if (kept.length < text.length) expect(widthOf(`${text.slice(0, kept.length + 1)}…`)).toBeGreaterThan(widthPx);
      }),
    );
  });
});
