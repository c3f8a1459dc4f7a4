/** The search language: how each term reads, its messages, and that parsing never throws. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERM_EXEC, PERM_READ, PERM_SHARED, PERM_WRITE } from '../../src/model/permissions';
import { describeQuery, describeTerm, parseSearchQuery, type SearchTermBody } from '../../src/query/search-query';

/** The terms of a query without their positions. */
function bodies(text: string): SearchTermBody[] {
  const q = parseSearchQuery(text);
  expect(q.errors).toEqual([]);
  return q.terms.map(({ start: _s, end: _e, ...body }) => body as SearchTermBody);
}

const R = PERM_READ;
const W = PERM_WRITE;
const X = PERM_EXEC;
const S = PERM_SHARED;

describe('terms', () => {
  const cases: [string, object[]][] = [
    ['libc', [{ type: 'word', text: 'libc' }]],
    ['  libc   so ', [{ type: 'word', text: 'libc' }, { type: 'word', text: 'so' }]],
    ['"main space"', [{ type: 'word', text: 'main space' }]],
    ['"unterminated phrase', [{ type: 'word', text: 'unterminated phrase' }]],
    ['/usr/lib/libc.so.6', [{ type: 'word', text: '/usr/lib/libc.so.6' }]], // a path, not a regex
    ['/usr/lib/', [{ type: 'word', text: '/usr/lib/' }]],
    ['//', [{ type: 'word', text: '//' }]],
    ['/foo/z', [{ type: 'word', text: '/foo/z' }]], // not followed by flags and a blank
    ['cafe', [{ type: 'word', text: 'cafe' }]], // short hex-looking words stay words
    ['1234567', [{ type: 'word', text: '1234567' }]],
    ['"deadbeefcafe"', [{ type: 'word', text: 'deadbeefcafe' }]], // quotes force a word
    ['0x7f3a2c029d90', [{ type: 'address', address: 0x7f3a_2c02_9d90n }]],
    ['7f3a2c029d90', [{ type: 'address', address: 0x7f3a_2c02_9d90n }]],
    ['ffffffffff600000', [{ type: 'address', address: 0xffff_ffff_ff60_0000n }]],
    ['0x7fff_ffff', [{ type: 'address', address: 0x7fff_ffffn }]],
    ['00400000', [{ type: 'address', address: 0x40_0000n }]],
    ['kind:heap', [{ type: 'kind', kinds: ['heap'] }]],
    ['KIND:Heap', [{ type: 'kind', kinds: ['heap'] }]],
    ['kind:stack', [{ type: 'kind', kinds: ['stack'] }]], // exact beats the substring of thread-stack
    ['kind:anon', [{ type: 'kind', kinds: ['anonymous'] }]], // prefix
    ['kind:shm', [{ type: 'kind', kinds: ['sysv-shm'] }]], // substring
    ['kind:heap,stack,heap', [{ type: 'kind', kinds: ['heap', 'stack'] }]],
    ['perm:rwx', [{ type: 'perm', required: R | W | X, excluded: 0 }]],
    ['perm:-w', [{ type: 'perm', required: 0, excluded: W }]],
    ['perm:!w', [{ type: 'perm', required: 0, excluded: W }]],
    ['perms:r-w', [{ type: 'perm', required: R, excluded: W }]],
    ['perm:r-xp', [{ type: 'perm', required: R | X, excluded: W | S }]], // the maps form is exact
    ['perm:---p', [{ type: 'perm', required: 0, excluded: R | W | X | S }]],
    ['perm:rw-', [{ type: 'perm', required: R | W, excluded: X }]],
    ['perm:s', [{ type: 'perm', required: S, excluded: 0 }]],
    ['perm:p', [{ type: 'perm', required: 0, excluded: S }]],
    ['perm:-p', [{ type: 'perm', required: S, excluded: 0 }]],
    ['size>1M', [{ type: 'size', minSizeBytes: 1048577n }]],
    ['size>=1M', [{ type: 'size', minSizeBytes: 1048576n }]],
    ['size<4k', [{ type: 'size', maxSizeBytes: 4095n }]],
    ['size<=4KiB', [{ type: 'size', maxSizeBytes: 4096n }]],
    ['size=4kB', [{ type: 'size', minSizeBytes: 4096n, maxSizeBytes: 4096n }]],
    ['size:4096', [{ type: 'size', minSizeBytes: 4096n, maxSizeBytes: 4096n }]],
    ['size > 2G', [{ type: 'size', minSizeBytes: 2n ** 31n + 1n }]],
    ['size>=0x1000', [{ type: 'size', minSizeBytes: 4096n }]],
    ['size>1.5k', [{ type: 'size', minSizeBytes: 1537n }]],
    ['size>=1.0001k', [{ type: 'size', minSizeBytes: 1025n }]], // 1024.1024 rounds up for >=
    ['size<=1.0001k', [{ type: 'size', maxSizeBytes: 1024n }]], // and down for <=
    ['size<.5k', [{ type: 'size', maxSizeBytes: 511n }]],
    ['size=0.3k', [{ type: 'size', minSizeBytes: 308n, maxSizeBytes: 307n }]], // 307.2 bytes: no whole size
    ['size>16E', [{ type: 'size', minSizeBytes: 2n ** 64n + 1n }]],
    ['sizeable', [{ type: 'word', text: 'sizeable' }]],
    ['[anon:libc_malloc]', [{ type: 'word', text: '[anon:libc_malloc]' }]], // a colon alone is no key
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(bodies(text)).toEqual(expected);
  });

  it('regexes: source, flags, and blanks inside', () => {
    const [a, b, c] = parseSearchQuery('/\\.so(\\.\\d+)*$/i /main space/ /a[/]b/').terms;
    expect(a).toMatchObject({ type: 'regex', start: 0, end: 16 });
    expect(a.type === 'regex' && [a.regex.source, a.regex.flags]).toEqual(['\\.so(\\.\\d+)*$', 'i']);
    expect(b.type === 'regex' && b.regex.source).toBe('main space');
    expect(c.type === 'regex' && c.regex.source).toBe('a[/]b'); // a slash inside a class does not end it
  });

  it('positions cover each term', () => {
    const q = parseSearchQuery('  libc kind:file  size > 1M "a b"');
    expect(q.terms.map((t) => q.text.slice(t.start, t.end))).toEqual(['libc', 'kind:file', 'size > 1M', '"a b"']);
  });
});

