import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSearchRegex, type LinearRegex } from '../../src/query/search-regex';

function compiled(body: string, flags = ''): LinearRegex {
  const regex = compileSearchRegex(body, flags);
  if ('message' in regex) throw new Error(regex.message);
  return regex;
}

describe('compileSearchRegex: the linear-time engine', () => {
  // Issue 13: JavaScript's RegExp takes 2^n steps on these (a 40-character name would not finish
  // within this test's timeout); RE2 answers in time linear in the name.
  it.each([
    ['^(.+)+!$', 'x'.repeat(40)],
    ['(x+x+)+y', 'x'.repeat(40)],
    ['(a|aa)+$', 'a'.repeat(40) + 'b'],
    ['(\\w+\\s?)+$', 'word '.repeat(20) + '!'],
  ])('%s over a name made to make it backtrack answers false', (body, name) => {
    expect(compiled(body).test(name)).toBe(false);
  });

  it('JavaScript spellings are read: \\uHHHH, \\u{H}, \\cX, \\/, (?<name>), classes', () => {
    expect(compiled('\\u0041\\u{1F600}').test('xA😀')).toBe(true);
    expect(compiled('\\cA').test('a\x01')).toBe(true);
    expect(compiled('lib\\/c').test('/usr/lib/c')).toBe(true);
    expect(compiled('(?<base>lib)c').test('libc')).toBe(true);
    expect(compiled('[\\u0041-\\u005a]+$').test('abcXYZ')).toBe(true);
  });

  it('flags: i, m and s as in JavaScript; g, y, d and u change nothing', () => {
    expect(compiled('LIBC', 'i').test('libc')).toBe(true);
    expect(compiled('^b$', 'm').test('a\nb\nc')).toBe(true);
    expect(compiled('^b$').test('a\nb\nc')).toBe(false);
    expect(compiled('a.b', 's').test('a\nb')).toBe(true);
    expect(compiled('a.b').test('a\nb')).toBe(false);
    const g = compiled('so', 'gyd');
    expect([g.test('a.so'), g.test('b.so')]).toEqual([true, true]);
  });

  it('a backslash, parenthesis or digit inside a class is not a backreference or lookaround', () => {
    expect(compiled('[1(?=]').test('=')).toBe(true);
    expect(compiled('\\(?=').test('(=')).toBe(true);
    expect(compiled('\\\\1').test('\\1')).toBe(true);
  });

  // The grammar both engines read the same way: literals, ., classes, groups, alternation,
  // quantifiers and anchors; names from a few letters so that matches are common.
  const atom = fc.constantFrom('a', 'b', 'c', '.', '[ab]', '[^a]', '\\d', '\\w', '\\.', '(?:ab|c)', '(a|b)');
  const quantified = fc.tuple(atom, fc.constantFrom('', '*', '+', '?', '{1,2}', '*?', '+?')).map(([a, q]) => a + q);
  const pattern = fc
    .tuple(fc.boolean(), fc.array(quantified, { minLength: 1, maxLength: 5 }), fc.boolean())
    .map(([start, parts, end]) => (start ? '^' : '') + parts.join('') + (end ? '$' : ''));
  const name = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', '1', '.', '/', '\n'), maxLength: 12 });

  it('agrees with JavaScript RegExp on the patterns both read (property)', () => {
    fc.assert(
      fc.property(pattern, fc.constantFrom('', 'i', 's', 'm'), fc.array(name, { maxLength: 8 }), (body, flags, names) => {
        const linear = compiled(body, flags);
        const js = new RegExp(body, flags);
        for (const n of names) expect(linear.test(n), `/${body}/${flags} on ${JSON.stringify(n)}`).toBe(js.test(n));
      }),
      { numRuns: 300 },
    );
  });
});
