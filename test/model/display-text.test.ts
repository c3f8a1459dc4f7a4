import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNameForDisplay, hasUnsafeDisplayChars, isolateName } from '../../src/internal';
import { mustEscape, rawUnsafeChar as rawUnsafe, unescapeDisplay as unescape } from '../fixtures/hostile/inert';
import { SPOOF_NAMES } from '../fixtures/hostile/names';

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
    ['csi\u009b', 'csi\\u{9b}'], // a code point: \x80–\xff are kept for bytes that were not UTF-8
    ['byte\udc9b', 'byte\\x9b'], // the byte 0x9b, as src/input keeps it
    ['ls\u2028', 'ls\\u{2028}'],
    ['ps\u2029', 'ps\\u{2029}'],
    ['rlo\u202e', 'rlo\\u{202e}'],
    ['lri\u2066x\u2069', 'lri\\u{2066}x\\u{2069}'],
    ['lib\u200bc.so', 'lib\\u{200b}c.so'],
    ['zwj\u200d', 'zwj\\u{200d}'],
    ['bom\ufeff', 'bom\\u{feff}'],
    ['soft\u00adhyphen', 'soft\\u{ad}hyphen'],
    ['tag\u{e0041}', 'tag\\u{e0041}'],
    ['lone\ud800', 'lone\\u{d800}'],
    // Issue 13's spoofing characters.
    ['/tmp/evil/libc.so.6\ufe0f', '/tmp/evil/libc.so.6\\u{fe0f}'],
    ['cgj\u034f', 'cgj\\u{34f}'],
    ['fvs\u180b', 'fvs\\u{180b}'],
    ['khmer\u17b4', 'khmer\\u{17b4}'],
    ['hangul\u3164\u115f\u1160\uffa0', 'hangul\\u{3164}\\u{115f}\\u{1160}\\u{ffa0}'],
    ['braille\u2800', 'braille\\u{2800}'],
    ['nbsp\u00a0x', 'nbsp\\u{a0}x'],
    ['spaces\u2000\u2005\u200a\u205f\u3000', 'spaces\\u{2000}\\u{2005}\\u{200a}\\u{205f}\\u{3000}'],
    ['non\ufffe\uffff\u{10ffff}\ufdd0', 'non\\u{fffe}\\u{ffff}\\u{10ffff}\\u{fdd0}'],
    ['private\ue000\u{f0000}', 'private\\u{e000}\\u{f0000}'],
    // A literal escape and the real character never look the same: the backslash is escaped.
    ['literal \\x1b', 'literal \\\\x1b'],
    ['literal \\u{200b}', 'literal \\\\u{200b}'],
    ['kernel \\012 escape', 'kernel \\\\012 escape'],
    ['two  spaces   three', 'two  spaces   three'],
    ['bad \ufffd byte', 'bad \ufffd byte'], // U+FFFD is a visible character
    ['<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'], // HTML is inert as text, not rewritten
    ['[anon: glibc: loader malloc]', '[anon: glibc: loader malloc]'],
    ['ünïcödé 名前 😀', 'ünïcödé 名前 😀'],
    ['עברית', 'עברית'], // right-to-left letters are text; the app isolates them (<bdi>), copied text with U+2068/U+2069
    ['e\u0301\u0301\u0301', 'e\u0301\u0301\u0301'], // combining marks are shown (clipped by the app's boxes)
  ];
  it.each(cases)('%j', (input, output) => expect(formatNameForDisplay(input)).toBe(output));

  it('shows an escape for every spoofing name of the corpus', () => {
    for (const { id, name, escaped } of SPOOF_NAMES) expect(formatNameForDisplay(name), id).toContain(escaped);
  });

  // Any string: fc's 'binary' units give every code point, lone surrogates included.
  const anyText = fc.oneof(
    fc.string({ unit: 'binary' }),
    // Backslashes, escapes spelled out, and the rare characters, mixed on purpose.
    fc
      .array(fc.constantFrom('\ud800', '\udc80', '\udcff', '\udfff', '\u{e0041}', '\u202e', '\u001b', '\u009d', '\u2028', '\ufe0f', '\u3164', 'a', 'x', '1b', '{', '}', '\\', '\\x1b', '\\u{200b}'))
      .map((a) => a.join('')),
  );

  it('never lets an unsafe character through (property; oracle: Unicode categories and the ranges in inert.ts)', () => {
    fc.assert(fc.property(anyText, (s) => rawUnsafe(formatNameForDisplay(s)) === undefined));
  });

  it('checks every code point: none that must be escaped is shown raw', () => {
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (!mustEscape(cp)) continue;
      const shown = formatNameForDisplay(String.fromCodePoint(cp));
      if (shown.length === 0 || shown[0] !== '\\') throw new Error(`U+${cp.toString(16)} shown raw`);
    }
  });

  it('is reversible: unescape(display(s)) === s for any string (property)', () => {
    fc.assert(fc.property(anyText, (s) => unescape(formatNameForDisplay(s)) === s));
  });

  it('changes nothing in text without unsafe characters or backslashes (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        fc.pre(rawUnsafe(s) === undefined && !s.includes('\\'));
        return formatNameForDisplay(s) === s && !hasUnsafeDisplayChars(s);
      }),
    );
  });

  it('agrees with hasUnsafeDisplayChars (property)', () => {
    fc.assert(fc.property(anyText, (s) => hasUnsafeDisplayChars(s) === (rawUnsafe(s) !== undefined)));
  });
});

describe('formatNameForDisplay with maxChars: a long name cut for display', () => {
  it('a 1,000,000-character name: the first characters, then how many more', () => {
    const name = '/tmp/' + 'a'.repeat(999_995);
    expect(formatNameForDisplay(name, { maxChars: 10 })).toBe('/tmp/aaaaa… (999,990 more characters)');
  });

  it('counts characters, not UTF-16 units, and never splits a pair', () => {
    expect(formatNameForDisplay('😀😀😀😀', { maxChars: 1 })).toBe('😀… (3 more characters)');
    expect(formatNameForDisplay('ab😀', { maxChars: 2 })).toBe('ab… (1 more character)');
    expect(formatNameForDisplay('ab😀', { maxChars: 3 })).toBe('ab😀');
  });

  it('cuts before escaping: the escapes of the shown part are whole', () => {
    expect(formatNameForDisplay('\u001b\u001b\u001b', { maxChars: 2 })).toBe('\\x1b\\x1b… (1 more character)');
  });

  it('a 50 MB name is not walked: the rest is given in UTF-16 units', () => {
    const name = 'x'.repeat(50 * 1024 * 1024);
    expect(formatNameForDisplay(name, { maxChars: 3 })).toBe(`xxx… (${(name.length - 3).toLocaleString('en-US')} more UTF-16 units)`);
  });

  it('the shown part reads back to the start of the name (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.nat(20), (s, n) => {
        const shown = formatNameForDisplay(s, { maxChars: n });
        const cut = shown.lastIndexOf('… (');
        const head = cut >= 0 && shown.endsWith(')') && shown !== formatNameForDisplay(s) ? shown.slice(0, cut) : shown;
        return s.startsWith(unescape(head)) && rawUnsafe(shown) === undefined;
      }),
    );
  });
});

describe('isolateName', () => {
  it('wraps a name in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE', () => {
    expect(isolateName('/tmp/אבג 1234 5678')).toBe('\u2068/tmp/אבג 1234 5678\u2069');
  });
});
