/** The view of a scale that "reset" (and a newly opened file) shows: every region, a small margin on each side. */
import type { AddressScale } from './address-scale.js';
import { fitRange, type Viewport } from './viewport.js';

/** The whole file on `scale`, with a margin of 2 % to scale and 0.5 % with compressed gaps. */
export function fitViewport(scale: AddressScale): Viewport {
  return fitRange(scale.domain, scale.fitStartU, scale.fitEndU, scale.mode === 'linear' ? 0.02 : 0.005);
}
