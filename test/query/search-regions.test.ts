/** searchRegions: agrees with a naive evaluation of each term, on random tables and on real files. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RegionTable } from '../../src/model/region-table';
import { parseProcMaps } from '../../src/parse/maps';
import type { RegionFilter } from '../../src/query/filter';
import { RegionIndex } from '../../src/query/region-index';
import { parseSearchQuery, type SearchQuery, type SearchTerm } from '../../src/query/search-query';
import type { Region } from '../../src/model/region';
import { combineFilters, searchRegions } from '../../src/query/search-regions';
import { listCorpus, readCorpus, readFixture } from '../helpers/fixtures';
import { arbAddress, arbMessySpecs, arbOrderedSpecs, tableOf, type RegionSpec } from './table-fixtures';

/**
 * Each term checked on its own against one Region object: the obvious reading of the language —
 * every plain term holds, and each clause has a term that holds (negated: none).
 */
function naiveSearch(table: RegionTable, query: SearchQuery, extra: { required: number; excluded: number }): number[] {
  const inClause = new Set(query.clauses.flatMap((c) => c.terms));
  const plain = query.terms.filter((t) => !inClause.has(t));
  const rows = table.toArray().filter((r) => {
    if ((r.perms & extra.required) !== extra.required || (r.perms & extra.excluded) !== 0) return false;
    return plain.every((t) => holds(r, t)) && query.clauses.every((c) => c.terms.some((t) => holds(r, t)) !== c.negated);
  });
  rows.sort((a, b) => (a.begin < b.begin ? -1 : a.begin > b.begin ? 1 : a.index - b.index));
  return rows.map((r) => r.index);
}

function holds(r: Region, t: SearchTerm): boolean {
  const name = r.pathname;
  switch (t.type) {
    case 'word':
      return name !== null && name.toLowerCase().includes(t.text.toLowerCase());
    case 'regex':
      return name !== null && new RegExp(t.regex.source, t.regex.flags.replace(/[gy]/g, '')).test(name);
    case 'address':
      return r.contains(t.address);
    case 'kind':
      return t.kinds.includes(r.kind);
    case 'perm':
      return (r.perms & t.required) === t.required && (r.perms & t.excluded) === 0;
    case 'size':
      return (t.minSizeBytes === undefined || r.sizeBytes >= t.minSizeBytes) && (t.maxSizeBytes === undefined || r.sizeBytes <= t.maxSizeBytes);
  }
}

/** Queries built from the language's pieces; addresses often fall inside the table's regions. */
function arbQuery(specs: RegionSpec[]): fc.Arbitrary<string> {
  const inside = specs.filter((s) => s.end > s.begin);
  const arbInside =
    inside.length === 0
      ? arbAddress
      : fc.tuple(fc.constantFrom(...inside), fc.bigInt({ min: 0n, max: 2n ** 64n })).map(([s, k]) => s.begin + (k % (s.end - s.begin)));
  const term = fc.oneof(
    fc.constantFrom('libc', 'LIBC', 'so', '[', 'heap', '(deleted)', '"libc.so"', '\\012', 'zz', '/^\\[/', '/\\.so(\\.\\d+)*$/', '/LIBC/i', '/so/g'),
    fc.constantFrom('kind:file', 'kind:heap,stack', 'kind:anon', 'kind:shared', 'kind:deleted', 'kind:vsyscall,vdso'),
    fc.constantFrom('perm:r', 'perm:rwx', 'perm:-w', 'perm:r-xp', 'perm:s', 'perm:p', 'perm:---p', 'perm:x!s'),
    fc.constantFrom('size>4k', 'size<=1M', 'size>=0x100000000', 'size=1', 'size<1.5k', 'size > 0'),
    fc.oneof(arbInside, arbAddress).map((a) => '0x' + a.toString(16)),
  );
  // Plain terms, `a|b` alternatives of unquoted non-regex terms, and `-` before any of them.
  const unquoted = term.filter((t) => !t.startsWith('"') && !t.startsWith('/') && !/\s/.test(t));
  const clause = fc.tuple(fc.boolean(), fc.oneof(term, fc.array(unquoted, { minLength: 2, maxLength: 3 }).map((ts) => ts.join('|')))).map(([not, t]) => (not ? '-' + t : t));
  return fc.array(clause, { maxLength: 4 }).map((terms) => terms.join(' '));
}

const arbPermFilter = fc.record({ required: fc.integer({ min: 0, max: 15 }), excluded: fc.integer({ min: 0, max: 15 }) });

