import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeJsonText, escapeTerminalText } from '../../src/node/escape-text';

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

describe('escapeTerminalText', () => {
  const cases: [string, string][] = [
    ['/usr/lib/libc.so.6', '/usr/lib/libc.so.6'],
    ['a\u001bb', 'a\\x1bb'],
    ['\u0000', '\\x00'],
    ['tab\there', 'tab\\x09here'],
    ['nl\nx', 'nl\\x0ax'],
    ['del\u007f', 'del\\x7f'],
    ['csi\u009b', 'csi\\x9b'],
    ['ls\u2028', 'ls\\u{2028}'],
    ['rlo\u202e', 'rlo\\u{202e}'],
    ['bom\ufeff', 'bom\\u{feff}'],
    ['kernel \\012 escape', 'kernel \\012 escape'],
    ['[anon: glibc: loader malloc]', '[anon: glibc: loader malloc]'],
    ['ünïcödé 名前', 'ünïcödé 名前'],
  ];
  for (const [input, output] of cases) {
    it(JSON.stringify(input), () => expect(escapeTerminalText(input)).toBe(output));
  }

  it('never lets an unsafe character through (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => !UNSAFE.test(escapeTerminalText(s))));
  });

  it('changes nothing in text without unsafe characters (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        fc.pre(!UNSAFE.test(s));
        return escapeTerminalText(s) === s;
      }),
    );
  });
});

describe('escapeJsonText', () => {
  it('keeps JSON equal to the input after parsing, with no unsafe character left (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const json = escapeJsonText(JSON.stringify({ s }));
        return !UNSAFE.test(json) && (JSON.parse(json) as { s: string }).s === s;
      }),
    );
  });
});
