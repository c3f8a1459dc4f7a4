/** The one serialisation of a view (share links, exports): round trips, versions, bad input; and the URL that carries nothing from the file. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_PERM_FILTER, type PermFilterState, type TriState } from '../../../app/state/find-store';
import { formatShareFragment, readShareFragment } from '../../../app/state/share-fragment';
import { readLegacyView, readUrlChoices, writeUrlChoices } from '../../../app/state/url-state';
import { DEFAULT_VIEW, formatViewSnapshot, readViewSnapshot, SORT_KEYS, VIEW_VERSION, type ViewSnapshot } from '../../../app/state/view-codec';
import { COLOR_MODES } from '../../../app/state/view-store';

const arbTri = fc.constantFrom<TriState>('any', 'required', 'excluded');
const arbPerms: fc.Arbitrary<PermFilterState> = fc.tuple(arbTri, arbTri, arbTri, arbTri, arbTri).map(([readable, writable, executable, shared, priv]) => ({ readable, writable, executable, shared, private: priv }));
const arbAddr = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });

const arbView: fc.Arbitrary<ViewSnapshot> = fc.record({
  // Queries and lookups are any text: spaces, +, &, =, #, %, unicode.
  query: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('libc /\\.so$/i kind:heap', 'perm:rw-p size>1M', 'a+b&c=d#e%f', '"x y"')),
  perms: arbPerms,
  hideFiltered: fc.boolean(),
  lookup: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('libc.so.6+0x29d90', '00007ff6`12345678', '0x7fff_ffff')),
  sortKey: fc.constantFrom(...SORT_KEYS),
  sortDescending: fc.boolean(),
  selectedBegin: fc.option(arbAddr, { nil: null }),
  scaleMode: fc.constantFrom(null, 'linear' as const, 'compressed' as const),
  colorMode: fc.constantFrom(null, ...COLOR_MODES),
  window: fc.option(
    fc.tuple(arbAddr, fc.bigInt({ min: 1n, max: 2n ** 64n })).map(([a, span]) => ({ begin: a, end: a + span > 2n ** 64n ? 2n ** 64n : a + span })).filter((w) => w.end > w.begin),
    { nil: null },
  ),
});

const read = (text: string) => readViewSnapshot(new URLSearchParams(text));

describe('view codec', () => {
  it('reads back what it writes (property), as the current version', () => {
    fc.assert(
      fc.property(arbView, (view) => {
        const text = formatViewSnapshot(view);
        expect(text.startsWith(`v=${VIEW_VERSION}`)).toBe(true);
        expect(read(text)).toEqual({ ok: true, version: VIEW_VERSION, view });
      }),
      { numRuns: 1000 },
    );
  });

  it('a share fragment carries the name, the view and the data, and reads them back (property)', () => {
    fc.assert(
      fc.property(arbView, fc.string({ maxLength: 30 }), fc.stringMatching(/^[A-Za-z0-9_-]{0,40}$/), (view, name, data) => {
        const fragment = formatShareFragment(name || 'x', view, data);
        expect(readShareFragment(new URLSearchParams(fragment))).toEqual({ fileName: name || 'x', view: { ok: true, version: VIEW_VERSION, view }, data });
      }),
      { numRuns: 300 },
    );
  });

  it('writes readable text, defaults left out', () => {
    const view: ViewSnapshot = {
      query: 'libc kind:heap',
      perms: { ...NO_PERM_FILTER, writable: 'required', executable: 'required', shared: 'excluded' },
      hideFiltered: true,
      lookup: 'libc.so.6+0x29d90',
      sortKey: 'size',
      sortDescending: true,
      selectedBegin: 0x7f3a2c028000n,
      scaleMode: 'linear',
      colorMode: 'module',
      window: { begin: 0x7f3a2c000000n, end: 2n ** 64n },
    };
    expect(formatViewSnapshot(view)).toBe(
      'v=1&q=libc%20kind:heap&perm=wx-s&hide=1&look=libc.so.6%2B0x29d90&sort=size-&sel=7f3a2c028000&scale=linear&color=module&win=7f3a2c000000-10000000000000000',
    );
    expect(formatViewSnapshot(DEFAULT_VIEW)).toBe('v=1');
  });

  it('reads version 0 (the URL fragment before issue 17: the same keys, no v)', () => {
    expect(read('sample=c-hello.maps&q=libc&sel=7f3a2c028000&scale=linear')).toEqual({
      ok: true,
      version: 0,
      view: { ...DEFAULT_VIEW, query: 'libc', selectedBegin: 0x7f3a2c028000n, scaleMode: 'linear' },
    });
  });

  it.each([
    ['v=2&q=x', 'newer mapscope (view format 2; this one reads up to 1)'],
    ['v=99999&q=x', 'newer mapscope (view format 99999'],
    ['v=one', 'unreadable version ("one")'],
    ['v=-1', 'unreadable version ("-1")'],
  ])('refuses %s with a clear message', (text, message) => {
    const result = read(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });

  const bad: [string, Partial<ViewSnapshot>][] = [
    ['sort=nothing-', { sortKey: 'begin', sortDescending: false }],
    ['sel=xyz', { selectedBegin: null }],
    ['sel=1ffffffffffffffff', { selectedBegin: null }],
    ['win=20-10', { window: null }],
    ['win=0-20000000000000000', { window: null }],
    ['scale=log', { scaleMode: null }],
    ['color=rainbow', { colorMode: null }],
    ['perm=q!z', { perms: NO_PERM_FILTER }],
    ['hide=yes', { hideFiltered: false }],
  ];
  it.each(bad)('an unreadable %s is ignored', (text, expected) => {
    const result = read('v=1&' + text);
    expect(result.ok && result.view).toMatchObject(expected);
  });
});

describe('url state: view choices only', () => {
  it('writes only scale and colour, keeps the shell’s keys, and drops every file-derived key of an older fragment (property)', () => {
    fc.assert(
      fc.property(arbView, fc.constantFrom('', '#sample=c-hello.maps', 'sample=a%20b.maps&empty'), (view, shell) => {
        const params = new URLSearchParams(shell.replace(/^#/, ''));
        const older = new URLSearchParams(formatViewSnapshot(view));
        for (const [k, v] of older) if (k !== 'v') params.set(k, v);
        const written = new URLSearchParams(writeUrlChoices(params.toString(), { scaleMode: view.scaleMode, colorMode: view.colorMode }));
        for (const key of ['q', 'perm', 'hide', 'look', 'sort', 'sel', 'win', 'v']) expect(written.has(key)).toBe(false);
        for (const [key, value] of new URLSearchParams(shell.replace(/^#/, ''))) expect(written.get(key)).toBe(value);
        expect(readUrlChoices(written.toString())).toEqual({
          scaleMode: view.scaleMode === 'compressed' ? null : view.scaleMode,
          colorMode: view.colorMode === 'kind' ? null : view.colorMode,
        });
      }),
      { numRuns: 500 },
    );
  });

  it('finds an older fragment’s view, and none in a fragment of choices', () => {
    expect(readLegacyView('#sample=x&q=libc')).toMatchObject({ ok: true, view: { query: 'libc' } });
    expect(readLegacyView('#sample=x&scale=linear&color=perms')).toBeNull();
  });
});
