/**
 * The regions grouped by what a search asks of them, in the address order: per pathname id, per
 * kind, per permission bits and per size class (the bit length of end - begin), the address-order
 * positions (RegionIndex.order) of the regions in each group, ascending — one typed array grouped
 * by key (counting sort, two passes over the rows, made once per table, in idle time). A search
 * then costs O(keys) for the tests plus O(regions of the groups it takes) for the answer, not a
 * pass over every row: at a million regions a keystroke read ~3 columns of every row through the
 * address order (30–40 ms for `kind:heap`, `perm:r` or `size>1M`).
 *
 * Of the criteria a filter sets, the one whose groups hold the fewest regions gives the
 * candidates; only those are tested for the others (filterPositions), so the answer is exactly
 * the pass's. A size bound cuts one size class in two: that class's regions are tested one by one.
 */
import type { RegionColumns, RegionTable } from '../model/region-table.js';
import { REGION_KINDS } from '../model/kind.js';
import { filterPositions, kindMask, pathnameMatches, sizeBoundsOf, sizeWithin, type RegionFilter } from './filter.js';
import type { RegionIndex } from './region-index.js';
import { PositionBits, allPositions, positionSetOf, type PositionSet } from '../model/position-set.js';

/** The regions of each key (a pathname id, a kind code, …), by address-order position. */
export interface RowGroups {
  /** Per key, where its positions start in `positions`; `starts[keys]` is their count. */
  readonly starts: Uint32Array;
  /** Address-order positions of the grouped regions, by key, ascending within each group. */
  readonly positions: Uint32Array;
  /** The number of regions (grouped or not): positions are below it. */
  readonly regionCount: number;
}

/** The pathname groups are the name index. */
export type NameRows = RowGroups;

/** Rows a step of a stepped build covers: a few milliseconds of work at most (see RegionIndex.prepareSearch). */
export const BUILD_STEP_ROWS = 65_536;

/** Runs a stepped build to its end at once. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done === true) return next.value;
  }
}

/**
 * The positions in `order` grouped by `keyOf[row]`, a key in [0, keys) (a negative key: in no
 * group, e.g. a region without a pathname). Yields after each `step` rows of each pass, so that
 * idle time can build the groups of millions of regions in slices (runSteps: at once).
 */
export function* rowGroupSteps(keyOf: ArrayLike<number>, keys: number, order: Uint32Array, step = BUILD_STEP_ROWS): Generator<void, RowGroups> {
  const starts = new Uint32Array(keys + 1);
  for (let from = 0; from < order.length; from += step) {
    const to = Math.min(order.length, from + step);
    for (let k = from; k < to; k++) {
      const key = keyOf[order[k]];
      if (key >= 0) starts[key + 1]++;
    }
    yield;
  }
  startsOfCounts(starts);
  const positions = new Uint32Array(starts[keys]);
  const next = starts.slice(0, keys);
  // Ascending k: each group fills in address order.
  for (let from = 0; from < order.length; from += step) {
    const to = Math.min(order.length, from + step);
    for (let k = from; k < to; k++) {
      const key = keyOf[order[k]];
      if (key >= 0) positions[next[key]++] = k;
    }
    yield;
  }
  return { starts, positions, regionCount: order.length };
}

/** The positions of `table`'s regions by pathname id, for the address order `order`. */
export function buildNameRows(table: RegionTable, order: Uint32Array): NameRows {
  return runSteps(nameRowSteps(table, order, Infinity));
}

/** buildNameRows in steps of `step` rows (rowGroupSteps). */
export function nameRowSteps(table: RegionTable, order: Uint32Array, step = BUILD_STEP_ROWS): Generator<void, NameRows> {
  return rowGroupSteps(table.columns.pathId, table.pathnames.length, order, step);
}

/** The positions of `table`'s regions by kind code. */
export function buildKindRows(table: RegionTable, order: Uint32Array): RowGroups {
  return runSteps(kindRowSteps(table, order, Infinity));
}

/** buildKindRows in steps of `step` rows (rowGroupSteps). */
export function kindRowSteps(table: RegionTable, order: Uint32Array, step = BUILD_STEP_ROWS): Generator<void, RowGroups> {
  return rowGroupSteps(table.columns.kind, REGION_KINDS.length, order, step);
}

