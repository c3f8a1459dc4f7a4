/**
 * Properties of diffSnapshots (fast-check): a snapshot against itself is all unchanged; added,
 * removed, changed, unchanged and the groups partition both sides; diff(A, B) mirrors diff(B, A).
 * Inputs: realistic maps (test/bench/generate-maps.ts) edited as a process changes them (regions
 * unmapped, mprotect'ed, split, new ones mapped, the whole layout moved as by ASLR), and arbitrary
 * lines (unsorted, overlapping, duplicated) for the properties that must hold on any input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { U64_MAX } from '../../src/address';
import { diffSnapshots, MATCH_RULE_CODE, parseMaps, type DiffMode, type RegionFields } from '../../src/internal';
import { generateMaps } from '../bench/generate-maps';
import { expectPartition, fieldsOf, mapsText, pairStrings, sidesOf } from './diff-helpers';

const PAGE = 0x1000n;

/** One edit of a region list, as a process (or another run) makes it. */
type Edit = { op: 'unmap' | 'mprotect' | 'split' | 'map'; at: number; value: number };

function applyEdits(regions: RegionFields[], edits: readonly Edit[], shift: bigint): RegionFields[] {
  let out = regions.slice();
  for (const e of edits) {
    if (out.length === 0) break;
    const k = e.at % out.length;
    const r = out[k];
    switch (e.op) {
      case 'unmap':
        out.splice(k, 1);
        break;
      case 'mprotect':
        out[k] = { ...r, perms: (r.perms & 8) | (e.value % 8) };
        break;
      case 'split': {
        const pages = (r.end - r.begin) / PAGE;
        if (pages < 2n) break;
        const cut = r.begin + (1n + (BigInt(e.value) % (pages - 1n))) * PAGE;
        const fileBacked = r.inode !== 0n;
        out.splice(k, 1, { ...r, end: cut }, { ...r, begin: cut, perms: r.perms ^ 2, offset: fileBacked ? r.offset + (cut - r.begin) : r.offset });
        break;
      }
      case 'map': {
        // A new anonymous region in the gap after region k, when there is one.
        const next = out[k + 1];
        if (next !== undefined && next.begin - r.end >= 2n * PAGE) out.splice(k + 1, 0, { begin: r.end + PAGE, end: r.end + 2n * PAGE, perms: 3, offset: 0n, device: { major: 0, minor: 0 }, inode: 0n, pathname: null });
        break;
      }
    }
  }
  if (shift !== 0n) out = out.map((r) => (r.begin >= 0x7fff_0000_0000n ? r : { ...r, begin: r.begin + shift, end: r.end + shift }));
  return out;
}

const edit = fc.record({ op: fc.constantFrom<Edit['op']>('unmap', 'mprotect', 'split', 'map'), at: fc.nat(), value: fc.nat() });

/** A realistic pair: a generated map and the same map edited (and, for another run, moved). */
const realisticPair = fc
  .record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    regions: fc.integer({ min: 8, max: 400 }),
    editsA: fc.array(edit, { maxLength: 12 }),
    editsB: fc.array(edit, { maxLength: 12 }),
    shiftPages: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 0xfffff })),
  })
  .map(({ seed, regions, editsA, editsB, shiftPages }) => {
    const base = fieldsOf(generateMaps({ regions, seed }).text);
    return { a: mapsText(applyEdits(base, editsA, 0n)), b: mapsText(applyEdits(base, editsB, BigInt(shiftPages) * PAGE)) };
  });

