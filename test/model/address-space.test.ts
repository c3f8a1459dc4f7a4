/**
 * The address space's shape from a map (issue 18 point 10): this machine's own map, the corpus's
 * x86-64 and aarch64 captures, and hand-written layouts of the widths a map cannot show here.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressSpaceFacts, addressSpaceShapeOf, findAddressSpaceShape, parseMaps, placeInAddressSpace } from '../../src/internal';
import { readCorpus } from '../helpers/fixtures';

const shapeOf = (text: string) => findAddressSpaceShape(parseMaps(text).regions);
const line = (begin: bigint, end: bigint, perms: string, name = '') => `${begin.toString(16)}-${end.toString(16)} ${perms} 00000000 00:00 0 ${name}`;

describe('findAddressSpaceShape', () => {
  it("this process's map: x86-64 with 48-bit addresses (the test runs on x86-64 with 4-level paging)", () => {
    const text = readFileSync('/proc/self/maps', 'utf8');
    const shape = shapeOf(text);
    if (process.arch !== 'x64') return expect(shape).toBeDefined();
    expect(shape?.name).toBe('x86-64, 48-bit virtual addresses (4-level paging)');
    expect(shape?.userEnd).toBe(0x8000_0000_0000n);
    expect(shape?.kernelBegin).toBe(0xffff_8000_0000_0000n);
    expect(shape?.basis).toContain(text.includes('[vsyscall]') ? '[vsyscall]' : 'no [vsyscall]');
  });

  it('corpus captures: a JVM in Docker on x86-64, Android and Debian on aarch64 with 39-bit addresses; 32-bit arm has no 64-bit shape', () => {
    expect(shapeOf(readCorpus('dlhiddensym-openjdk8-docker.maps'))?.name).toBe('x86-64, 48-bit virtual addresses (4-level paging)');
    expect(shapeOf(readCorpus('gem5doc-aarch64-39bit.maps'))?.name).toBe('aarch64, 39-bit virtual addresses');
    expect(shapeOf(readCorpus('aosp-libprocinfo-arm64.maps'))?.kernelBegin).toBe(0xffff_ff80_0000_0000n);
    expect(shapeOf(readCorpus('gomarkablestream-remarkable-arm32.maps'))).toBeUndefined();
  });

  it('hand-written: aarch64 48-bit (stack below 2^48), x86-64 57-bit (a mapping above 2^47 beside [vsyscall]), and too high for either', () => {
    const vsyscall = line(0xffff_ffff_ff60_0000n, 0xffff_ffff_ff60_1000n, '--xp', '[vsyscall]');
    expect(shapeOf(line(0xffff_f000_0000n, 0xffff_f002_1000n, 'rw-p', '[stack]'))?.name).toBe('aarch64, 48-bit virtual addresses');
    const five = shapeOf([line(0x7f00_0000_0000n, 0x7f00_0000_1000n, 'r--p'), line(0x10_0000_0000_0000n, 0x10_0000_0000_1000n, 'rw-p'), vsyscall].join('\n'));
    expect(five?.name).toBe('x86-64, 57-bit virtual addresses (5-level paging)');
    expect(five?.kernelBegin).toBe(0xff00_0000_0000_0000n);
    expect(shapeOf(line(0x20_0000_0000_0000n, 0x20_0000_0000_1000n, 'rw-p'))).toBeUndefined();
    expect(shapeOf('')).toBeUndefined();
  });

  it('property: the two facts gathered as plainly from the regions (any [vsyscall]; the highest end of a region beginning below 2^63), in any order, empty regions too', () => {
    // Ends near the hi/lo boundaries and the layouts' limits, so that a compare of the halves that is off shows.
    const limits = [0n, 0xffff_ffffn, 0x1_0000_0000n, 1n << 39n, 1n << 47n, 1n << 48n, 1n << 52n, 1n << 56n, 1n << 63n, 0xffff_ffff_ff60_0000n];
    // Many regions share their high half (as in a real map), so that which of two is higher rests on the low half.
    const nearLimit = fc.constantFrom(...limits).chain((l) => fc.bigInt({ min: l > 0x1000n ? l - 0x1000n : 0n, max: l + 0x1000n }));
    const sameHigh = fc.tuple(fc.constantFrom(0n, 0x7fffn, 0x8000n, 0x8000_0000n), fc.bigInt({ min: 0n, max: 0xffff_ffffn })).map(([hi, lo]) => (hi << 32n) | lo);
    const address = fc.oneof(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), nearLimit, sameHigh);
    const region = fc.record({ begin: address, size: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 0xffff_ffffn }), fc.bigInt({ min: 0n, max: 1n << 50n })), vsyscall: fc.boolean() });
    fc.assert(
      fc.property(fc.array(region, { maxLength: 40 }), (regions) => {
        const rows = regions.map((r) => ({ ...r, end: r.begin + r.size > (1n << 64n) - 1n ? (1n << 64n) - 1n : r.begin + r.size }));
        const table = parseMaps(rows.map((r) => line(r.begin, r.end, 'r--p', r.vsyscall ? '[vsyscall]' : '')).join('\n')).regions;
        expect(table.length).toBe(rows.length);
        const lower = rows.filter((r) => r.begin < 1n << 63n).map((r) => r.end);
        const highest = lower.reduce((a, b) => (b > a ? b : a), 0n);
        const facts = { hasVsyscall: rows.some((r) => r.vsyscall), highest };
        expect(addressSpaceFacts(table)).toEqual(facts);
        expect(findAddressSpaceShape(table)).toEqual(addressSpaceShapeOf(facts.hasVsyscall, facts.highest));
      }),
      { numRuns: 300 },
    );
  });

  it("placeInAddressSpace: the last user byte, the hole's first and last, the kernel half's first", () => {
    const shapes = [
      readCorpus('dlhiddensym-openjdk8-docker.maps'),
      readCorpus('gem5doc-aarch64-39bit.maps'),
      line(0xffff_f000_0000n, 0xffff_f002_1000n, 'rw-p', '[stack]'),
    ].map((t) => shapeOf(t)!);
    for (const s of shapes) {
      expect([s.userEnd - 1n, s.userEnd, s.kernelBegin - 1n, s.kernelBegin].map((a) => placeInAddressSpace(s, a))).toEqual(['user', 'hole', 'hole', 'kernel']);
    }
  });
});
