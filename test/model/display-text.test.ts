import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNameForDisplay, hasUnsafeDisplayChars } from '../../src/index';

/**
 * Written from the Unicode tables independently of the \p{…} class in src/: code points that must
 * never reach a terminal or a page raw (a subset of what src escapes; it must include all of them).
 */
function mustEscape(cp: number): boolean {
  return (
    cp <= 0x1f ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0xad || // soft hyphen: invisible
    cp === 0x61c || // Arabic letter mark
    (cp >= 0x200b && cp <= 0x200f) || // zero-width space/joiners, LRM, RLM
    (cp >= 0x2028 && cp <= 0x202e) || // separators, LRE, RLE, PDF, LRO, RLO
    (cp >= 0x2060 && cp <= 0x2064) || // word joiner, invisible operators
    (cp >= 0x2066 && cp <= 0x2069) || // LRI, RLI, FSI, PDI
    cp === 0xfeff ||
    (cp >= 0xd800 && cp <= 0xdfff) || // lone surrogates
    (cp >= 0xe0001 && cp <= 0xe007f) // tag characters
  );
}

function rawUnsafe(text: string): string | undefined {
  for (const ch of text) if (mustEscape(ch.codePointAt(0)!)) return ch;
  return undefined;
}

/** Reverses the escapes (valid only for text without a backslash of its own). */
function unescape(text: string): string {
  return text.replace(/\\x([0-9a-f]{2})|\\u\{([0-9a-f]+)\}/g, (_, x: string | undefined, u: string | undefined) =>
    String.fromCodePoint(parseInt(x ?? u!, 16)),
  );
}

describe('formatNameForDisplay', () => {
  const cases: [string, string][] = [
    ['/usr/lib/libc.so.6', '/usr/lib/libc.so.6'],
    ['a\u001bb', 'a\\x1bb'],
    ['\u001b[31mred\u001b[0m', '\\x1b[31mred\\x1b[0m'],
    ['\u001b]8;;https://x.test/\u0007link\u001b]8;;\u0007', '\\x1b]8;;https://x.test/\\x07link\\x1b]8;;\\x07'],
    ['\u0000', '\\x00'],
    ['tab\there', 'tab\\x09here'],
    ['nl\nx', 'nl\\x0ax'],
    ['cr\rx', 'cr\\x0dx'],
    ['del\u007f', 'del\\x7f'],
    ['csi\u009b', 'csi\\x9b'],
    ['ls\u2028', 'ls\\u{2028}'],
    ['ps\u2029', 'ps\\u{2029}'],
    ['rlo\u202e', 'rlo\\u{202e}'],
    ['lri\u2066x\u2069', 'lri\\u{2066}x\\u{2069}'],
    ['lib\u200bc.so', 'lib\\u{200b}c.so'],
    ['zwj\u200d', 'zwj\\u{200d}'],
    ['bom\ufeff', 'bom\\u{feff}'],
    ['soft\u00adhyphen', 'soft\\xadhyphen'],
    ['tag\u{e0041}', 'tag\\u{e0041}'],
    ['lone\ud800', 'lone\\u{d800}'],
    ['bad \ufffd byte', 'bad \ufffd byte'], // invalid UTF-8, already marked by the decoder
    ['kernel \\012 escape', 'kernel \\012 escape'],
    ['<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'], // HTML is inert as text, not rewritten
    ['[anon: glibc: loader malloc]', '[anon: glibc: loader malloc]'],
    ['ünïcödé 名前 😀', 'ünïcödé 名前 😀'],
    ['עברית', 'עברית'], // right-to-left letters are text; only the invisible controls are escaped
  ];
  it.each(cases)('%j', (input, output) => expect(formatNameForDisplay(input)).toBe(output));

  it('never lets an unsafe character through (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => rawUnsafe(formatNameForDisplay(s)) === undefined));
    // Lone surrogates and tag characters are rare in fc.string: mix them in on purpose.
    const nasty = fc.constantFrom('\ud800', '\udfff', '\u{e0041}', '\u202e', '\u001b', '\u009d', '\u2028', 'a', '\\');
    fc.assert(fc.property(fc.array(nasty).map((a) => a.join('')), (s) => rawUnsafe(formatNameForDisplay(s)) === undefined));
  });

  it('changes nothing in text without unsafe characters (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        fc.pre(rawUnsafe(s) === undefined && !hasUnsafeDisplayChars(s));
        return formatNameForDisplay(s) === s;
      }),
    );
  });

  it('escapes reverse to the input (property, text without backslashes)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        fc.pre(!s.includes('\\'));
        return unescape(formatNameForDisplay(s)) === s;
      }),
    );
  });

  it('is idempotent and agrees with hasUnsafeDisplayChars (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const once = formatNameForDisplay(s);
        return formatNameForDisplay(once) === once && hasUnsafeDisplayChars(s) === (once !== s) && !hasUnsafeDisplayChars(once);
      }),
    );
  });
});
