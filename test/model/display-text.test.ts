import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNameForDisplay, hasUnsafeDisplayChars } from '../../src/internal';
import { rawUnsafeChar as rawUnsafe, unescapeDisplay as unescape } from '../fixtures/hostile/inert';

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