/** The positions of `table`'s regions by permission bits (the whole byte: 256 keys). */
export function buildPermRows(table: RegionTable, order: Uint32Array): RowGroups {
  return runSteps(permRowSteps(table, order, Infinity));
}

/** buildPermRows in steps of `step` rows (rowGroupSteps). */
export function permRowSteps(table: RegionTable, order: Uint32Array, step = BUILD_STEP_ROWS): Generator<void, RowGroups> {
  return rowGroupSteps(table.columns.perms, 256, order, step);
}

/**
 * Size classes: eight a power of two — the bit length b of end - begin (0–64) and the three bits
 * after its leading one (sizes below 16 bytes: one class a bit length) — so that a size bound cuts
 * one class of an eighth of an octave, whose regions alone are tested one by one; NEGATIVE_SIZE:
 * a region whose end is below its begin (a malformed table).
 */
const SUB_BITS = 3;
const NEGATIVE_SIZE = 65 << SUB_BITS;
/** The number of size classes (the keys of buildSizeRows's groups). */
export const SIZE_CLASSES = NEGATIVE_SIZE + 1;

/** The size class of row `i`, from the (hi, lo) halves of its size, as filterPositions reads them. */
function sizeClass(c: RegionColumns, i: number): number {
  const borrow = c.endLo[i] < c.beginLo[i] ? 1 : 0;
  const hi = c.endHi[i] - c.beginHi[i] - borrow;
  if (hi < 0) return NEGATIVE_SIZE;
  const lo = (c.endLo[i] - c.beginLo[i]) >>> 0;
  const bits = hi > 0 ? 64 - Math.clz32(hi) : 32 - Math.clz32(lo);
  if (bits <= SUB_BITS + 1) return bits << SUB_BITS;
  // The leading four bits (8–15): size >> (bits - 4), from both halves, by integer shifts (with
  // `2 **` and divisions this function was ~175 ns a row: 1,048,576 rows in 175 ms, warm).
  const shift = bits - SUB_BITS - 1;
  const top = shift >= 32 ? hi >>> (shift - 32) : hi > 0 ? (hi << (32 - shift)) | (lo >>> shift) : lo >>> shift;
  return (bits << SUB_BITS) | (top - (1 << SUB_BITS));
}

/** Each class's least and greatest size ([1, 0]: a class no size falls in). */
const CLASS_RANGES: readonly (readonly [bigint, bigint])[] = Array.from({ length: NEGATIVE_SIZE }, (_, k) => {
  const bits = k >> SUB_BITS;
  const sub = k & ((1 << SUB_BITS) - 1);
  if (bits <= SUB_BITS + 1) return sub !== 0 ? [1n, 0n] : bits === 0 ? [0n, 0n] : [1n << BigInt(bits - 1), (1n << BigInt(bits)) - 1n];
  const shift = BigInt(bits - SUB_BITS - 1);
  const top = BigInt(sub + (1 << SUB_BITS));
  return [top << shift, ((top + 1n) << shift) - 1n];
});

/** The positions of `table`'s regions by size class. */
export function buildSizeRows(table: RegionTable, order: Uint32Array): RowGroups {
  return runSteps(sizeRowSteps(table, order, Infinity));
}

/** buildSizeRows in steps of `step` rows (rowGroupSteps). */
export function* sizeRowSteps(table: RegionTable, order: Uint32Array, step = BUILD_STEP_ROWS): Generator<void, RowGroups> {
  const c = table.columns;
  const classes = new Uint16Array(table.length);
  for (let from = 0; from < classes.length; from += step) {
    const to = Math.min(classes.length, from + step);
    for (let i = from; i < to; i++) classes[i] = sizeClass(c, i);
    yield;
  }
  return yield* rowGroupSteps(classes, SIZE_CLASSES, order, step);
}

/** The four groupings of a table at once (allRowGroups). */
export interface AllRowGroups {
  nameRows: NameRows;
  kindRows: RowGroups;
  permRows: RowGroups;
  sizeRows: RowGroups;
}