describe('the combined filter', () => {
  it('ANDs terms: kinds intersect, permission bits add up, the tighter size bound wins', () => {
    const q = parseSearchQuery('kind:file,heap kind:heap,stack perm:r perm:-w size>1k size>4k size<1M size<=2M');
    expect(q.filter).toEqual({ kinds: ['heap'], permsRequired: R, permsExcluded: W, minSizeBytes: 4097n, maxSizeBytes: 1048575n });
  });

  it('words and regexes become one pathname test; addresses are kept apart', () => {
    const q = parseSearchQuery('LIBC /\\.so\\.6$/ 0x1000 ffffffffff600000');
    expect(q.addresses).toEqual([0x1000n, 0xffff_ffff_ff60_0000n]);
    const test = q.filter.pathnameTest!;
    expect(test('/usr/lib/libc.so.6')).toBe(true);
    expect(test('/usr/lib/libc.so.7')).toBe(false);
    expect(test('/usr/lib/libm.so.6')).toBe(false);
  });

  it('a g or y regex flag carries no state from one pathname to the next', () => {
    const test = parseSearchQuery('/so/g').filter.pathnameTest!;
    expect([test('a.so'), test('b.so'), test('c.so')]).toEqual([true, true, true]);
  });

  it('an empty query has no terms and no criteria', () => {
    expect(parseSearchQuery('   ')).toEqual({ text: '   ', terms: [], errors: [], filter: {}, addresses: [], clauses: [] });
  });
});

