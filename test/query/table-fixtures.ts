/** Test helpers: build RegionTables from plain specs, and fast-check arbitraries of tables. */
import fc from 'fast-check';
import { U64_MAX, hiOf, loOf } from '../../src/address';
import { KIND_CODE, classifyPathname } from '../../src/model/kind';
import { PERM_SHARED } from '../../src/model/permissions';
import { RegionTableBuilder, type RegionTable } from '../../src/model/region-table';

/** One region as a test writes it. */
export interface RegionSpec {
  begin: bigint;
  end: bigint;
  perms?: number;
  offset?: bigint;
  pathname?: string | null;
}

/** A table holding `specs` in the given (file) order; kinds derived as the parser derives them. */
export function tableOf(specs: readonly RegionSpec[]): RegionTable {
  const b = new RegionTableBuilder(specs.length);
  specs.forEach((s, i) => {
    const row = b.addRow();
    const c = b.columns;
    const perms = s.perms ?? 0;
    const pathname = s.pathname ?? null;
    c.beginHi[row] = hiOf(s.begin);
    c.beginLo[row] = loOf(s.begin);
    c.endHi[row] = hiOf(s.end);
    c.endLo[row] = loOf(s.end);
    c.offsetHi[row] = hiOf(s.offset ?? 0n);
    c.offsetLo[row] = loOf(s.offset ?? 0n);
    c.perms[row] = perms;
    c.line[row] = i + 1;
    c.pathId[row] = b.names.intern(pathname);
    c.kind[row] = KIND_CODE[classifyPathname(pathname, (perms & PERM_SHARED) !== 0)];
  });
  return b.finish();
}

/**
 * 64-bit values that collide often: small numbers, numbers around the 2^32 boundary (where the
 * (hi, lo) halves carry) and 2^53 (where doubles stop being exact), the top of the address space ([vsyscall], 2^64 - 1) and anything.
 */
export const arbAddress: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt({ min: 0n, max: 48n }),
  fc.bigInt({ min: 0xffff_ffe0n, max: 0x1_0000_0020n }),
  fc.bigInt({ min: (1n << 53n) - 48n, max: (1n << 53n) + 48n }), // where a double stops being exact
  fc.bigInt({ min: 0xffff_ffff_ff60_0000n, max: 0xffff_ffff_ff60_1000n }),
  fc.bigInt({ min: U64_MAX - 48n, max: U64_MAX }),
  fc.bigInt({ min: 0n, max: U64_MAX }),
);

const arbPathname = fc.oneof(
  fc.constant(null),
  fc.constantFrom('/usr/lib/libc.so.6', '/usr/lib/LIBC.so.6', '[heap]', '[stack]', '[vsyscall]', '[anon:glibc: loader malloc]', '/memfd:wayland (deleted)', 'x\\012y'),
  // A present pathname is never empty: every importer reads a blank name as none (null).
  fc.string({ minLength: 1, maxLength: 6 }),
);

/** A region spec with begin <= end (empty regions included) anywhere in the 64-bit space. */
export const arbRegion: fc.Arbitrary<RegionSpec> = fc
  .record({ a: arbAddress, b: arbAddress, perms: fc.integer({ min: 0, max: 15 }), offset: arbAddress, pathname: arbPathname })
  .map(({ a, b, perms, offset, pathname }) => ({ begin: a < b ? a : b, end: a < b ? b : a, perms, offset, pathname }));

/** Tables with arbitrary order, overlaps, duplicates and empty regions. */
export const arbMessySpecs = fc.array(arbRegion, { maxLength: 40 });

/** Tables shaped like a real file: ascending, non-overlapping, some adjacent, some gaps. */
export const arbOrderedSpecs: fc.Arbitrary<RegionSpec[]> = fc
  .array(fc.record({ gap: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 0x1_0000_0000n })), size: fc.bigInt({ min: 1n, max: 0x1_0000_0000n }), pathname: arbPathname, perms: fc.integer({ min: 0, max: 15 }) }), { maxLength: 40 })
  .chain((parts) =>
    fc.bigInt({ min: 0n, max: 0xffff_0000_0000_0000n }).map((start) => {
      const specs: RegionSpec[] = [];
      let at = start;
      for (const p of parts) {
        const begin = at + p.gap;
        const end = begin + p.size;
        if (end > U64_MAX) break;
        specs.push({ begin, end, perms: p.perms, pathname: p.pathname, offset: begin & 0xfff_ffffn });
        at = end;
      }
      return specs;
    }),
  );
