/** Shared expectations of the maps tests: which warnings are about order, which about syntax. */

/** The order warnings of region-checks.ts (test/helpers/fixtures.ts checkOrderWarnings checks them). */
const ORDER_CODES = new Set(['out-of-order', 'empty-region', 'duplicate', 'overlap']);

/** The grouped non-kernel-syntax warnings of src/parse/maps-deviations.ts, one per kind. */
export const DEVIATION_CODES = [
  'indented', 'tab-separated', 'extra-spaces', 'upper-case-hex', 'device-format', 'number-format',
  'inclusive-end', 'unaligned-address', 'short-padding', 'extra-padding', 'name-leading-spaces',
];

/** The order warnings among `diagnostics`. */
export function orderWarnings<D extends { severity: string; code: string }>(diagnostics: D[]): D[] {
  return diagnostics.filter((d) => d.severity === 'warning' && ORDER_CODES.has(d.code));
}
