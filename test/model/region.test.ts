/** Region: a view of one table row — exact fields, exclusive end, and the maps line it came from. */
import { describe, expect, it } from 'vitest';
import { U64_MAX } from '../../src/address';
import { formatMapsLine } from '../../src/model/region';
import { parseProcMaps } from '../../src/parse/maps';
import { readFixture, splitLines } from '../helpers/fixtures';

/** Lines copied from real kernel output (test/fixtures/maps/, corpus gomarkablestream-remarkable-arm32). */
const LIBC = '7fc3d0ce6000-7fc3d0d0c000 r--p 00000000 fe:00 339380                     /usr/lib/x86_64-linux-gnu/libc.so.6';
const ANON = '7fc3d0ce3000-7fc3d0ce6000 rw-p 00000000 00:00 0 ';
const VSYSCALL = 'ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]';
const ARM32 = '00010000-00013000 r-xp 00000000 b3:03 8273       /usr/bin/remarkable-shutdown';

function only(line: string) {
  const r = parseProcMaps(line);
  expect(r.diagnostics).toEqual([]);
  return r.regions.get(0);
}

describe('Region', () => {
  it('fields of a file line', () => {
    const r = only(LIBC);
    expect(r.line).toBe(1);
    expect([r.begin, r.end, r.sizeBytes]).toEqual([0x7fc3d0ce6000n, 0x7fc3d0d0c000n, 0x26000n]);
    expect([r.offset, r.device, r.inode]).toEqual([0n, { major: 0xfe, minor: 0 }, 339380n]);
    expect([r.pathname, r.kind, r.isDeleted, r.smaps]).toEqual(['/usr/lib/x86_64-linux-gnu/libc.so.6', 'file', false, null]);
    expect([r.isReadable, r.isWritable, r.isExecutable, r.isShared, r.isPrivate]).toEqual([true, false, false, false, true]);
    expect(r.permissions.text).toBe('r--p');
  });

  it('contains: begin inclusive, end exclusive', () => {
    const r = only(VSYSCALL);
    expect(r.contains(0xffffffffff600000n)).toBe(true);
    expect(r.contains(0xffffffffff600fffn)).toBe(true);
    expect(r.contains(0xffffffffff601000n)).toBe(false);
    expect(r.contains(0xffffffffff5fffffn)).toBe(false);
    expect(r.contains(0n)).toBe(false);
  });

  it('contains at the top of the address space: the end itself is outside', () => {
    // No kernel writes this line (a region ending at 2^64 - 1 is an inclusive end): read as written, said once.
    const parsed = parseProcMaps('fffffffffffff000-ffffffffffffffff r--p 00000000 00:00 0 ');
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(['inclusive-end']);
    const r = parsed.regions.get(0);
    expect(r.contains(U64_MAX - 1n)).toBe(true);
    expect(r.contains(U64_MAX)).toBe(false);
    expect(r.sizeBytes).toBe(0xfffn);
  });

  it('an empty region contains nothing', () => {
    const r = parseProcMaps('1000-1000 r--p 0 00:00 0').regions.get(0);
    expect([r.contains(0xfffn), r.contains(0x1000n), r.sizeBytes]).toEqual([false, false, 0n]);
  });

  it.each([
    ['a 64-bit file line', LIBC, 64],
    ['an anonymous line (ends with one space)', ANON, 64],
    ['[vsyscall]', VSYSCALL, 64],
    ['a 32-bit line (name at index 49)', ARM32, 32],
  ] as const)('format gives back %s', (_, line, bits) => {
    const r = only(line);
    expect(r.format({ pointerBits: bits })).toBe(line);
    if (bits === 64) expect(String(r)).toBe(line);
  });

  it('every line of the real fixtures formats back byte for byte', () => {
    for (const name of ['maps/kernel-6.18-make-fixture.maps', 'maps/node-20-self.maps']) {
      const text = readFixture(name);
      const result = parseProcMaps(text);
      expect(result.regions.toArray().map((r) => r.format())).toEqual(splitLines(text));
    }
  });
});

describe('formatMapsLine', () => {
  const base = { begin: 0x400000n, end: 0x401000n, perms: 5, offset: 0n, device: { major: 8, minor: 2 }, inode: 7n };

  it('pads fields as the kernel does (%08lx, %02x:%02x, %lu)', () => {
    expect(formatMapsLine({ ...base, pathname: null })).toBe('00400000-00401000 r-xp 00000000 08:02 7 ');
    expect(formatMapsLine({ ...base, device: { major: 0x103, minor: 0x1d }, pathname: null })).toBe('00400000-00401000 r-xp 00000000 103:1d 7 ');
  });

  it('puts the name at index 73 (64-bit) or 49 (32-bit)', () => {
    expect(formatMapsLine({ ...base, pathname: '/x' }).indexOf('/x')).toBe(73);
    expect(formatMapsLine({ ...base, pathname: '/x' }, { pointerBits: 32 }).indexOf('/x')).toBe(49);
  });

  it('a prefix longer than the padding width gets one space before the name', () => {
    const line = formatMapsLine({
      begin: 0xffffffffff600000n,
      end: 0xffffffffff601000n,
      perms: 0,
      offset: U64_MAX,
      device: { major: 0xfff, minor: 0xfffff },
      inode: U64_MAX,
      pathname: '/x',
    });
    expect(line).toBe('ffffffffff600000-ffffffffff601000 ---p ffffffffffffffff fff:fffff 18446744073709551615  /x');
  });
});