/** Arbitrary region lines: any order, overlapping, duplicated, zero-sized. */
const page = fc.bigInt({ min: 0n, max: U64_MAX >> 12n }).map((p) => p << 12n);
const anyRegion: fc.Arbitrary<RegionFields> = fc
  .record({
    a: fc.oneof(page, fc.constantFrom(0x1000n, 0x2000n, 0x3000n, 0x7f00_0000_0000n)),
    pages: fc.integer({ min: 0, max: 4 }),
    perms: fc.integer({ min: 0, max: 15 }),
    offset: fc.constantFrom(0n, 0x1000n, 0x2000n),
    inode: fc.constantFrom(0n, 7n, 8n),
    pathname: fc.constantFrom(null, '/lib/a.so', '/lib/b.so', '[heap]', '[stack]', '[anon:x]', '/lib/a.so (deleted)'),
  })
  .map(({ a, pages, perms, offset, inode, pathname }) => {
    const end = a + BigInt(pages) * PAGE;
    return { begin: a, end: end > U64_MAX ? U64_MAX : end, perms, offset, device: { major: inode === 0n ? 0 : 8, minor: 1 }, inode, pathname };
  });
const anyText = fc.array(anyRegion, { maxLength: 30 }).map(mapsText);
const modes = fc.constantFrom<DiffMode | 'auto'>('auto', 'same-process', 'different-runs');

describe('diffSnapshots properties', () => {
  it('a snapshot against itself: every region unchanged, by either rule set', () => {
    fc.assert(
      fc.property(fc.oneof(realisticPair.map((p) => p.a), anyText), modes, (text, mode) => {
        const a = parseMaps(text);
        const d = diffSnapshots(a, parseMaps(text), { mode });
        expect([d.added.length, d.removed.length, d.changed.before.length, d.groups.count]).toEqual([0, 0, 0, 0]);
        expect(d.unchanged.before.length).toBe(a.regions.length);
        expect(d.summary.matchedBefore).toBe(a.regions.length);
      }),
      { numRuns: 150 },
    );
  });

  it('added, removed, changed, unchanged and the groups partition both sides', () => {
    fc.assert(
      fc.property(fc.oneof(realisticPair, fc.record({ a: anyText, b: anyText })), modes, ({ a, b }, mode) => {
        const x = parseMaps(a);
        const y = parseMaps(b);
        const d = diffSnapshots(x, y, { mode });
        const sides = sidesOf(d);
        expectPartition(x.regions.length, sides.before);
        expectPartition(y.regions.length, sides.after);
        expect(d.summary.matchedBefore + d.removed.length).toBe(x.regions.length);
        // A changed pair differs in something; an unchanged one in nothing.
        expect(d.changed.what.every((w) => w !== 0)).toBe(true);
        expect(d.unchanged.what.every((w) => w === 0)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('diff(A, B) mirrors diff(B, A): added and removed swap, the same pairs, splits become merges', () => {
    fc.assert(
      fc.property(realisticPair, modes, ({ a, b }, mode) => {
        const x = parseMaps(a);
        const y = parseMaps(b);
        const ab = diffSnapshots(x, y, { mode });
        const ba = diffSnapshots(y, x, { mode });
        expect(ba.mode).toBe(ab.mode);
        expect(Array.from(ba.added)).toEqual(Array.from(ab.removed));
        expect(Array.from(ba.removed)).toEqual(Array.from(ab.added));
        expect(pairStrings(ba, true)).toEqual(pairStrings(ab));
        const mirrored = { [MATCH_RULE_CODE.split]: MATCH_RULE_CODE.merge, [MATCH_RULE_CODE.merge]: MATCH_RULE_CODE.split };
        expect(Array.from(ba.groups.rule).sort()).toEqual(Array.from(ab.groups.rule, (r) => mirrored[r] ?? r).sort());
        expect(ba.summary.added).toEqual(ab.summary.removed);
      }),
      { numRuns: 120 },
    );
  });

  it('another run (the whole layout moved) of an unedited map: nothing added or removed, found as different runs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 20, max: 300 }), fc.integer({ min: 1, max: 0xfffff }), (seed, regions, shift) => {
        const base = fieldsOf(generateMaps({ regions, seed }).text);
        const d = diffSnapshots(parseMaps(mapsText(base)), parseMaps(mapsText(applyEdits(base, [], BigInt(shift) * PAGE))));
        expect(d.mode).toBe('different-runs');
        expect([d.added.length, d.removed.length, d.changed.before.length]).toEqual([0, 0, 0]);
      }),
      { numRuns: 60 },
    );
  });
});
