/**
 * smaps values the kernel does not write: a unit other than ` kB`, a unit on a unit-less key, no
 * unit on a size, numbers past 2^53 or 2^64. The smaps parser reads the kernel's own shape
 * (`Rss:    160 kB`, `THPeligible:    0`) in its loop and calls readUnusualValue for the rest.
 *
 * The kernel (fs/proc/task_mmu.c, SEQ_PUT_DEC) prints a u64 byte count shifted right by 10, so a
 * size is at most 2^54 − 1 kB, and a byte count always fits in 64 bits. A double holds every
 * count up to 2^53 exactly, and multiplying it by a power of two (1024) stays exact, so sizes
 * up to 2^53 kB (8 EiB, far past any address space) are exact numbers. A larger count is kept
 * exactly as a bigint in SmapsRecord.exactFields; `fields` then holds its nearest double.
 */
import { clipDiagnosticText } from '../model/diagnostic.js';
import type { DiagnosticStore } from '../model/diagnostic-store.js';
import { UNIT_KIB, UNIT_NONE } from './smaps-keys.js';

/** Units seen in hand-made or converted files, as bytes per unit (binary: `MB` read as MiB). */
const OTHER_UNITS: ReadonlyMap<string, number> = new Map([
  ['B', 1],
  ['k', 1024], ['K', 1024], ['KB', 1024], ['KiB', 1024], ['kiB', 1024],
  ['M', 1024 ** 2], ['MB', 1024 ** 2], ['MiB', 1024 ** 2],
  ['G', 1024 ** 3], ['GB', 1024 ** 3], ['GiB', 1024 ** 3],
]);

const U64_MAX = (1n << 64n) - 1n;
// Every integer up to 2^53 is a double; 2^53 + 1 is the first that is not.
const SAFE_MAX = 1n << 53n;

/** What readUnusualValue returns for a rejected line (values are never negative). */
export const REJECTED = -1;

/** Where readUnusualValue puts a value a double cannot hold. */
export interface ExactOut {
  exact: bigint | null;
}

/**
 * Reads the value of `key` at text[q..e) (digits text[q..d), d > q) of line `line` (starting at
 * lineStart) that is not in the kernel's usual shape. Returns the value for `fields` (bytes for a
 * size), or REJECTED after an error diagnostic; sets out.exact when the value passes 2^53. Every
 * deviation from what the kernel writes gets a diagnostic.
 */
export function readUnusualValue(
  text: string, lineStart: number, e: number, line: number, q: number, d: number,
  key: string, unit: number, diagnostics: DiagnosticStore, out: ExactOut,
): number {
  out.exact = null;
  const digits = text.slice(q, d);
  const count = BigInt(digits);
  const where = (at: number, severity: 'error' | 'warning', code: string, message: string) =>
    diagnostics.push({ line, column: at - lineStart + 1, severity, code, message, text: clipDiagnosticText(text.slice(lineStart, e)) });
  if (count > U64_MAX) {
    where(q, 'error', 'value-range', `${key} value ${clip(digits)} does not fit in 64 bits: the kernel prints u64 values`);
    return REJECTED;
  }

  // The unit: one word after the number, then nothing but blanks.
  let u = d;
  while (u < e && isBlankChar(text.charCodeAt(u))) u++;
  let ue = u;
  while (ue < e && !isBlankChar(text.charCodeAt(ue))) ue++;
  let r = ue;
  while (r < e && isBlankChar(text.charCodeAt(r))) r++;
  const unitText = text.slice(u, ue);
  if (r < e) {
    where(d, 'error', 'bad-value', `invalid value "${clip(text.slice(q, e))}" of ${key}: expected a number and an optional unit (kB)`);
    return REJECTED;
  }

  let bytesPerUnit = 1;
  if (unitText === '') {
    if (unit === UNIT_KIB) {
      // fs/proc/task_mmu.c prints every size with " kB": a bare number is read in the kernel's unit.
      where(d, 'warning', 'missing-unit', `${key} has no unit: read as ${digits} kB (the kernel writes sizes in kB)`);
      bytesPerUnit = 1024;
    }
  } else if (unit === UNIT_NONE) {
    where(u, 'warning', 'unexpected-unit', `${key} has no unit in the kernel's smaps: "${clip(unitText)}" ignored, value read as ${digits}`);
  } else if (unitText === 'kB') {
    bytesPerUnit = 1024;
  } else {
    const known = OTHER_UNITS.get(unitText);
    if (known === undefined) {
      where(d, 'error', 'bad-value', `invalid value "${clip(text.slice(q, e))}" of ${key}: expected a number and an optional unit (kB)`);
      return REJECTED;
    }
    bytesPerUnit = known;
    where(u, 'warning', 'unusual-unit', `unit "${unitText}" of ${key} is not the kernel's (it writes kB): read as ${digits} × ${bytesPerUnit} bytes`);
  }

  const value = count * BigInt(bytesPerUnit);
  if (count > SAFE_MAX) {
    out.exact = value;
    const beyond = value > U64_MAX ? 'more than 2^64 bytes, which the kernel cannot print' : 'larger than any address space';
    where(q, 'warning', 'value-range', `${key} value ${digits} is ${beyond}: kept exactly, shown rounded`);
    return Number(value);
  }
  // count ≤ 2^53 and a power-of-two unit: the product is an exact double.
  return Number(count) * bytesPerUnit;
}

function isBlankChar(c: number): boolean {
  return c === 32 || c === 9;
}

function clip(s: string): string {
  return s.length > 40 ? s.slice(0, 40) + '…' : s;
}
