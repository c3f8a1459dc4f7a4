/**
 * computeFindResults keeps the permission filter's pass while only the query changes: a sequence
 * of changes as a user makes them (typing, filter clicks, back to an earlier filter, another
 * file) must answer each step exactly as a fresh search with both filters would.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RegionIndex, parseMaps, parseSearchQuery, searchRegions } from '../../../src/internal';
import { STATE_MATCH, STATE_VISIBLE, computeFindResults, createFindMemo, permFilterOf, warmFindSteps } from '../../../app/state/find-results';
import { NO_PERM_FILTER, PERM_KEYS, type PermFilterState, type TriState } from '../../../app/state/find-store';
import { generateMaps } from '../../bench/generate-maps';
import { REPO_ROOT } from '../../helpers/fixtures';
import { tableRows } from '../../../app/state/table-order';
import { createViewModel } from '../../../app/state/view-model';

const files = [
  RegionIndex.build(parseMaps(readFileSync(join(REPO_ROOT, 'public/samples/c-hello.maps'), 'utf8')).regions),
  RegionIndex.build(parseMaps(readFileSync(join(REPO_ROOT, 'public/samples/android-arm64-app.maps'), 'utf8')).regions),
  RegionIndex.build(parseMaps(generateMaps({ regions: 3000, seed: 9 }).text).regions),
];
const arbTri = fc.constantFrom<TriState>('any', 'required', 'excluded');
const arbPerms = fc.tuple(arbTri, arbTri, arbTri, arbTri, arbTri).map(([readable, writable, executable, shared, priv]): PermFilterState => ({ readable, writable, executable, shared, private: priv }));
const arbQuery = fc.constantFrom('', 'l', 'li', 'lib', 'LIBC', 'so', '/\\.so$/', 'kind:file', 'perm:x', 'size>8k', 'lib perm:r', 'ld 0x7f01e50d0000', '[anon');

describe('find results over a sequence of changes', () => {
  it('every step answers as a fresh search with both filters (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(files.length - 1), arbPerms, arbQuery), { minLength: 1, maxLength: 12 }), (steps) => {
        const memos = files.map(() => createFindMemo()); // each file's, as its view model holds it
        for (const [f, perms, text] of steps) {
          const index = files[f];
          // A new object each step, as the store makes them; equal values must not matter.
          const r = computeFindResults(index, parseSearchQuery(text), { ...perms }, memos[f]);
          const filter = permFilterOf(perms);
          const fresh = searchRegions(index, parseSearchQuery(text), filter);
          const visible = searchRegions(index, parseSearchQuery(''), filter);
          const filterOn = PERM_KEYS.some((k) => perms[k] !== 'any');
          expect([...r.matches]).toEqual([...(text.trim() === '' && !filterOn ? index.order : fresh)]);
          expect(r.visibleCount).toBe(filterOn ? visible.length : index.table.length);
          const expected = new Uint8Array(index.table.length);
          for (const row of filterOn ? visible : index.order) expected[row] = STATE_VISIBLE;
          for (const row of r.matches) expected[row] |= STATE_MATCH;
          expect(r.rowState).toEqual(expected);
          // The map's address-order positions of both: every position whose row has the state, ascending.
          const positions = (bit: number) => [...index.order.keys()].filter((k) => (expected[index.order[k]] & bit) !== 0);
          if (filterOn) expect([...r.visiblePositions]).toEqual(positions(STATE_VISIBLE));
          if (r.queryActive) expect([...r.matchPositions]).toEqual(positions(STATE_MATCH));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('typing a word on, deleting back, and a word that stops being alone: each answer a fresh search', () => {
    // A word grown from the last one is searched among the last matches only (computeFindResults);
    // a shorter word, another word, a second term or another filter must search everything again.
    const index = files[2];
    const writable = { ...NO_PERM_FILTER, writable: 'required' as const };
    const steps: [string, PermFilterState][] = [
      ['l', NO_PERM_FILTER], ['li', NO_PERM_FILTER], ['lib', NO_PERM_FILTER], ['LIBC', NO_PERM_FILTER], ['lib', NO_PERM_FILTER],
      ['lib', writable], ['libc', writable], ['libc', NO_PERM_FILTER], ['libc kind:file', NO_PERM_FILTER], ['libc', NO_PERM_FILTER],
      ['ja', NO_PERM_FILTER], ['java', NO_PERM_FILTER], ['-java', NO_PERM_FILTER], ['javax', NO_PERM_FILTER], ['/lib/', NO_PERM_FILTER], ['/libc/', NO_PERM_FILTER],
    ];
    const memo = createFindMemo();
    for (const [text, perms] of steps) {
      const r = computeFindResults(index, parseSearchQuery(text), perms, memo);
      const fresh = searchRegions(index, parseSearchQuery(text), permFilterOf(perms));
      expect([...r.matches], `${text} ${JSON.stringify(perms)}`).toEqual([...fresh]);
      const positions = [...index.order.keys()].filter((k) => fresh.includes(index.order[k]));
      expect([...r.matchPositions], text).toEqual(positions);
    }
  });

  it('the count, the match set and the table rows read as the listed matches, at every step (property)', () => {
    // What a keystroke reads (the count, the map's "one in [from, to)", the table's rows in view and
    // the selection's index) comes from the set (bits for a broad answer), never the listed matches.
    const models = files.map((index) => createViewModel(index.table, index));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(files.length - 1), arbPerms, arbQuery), { minLength: 1, maxLength: 10 }), fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), (steps, picks) => {
        const memos = files.map(() => createFindMemo());
        for (const [f, perms, text] of steps) {
          const index = files[f];
          const n = index.table.length;
          const r = computeFindResults(index, parseSearchQuery(text), perms, memos[f]);
          const rows = tableRows(models[f], r, 'begin', false);
          expect(rows.length).toBe(r.matchCount);
          const fresh = [...searchRegions(index, parseSearchQuery(text), permFilterOf(perms))];
          expect(r.matchCount).toBe(fresh.length);
          const positions = [...index.order.keys()].filter((k) => fresh.includes(index.order[k]));
          expect([...r.matchSet.toArray()]).toEqual(positions);
          for (const pick of picks) {
            const i = pick % Math.max(1, fresh.length);
            expect(rows.at(i)).toBe(fresh[i]);
            const row = pick % n;
            expect(rows.indexOf(row)).toBe(fresh.indexOf(row));
            const from = pick % n;
            const to = from + (pick % 97);
            expect(r.matchSet.anyIn(from, to)).toBe(positions.some((p) => p >= from && p < to));
          }
          expect(rows.at(fresh.length)).toBeUndefined();
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a filter set, typing, the filter changed and set back: each answer its own', () => {
    const index = files[0];
    const writable = { ...NO_PERM_FILTER, writable: 'required' as const };
    const executable = { ...NO_PERM_FILTER, executable: 'required' as const };
    const memo = createFindMemo();
    const a = computeFindResults(index, parseSearchQuery('lib'), writable, memo);
    const b = computeFindResults(index, parseSearchQuery('lib'), executable, memo);
    const c = computeFindResults(index, parseSearchQuery('lib'), { ...writable }, memo);
    expect([...a.matches]).toEqual([...c.matches]);
    expect([...a.matches]).not.toEqual([...b.matches]);
    expect(a.rowState).not.toBe(c.rowState); // each result owns its row states
  });
});

describe('warmFindSteps', () => {
  it('runs its queries a step each, on an empty file too, and the answers after it are a fresh search\'s', () => {
    const empty = RegionIndex.build(parseMaps('').regions);
    for (const index of [empty, ...files]) {
      const memo = createFindMemo();
      computeFindResults(index, parseSearchQuery('l'), NO_PERM_FILTER, memo);
      let steps = 0;
      for (const _ of warmFindSteps(index, NO_PERM_FILTER)) steps++;
      // One idle step a query: six kinds of term, twice.
      expect(steps).toBe(12);
      for (const text of ['li', 'e', 'el', '/e/', 'kind:heap', 'perm:rw', 'size>1M']) {
        const r = computeFindResults(index, parseSearchQuery(text), NO_PERM_FILTER, memo);
        expect([...r.matches], text).toEqual([...searchRegions(index, parseSearchQuery(text))]);
      }
    }
  });
});
