/**
 * textLooksBinary's shortcut (one regular-expression search for a NUL or stray control code before
 * counting them, issue 19) answers as the count over the sample (sampleLooksBinary) does, for any text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleLooksBinary, textLooksBinary } from '../../src/parse/binary-sample';

const byCounting = sampleLooksBinary;

// Text of map-like characters with control codes mixed in at any rate.
const char = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('a', '0', ' ', '-', '/', '\n', '\t', '\r', '\x1b', '\x0b', '\x0c', 'é', '\u2028') },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) },
);

describe('textLooksBinary', () => {
  it('agrees with counting NULs and stray control codes over the sample', () => {
    fc.assert(fc.property(fc.array(char, { maxLength: 300 }).map((cs) => cs.join('')), (text) => {
      expect(textLooksBinary(text)).toBe(byCounting(text));
    }), { numRuns: 2000 });
  });

  it('looks at the first 64 Ki characters only: a control code after them does not count', () => {
    const text = 'a'.repeat(64 * 1024) + '\0'.repeat(100);
    expect(textLooksBinary(text)).toBe(false);
    expect(textLooksBinary('\0'.repeat(100) + text)).toBe(byCounting('\0'.repeat(100) + text));
    expect(textLooksBinary('\0'.repeat(1000) + 'a'.repeat(100))).toBe(true);
  });

  it('every code unit: one of them alone in a text of 5 is binary exactly when counting says so', () => {
    for (let c = 0; c < 0x10000; c++) {
      const text = `ab${String.fromCharCode(c)}cd`;
      if (textLooksBinary(text) !== byCounting(text)) expect(`U+${c.toString(16)}`).toBe('agreeing');
    }
  });
});
