/**
 * RegionIndex.adoptFound: the page's index of a table the parse worker sent adopts the address
 * space and name rows the worker found of the same table (app/workers/parse.worker.ts, the `found`
 * message), so that address lookup and search scan no row on the page. What it adopts must be what
 * the page would have made itself; data of another table is refused.
 */
import { describe, expect, it } from 'vitest';
import { RegionIndex, RegionTable, buildNameRows, findAddressSpaceShape, parseMaps } from '../../src/internal';
import { generateMaps } from '../bench/generate-maps';
import { copyColumns } from '../../app/workers/view-data';

const table = parseMaps(generateMaps({ regions: 5_000, seed: 7 }).text).regions;
/** The page's side: a copy of the columns (as transferred) and the index sent as data. */
const received = () => {
  const copy = new RegionTable({ ...table.toData(), columns: copyColumns(table) });
  return RegionIndex.fromData(copy, RegionIndex.build(table).toData());
};

describe('RegionIndex.adoptFound', () => {
  it("adopts the worker's shape and name rows, equal to what the page's index would make of its own table", () => {
    const sent = RegionIndex.build(table);
    const found = { addressSpace: findAddressSpaceShape(table), nameRows: buildNameRows(table, sent.order) };
    const page = received();
    page.adoptFound(found);
    expect(page.nameRows).toBe(found.nameRows);
    expect(page.addressSpace).toBe(found.addressSpace);
    const own = received();
    expect(page.nameRows).toEqual(own.nameRows);
    expect(page.addressSpace).toEqual(own.addressSpace);
    expect(page.addressSpace?.name).toBe('x86-64, 48-bit virtual addresses (4-level paging)');
  });

  it('keeps what the index already made, and refuses name rows of another table', () => {
    const page = received();
    const made = page.nameRows;
    page.adoptFound({ addressSpace: undefined, nameRows: buildNameRows(table, page.order) });
    expect(page.nameRows).toBe(made);
    const other = parseMaps(generateMaps({ regions: 4_000, seed: 7 }).text).regions;
    const otherRows = buildNameRows(other, RegionIndex.build(other).order);
    expect(() => received().adoptFound({ addressSpace: undefined, nameRows: otherRows })).toThrow(RangeError);
  });
});
