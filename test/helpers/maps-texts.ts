/**
 * Random maps texts for the lookup that scans (src/parse/scan-lookup.ts) and its CLI: mostly as
 * the kernel writes them (ascending regions at the kernel's column, thread stacks, [vsyscall]),
 * sometimes changed in a way that takes them off the scan's path, and addresses in and around
 * their regions.
 */
import fc from 'fast-check';
import { U64_MAX } from '../../src/address';
import { formatMapsLine, type RegionFields } from '../../src/model/region';

const PAGE = 0x1000n;
const pages = (max: number) => fc.integer({ min: 0, max }).map((n) => BigInt(n) * PAGE);
const NAMES = ['/usr/lib/libc.so.6', '[heap]', '[stack]', '[vdso]', '[vvar]', '[anon:glibc: pthread stack: 12]', '/dev/zero (deleted)', '/memfd:x (deleted)', 'anon_inode:[perf]', '/a b', '/x '];
const name = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(' ', '/', 'a', '\\', '[', ']', '\t', 'é', '\u202e', '\r'), minLength: 1, maxLength: 8 }) },
);
/** One region above `at`: a gap of whole pages, a size of whole pages (64 KiB – 8 MiB sometimes, for thread stacks). */
const step = fc.record({
  gap: fc.oneof(fc.constant(0n), pages(4), pages(1 << 20)),
  size: fc.oneof(pages(3).map((s) => s + PAGE), fc.constantFrom(0x10000n, 0x800000n)),
  perms: fc.integer({ min: 0, max: 15 }),
  offset: fc.oneof(fc.constant(0n), pages(100)),
  device: fc.constantFrom({ major: 0, minor: 0 }, { major: 0xfe, minor: 1 }, { major: 0x103, minor: 0xfffff }),
  inode: fc.oneof({ weight: 30, arbitrary: fc.constantFrom(0n, 7n, 1234567n, 999_999_999_999_999n) }, { weight: 1, arbitrary: fc.constant(1_000_000_000_000_000n) }),
  pathname: fc.option(name, { nil: null, freq: 2 }),
  /** A thread stack instead (model/thread-stacks.ts): an anonymous ---p guard page, and anonymous rw-p memory right above it. */
  threadStack: fc.boolean(),
});

/** Ascending, non-overlapping regions from `base`, as the kernel lists them. */
function layout(base: bigint, steps: { gap: bigint; size: bigint; perms: number; offset: bigint; device: { major: number; minor: number }; inode: bigint; pathname: string | null; threadStack: boolean }[]): RegionFields[] {
  const regions: RegionFields[] = [];
  let at = base;
  const anonymous = { offset: 0n, device: { major: 0, minor: 0 }, inode: 0n, pathname: null };
  for (const s of steps) {
    const begin = at + s.gap;
    const end = begin + s.size;
    if (s.threadStack) {
      if (begin + PAGE + 0x10000n > U64_MAX) break;
      regions.push({ ...anonymous, begin, end: begin + PAGE, perms: 0 }, { ...anonymous, begin: begin + PAGE, end: begin + PAGE + 0x10000n, perms: 3 });
      at = begin + PAGE + 0x10000n;
      continue;
    }
    if (end > U64_MAX) break;
    regions.push({ begin, end, perms: s.perms, offset: s.offset, device: s.device, inode: s.inode, pathname: s.pathname });
    at = end;
  }
  return regions;
}

/** A change that may take the text off the scan's path (or not): the full path must then be taken. */
export const mutation = fc.oneof(
  { weight: 12, arbitrary: fc.constant((t: string) => t) },
  fc.constant((t: string) => t.slice(0, -1)), // no final newline
  fc.constant((t: string) => t.replace(/\n/g, '\r\n')),
  fc.constant((t: string) => '\ufeff' + t),
  fc.constant((t: string) => t + '\n'),
  fc.constant((t: string) => t.toUpperCase()),
  fc.constant((t: string) => t.replace(/ {2,}/, ' ')),
  fc.constant((t: string) => t.replace(/ /, '  ')),
  fc.constant((t: string) => t.split('\n').reverse().join('\n')),
  fc.constant((t: string) => t.replace(/^([0-9a-f]+)-/m, (_, b: string) => `${b}-${b} `)),
  fc.integer({ min: 0, max: 40 }).map((i) => (t: string) => {
    const lines = t.split('\n');
    lines.splice(i % lines.length, 0, lines[(i * 7) % lines.length]); // a duplicate or an overlap
    return lines.join('\n');
  }),
  fc.constantFrom('garbage', 'Rss: 4 kB', '# header', '7f0000000000-7f0000001000 r--p 00000000 00:00 0 x').map((bad) => (t: string) => bad + '\n' + t),
);

export const address = (regions: RegionFields[]) =>
  fc.oneof(
    fc.bigInt({ min: 0n, max: U64_MAX }),
    fc.constantFrom(0n, U64_MAX, 0xffff_ffff_ff60_0000n, 1n << 47n),
    ...(regions.length === 0
      ? []
      : [fc.integer({ min: 0, max: regions.length - 1 }).chain((i) => fc.constantFrom(regions[i].begin, regions[i].end - 1n, regions[i].end, regions[i].begin - 1n).filter((a) => a >= 0n))]),
  );


/** A maps text (see the file's comment) and the regions it was written from. */
export const mapsText = fc
  .record({
    base: fc.oneof(pages(0xffff), pages(0x7fff_ffff).map((p) => p << 12n), fc.constant(0xffff_ffff_ff60_0000n)),
    steps: fc.array(step, { minLength: 1, maxLength: 14 }),
    withVsyscall: fc.boolean(),
    mutate: mutation,
    thirtyTwo: fc.boolean(),
  })
  .map(({ base, steps, withVsyscall, mutate, thirtyTwo }) => {
    const regions = layout(base, steps);
    if (withVsyscall && (regions.length === 0 || regions[regions.length - 1].end <= 0xffff_ffff_ff60_0000n)) {
      regions.push({ begin: 0xffff_ffff_ff60_0000n, end: 0xffff_ffff_ff60_1000n, perms: 5, offset: 0n, device: { major: 0, minor: 0 }, inode: 0n, pathname: '[vsyscall]' });
    }
    const pointerBits = thirtyTwo && regions.every((r) => r.end <= 0xffff_ffffn) ? 32 : 64;
    return { regions, text: mutate(regions.map((r) => formatMapsLine(r, { pointerBits }) + '\n').join('')) };
  });
