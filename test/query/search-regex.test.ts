import fc from 'fast-check';
import { RE2JS } from 're2js';
import { afterEach, describe, expect, it, vi } from 'vitest';
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

describe('compileSearchRegex: literal patterns', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** The engine's own answer, as compileSearchRegex builds it for any pattern. */
  function engine(body: string, flags: string): (name: string) => boolean {
    let engineFlags = 0;
    if (flags.includes('i')) engineFlags |= RE2JS.CASE_INSENSITIVE;
    if (flags.includes('m')) engineFlags |= RE2JS.MULTILINE;
    if (flags.includes('s')) engineFlags |= RE2JS.DOTALL;
    const re = RE2JS.compile(RE2JS.translateRegExp(body), engineFlags);
    return (name) => re.test(name);
  }

  // Pieces a literal is made of, and beside them some that are not literal (the engine answers
  // those patterns); short patterns and names of the same characters (and their other case), so
  // that most names hold the literal or nearly do.
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('a', 'b', 'é', '\\.', '\\$', '\\^', '\\\\', '\\/', '-', ' ', '😀', '\n') },
    { weight: 1, arbitrary: fc.constantFrom('.', '$', '^', '*', 'a+', '[a]', '\\d') },
  );
  const body = fc.tuple(fc.boolean(), fc.array(piece, { maxLength: 3 }), fc.boolean()).map(([start, parts, end]) => (start ? '^' : '') + parts.join('') + (end ? '$' : ''));
  const name = fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'B', 'é', 'É', '.', '$', '^', '\\', '/', '-', ' ', '😀', '\n'), maxLength: 6 });

  it('answers what the engine answers (property)', () => {
    fc.assert(
      fc.property(body, fc.constantFrom('', 'i', 's', 'm', 'g', 'u'), fc.array(name, { maxLength: 8 }), (b, flags, names) => {
        const regex = compileSearchRegex(b, flags);
        if ('message' in regex) return;
        const expected = engine(b, flags);
        for (const n of names) expect(regex.test(n), `/${b}/${flags} on ${JSON.stringify(n)}`).toBe(expected(n));
      }),
      { numRuns: 1000 },
    );
  });

  it('every escaped ASCII punctuation character is the character, as the engine reads it', () => {
    for (const c of '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~') {
      for (const b of [`\\${c}`, `a\\${c}b`, `^\\${c}$`]) {
        const expected = engine(b, '');
        for (const n of [c, `a${c}b`, `x${c}`, `${c}x`, 'ab', `\\${c}`, '']) expect(compiled(b).test(n), `/${b}/ on ${JSON.stringify(n)}`).toBe(expected(n));
      }
    }
  });

  it('a literal is compared as a string, without the engine (1.4 µs a name in the browser)', () => {
    const engineTest = vi.spyOn(RE2JS.prototype, 'test');
    const names = ['/usr/lib/libc.so', '/usr/lib/libc.so.6', '[heap]', 'a.so$'];
    expect(names.map(compiled('\\.so$').test)).toEqual(names.map((n) => n.endsWith('.so')));
    expect(names.map(compiled('^/usr/lib').test)).toEqual(names.map((n) => n.startsWith('/usr/lib')));
    expect(names.map(compiled('^\\[heap\\]$').test)).toEqual(names.map((n) => n === '[heap]'));
    expect(names.map(compiled('so\\$').test)).toEqual(names.map((n) => n.includes('so$')));
    expect(engineTest).not.toHaveBeenCalled();
    // Not literals: the engine answers.
    expect(compiled('lib.\\.so').test('/usr/lib/libc.so')).toBe(true);
    expect(compiled('LIBC', 'i').test('libc')).toBe(true);
    expect(engineTest).toHaveBeenCalledTimes(2);
  });

  it('a pattern with strings every match holds turns away the names without them before the engine reads them', () => {
    const engineTest = vi.spyOn(RE2JS.prototype, 'test');
    const soAfterLib = compiled('lib.*\\.so');
    expect(['[heap]', '/usr/lib/libz.a', '/opt/x.so', 'anon'].map(soAfterLib.test)).toEqual([false, false, false, false]);
    expect(engineTest).not.toHaveBeenCalled();
    expect(['/usr/lib/libc.so.6', '/usr/.so/lib'].map(soAfterLib.test)).toEqual([true, false]);
    expect(engineTest).toHaveBeenCalledTimes(2);
  });
});

describe('compileSearchRegex: strings a match holds', () => {
  /** The engine's own answer. */
  const engine = (body: string) => {
    const re = RE2JS.compile(RE2JS.translateRegExp(body), 0);
    return (name: string) => re.test(name);
  };
  // Atoms, quantifiers, groups with alternations inside, classes and alternations at the top level:
  // every way a character of the pattern may be optional, repeated, or not a character at all.
  const atom = fc.constantFrom('a', 'b', 'c', '-', '\\.', '\\/', '.', '[ab]', '[^a]', '[]a]', '\\d', '\\w', '\\b', '(a|b)', '(?:ab)', '(bc)', '(?<n>c)', '(\\.|a)', '(\\/)', '\\n', '{', '}', ']', '(?i)', '(?i:b)', '(?s)', '(?-i)');
  const quantifier = fc.constantFrom('', '', '', '?', '*', '+', '{2}', '{1,2}', '{0,}', '??', '+?');
  const sequence = fc.array(fc.tuple(atom, quantifier).map(([a, q]) => (a === '{' || a === '}' ? a : a + q)), { maxLength: 6 }).map((parts) => parts.join(''));
  const body = fc.tuple(fc.boolean(), sequence, fc.option(sequence, { nil: undefined }), fc.boolean()).map(([start, a, b, end]) => (start ? '^' : '') + a + (b === undefined ? '' : `|${b}`) + (end ? '$' : ''));
  // Both cases: RE2's inline flags (`(?i)`) fold case where the pattern's text does not.
  const name = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', 'B', 'C', '-', '.', '/', '1', ']', '{', '}', '\n'), maxLength: 8 });

  it('answers what the engine answers (property)', () => {
    fc.assert(
      fc.property(body, fc.array(name, { maxLength: 12 }), (b, names) => {
        const regex = compileSearchRegex(b, '');
        if ('message' in regex) return;
        const expected = engine(b);
        for (const n of names) expect(regex.test(n), `/${b}/ on ${JSON.stringify(n)}`).toBe(expected(n));
      }),
      { numRuns: 3000 },
    );
  });
});