describe('searchRegions agrees with a naive search', () => {
  it('on random tables, queries and permission filters', () => {
    fc.assert(
      fc.property(
        fc.oneof(arbMessySpecs, arbOrderedSpecs).chain((specs) => fc.tuple(fc.constant(specs), arbQuery(specs), arbPermFilter)),
        ([specs, text, perms]) => {
          const table = tableOf(specs);
          const query = parseSearchQuery(text);
          expect(query.errors).toEqual([]);
          const got = searchRegions(RegionIndex.build(table), query, { permsRequired: perms.required, permsExcluded: perms.excluded });
          expect([...got]).toEqual(naiveSearch(table, query, perms));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('an empty query keeps every region, in address order', () => {
    fc.assert(
      fc.property(arbMessySpecs, (specs) => {
        const table = tableOf(specs);
        const index = RegionIndex.build(table);
        expect([...searchRegions(index, parseSearchQuery(''))]).toEqual([...index.order]);
      }),
      { numRuns: 200 },
    );
  });

  it('an invalid term is left out, and the rest still filters', () => {
    const table = tableOf([
      { begin: 0x1000n, end: 0x2000n, pathname: '/lib/libc.so.6' },
      { begin: 0x2000n, end: 0x3000n, pathname: '[heap]' },
    ]);
    const query = parseSearchQuery('/[heap/ libc');
    expect(query.errors).toHaveLength(1);
    expect([...searchRegions(RegionIndex.build(table), query)]).toEqual([0]);
  });
});

describe('combineFilters keeps what both keep', () => {
  const arbFilter: fc.Arbitrary<RegionFilter> = fc.record(
    {
      text: fc.constantFrom('', 'lib', 'SO', '['),
      regex: fc.constantFrom(/^\//, /so/gi, /\]$/),
      kinds: fc.subarray(['file', 'heap', 'anonymous', 'stack'] as const),
      minSizeBytes: arbAddress,
      maxSizeBytes: arbAddress,
      permsRequired: fc.integer({ min: 0, max: 15 }),
      permsExcluded: fc.integer({ min: 0, max: 15 }),
    },
    { requiredKeys: [] },
  );
  it('a criterion one filter leaves empty never undoes the other\'s', () => {
    const index = RegionIndex.build(
      tableOf([
        { begin: 0x1000n, end: 0x2000n, pathname: '/lib/libc.so.6' },
        { begin: 0x2000n, end: 0x9000n, pathname: '[heap]' },
      ]),
    );
    const all = parseSearchQuery('');
    const rows = (a: RegionFilter, b: RegionFilter) => [...searchRegions(index, all, combineFilters(a, b))];
    expect(rows({ text: 'lib' }, { text: '' })).toEqual([0]);
    expect(rows({ text: '' }, { text: 'lib' })).toEqual([0]);
    expect(rows({ minSizeBytes: 0x2000n }, { minSizeBytes: undefined })).toEqual([1]);
    expect(rows({ kinds: ['heap'] }, { kinds: undefined })).toEqual([1]);
    expect(rows({ regex: /libc/ }, { regex: undefined })).toEqual([0]);
  });

  it('on random tables', () => {
    fc.assert(
      fc.property(arbMessySpecs, arbFilter, arbFilter, (specs, a, b) => {
        const index = RegionIndex.build(tableOf(specs));
        const all = parseSearchQuery('');
        const inA = new Set(searchRegions(index, all, a));
        const inB = new Set(searchRegions(index, all, b));
        const expected = [...index.order].filter((r) => inA.has(r) && inB.has(r));
        expect([...searchRegions(index, all, combineFilters(a, b))]).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('on real files', () => {
  /** The fields of a maps line, read with a regex (not the parser). */
  function rawFields(line: string): { perms: string; pathname: string | null } | undefined {
    const m = /^\s*[0-9a-fA-F]+-[0-9a-fA-F]+\s+([r-][w-][x-][sp])\s+[0-9a-fA-F]+\s+[0-9a-fA-F]+:[0-9a-fA-F]+\s+\d+(?:[ \t]+(.*))?$/.exec(line);
    if (m === null) return undefined;
    const name = m[2]?.replace(/[ \t]+$/, '') ?? '';
    return { perms: m[1], pathname: name === '' ? null : name };
  }

  const files: [string, string][] = [
    ['node-20-self.maps', readFixture('maps/node-20-self.maps')],
    ['/proc/self/maps', readFileSync('/proc/self/maps', 'utf8')],
    ...listCorpus('.maps').map((name): [string, string] => [name, readCorpus(name)]),
  ];
  const checks: [string, (f: { perms: string; pathname: string | null }) => boolean][] = [
    ['kind:heap', (f) => f.pathname === '[heap]'],
    ['perm:r-xp', (f) => f.perms === 'r-xp'],
    ['perm:w', (f) => f.perms[1] === 'w'],
    ['perm:x perm:-r', (f) => f.perms[2] === 'x' && f.perms[0] === '-'],
    ['libc', (f) => f.pathname !== null && f.pathname.toLowerCase().includes('libc')],
    ['/\\.so(\\.\\d+)*$/', (f) => f.pathname !== null && /\.so(\.\d+)*$/.test(f.pathname)],
    ['perm:s so', (f) => f.perms[3] === 's' && f.pathname !== null && f.pathname.toLowerCase().includes('so')],
  ];

  it.each(files)('%s: each query finds exactly the lines that satisfy it', (_, text) => {
    const { regions } = parseProcMaps(text);
    const lines = text.split('\n');
    const index = RegionIndex.build(regions);
    let nonEmpty = 0;
    for (const [query, predicate] of checks) {
      const got = [...searchRegions(index, parseSearchQuery(query))].map((row) => regions.columns.line[row]).sort((a, b) => a - b);
      const expected = [...regions.columns.line].filter((line) => {
        const f = rawFields(lines[line - 1]);
        return f !== undefined && predicate(f);
      });
      expect(got, query).toEqual(expected.sort((a, b) => a - b));
      if (got.length > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(0);
  });

  it('an address term finds [vsyscall] at 0xffffffffff600000, and size bounds are exact at 4 KiB', () => {
    const { regions } = parseProcMaps(readFixture('maps/node-20-self.maps'));
    const index = RegionIndex.build(regions);
    const found = searchRegions(index, parseSearchQuery('ffffffffff600000'));
    expect([...found].map((r) => regions.pathname(r))).toEqual(['[vsyscall]']);
    const pages = (q: string) => [...searchRegions(index, parseSearchQuery(q))].map((r) => regions.end(r) - regions.begin(r));
    expect(pages('size=4k').every((s) => s === 4096n)).toBe(true);
    expect(pages('size=4k').length).toBe(regions.toArray().filter((r) => r.sizeBytes === 4096n).length);
    expect(pages('size<4k')).toEqual([]);
  });
});