describe('errors: inline messages with positions, and the rest of the query still counts', () => {
  const cases: [string, RegExp][] = [
    ['/[heap/', /invalid regular expression: .*(class|\[)/i],
    ['/a(/', /invalid regular expression/],
    ['/a/ii', /invalid regular expression: .*flag/i],
    ['/a/v', /flag "v" is not supported/],
    ['/(lib)\\1/', /backreferences such as \\1 are not supported: searches use a linear-time engine/],
    ['/(?<n>l)\\k<n>/', /named backreferences .* not supported/],
    ['/lib(?=c)/', /lookahead .* not supported/],
    ['/lib(?!c)/', /lookahead .* not supported/],
    ['/(?<=lib)c/', /lookbehind .* not supported/],
    ['/(?<!lib)c/', /lookbehind .* not supported/],
    ['kind:', /kind: needs a kind/],
    ['kind', /kind: needs a kind/],
    ['kind:nothing', /unknown kind "nothing"/],
    ['kind:s', /kind "s" could be stack, shared-memory, sysv-shm/],
    ['perm:', /perm: needs permissions/],
    ['perm:rwz', /"rwz" is not a permission set/],
    ['perm:w-w', /both requires and excludes writable/],
    ['perm:sp', /both requires and excludes shared/],
    ['size', /size needs a comparison/],
    ['size>', /size> needs a value/],
    ['size>lots', /"lots" is not a size/],
    ['size>1Q', /"1Q" is not a size/],
    ['0xzz', /"0xzz" is not a 64-bit hex address/],
    ['0x1_0000_0000_0000_0000', /not a 64-bit hex address/],
  ];
  it.each(cases)('%j', (text, message) => {
    const q = parseSearchQuery(`libc ${text} so`);
    expect(q.errors).toHaveLength(1);
    expect(q.errors[0].message).toMatch(message);
    expect(q.text.slice(q.errors[0].start, q.errors[0].end)).toBe(text);
    expect(q.terms.map((t) => t.type === 'word' && t.text)).toEqual(['libc', 'so']);
  });

  /** Fragments that exercise every branch of the tokenizer and the term readers. */
  const arbFragment = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.constantFrom('/', '//', '/a/', '/[/', '/(/', '\\', '"', '[', ']', 'kind:', 'perm:', 'perms:', 'size', '>', '<=', '=', ':', '0x', '_', '`', '1.5', 'k', 'M', 'E', 'rwxp', '-', '!', ',', 'heap', 'ffffffffff600000', ' ', '\t', '\n'),
  );

  it('never throws, and every term and error lies inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.array(arbFragment, { maxLength: 12 }).map((parts) => parts.join(''))), (text) => {
        const q = parseSearchQuery(text);
        for (const t of [...q.terms, ...q.errors]) {
          expect(0 <= t.start && t.start < t.end && t.end <= text.length).toBe(true);
        }
        for (const t of q.terms) expect(describeTerm(t).length).toBeGreaterThan(0);
        for (const e of q.errors) expect(e.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('describeTerm', () => {
  const cases: [string, string][] = [
    ['libc', 'pathname contains "libc"'],
    ['/so$/i', 'pathname matches /so$/i'],
    ['7f3a2c029d90', 'range contains 0x7f3a2c029d90'],
    ['kind:heap,stack', 'kind is heap or stack'],
    ['kind:heap', 'kind is heap'],
    ['perm:r-xp', 'permissions are r-xp'],
    ['perm:rw-s', 'permissions are rw-s'],
    ['perm:r-x', 'permissions include r, x and exclude w'],
    ['perm:s', 'permissions include s'],
    ['perm:p', 'permissions include p'],
    ['perm:r', 'permissions include r'],
    ['perm:-w', 'permissions exclude w'],
    ['perm:rw!xp', 'permissions are rw-p'],
    ['perm:r!xp', 'permissions include r, p and exclude x'],
    ['perm:rwx-s', 'permissions are rwxp'],
    ['size>=4k', 'size ≥ 4096 bytes'],
    ['size=1k', 'size ≥ 1024 bytes and ≤ 1024 bytes'],
  ];
  it.each(cases)('%j', (text, description) => {
    expect(describeTerm(parseSearchQuery(text).terms[0])).toBe(description);
  });
});

describe('negation and alternatives', () => {
  /** A query's clauses as [negated, term texts]; its plain terms as their texts. */
  function shape(text: string): { plain: string[]; clauses: [boolean, string[]][] } {
    const q = parseSearchQuery(text);
    expect(q.errors).toEqual([]);
    const inClause = new Set(q.clauses.flatMap((c) => c.terms));
    const at = (t: { start: number; end: number }) => text.slice(t.start, t.end);
    return { plain: q.terms.filter((t) => !inClause.has(t)).map(at), clauses: q.clauses.map((c) => [c.negated, c.terms.map(at)]) };
  }
  const cases: [string, ReturnType<typeof shape>][] = [
    ['-libc', { plain: [], clauses: [[true, ['libc']]] }],
    ['libc|libm', { plain: [], clauses: [[false, ['libc', 'libm']]] }],
    ['-libc|libm so', { plain: ['so'], clauses: [[true, ['libc', 'libm']]] }],
    ['kind:heap|kind:stack|libc', { plain: [], clauses: [[false, ['kind:heap', 'kind:stack', 'libc']]] }],
    ['-kind:file perm:r', { plain: ['perm:r'], clauses: [[true, ['kind:file']]] }],
    ['-"two words"', { plain: [], clauses: [[true, ['"two words"']]] }],
    ['-/\\.so$/', { plain: [], clauses: [[true, ['/\\.so$/']]] }],
    ['/libc|libm/', { plain: ['/libc|libm/'], clauses: [] }], // a regex's own alternatives
    ['-size > 1M', { plain: [], clauses: [[true, ['size > 1M']]] }],
    ['-', { plain: ['-'], clauses: [] }], // a lone dash is a word
    ['--x', { plain: ['--x'], clauses: [] }],
    ['perm:-w', { plain: ['perm:-w'], clauses: [] }],
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(shape(text)).toEqual(expected);
  });

  it('an empty alternative is an error at its place, and its clause is left out', () => {
    const q = parseSearchQuery('libc| so');
    expect(q.errors).toEqual([{ start: 0, end: 5, message: expect.stringContaining('empty alternative') }]);
    expect(q.clauses).toEqual([]);
    expect(q.terms.map((t) => t.type)).toEqual(['word']);
  });

  it('an unreadable alternative leaves its whole clause out (a clause half read would mean something else)', () => {
    const q = parseSearchQuery('libc|kind:nonsense');
    expect(q.errors).toHaveLength(1);
    expect(q.clauses).toEqual([]);
    expect(q.terms).toEqual([]);
  });

  it('describeQuery says it in words, in the order typed', () => {
    expect(describeQuery(parseSearchQuery('so -libc|libm kind:file|kind:heap'))).toBe(
      'pathname contains "so", and neither (pathname contains "libc" nor pathname contains "libm"), and (kind is file or kind is heap)',
    );
    expect(describeQuery(parseSearchQuery('-kind:file'))).toBe('not (kind is file)');
  });
});
