/**
 * The 64-bit address type. Addresses, offsets and inodes are unsigned 64-bit values; JavaScript
 * numbers lose precision above 2^53 (`0xffffffffff600000` — [vsyscall] — would merge with its
 * neighbours), so values are bigints, branded so that a plain number cannot be passed by mistake.
 * Convert to a number only for pixels, and last (Perfetto ui/src/base/time.ts does the same).
 */
export type Addr = bigint & { readonly __brand: 'Addr' };

/** The largest unsigned 64-bit value. */
export const U64_MAX = 0xffff_ffff_ffff_ffffn;
const TWO_32 = 0x1_0000_0000;

/** Brands a bigint as an address; throws RangeError outside [0, 2^64). */
export function toAddr(value: bigint): Addr {
  if (value < 0n || value > U64_MAX) throw new RangeError(`address out of 64-bit range: ${value}`);
  return value as Addr;
}

/** Builds an address from its high and low unsigned 32-bit halves. */
export function addrFromHiLo(hi: number, lo: number): Addr {
  return ((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)) as Addr;
}

/** The high 32 bits of a 64-bit value, as an unsigned number. */
export function hiOf(value: bigint): number {
  return Number(value >> 32n);
}

/** The low 32 bits of a 64-bit value, as an unsigned number. */
export function loOf(value: bigint): number {
  return Number(value & 0xffff_ffffn);
}

/** Compares two (hi, lo) pairs: negative, zero or positive. */
export function compareHiLo(aHi: number, aLo: number, bHi: number, bLo: number): number {
  return aHi !== bHi ? aHi - bHi : aLo - bLo;
}

/** (hi, lo) as a number; exact below 2^53, the nearest double above. For pixels and sizes only. */
export function hiLoToNumber(hi: number, lo: number): number {
  return hi * TWO_32 + lo;
}

/**
 * Parses a hexadecimal address typed by a person: optional `0x`/`0X`, optional `_` or `` ` ``
 * digit separators (as gdb and WinDbg print them). Returns undefined for anything else, for an
 * empty string, and for values wider than 64 bits.
 */
export function parseAddr(text: string): Addr | undefined {
  let s = text.trim();
  if (s.startsWith('0x') || s.startsWith('0X')) s = s.slice(2);
  s = s.replace(/[_`]/g, '');
  if (s.length === 0 || !/^[0-9a-fA-F]+$/.test(s)) return undefined;
  const value = BigInt('0x' + s);
  return value > U64_MAX ? undefined : (value as Addr);
}

/** Formats as lowercase hex with `0x` and no leading zeros: `0xffffffffff600000`, `0x0`. */
export function formatHex(value: bigint): string {
  return '0x' + value.toString(16);
}

/** Formats as lowercase hex without `0x`, zero-padded to at least `minDigits` (maps uses 8). */
export function formatHexPadded(value: bigint, minDigits = 8): string {
  return value.toString(16).padStart(minDigits, '0');
}
