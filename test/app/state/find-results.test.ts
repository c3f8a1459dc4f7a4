/** Find results and table order: against naive readings of the permission controls, the map's positions and each column's sort. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERM_EXEC, PERM_READ, PERM_SHARED, PERM_WRITE } from '../../../src/model/permissions';
import { RegionIndex } from '../../../src/query/region-index';
import { parseSearchQuery } from '../../../src/query/search-query';
import { searchRegions } from '../../../src/query/search-regions';
import { computeFindResults, readMatchRows, STATE_MATCH, STATE_VISIBLE } from '../../../app/state/find-results';
import type { PermFilterState, SortKey, TriState } from '../../../app/state/find-store';
import { tableRows } from '../../../app/state/table-order';
import { createViewModel } from '../../../app/state/view-model';
import { arbMessySpecs, arbOrderedSpecs, tableOf } from '../../query/table-fixtures';

const arbTri = fc.constantFrom<TriState>('any', 'required', 'excluded');
const arbPerms: fc.Arbitrary<PermFilterState> = fc.tuple(arbTri, arbTri, arbTri, arbTri, arbTri).map(([readable, writable, executable, shared, priv]) => ({ readable, writable, executable, shared, private: priv }));

/** What each control means, one region at a time (proc_pid_maps(5): `p` is "not shared"). */
function passes(perms: number, f: PermFilterState): boolean {
  const has = { readable: (perms & PERM_READ) !== 0, writable: (perms & PERM_WRITE) !== 0, executable: (perms & PERM_EXEC) !== 0, shared: (perms & PERM_SHARED) !== 0, private: (perms & PERM_SHARED) === 0 };
  return (Object.keys(has) as (keyof typeof has)[]).every((k) => f[k] === 'any' || (f[k] === 'required') === has[k]);
}

const arbQuery = fc.constantFrom('', 'libc', '/^\\[/', 'kind:heap,anon', 'perm:x', 'size>4k', 'zz', '/[bad/');

describe('computeFindResults', () => {
  it('visible, matches, row states and positions agree with a naive reading', () => {
    fc.assert(
      fc.property(fc.oneof(arbMessySpecs, arbOrderedSpecs), arbPerms, arbQuery, (specs, perms, text) => {
        const table = tableOf(specs);
        const index = RegionIndex.build(table);
        const query = parseSearchQuery(text);
        const r = computeFindResults(index, query, perms);
        const visible = [...index.order].filter((row) => passes(table.columns.perms[row], perms));
        const matches = query.terms.length === 0 ? visible : [...searchRegions(index, query)].filter((row) => passes(table.columns.perms[row], perms));
        expect(r.visibleCount).toBe(visible.length);
        expect([...r.matches]).toEqual(matches);
        // The same rows read from the answer's set a few at a time (the selection's sums).
        const read = readMatchRows(r);
        const piece = new Uint32Array(3);
        const pieces: number[] = [];
        for (let count = read(piece); count > 0; count = read(piece)) pieces.push(...piece.subarray(0, count));
        expect(pieces).toEqual(matches);
        for (let row = 0; row < table.length; row++) {
          expect(r.rowState[row]).toBe((visible.includes(row) ? STATE_VISIBLE : 0) | (matches.includes(row) ? STATE_MATCH : 0));
        }
        // Address-order positions, where the map needs them: exactly those of the visible rows and of the matches, ascending.
        const positionsOf = (rows: number[]) => [...index.order.keys()].filter((k) => rows.includes(index.order[k]));
        if (r.filterActive) expect([...r.visiblePositions]).toEqual(positionsOf(visible));
        if (r.queryActive) expect([...r.matchPositions]).toEqual(positionsOf(matches));
      }),
      { numRuns: 400 },
    );
  });
});

describe('tableRows', () => {
  const KEYS: SortKey[] = ['begin', 'end', 'size', 'perms', 'offset', 'device', 'inode', 'pathname', 'kind', 'rss', 'pss'];
  it('is the matches ordered by the column (exact 64-bit compare), ties in address order, reversed when descending', () => {
    fc.assert(
      fc.property(fc.oneof(arbMessySpecs, arbOrderedSpecs), arbQuery, fc.constantFrom(...KEYS), fc.boolean(), (specs, text, key, descending) => {
        const table = tableOf(specs);
        const index = RegionIndex.build(table);
        const r = computeFindResults(index, parseSearchQuery(text), { readable: 'any', writable: 'any', executable: 'any', shared: 'any', private: 'any' });
        const position = new Map([...index.order].map((row, k) => [row, k]));
        const value = (row: number): bigint | number | string => {
          const region = table.get(row);
          switch (key) {
            case 'begin':
              return region.begin;
            case 'end':
              return region.end;
            case 'size':
              return region.sizeBytes;
            case 'perms':
              return region.perms;
            case 'offset':
              return region.offset;
            case 'device':
              return BigInt(region.device.major) * 2n ** 32n + BigInt(region.device.minor);
            case 'inode':
              return region.inode;
            case 'pathname':
              return region.pathname ?? '';
            case 'kind':
              return region.kind;
            default:
              return -1; // no smaps in these tables
          }
        };
        const cmp = (a: number, b: number) => {
          const va = value(a);
          const vb = value(b);
          // Anonymous regions (no pathname) sort before every name.
          if (key === 'pathname' && (table.pathname(a) === null) !== (table.pathname(b) === null)) return table.pathname(a) === null ? -1 : 1;
          if (va < vb) return -1;
          if (va > vb) return 1;
          return position.get(a)! - position.get(b)!;
        };
        const expected = [...r.matches].sort(cmp);
        if (descending) expected.reverse();
        expect([...tableRows(createViewModel(table, index), r, key, descending)]).toEqual(expected);
      }),
      { numRuns: 600 },
    );
  });
});
