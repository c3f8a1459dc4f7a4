/**
 * Where each pathname is in the address order: per pathname id, the address-order positions
 * (RegionIndex.order) of its regions, ascending — one typed array grouped by id (counting sort,
 * two passes over the rows, made once per table). A search whose terms test pathnames then costs
 * O(distinct names) for the tests plus O(matching rows) for the answer, not a pass over every row:
 * at a million regions a keystroke read ~3 columns of every row through the address order.
 */
import type { RegionTable } from '../model/region-table.js';
import { filterPositions, pathnameMatches, type RegionFilter } from './filter.js';
import type { RegionIndex } from './region-index.js';

/** The regions of each pathname id, by address-order position. */
export interface NameRows {
  /** Per id, where its positions start in `positions`; `starts[pathnames.length]` is their count. */
  readonly starts: Uint32Array;
  /** Address-order positions of the named regions, grouped by id, ascending within each group. */
  readonly positions: Uint32Array;
  /** The number of regions (named or not): positions are below it. */
  readonly regionCount: number;
}

/** The positions of `table`'s regions by pathname id, for the address order `order`. */
export function buildNameRows(table: RegionTable, order: Uint32Array): NameRows {
  const pathId = table.columns.pathId;
  const names = table.pathnames.length;
  const starts = new Uint32Array(names + 1);
  for (let k = 0; k < order.length; k++) {
    const id = pathId[order[k]];
    if (id >= 0) starts[id + 1]++;
  }
  for (let id = 0; id < names; id++) starts[id + 1] += starts[id];
  const positions = new Uint32Array(starts[names]);
  const next = starts.slice(0, names);
  // Ascending k: each group fills in address order.
  for (let k = 0; k < order.length; k++) {
    const id = pathId[order[k]];
    if (id >= 0) positions[next[id]++] = k;
  }
  return { starts, positions, regionCount: order.length };
}

/**
 * The address-order positions of the regions whose pathname id passes (`ok[id] === 1`), ascending.
 * One group is a copy; several are gathered and sorted, or — when they hold a large share of the
 * regions — marked and read back in one sequential pass, whichever costs less.
 */
export function positionsOfNames(rows: NameRows, ok: Uint8Array): Uint32Array {
  const { starts, positions } = rows;
  let total = 0;
  let groups = 0;
  let only = -1;
  for (let id = 0; id < ok.length; id++) {
    if (ok[id] === 0) continue;
    const size = starts[id + 1] - starts[id];
    if (size === 0) continue;
    total += size;
    groups++;
    only = id;
  }
  if (groups === 0) return new Uint32Array(0);
  if (groups === 1) return positions.slice(starts[only], starts[only + 1]);
  const out = new Uint32Array(total);
  // A sort costs about total·log2(total) steps, a marking pass regionCount (sequential, cheap).
  if (total * Math.log2(total) < rows.regionCount) {
    let m = 0;
    for (let id = 0; id < ok.length; id++) {
      if (ok[id] === 0) continue;
      out.set(positions.subarray(starts[id], starts[id + 1]), m);
      m += starts[id + 1] - starts[id];
    }
    return out.sort();
  }
  const marked = new Uint8Array(rows.regionCount);
  for (let id = 0; id < ok.length; id++) {
    if (ok[id] === 0) continue;
    for (let j = starts[id]; j < starts[id + 1]; j++) marked[positions[j]] = 1;
  }
  let m = 0;
  for (let k = 0; k < marked.length; k++) if (marked[k] === 1) out[m++] = k;
  return out;
}

/**
 * The address-order positions of the regions that pass `filter`, ascending (filterPositions over
 * `index.order`, the same answer), found through the name index when the filter tests pathnames:
 * the names are tested, their regions gathered, and only those regions tested for the filter's
 * other criteria. Null when the filter tests no pathname (no name narrows it: a pass over the rows
 * answers).
 */
export function filterPositionsByName(index: RegionIndex, filter: RegionFilter): Uint32Array | null {
  const ok = pathnameMatches(index.table, filter);
  if (ok === null) return null;
  const at = positionsOfNames(index.nameRows, ok);
  const { text: _text, regex: _regex, pathnameTest: _test, ...rest } = filter;
  if (Object.values(rest).every((v) => v === undefined)) return at;
  const order = index.order;
  const rows = new Uint32Array(at.length);
  for (let j = 0; j < at.length; j++) rows[j] = order[at[j]];
  const kept = filterPositions(index.table, rest, rows);
  for (let j = 0; j < kept.length; j++) kept[j] = at[kept[j]];
  return kept;
}
