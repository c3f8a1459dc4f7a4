/** The 64-bit address helpers: exact above 2^53, hex parse/format, (hi, lo) halves. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  U64_MAX,
  addrFromHiLo,
  compareHiLo,
  formatHex,
  formatHexPadded,
  hiLoToNumber,
  hiOf,
  loOf,
  parseAddr,
  toAddr,
} from '../src/address';

const u64 = fc.oneof(
  fc.bigInt({ min: 0n, max: U64_MAX }),
  fc.constantFrom(0n, 0xffff_ffffn, 0x1_0000_0000n, 2n ** 53n, 2n ** 53n + 1n, 0xffff_ffff_ff60_0000n, U64_MAX),
);

describe('address: why bigint', () => {
  it('a double cannot tell [vsyscall] from the next address; a bigint can', () => {
    expect(Number(0xffffffffff600000n)).toBe(Number(0xffffffffff600001n));
    expect(parseAddr('ffffffffff600000')).not.toBe(parseAddr('ffffffffff600001'));
  });
});

describe('address: toAddr', () => {
  it.each([0n, 1n, 0xffffffffff600000n, U64_MAX])('accepts %s', (v) => expect(toAddr(v)).toBe(v));
  it.each([-1n, U64_MAX + 1n, 2n ** 100n])('rejects %s with a RangeError', (v) => expect(() => toAddr(v)).toThrow(RangeError));
});

describe('address: (hi, lo) halves', () => {
  it('split and join are exact for every 64-bit value', () => {
    fc.assert(
      fc.property(u64, (v) => {
        const hi = hiOf(v);
        const lo = loOf(v);
        expect(Number.isInteger(hi) && hi >= 0 && hi <= 0xffff_ffff).toBe(true);
        expect(Number.isInteger(lo) && lo >= 0 && lo <= 0xffff_ffff).toBe(true);
        expect(addrFromHiLo(hi, lo)).toBe(v);
      }),
    );
  });

  it('halves read back from Uint32Array columns join to the same value', () => {
    const col = new Uint32Array([hiOf(0xffffffffff600000n), loOf(0xffffffffff600000n)]);
    expect(addrFromHiLo(col[0], col[1])).toBe(0xffffffffff600000n);
    expect(addrFromHiLo(0xffff_ffff, 0xffff_ffff)).toBe(U64_MAX);
  });

  it('addrFromHiLo reads its arguments as unsigned 32-bit (Int32 -1 is 0xffffffff)', () => {
    expect(addrFromHiLo(-1, -1)).toBe(U64_MAX);
  });

  it('compareHiLo orders like bigint comparison', () => {
    fc.assert(
      fc.property(u64, u64, (a, b) => {
        const c = compareHiLo(hiOf(a), loOf(a), hiOf(b), loOf(b));
        expect(Math.sign(c)).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
  });

  it('hiLoToNumber is the correctly rounded double (exact below 2^53)', () => {
    fc.assert(
      fc.property(u64, (v) => {
        expect(hiLoToNumber(hiOf(v), loOf(v))).toBe(Number(v));
      }),
    );
    expect(hiLoToNumber(hiOf(2n ** 53n - 1n), loOf(2n ** 53n - 1n))).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('address: parseAddr', () => {
  const cases: [string, bigint | undefined][] = [
    ['ffffffffff600000', 0xffffffffff600000n],
    ['0xffffffffff600000', 0xffffffffff600000n],
    ['0XFFFFFFFFFF600000', 0xffffffffff600000n],
    ['FfFf', 0xffffn],
    ['  0x10\t', 0x10n],
    ['0x0000_7fff_ffff_f000', 0x7ffffffff000n],
    ['00007fff`fffff000', 0x7ffffffff000n],
    ['0', 0n],
    ['0x' + 'f'.repeat(16), U64_MAX],
    ['0'.repeat(30) + '1', 1n],
    ['0x1' + '0'.repeat(16), undefined],
    ['1' + '0'.repeat(16), undefined],
    ['', undefined],
    ['   ', undefined],
    ['0x', undefined],
    ['_', undefined],
    ['0xg', undefined],
    ['-1', undefined],
    ['+1', undefined],
    ['1.5', undefined],
    ['0x 1', undefined],
    ['１２', undefined],
  ];
  it.each(cases)('%j -> %s', (text, want) => expect(parseAddr(text)).toBe(want));

  it('reads back what formatHex and formatHexPadded write', () => {
    fc.assert(
      fc.property(u64, fc.integer({ min: 1, max: 20 }), (v, digits) => {
        expect(parseAddr(formatHex(v))).toBe(v);
        expect(parseAddr(formatHexPadded(v, digits))).toBe(v);
      }),
    );
  });
});

describe('address: formatting', () => {
  it.each([
    [0n, '0x0', '00000000'],
    [0x400000n, '0x400000', '00400000'],
    [0xffffffffff600000n, '0xffffffffff600000', 'ffffffffff600000'],
    [U64_MAX, '0xffffffffffffffff', 'ffffffffffffffff'],
  ])('%s', (v, hex, padded) => {
    expect(formatHex(v)).toBe(hex);
    expect(formatHexPadded(v)).toBe(padded);
  });

  it('formatHexPadded pads to the minimum and never cuts', () => {
    fc.assert(
      fc.property(u64, fc.integer({ min: 0, max: 20 }), (v, digits) => {
        const s = formatHexPadded(v, digits);
        expect(s).toMatch(/^[0-9a-f]+$/);
        expect(s.length).toBe(Math.max(digits, v.toString(16).length));
      }),
    );
  });
});
