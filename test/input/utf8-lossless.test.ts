/** Lossless UTF-8 (src/input/utf8-lossless.ts): every byte string comes back exactly, in any chunking. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8Lossless, pathnameBytes } from '../../src/internal';
import { LosslessUtf8Decoder } from '../../src/input/utf8-lossless';

/** The bytes a decoded text stands for. */
const bytesOf = (text: string) => pathnameBytes(text) ?? new TextEncoder().encode(text);

/** Bytes that are mostly UTF-8 with invalid bytes, cut sequences and surrogate encodings mixed in. */
const mixedBytes = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 8 }).map((s) => Array.from(new TextEncoder().encode(s))),
      fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 3 }),
      fc.constantFrom([0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98]),
    ),
    { maxLength: 40 },
  )
  .map((parts) => Uint8Array.from(parts.flat()));

describe('lossless UTF-8', () => {
  it('property: decoding and encoding back gives the bytes, whole or in any chunks', () => {
    fc.assert(
      fc.property(fc.oneof(mixedBytes, fc.uint8Array({ maxLength: 200 })), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }), (bytes, sizes) => {
        const whole = decodeUtf8Lossless(bytes).text;
        expect(Buffer.from(bytesOf(whole))).toEqual(Buffer.from(bytes));
        const decoder = new LosslessUtf8Decoder();
        let text = '';
        for (let at = 0, k = 0; at < bytes.length; at += sizes[k++ % sizes.length]) text += decoder.decode(bytes.subarray(at, at + sizes[k % sizes.length]), { stream: true });
        text += decoder.decode();
        expect(text).toBe(whole);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: valid UTF-8 decodes as TextDecoder decodes it, and has no bytes of its own', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (s) => {
        const bytes = new TextEncoder().encode(s);
        const got = decodeUtf8Lossless(bytes);
        expect(got).toEqual({ text: new TextDecoder().decode(bytes), validUtf8: true });
        expect(pathnameBytes(got.text)).toBeUndefined();
      }),
    );
  });

  it('each invalid byte becomes U+DC00 + byte (Python\'s surrogateescape)', () => {
    expect(decodeUtf8Lossless(Uint8Array.from([0x61, 0xe9, 0x62, 0xed, 0xa0, 0x80])).text).toBe('a\udce9b\udced\udca0\udc80');
  });
});
