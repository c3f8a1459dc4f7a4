/** sumRegionSizes (src/analyze/byte-sum.ts): the mapped total the header shows, exact. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { formatMapsLine, parseMaps, sumRegionSizes } from '../../src/internal';

/** The sum as a plain bigint loop over Region objects: slow and obviously right. */
function slowSum(text: string): bigint {
  let total = 0n;
  for (const r of parseMaps(text).regions) total += r.end - r.begin;
  return total;
}

describe('sumRegionSizes', () => {
  test('agrees with a bigint sum on real files', () => {
    for (const text of [
      readFileSync('/proc/self/maps', 'utf8'),
      readFileSync(new URL('../../public/samples/android-arm64-app.maps', import.meta.url), 'utf8'),
      readFileSync(new URL('../../public/samples/remarkable-arm32.maps', import.meta.url), 'utf8'),
    ]) {
      expect(sumRegionSizes(parseMaps(text).regions)).toBe(slowSum(text));
    }
  });

  test('property: exact for any 64-bit ranges, including ones that cross 2^32 and reach 2^64', () => {
    const u64 = fc.bigInt({ min: 0n, max: 0xffff_ffff_ffff_ffffn });
    fc.assert(
      fc.property(fc.array(fc.tuple(u64, u64), { minLength: 0, maxLength: 60 }), (pairs) => {
        const text = pairs
          .map(([a, b]) => formatMapsLine({ begin: a < b ? a : b, end: a < b ? b : a, perms: 1, offset: 0n, device: { major: 0, minor: 0 }, inode: 0n, pathname: null }))
          .join('\n');
        expect(sumRegionSizes(parseMaps(text, { format: 'maps' }).regions)).toBe(slowSum(text));
      }),
    );
  });
});