/** Running sums of counts in `starts[1..]`: each key's start; `starts[keys]` the total. */
function startsOfCounts(starts: Uint32Array): Uint32Array {
  for (let key = 1; key < starts.length; key++) starts[key] += starts[key - 1];
  return starts;
}

/**
 * buildNameRows, buildKindRows, buildPermRows and buildSizeRows of `table` at once: the same
 * groups, in two passes over the rows for all four (a count, then a fill) where the four builds
 * made nine (issue 19: the parse worker makes them for the page after its first frame, before the
 * analysis, whose answer they delay).
 */
export function allRowGroups(table: RegionTable, order: Uint32Array): AllRowGroups {
  const c = table.columns;
  const n = order.length;
  const { pathId, kind, perms } = c;
  const nameStarts = new Uint32Array(table.pathnames.length + 1);
  const kindStarts = new Uint32Array(REGION_KINDS.length + 1);
  const permStarts = new Uint32Array(256 + 1);
  const sizeStarts = new Uint32Array(SIZE_CLASSES + 1);
  // Each position's size class, found once.
  const classes = new Uint16Array(n);
  for (let k = 0; k < n; k++) {
    const row = order[k];
    const id = pathId[row];
    if (id >= 0) nameStarts[id + 1]++;
    kindStarts[kind[row] + 1]++;
    permStarts[perms[row] + 1]++;
    const size = sizeClass(c, row);
    classes[k] = size;
    sizeStarts[size + 1]++;
  }
  startsOfCounts(nameStarts);
  startsOfCounts(kindStarts);
  startsOfCounts(permStarts);
  startsOfCounts(sizeStarts);
  const namePositions = new Uint32Array(nameStarts[nameStarts.length - 1]);
  const kindPositions = new Uint32Array(kindStarts[kindStarts.length - 1]);
  const permPositions = new Uint32Array(permStarts[permStarts.length - 1]);
  const sizePositions = new Uint32Array(sizeStarts[sizeStarts.length - 1]);
  const nameNext = nameStarts.slice(0, -1);
  const kindNext = kindStarts.slice(0, -1);
  const permNext = permStarts.slice(0, -1);
  const sizeNext = sizeStarts.slice(0, -1);
  // Ascending k: each group fills in address order.
  for (let k = 0; k < n; k++) {
    const row = order[k];
    const id = pathId[row];
    if (id >= 0) namePositions[nameNext[id]++] = k;
    kindPositions[kindNext[kind[row]]++] = k;
    permPositions[permNext[perms[row]]++] = k;
    sizePositions[sizeNext[classes[k]]++] = k;
  }
  return {
    nameRows: { starts: nameStarts, positions: namePositions, regionCount: n },
    kindRows: { starts: kindStarts, positions: kindPositions, regionCount: n },
    permRows: { starts: permStarts, positions: permPositions, regionCount: n },
    sizeRows: { starts: sizeStarts, positions: sizePositions, regionCount: n },
  };
}

/** Per key of a group: not taken, taken whole, or taken where `test` holds for the region. */
const SKIP = 0;
const ALL = 1;
const SOME = 2;

/**
 * The address-order positions of the groups `take` names (`take[key]`: SKIP, ALL, or SOME — the
 * positions for which `test` holds), as a set. One group is a copy; several are gathered and
 * sorted when they hold a few regions, or else marked as bits (src/model/position-set.ts).
 * Every region taken whole (`size>1`) is 0, 1, 2, … and lists nothing.
 */
