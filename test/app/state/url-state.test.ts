/** The URL fragment form of the find and view state: round trips, other keys kept, bad input ignored. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_PERM_FILTER, type PermFilterState, type SortKey, type TriState } from '../../../app/state/find-store';
import { historyKey, readUrlState, writeUrlState, type UrlState } from '../../../app/state/url-state';

const SORT_KEYS: SortKey[] = ['begin', 'end', 'size', 'perms', 'offset', 'device', 'inode', 'pathname', 'kind', 'rss', 'pss'];
const arbTri = fc.constantFrom<TriState>('any', 'required', 'excluded');
const arbPerms: fc.Arbitrary<PermFilterState> = fc.tuple(arbTri, arbTri, arbTri, arbTri, arbTri).map(([readable, writable, executable, shared, priv]) => ({ readable, writable, executable, shared, private: priv }));
const arbAddr = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });

const arbState: fc.Arbitrary<UrlState> = fc.record({
  // Queries and lookups are any text: spaces, +, &, =, #, %, unicode.
  query: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('libc /\\.so$/i kind:heap', 'perm:rw-p size>1M', 'a+b&c=d#e%f', '"x y"')),
  perms: arbPerms,
  hideFiltered: fc.boolean(),
  lookup: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('libc.so.6+0x29d90', '00007ff6`12345678', '0x7fff_ffff')),
  sortKey: fc.constantFrom(...SORT_KEYS),
  sortDescending: fc.boolean(),
  selectedBegin: fc.option(arbAddr, { nil: null }),
  scaleMode: fc.constantFrom(null, 'linear' as const, 'compressed' as const),
  window: fc.option(
    fc.tuple(arbAddr, fc.bigInt({ min: 1n, max: 2n ** 64n })).map(([a, span]) => ({ begin: a, end: a + span > 2n ** 64n ? 2n ** 64n : a + span })).filter((w) => w.end > w.begin),
    { nil: null },
  ),
});

describe('url state', () => {
  it('reads back what it writes, and keeps the shell’s keys in place', () => {
    fc.assert(
      fc.property(arbState, fc.constantFrom('', '#sample=c-hello.maps', 'sample=a%20b.maps&empty'), (state, hash) => {
        const written = writeUrlState(hash, state);
        expect(readUrlState('#' + written)).toEqual(state);
        const shell = new URLSearchParams(hash.replace(/^#/, ''));
        const after = new URLSearchParams(written);
        for (const [key, value] of shell) expect(after.get(key)).toBe(value);
      }),
      { numRuns: 1000 },
    );
  });

  it('writes readable fragments', () => {
    const state: UrlState = {
      query: 'libc kind:heap',
      perms: { ...NO_PERM_FILTER, writable: 'required', executable: 'required', shared: 'excluded' },
      hideFiltered: true,
      lookup: 'libc.so.6+0x29d90',
      sortKey: 'size',
      sortDescending: true,
      selectedBegin: 0x7f3a2c028000n,
      scaleMode: 'linear',
      window: { begin: 0x7f3a2c000000n, end: 2n ** 64n },
    };
    expect(writeUrlState('#sample=c-hello.maps', state)).toBe(
      'sample=c-hello.maps&q=libc%20kind:heap&perm=wx-s&hide=1&look=libc.so.6%2B0x29d90&sort=size-&sel=7f3a2c028000&scale=linear&win=7f3a2c000000-10000000000000000',
    );
  });

  it('defaults leave no trace', () => {
    const blank = readUrlState('');
    expect(writeUrlState('#sample=x', blank)).toBe('sample=x');
    expect(blank).toEqual({
      query: '',
      perms: NO_PERM_FILTER,
      hideFiltered: false,
      lookup: '',
      sortKey: 'begin',
      sortDescending: false,
      selectedBegin: null,
      scaleMode: null,
      window: null,
    });
  });

  const bad: [string, Partial<UrlState>][] = [
    ['sort=nothing-', { sortKey: 'begin', sortDescending: false }],
    ['sel=xyz', { selectedBegin: null }],
    ['sel=1ffffffffffffffff', { selectedBegin: null }],
    ['win=20-10', { window: null }],
    ['win=0-20000000000000000', { window: null }],
    ['scale=log', { scaleMode: null }],
    ['perm=q!z', { perms: NO_PERM_FILTER }],
    ['hide=yes', { hideFiltered: false }],
  ];
  it.each(bad)('an unreadable %s is ignored', (hash, expected) => {
    expect(readUrlState(hash)).toMatchObject(expected);
  });

  it('the window alone makes no history entry; anything else does', () => {
    fc.assert(
      fc.property(arbState, arbState, (a, b) => {
        const sameButWindow = { ...a, window: b.window, scaleMode: b.scaleMode };
        expect(historyKey(sameButWindow)).toBe(historyKey(a));
        if (a.query !== b.query || a.lookup !== b.lookup || a.selectedBegin !== b.selectedBegin) expect(historyKey(a)).not.toBe(historyKey(b));
      }),
      { numRuns: 300 },
    );
  });
});
