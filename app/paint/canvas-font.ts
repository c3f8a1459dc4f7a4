/**
 * Sets a context's font only when it differs from the one it has. Chromium resolves a canvas's
 * font against the element's style: setting `ctx.font` on a canvas in the document first brings
 * the document's style up to date (UpdateStyleAndLayoutTreeForElement in ResolveFont), even when
 * the font is the one already set — so a frame that set it after a DOM change (a paste's answer)
 * recalculated style in the middle of its animation-frame callbacks. Reading `ctx.font` does not.
 */

/** What was set on each context: the font as written, and as the context reads it back. */
const lastSet = new WeakMap<object, { font: string; read: string }>();

/** `ctx.font = font`, unless the context has it already (a resized canvas has lost it: its state is reset). */
export function setFont(ctx: { font: string }, font: string): void {
  const last = lastSet.get(ctx);
  if (last !== undefined && last.font === font && ctx.font === last.read) return;
  ctx.font = font;
  lastSet.set(ctx, { font, read: ctx.font });
}
