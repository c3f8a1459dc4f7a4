/** Human-readable byte sizes in binary units (KiB, MiB, …), exact for bigints up to 2^64. */
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/**
 * Formats a byte count: `4 KiB`, `1.5 MiB`, `122.4 TiB`, `16 EiB`. Whole numbers drop the decimal;
 * otherwise one decimal (two below 10 for precision where it matters). Accepts number or bigint.
 */
export function formatBytes(size: bigint | number): string {
  let value = typeof size === 'bigint' ? size : BigInt(Math.max(0, Math.round(size)));
  if (value < 1024n) return `${value} B`;
  let unit = 0;
  // Divide in bigint until the value is below 1024 * 1024 of the next unit, then finish in doubles.
  while (value >= 1024n * 1024n && unit < UNITS.length - 2) {
    value >>= 10n;
    unit++;
  }
  const scaled = Number(value) / 1024;
  unit++;
  const digits = Number.isInteger(scaled) ? 0 : scaled < 10 ? 2 : 1;
  let text = scaled.toFixed(digits);
  if (digits > 0) text = text.replace(/\.?0+$/, '');
  return `${text} ${UNITS[unit]}`;
}

/**
 * A span of the 64-bit space: `16 EiB − 256 TiB` when it is 2^64 less a power of two (the
 * non-canonical hole of a 48-bit layout), which formatBytes would round to `16 EiB`; else formatBytes.
 */
export function formatSpanBytes(size: bigint): string {
  const rest = (1n << 64n) - size;
  return rest > 0n && rest < size && (rest & (rest - 1n)) === 0n ? `16 EiB − ${formatBytes(rest)}` : formatBytes(size);
}
