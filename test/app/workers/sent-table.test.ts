/**
 * A table's pathnames as they cross a postMessage (app/workers/sent-table.ts): packed into one
 * string, cloned, unpacked — the same names, in the same order, unit for unit (lone surrogates,
 * empty names and any character a pathname may hold included); and a packing whose ends do not
 * fit its text is refused, not read past.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RegionTable, parseMaps } from '../../../src/internal';
import { packNames, receiveTable, sendTable, unpackNames } from '../../../app/workers/sent-table';

describe('packed pathnames', () => {
  it('come back as the names packed, after a structured clone', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.oneof(fc.constantFrom('\n', '\0', '\ud800', '\udfff'), fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp))) }), { maxLength: 40 }), (names) => {
        const packed = packNames(names);
        expect(typeof packed.text).toBe('string');
        expect(unpackNames(structuredClone(packed))).toEqual(names);
      }),
    );
  });

  it('are packed once per names array: a table received and sent again posts the same packing', () => {
    const names = ['/usr/lib/libc.so.6', '[heap]', ''];
    const packed = packNames(names);
    expect(packNames(names)).toBe(packed);
    const cloned = structuredClone(packed);
    const received = unpackNames(cloned);
    expect(packNames(received)).toBe(cloned);
  });

  it('are refused when their ends do not fit their text', () => {
    expect(() => unpackNames({ text: 'ab', ends: Uint32Array.of(3) })).toThrow(RangeError);
    expect(() => unpackNames({ text: 'abc', ends: Uint32Array.of(2, 1) })).toThrow(RangeError);
    expect(() => unpackNames({ text: 'abc', ends: Uint32Array.of(2) })).toThrow(RangeError);
  });
});

describe('a sent table', () => {
  it('is the table: its rows and names after a trip through structured clone', () => {
    const table = parseMaps('1000-2000 r-xp 00000000 08:01 12 /lib/a b\n3000-4000 rw-p 00000000 00:00 0 [heap]\n5000-6000 r--p 00000000 00:00 0\n').regions;
    const sent = structuredClone(sendTable(table), { transfer: table.transferables() });
    expect(Array.isArray(sent.pathnames)).toBe(false);
    const back = receiveTable(sent);
    expect(back).toBeInstanceOf(RegionTable);
    expect(back.pathnames).toEqual(['/lib/a b', '[heap]']);
    expect(back.toArray().map((r) => r.toString())).toEqual(parseMaps('1000-2000 r-xp 00000000 08:01 12 /lib/a b\n3000-4000 rw-p 00000000 00:00 0 [heap]\n5000-6000 r--p 00000000 00:00 0\n').regions.toArray().map((r) => r.toString()));
  });
});