export function positionSetOfGroups(groups: RowGroups, take: Uint8Array, test?: (position: number) => boolean): PositionSet {
  const { starts, positions, regionCount } = groups;
  let total = 0;
  let count = 0;
  let only = -1;
  let tested = false;
  for (let key = 0; key < take.length; key++) {
    if (take[key] === SKIP) continue;
    const size = starts[key + 1] - starts[key];
    if (size === 0) continue;
    total += size;
    count++;
    only = key;
    if (take[key] === SOME) tested = true;
  }
  if (count === 0) return positionSetOf(new Uint32Array(0));
  if (count === 1 && take[only] === ALL) return positionSetOf(positions.slice(starts[only], starts[only + 1]));
  if (!tested && total === regionCount) return allPositions(total);
  // Bits cost regionCount / 8 bytes and a mark a position; a list 4 bytes a position and a sort
  // (total·log2(total) steps): a list only when it is the smaller (`j`, 42,782 of a million
  // regions: gathered and sorted in 3.9 ms, marked in 1.3; Node, CPU, the least of 15).
  if (count === 1 || total < regionCount / 32) {
    const out = new Uint32Array(total);
    let m = 0;
    // Element by element: a subarray per group (thousands of names of a few regions each) cost more than the copy.
    for (let key = 0; key < take.length; key++) {
      if (take[key] === ALL) for (let j = starts[key]; j < starts[key + 1]; j++) out[m++] = positions[j];
      else if (take[key] === SOME) for (let j = starts[key]; j < starts[key + 1]; j++) if (test!(positions[j])) out[m++] = positions[j];
    }
    return positionSetOf(count === 1 ? out.slice(0, m) : out.subarray(0, m).sort().slice());
  }
  const bits = new PositionBits(regionCount);
  const words = bits.words;
  // Groups that hold every region and take most of them (`perm:r`: 73% of a million, `size>1M`:
  // 59%): the ones left out are fewer to mark, and a tested group's regions are cleared where the
  // test fails instead of set where it holds.
  const complement = take.length === starts.length - 1 && starts[take.length] === regionCount && total > regionCount / 2;
  if (complement) bits.fill();
  let size = complement ? regionCount : 0;
  for (let key = 0; key < take.length; key++) {
    const from = starts[key];
    const to = starts[key + 1];
    if (take[key] === SOME) size += markTested(words, positions, from, to, test!, complement);
    else if (complement && take[key] === SKIP) size -= clearBits(words, positions, from, to);
    else if (!complement && take[key] === ALL) size += setBits(words, positions, from, to);
  }
  bits.size = size;
  return bits;
}

/** positionSetOfGroups, listed (ascending). */
export function positionsOfGroups(groups: RowGroups, take: Uint8Array, test?: (position: number) => boolean): Uint32Array {
  return positionSetOfGroups(groups, take, test).toArray();
}

/*
 * The marking pass's loops, each in a function of its own: small, monomorphic and hot, V8
 * optimises them early and keeps them (inline in positionsOfGroups, at a million regions in the
 * browser, they ran 22–47 ms a keystroke where they take 5 in a warm loop).
 */

/** Sets the bits of `positions[j]` for j in [from, to); returns how many (each position is in one group only). */
function setBits(words: Int32Array, positions: Uint32Array, from: number, to: number): number {
  for (let j = from; j < to; j++) words[positions[j] >>> 5] |= 1 << (positions[j] & 31);
  return to - from;
}

/** Clears the bits of `positions[j]` for j in [from, to) (set before); returns how many. */
function clearBits(words: Int32Array, positions: Uint32Array, from: number, to: number): number {
  for (let j = from; j < to; j++) words[positions[j] >>> 5] &= ~(1 << (positions[j] & 31));
  return to - from;
}

/**
 * Sets the bits of `positions[j]` for j in [from, to) where `test` holds — or, over bits all set
 * (`clear`), clears them where `test` fails. Returns the change in the number of bits set.
 */
function markTested(words: Int32Array, positions: Uint32Array, from: number, to: number, test: (position: number) => boolean, clear: boolean): number {
  let changed = 0;
  if (clear) {
    for (let j = from; j < to; j++) {
      if (test(positions[j])) continue;
      words[positions[j] >>> 5] &= ~(1 << (positions[j] & 31));
      changed--;
    }
  } else {
    for (let j = from; j < to; j++) {
      if (!test(positions[j])) continue;
      words[positions[j] >>> 5] |= 1 << (positions[j] & 31);
      changed++;
    }
  }
  return changed;
}

/** The address-order positions of the regions whose pathname id passes (`ok[id] === 1`), ascending. */
export function positionsOfNames(rows: NameRows, ok: Uint8Array): Uint32Array {
  return positionsOfGroups(rows, ok);
}

