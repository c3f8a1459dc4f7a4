/**
 * A table as it crosses a postMessage on the way to the page — reader → parse worker → page: its
 * columns shared or transferred (RegionTable.transferables), and its pathnames as one string with
 * where each name ends in it. Cloned as an array, every name is written and made anew on each
 * side of each post: at 1,048,576 regions (53,063 names) the parse worker's post of `loaded` spent
 * 45–110 ms writing them, and the page's task that receives it as long making them again. One
 * string is one copy; the names are cut from it where they are received (slices, not copies).
 */
import { RegionTable, type RegionTableData } from '../../src/internal';

/** Pathnames as one string: name i is `text` from `ends[i - 1]` (0 for the first) to `ends[i]`, in UTF-16 units. */
export interface PackedNames {
  text: string;
  ends: Uint32Array;
}

/** A table's data with its pathnames packed: what `sendTable` gives and `receiveTable` takes. */
export type SentTableData = Omit<RegionTableData, 'pathnames'> & { pathnames: PackedNames };

/**
 * The packed form of each names array packed or unpacked here: the parse worker posts the names it
 * received from the reader without joining them again. Its `ends` is never transferred (it stays
 * valid here): a copy of 4 bytes a name.
 */
const packedOf = new WeakMap<readonly string[], PackedNames>();

/** `names` as one string and their ends. */
export function packNames(names: readonly string[]): PackedNames {
  let packed = packedOf.get(names);
  if (packed === undefined) {
    const ends = new Uint32Array(names.length);
    let end = 0;
    for (let i = 0; i < names.length; i++) ends[i] = end += names[i].length;
    packed = { text: names.join(''), ends };
    packedOf.set(names, packed);
  }
  return packed;
}

/** The names `packed` holds; throws a RangeError when its ends do not fit its text. */
export function unpackNames(packed: PackedNames): string[] {
  const { text, ends } = packed;
  const names: string[] = [];
  let begin = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i];
    if (end < begin || end > text.length) throw new RangeError('packed pathnames do not fit their text');
    names.push(text.slice(begin, end));
    begin = end;
  }
  if (begin !== text.length) throw new RangeError('packed pathnames do not fit their text');
  packedOf.set(names, packed);
  return names;
}

/** `table`'s data to post, its pathnames packed (its columns as they are: pass `table.transferables()` as the transfer list). */
export function sendTable(table: RegionTable): SentTableData {
  return { ...table.toData(), pathnames: packNames(table.pathnames) };
}

/** The table a `sendTable` post brought, its columns wrapped (not copied). */
export function receiveTable(data: SentTableData): RegionTable {
  return new RegionTable({ ...data, pathnames: unpackNames(data.pathnames) });
}
