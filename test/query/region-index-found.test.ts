/**
 * RegionIndex.adoptFound: the page's index of a table the parse worker sent adopts the address
 * space and row groups (by name, kind, permissions, size) the worker found of the same table
 * (findOfTable; app/workers/parse.worker.ts, the `found` message), so that address lookup and
 * search scan no row on the page. What it adopts must be what the page would have made itself,
 * and a search must answer the same with it; data of another table is refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RegionIndex, RegionTable, allRowGroups, buildKindRows, buildNameRows, buildPermRows, buildSizeRows, filterPositions, filterPositionsIndexed, findOfTable, foundBuffers, parseMaps, type IndexFound, type RegionFilter, type RegionKind, type RowGroups } from '../../src/internal';
import { generateMaps } from '../bench/generate-maps';
import { copyColumns } from '../../app/workers/view-data';
import { arbMessySpecs, tableOf } from './table-fixtures';

const table = parseMaps(generateMaps({ regions: 5_000, seed: 7 }).text).regions;
/** The page's side: a copy of `of`'s columns (as transferred) and its index sent as data. */
const received = (of: RegionTable = table) => {
  const copy = new RegionTable({ ...of.toData(), columns: copyColumns(of) });
  return RegionIndex.fromData(copy, RegionIndex.build(of).toData());
};
const GROUPS = ['nameRows', 'kindRows', 'permRows', 'sizeRows'] as const;
const plain = (g: RowGroups) => ({ starts: Array.from(g.starts), positions: Array.from(g.positions), regionCount: g.regionCount });

describe('RegionIndex.adoptShape', () => {
  it("adopts the worker's shape (sent before its groups), equal to the page's own; the groups are still to come", () => {
    const shape = RegionIndex.build(table).addressSpace;
    const page = received();
    page.adoptShape(shape);
    expect(page.addressSpace).toBe(shape);
    expect(page.addressSpace).toEqual(received().addressSpace);
    // A later found keeps the adopted shape; its groups are adopted.
    const found = findOfTable(table, page.order, shape);
    page.adoptFound(found);
    expect(page.nameRows).toBe(found.nameRows);
    expect(page.addressSpace).toBe(shape);
  });

  it('keeps a shape the page found already, and adopts "cannot tell" (undefined) as found', () => {
    const page = received();
    const own = page.addressSpace;
    page.adoptShape(undefined);
    expect(page.addressSpace).toBe(own);
    const unknown = received();
    unknown.adoptShape(undefined);
    expect(unknown.addressSpace).toBeUndefined();
  });
});

describe('RegionIndex.adoptFound', () => {
  it("adopts the worker's shape and row groups, equal to what the page's index would make of its own table", () => {
    const found = findOfTable(table, RegionIndex.build(table).order);
    const page = received();
    page.adoptFound(found);
    const own = received();
    for (const key of GROUPS) {
      expect(page[key]).toBe(found[key]);
      expect(plain(page[key])).toEqual(plain(own[key]));
    }
    expect(page.addressSpace).toBe(found.addressSpace);
    expect(page.addressSpace).toEqual(own.addressSpace);
    expect(page.addressSpace?.name).toBe('x86-64, 48-bit virtual addresses (4-level paging)');
    // The groups' eight arrays go by transfer, each once.
    expect(new Set(foundBuffers(found)).size).toBe(8);
  });

  it('on messy tables (unsorted, ties, empty regions), a search answers with the adopted groups as with the pass over every row', () => {
    fc.assert(
      fc.property(arbMessySpecs, fc.constantFrom<RegionKind>('heap', 'stack', 'anonymous', 'file'), fc.integer({ min: 1, max: 15 }), (specs, kind, perms) => {
        const worker = RegionIndex.build(tableOf(specs));
        const page = received(worker.table);
        page.adoptFound(findOfTable(worker.table, worker.order));
        for (const filter of [{ kinds: [kind] }, { permsRequired: perms }, { minSizeBytes: 4096n }, { text: 'lib' }] satisfies RegionFilter[]) {
          expect(Array.from(filterPositionsIndexed(page, filter)!)).toEqual(Array.from(filterPositions(page.table, filter, page.order)));
        }
      }),
    );
  });

  it('keeps what the index already made, and refuses groups of another table', () => {
    const page = received();
    const made = page.kindRows;
    page.adoptFound(findOfTable(table, page.order));
    expect(page.kindRows).toBe(made);
    const other = parseMaps(generateMaps({ regions: 4_000, seed: 7 }).text).regions;
    const otherFound = findOfTable(other, RegionIndex.build(other).order);
    const ours = findOfTable(table, RegionIndex.build(table).order);
    for (const key of GROUPS) {
      const mixed: IndexFound = { ...ours, [key]: otherFound[key] };
      expect(() => received().adoptFound(mixed)).toThrow(RangeError);
    }
  });
});

describe('RegionIndex.expectFound / whenFound', () => {
  /** Whether `promise` has settled after the microtasks queued now have run. */
  const settled = async (promise: Promise<void>) => {
    let done = false;
    void promise.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 0));
    return done;
  };

  it('nothing announced: whenFound resolves at once', async () => {
    expect(await settled(received().whenFound())).toBe(true);
  });

  it("announced: whenFound waits for the worker's groups, and resolves once they are adopted", async () => {
    const page = received();
    page.expectFound();
    const waiting = page.whenFound();
    expect(await settled(waiting)).toBe(false);
    page.adoptFound(findOfTable(table, page.order));
    expect(await settled(waiting)).toBe(true);
    expect(await settled(page.whenFound())).toBe(true);
  });

  it('groups the page made already: nothing to wait for', async () => {
    const page = received();
    void page.nameRows;
    page.expectFound();
    expect(await settled(page.whenFound())).toBe(true);
  });
});

describe('allRowGroups (findOfTable)', () => {
  it('the four groupings the stepped builds make, on messy tables (unsorted, ties, empty regions, no names) and a generated one', () => {
    const same = (t: RegionTable, order: Uint32Array) => {
      const all = allRowGroups(t, order);
      expect(plain(all.nameRows)).toEqual(plain(buildNameRows(t, order)));
      expect(plain(all.kindRows)).toEqual(plain(buildKindRows(t, order)));
      expect(plain(all.permRows)).toEqual(plain(buildPermRows(t, order)));
      expect(plain(all.sizeRows)).toEqual(plain(buildSizeRows(t, order)));
    };
    fc.assert(
      fc.property(arbMessySpecs, (specs) => {
        const t = tableOf(specs);
        same(t, RegionIndex.build(t).order);
      }),
    );
    same(table, RegionIndex.build(table).order);
  });
});