/** One criterion of a filter answered by its groups: which to take, how many regions they hold, and the filter without it. */
interface Candidates {
  groups: RowGroups;
  take: Uint8Array;
  test?: (position: number) => boolean;
  total: number;
  rest: RegionFilter;
}

/** The regions `take` would gather (an upper bound when some are tested). */
function totalOf(groups: RowGroups, take: Uint8Array): number {
  let total = 0;
  for (let key = 0; key < take.length; key++) if (take[key] !== SKIP) total += groups.starts[key + 1] - groups.starts[key];
  return total;
}

function candidates(groups: RowGroups, take: Uint8Array, rest: RegionFilter, test?: (position: number) => boolean): Candidates {
  return { groups, take, test, total: totalOf(groups, take), rest };
}

/** Which size classes the bounds keep: wholly inside them (ALL), wholly outside (SKIP), or cut (SOME: tested one by one). */
export function sizeTake(filter: RegionFilter): Uint8Array {
  const min = filter.minSizeBytes;
  const max = filter.maxSizeBytes;
  const take = new Uint8Array(SIZE_CLASSES);
  CLASS_RANGES.forEach(([least, most], k) => {
    if (least > most || (min !== undefined && most < min) || (max !== undefined && least > max)) take[k] = SKIP;
    else take[k] = (min === undefined || least >= min) && (max === undefined || most <= max) ? ALL : SOME;
  });
  take[NEGATIVE_SIZE] = SOME;
  return take;
}

/** True when `filter` sets no criterion (an empty word and no permission bits count as none). */
function keepsEverything(f: RegionFilter): boolean {
  return !f.text && f.regex === undefined && f.pathnameTest === undefined && f.kinds === undefined && !f.permsRequired && !f.permsExcluded && f.minSizeBytes === undefined && f.maxSizeBytes === undefined;
}

/**
 * The address-order positions of the regions that pass `filter` — filterPositions over
 * `index.order`, the same answer — as a set, from the groups of the filter's most selective
 * criterion (pathname, kind, permissions or size); the other criteria are tested on those regions
 * only. Null when the filter sets none of them (nothing narrows it: a pass over the rows answers).
 */
export function filterPositionSetIndexed(index: RegionIndex, filter: RegionFilter): PositionSet | null {
  const table = index.table;
  const options: Candidates[] = [];
  const names = pathnameMatches(table, filter);
  if (names !== null) options.push(candidates(index.nameRows, names, { ...filter, text: undefined, regex: undefined, pathnameTest: undefined }));
  const kindOk = kindMask(filter.kinds);
  if (kindOk !== null) options.push(candidates(index.kindRows, kindOk, { ...filter, kinds: undefined }));
  const required = filter.permsRequired ?? 0;
  const excluded = filter.permsExcluded ?? 0;
  if (required !== 0 || excluded !== 0) {
    const take = new Uint8Array(256);
    for (let bits = 0; bits < 256; bits++) take[bits] = (bits & required) === required && (bits & excluded) === 0 ? ALL : SKIP;
    options.push(candidates(index.permRows, take, { ...filter, permsRequired: undefined, permsExcluded: undefined }));
  }
  const bounds = sizeBoundsOf(filter);
  if (bounds !== null) {
    const c = table.columns;
    const order = index.order;
    const within = (position: number) => sizeWithin(c, order[position], bounds);
    options.push(candidates(index.sizeRows, sizeTake(filter), { ...filter, minSizeBytes: undefined, maxSizeBytes: undefined }, within));
  }
  if (options.length === 0) return null;
  const best = options.reduce((a, b) => (b.total < a.total ? b : a));
  const set = positionSetOfGroups(best.groups, best.take, best.test);
  if (keepsEverything(best.rest)) return set;
  const at = set.toArray();
  const kept = filterPositions(table, best.rest, index.rowsAt(at));
  for (let j = 0; j < kept.length; j++) kept[j] = at[kept[j]];
  return positionSetOf(kept);
}

/** filterPositionSetIndexed, listed (ascending); null when the filter sets no criterion. */
export function filterPositionsIndexed(index: RegionIndex, filter: RegionFilter): Uint32Array | null {
  return filterPositionSetIndexed(index, filter)?.toArray() ?? null;
}
