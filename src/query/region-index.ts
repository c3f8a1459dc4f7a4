/**
 * Address lookup over a RegionTable: address -> the region containing it, or the gap it falls in
 * and the gap's two neighbours, in O(log n) without allocating on the fast path.
 *
 * Input may be out of order or overlapping (a pasted or edited file, docs/format.md), so the
 * index does not trust the file order. It keeps the non-empty regions sorted by begin address and,
 * beside them, the running maximum of their end addresses. For an address A, with p the last
 * sorted position whose begin <= A:
 *  - some region contains A  <=>  maxEnd[p] > A;
 *  - the first position q with maxEnd[q] > A is itself a region containing A (the running maximum
 *    first exceeds A where a region's own end does), and it is the containing region with the
 *    lowest (begin, row) — that is the region `findRow` returns when regions overlap;
 *  - otherwise A lies in the gap [maxEnd[p], begin[p + 1]).
 * Both searches are binary searches because maxEnd is non-decreasing. Empty regions (end <= begin)
 * contain no address, so they neither answer a lookup nor bound a gap.
 *
 * All 64-bit values stay (hi, lo) unsigned 32-bit halves: nothing passes through a lossy double.
 */
import { findAddressSpaceShape, type AddressSpaceShape } from '../model/address-space.js';
import { U64_MAX, addrFromHiLo, toAddr, type Addr } from '../address.js';
import type { RegionTable } from '../model/region-table.js';
import { sortRowsByBegin } from './sort-by-begin.js';
import { REGION_KINDS } from '../model/kind.js';
import { SIZE_CLASSES, allRowGroups, buildKindRows, buildNameRows, buildPermRows, buildSizeRows, kindRowSteps, nameRowSteps, permRowSteps, sizeRowSteps, type NameRows, type RowGroups } from './row-groups.js';

/** What an address is: inside a region, or in a gap between regions. */
export type LookupResult = MappedLookup | UnmappedLookup;

/** An address inside a region. */
export interface MappedLookup {
  mapped: true;
  address: Addr;
  /** Row (file order) of the containing region; with overlaps, the one with the lowest begin. */
  row: number;
  /** address - begin. */
  offsetInRegion: bigint;
  /** The region's file offset plus offsetInRegion; meaningful for file mappings only. */
  fileOffset: bigint;
}

/** An address that no region contains. */
export interface UnmappedLookup {
  mapped: false;
  address: Addr;
  /** First unmapped address of the gap: the highest end at or below the address, or 0. */
  gapBegin: bigint;
  /** First address after the gap (exclusive): the next region's begin, or 2^64 above the last region. */
  gapEnd: bigint;
  /** Row of the region that ends at gapBegin (the lowest-begin one if several do); -1 below the first region. */
  beforeRow: number;
  /** Row of the region that begins at gapEnd (the first in file order if several do); -1 above the last region. */
  afterRow: number;
}

/** The index's arrays, structured-cloneable and transferable (`transferables()`). */
export interface RegionIndexData {
  /** Every row (empty regions too), ascending by begin, ties in file order. */
  order: Uint32Array;
  /** The rows of the non-empty regions, ascending by begin ("positions" below index these arrays). */
  spanRow: Uint32Array;
  spanBeginHi: Uint32Array;
  spanBeginLo: Uint32Array;
  /** Running maximum of end over positions 0..i. */
  maxEndHi: Uint32Array;
  maxEndLo: Uint32Array;
}

/**
 * What an index finds of its table by reading every row: the address space's shape, and the row
 * groups a search reads (by name, kind, permissions and size). The parse worker finds them where
 * the table is (findOfTable) and the page's index adopts them (adoptFound): made on the page, the
 * groups alone were seconds of idle slices at 4,194,304 regions, beside the first frame's work.
 */
export interface IndexFound {
  addressSpace: AddressSpaceShape | undefined;
  nameRows: NameRows;
  kindRows: RowGroups;
  permRows: RowGroups;
  sizeRows: RowGroups;
}

/** What an index of `table` with address order `order` would find on first use of each (RegionIndex's getters), made at once. */
export function findOfTable(table: RegionTable, order: Uint32Array, addressSpace = findAddressSpaceShape(table)): IndexFound {
  return { addressSpace, ...allRowGroups(table, order) };
}

/** The buffers of `found`'s groups, for a postMessage transfer list. */
export function foundBuffers(found: IndexFound): ArrayBuffer[] {
  return [found.nameRows, found.kindRows, found.permRows, found.sizeRows].flatMap((g) => [g.starts.buffer as ArrayBuffer, g.positions.buffer as ArrayBuffer]);
}

/** True when `groups` could be an index's groups of `regions` regions by `keys` keys. */
function groupsFit(groups: RowGroups, keys: number, regions: number): boolean {
  return groups.regionCount === regions && groups.starts.length === keys + 1 && groups.starts[keys] === groups.positions.length && groups.positions.length <= regions;
}

const TWO_64 = U64_MAX + 1n;
const TWO_32 = 0x1_0000_0000;
const TWO_53 = 1n << 53n;

/**
 * (hi, lo) as a bigint. Below 2^53 the value is built from one exact double (one allocation);
 * above, from the halves (addrFromHiLo). Lookups build a few per call, so it matters.
 */
function bigFromHiLo(hi: number, lo: number): Addr {
  return hi < 0x20_0000 ? (BigInt(hi * TWO_32 + lo) as Addr) : addrFromHiLo(hi, lo);
}

/** A sorted, columnar index of a RegionTable's address ranges. Build once per file. */
export class RegionIndex {
  readonly table: RegionTable;
  /** Every row, ascending by begin address (ties in file order); includes empty regions. */
  readonly order: Uint32Array;
  private readonly spanRow: Uint32Array;
  private readonly beginHi: Uint32Array;
  private readonly beginLo: Uint32Array;
  private readonly maxEndHi: Uint32Array;
  private readonly maxEndLo: Uint32Array;
  /** Number of non-empty regions. */
  private readonly spanCount: number;
  private shape: AddressSpaceShape | undefined | null = null;
  private names: NameRows | null = null;
  private kinds: RowGroups | null = null;
  private perms: RowGroups | null = null;
  private sizes: RowGroups | null = null;
  private identity: boolean | null = null;
  /** Set by expectFound until adoptFound: another index's rows are on their way. */
  private foundComing: { promise: Promise<void>; resolve: () => void } | null = null;

  private constructor(table: RegionTable, data: RegionIndexData) {
    this.table = table;
    this.order = data.order;
    this.spanRow = data.spanRow;
    this.beginHi = data.spanBeginHi;
    this.beginLo = data.spanBeginLo;
    this.maxEndHi = data.maxEndHi;
    this.maxEndLo = data.maxEndLo;
    this.spanCount = data.spanRow.length;
  }

  /** The address space the map comes from (user space, non-canonical hole, kernel half), found on first use; undefined when the map cannot tell. */
  get addressSpace(): AddressSpaceShape | undefined {
    if (this.shape === null) this.shape = findAddressSpaceShape(this.table);
    return this.shape;
  }

  /** Each pathname's regions by address-order position (row-groups.ts), made on first use: a search by name reads them. */
  get nameRows(): NameRows {
    if (this.names === null) this.names = buildNameRows(this.table, this.order);
    return this.names;
  }

  /** Adopts the address space's shape another index of the same table found (a worker's: its `shape` message); one found here already stays. */
  adoptShape(shape: AddressSpaceShape | undefined): void {
    if (this.shape === null) this.shape = shape;
  }

  /**
   * Adopts what another index of the same table found (a worker's, sent after its table): their
   * first use here then scans no row. What this index already made stays.
   */
  adoptFound(found: IndexFound): void {
    const n = this.order.length;
    const fits =
      groupsFit(found.nameRows, this.table.pathnames.length, n) &&
      groupsFit(found.kindRows, REGION_KINDS.length, n) &&
      groupsFit(found.permRows, 256, n) &&
      groupsFit(found.sizeRows, SIZE_CLASSES, n);
    if (!fits) throw new RangeError('found rows do not match the table');
    if (this.shape === null) this.shape = found.addressSpace;
    this.names ??= found.nameRows;
    this.kinds ??= found.kindRows;
    this.perms ??= found.permRows;
    this.sizes ??= found.sizeRows;
    this.foundComing?.resolve();
    this.foundComing = null;
  }

  /**
   * Says that another index of the same table will send what it found (adoptFound): a worker
   * sends it after the page's first frame. Until then whenFound() waits, so that the page does not
   * make the same row groups in its idle time meanwhile.
   */
  expectFound(): void {
    if (this.foundComing !== null || this.names !== null) return;
    let resolve = () => undefined as void;
    const promise = new Promise<void>((done) => (resolve = done));
    this.foundComing = { promise, resolve };
  }

  /** Resolves once what expectFound announced is adopted; at once when nothing is announced. */
  whenFound(): Promise<void> {
    return this.foundComing?.promise ?? Promise.resolve();
  }

  /** What this index finds of its table (IndexFound), each made now if not yet. */
  get found(): IndexFound {
    return { addressSpace: this.addressSpace, nameRows: this.nameRows, kindRows: this.kindRows, permRows: this.permRows, sizeRows: this.sizeRows };
  }

  /**
   * True when the address order is the file order (`order[k] === k`), as in every maps file the
   * kernel writes: a position is then its row. Found on first use (one pass).
   */
  get inFileOrder(): boolean {
    if (this.identity === null) {
      const order = this.order;
      let k = 0;
      while (k < order.length && order[k] === k) k++;
      this.identity = k === order.length;
    }
    return this.identity;
  }

  /** The rows at address-order `positions` (`order[p]` for each): `positions` itself, not a copy, when the file is in address order. */
  rowsAt(positions: Uint32Array): Uint32Array {
    if (this.inFileOrder) return positions;
    const order = this.order;
    const rows = new Uint32Array(positions.length);
    for (let j = 0; j < positions.length; j++) rows[j] = order[positions[j]];
    return rows;
  }

  /** Each kind's regions by address-order position, made on first use (a `kind:` search). */
  get kindRows(): RowGroups {
    if (this.kinds === null) this.kinds = buildKindRows(this.table, this.order);
    return this.kinds;
  }

  /** The regions of each permission byte by address-order position, made on first use (`perm:`, the permission filter). */
  get permRows(): RowGroups {
    if (this.perms === null) this.perms = buildPermRows(this.table, this.order);
    return this.perms;
  }

  /** The regions of each size class (bit length of the size) by address-order position, made on first use (`size>`, `size<`). */
  get sizeRows(): RowGroups {
    if (this.sizes === null) this.sizes = buildSizeRows(this.table, this.order);
    return this.sizes;
  }

  /**
   * Makes what a search reads — the lower-cased names, the file-order test and the row groups by
   * name, kind, permissions and size — in steps of a few milliseconds (row-groups.ts), for idle
   * time: made at once, each took 30–300 ms at 4,194,304 regions, a long task on the page. A group
   * asked for before its step is done is made at once by its getter, and the steps then keep it;
   * one adopted from the worker (adoptFound) is not made again.
   */
  *prepareSearch(): Generator<void, void> {
    yield* this.table.pathnamesLowerCaseSteps();
    void this.inFileOrder;
    yield;
    if (this.names === null) {
      const names = yield* nameRowSteps(this.table, this.order);
      this.names ??= names;
    }
    if (this.kinds === null) {
      const kinds = yield* kindRowSteps(this.table, this.order);
      this.kinds ??= kinds;
    }
    if (this.perms === null) {
      const perms = yield* permRowSteps(this.table, this.order);
      this.perms ??= perms;
    }
    if (this.sizes === null) {
      const sizes = yield* sizeRowSteps(this.table, this.order);
      this.sizes ??= sizes;
    }
  }

  /** Builds the index of a table: O(n) for a sorted file, O(n log n) otherwise. */
  static build(table: RegionTable): RegionIndex {
    const c = table.columns;
    const n = table.length;
    const kernelOrder = kernelOrderOf(table);
    if (kernelOrder !== null) {
      const index = RegionIndex.ofKernelOrder(table, kernelOrder);
      index.identity = true;
      return index;
    }
    const order = sortRowsByBegin(c.beginHi, c.beginLo, n);
    let spanCount = 0;
    for (let i = 0; i < n; i++) if (isNonEmpty(table, i)) spanCount++;
    if (spanCount === n && inAddressOrder(table, order)) return RegionIndex.ofKernelOrder(table, order);
    // Without empty regions the span rows are the order itself; share the array.
    const spanRow = spanCount === n ? order : new Uint32Array(spanCount);
    const spanBeginHi = new Uint32Array(spanCount);
    const spanBeginLo = new Uint32Array(spanCount);
    const maxEndHi = new Uint32Array(spanCount);
    const maxEndLo = new Uint32Array(spanCount);
    let runHi = 0;
    let runLo = 0;
    let pos = 0;
    for (let k = 0; k < n; k++) {
      const row = order[k];
      if (!isNonEmpty(table, row)) continue;
      const eh = c.endHi[row];
      const el = c.endLo[row];
      if (eh > runHi || (eh === runHi && el > runLo)) {
        runHi = eh;
        runLo = el;
      }
      spanRow[pos] = row;
      spanBeginHi[pos] = c.beginHi[row];
      spanBeginLo[pos] = c.beginLo[row];
      maxEndHi[pos] = runHi;
      maxEndLo[pos] = runLo;
      pos++;
    }
    return new RegionIndex(table, { order, spanRow, spanBeginHi, spanBeginLo, maxEndHi, maxEndLo });
  }

  /**
   * The index of a table in the kernel's order — in address order, no empty region, ends
   * ascending — whose address order is `order` (the identity): it is its own list of spans, their
   * begins and running maximum of ends the table's own columns, shared (16 bytes a region less:
   * 64 MB at 4,194,304 regions).
   */
  private static ofKernelOrder(table: RegionTable, order: Uint32Array): RegionIndex {
    const c = table.columns;
    const n = table.length;
    const cut = (column: Uint32Array) => (column.length === n ? column : column.subarray(0, n));
    return new RegionIndex(table, { order, spanRow: order, spanBeginHi: cut(c.beginHi), spanBeginLo: cut(c.beginLo), maxEndHi: cut(c.endHi), maxEndLo: cut(c.endLo) });
  }

  /** Rebuilds an index from `toData()` (e.g. received from a worker); throws if it does not fit the table. */
  static fromData(table: RegionTable, data: RegionIndexData): RegionIndex {
    const m = data.spanRow.length;
    const fits =
      data.order.length === table.length &&
      m <= table.length &&
      data.spanBeginHi.length === m &&
      data.spanBeginLo.length === m &&
      data.maxEndHi.length === m &&
      data.maxEndLo.length === m;
    if (!fits) throw new RangeError('region index data does not match the table');
    return new RegionIndex(table, data);
  }

  /** The index's arrays, for postMessage (pass `transferables()` as the transfer list). */
  toData(): RegionIndexData {
    return {
      order: this.order,
      spanRow: this.spanRow,
      spanBeginHi: this.beginHi,
      spanBeginLo: this.beginLo,
      maxEndHi: this.maxEndHi,
      maxEndLo: this.maxEndLo,
    };
  }

  /**
   * The distinct buffers of `toData()` that are the index's own, for a transfer list (which must not
   * name a buffer twice): the table's columns it shares go with the table (RegionTable.transferables),
   * and a shared order (a SharedArrayBuffer: kernelOrderOf) is shared by a postMessage, never transferred.
   */
  transferables(): ArrayBuffer[] {
    return this.ownBuffers().filter((b): b is ArrayBuffer => !isSharedBuffer(b));
  }

  /** Bytes held by the index's own arrays (a shared order too). */
  byteLength(): number {
    return this.ownBuffers().reduce((sum, b) => sum + b.byteLength, 0);
  }

  /** The distinct buffers of `toData()` that are not the table's columns'. */
  private ownBuffers(): ArrayBufferLike[] {
    const columns = new Set<ArrayBufferLike>(Object.values(this.table.columns).map((column: ArrayBufferView) => column.buffer));
    const buffers = new Set<ArrayBufferLike>();
    for (const a of Object.values(this.toData()) as Uint32Array[]) if (!columns.has(a.buffer)) buffers.add(a.buffer);
    return [...buffers];
  }

  /** The row of the region containing `addr`, or -1 (also for values outside [0, 2^64)). */
  findRow(addr: bigint): number {
    if (addr >= 0n && addr < TWO_53) {
      // Exact in a double: split it without the bigint shifts, which allocate.
      const n = Number(addr);
      return this.findRowHiLo(Math.floor(n / TWO_32), n >>> 0);
    }
    if (addr < 0n || addr > U64_MAX) return -1;
    return this.findRowHiLo(Number(addr >> 32n), Number(addr & 0xffff_ffffn));
  }

  /** Like findRow, with the address as unsigned 32-bit halves; allocates nothing. */
  findRowHiLo(hi: number, lo: number): number {
    const q = this.containingPosition(hi, lo, this.lastPositionAtOrBelow(hi, lo));
    return q < 0 ? -1 : this.spanRow[q];
  }

  /**
   * Every row whose region contains `addr`, ascending by begin (more than one only when regions
   * overlap). Costs O(log n) plus the number of regions between the first and the last candidate.
   */
  findAllRows(addr: bigint): number[] {
    if (addr < 0n || addr > U64_MAX) return [];
    const hi = Number(addr >> 32n);
    const lo = Number(addr & 0xffff_ffffn); // not a hot path: plain bigint arithmetic
    const p = this.lastPositionAtOrBelow(hi, lo);
    const rows: number[] = [];
    const c = this.table.columns;
    for (let k = this.containingPosition(hi, lo, p); k >= 0 && k <= p; k++) {
      const row = this.spanRow[k];
      if (c.endHi[row] > hi || (c.endHi[row] === hi && c.endLo[row] > lo)) rows.push(row);
    }
    return rows;
  }

  /** What `addr` is: the region containing it, or the gap it falls in. Throws RangeError outside [0, 2^64). */
  lookup(addr: bigint): LookupResult {
    const address = toAddr(addr);
    let hi: number;
    let lo: number;
    if (address < TWO_53) {
      const n = Number(address);
      hi = Math.floor(n / TWO_32);
      lo = n >>> 0;
    } else {
      hi = Number(address >> 32n);
      lo = Number(address & 0xffff_ffffn);
    }
    const p = this.lastPositionAtOrBelow(hi, lo);
    const q = this.containingPosition(hi, lo, p);
    if (q >= 0) {
      const row = this.spanRow[q];
      const c = this.table.columns;
      const offsetInRegion = address - bigFromHiLo(c.beginHi[row], c.beginLo[row]);
      const fileOffset = bigFromHiLo(c.offsetHi[row], c.offsetLo[row]) + offsetInRegion;
      return { mapped: true, address, row, offsetInRegion, fileOffset };
    }
    const below = p >= 0;
    const above = p + 1 < this.spanCount;
    return {
      mapped: false,
      address,
      gapBegin: below ? bigFromHiLo(this.maxEndHi[p], this.maxEndLo[p]) : 0n,
      gapEnd: above ? bigFromHiLo(this.beginHi[p + 1], this.beginLo[p + 1]) : TWO_64,
      beforeRow: below ? this.spanRow[this.firstPositionWithMaxEndAbove(this.maxEndHi[p], this.maxEndLo[p], p, true)] : -1,
      afterRow: above ? this.spanRow[p + 1] : -1,
    };
  }

  /** The last position whose begin <= (hi, lo), or -1. */
  private lastPositionAtOrBelow(hi: number, lo: number): number {
    const bh = this.beginHi;
    const bl = this.beginLo;
    let left = 0;
    let right = this.spanCount;
    while (left < right) {
      const mid = (left + right) >>> 1;
      const h = bh[mid];
      if (h < hi || (h === hi && bl[mid] <= lo)) left = mid + 1;
      else right = mid;
    }
    return left - 1;
  }

  /** The first position q <= p whose region contains (hi, lo), or -1; p from lastPositionAtOrBelow. */
  private containingPosition(hi: number, lo: number, p: number): number {
    if (p < 0) return -1;
    const eh = this.maxEndHi;
    const el = this.maxEndLo;
    if (eh[p] < hi || (eh[p] === hi && el[p] <= lo)) return -1; // every region at or below p ends by addr
    // Fast path of a well-formed file: nothing before p reaches addr, so p itself contains it.
    if (p === 0 || eh[p - 1] < hi || (eh[p - 1] === hi && el[p - 1] <= lo)) return p;
    return this.firstPositionWithMaxEndAbove(hi, lo, p, false);
  }

  /**
   * The first position in [0, p] with maxEnd > (hi, lo) — or >= when `orEqual` — given that p
   * satisfies it. maxEnd is non-decreasing, so this is a binary search.
   */
  private firstPositionWithMaxEndAbove(hi: number, lo: number, p: number, orEqual: boolean): number {
    const eh = this.maxEndHi;
    const el = this.maxEndLo;
    let left = 0;
    let right = p;
    while (left < right) {
      const mid = (left + right) >>> 1;
      const h = eh[mid];
      const l = el[mid];
      const ok = h > hi || (h === hi && (orEqual ? l >= lo : l > lo));
      if (ok) right = mid;
      else left = mid + 1;
    }
    return left;
  }
}

/**
 * Rows 0, 1, …, n - 1 when `table` is in the kernel's order (proc_pid_maps(5): every file the
 * kernel writes) — begins ascending, every region non-empty, ends ascending — else null: one pass
 * that checks the three and writes the order as it goes. Three passes (the sort's check, the count
 * of empty regions, the order's check) were ~35 ms of the worker's view build at 1,048,576
 * regions, in loops each V8 had to compile anew.
 */
function kernelOrderOf(table: RegionTable): Uint32Array | null {
  const { beginHi, beginLo, endHi, endLo } = table.columns;
  const n = table.length;
  // Shared like the table's columns (RegionTable.sharedColumns): a worker that sends the index to
  // its page then keeps the same order for its own passes, instead of a copy made after the post.
  const order = table.sharedColumns() ? new Uint32Array(new SharedArrayBuffer(4 * n)) : new Uint32Array(n);
  let prevBh = 0;
  let prevBl = 0;
  let prevEh = 0;
  let prevEl = 0;
  for (let i = 0; i < n; i++) {
    const bh = beginHi[i];
    const bl = beginLo[i];
    const eh = endHi[i];
    const el = endLo[i];
    if (eh < bh || (eh === bh && el <= bl)) return null; // empty
    if (i > 0 && (bh < prevBh || (bh === prevBh && bl < prevBl) || eh < prevEh || (eh === prevEh && el < prevEl))) return null;
    order[i] = i;
    prevBh = bh;
    prevBl = bl;
    prevEh = eh;
    prevEl = el;
  }
  return order;
}

/** True when `order` is the identity (the rows ascend by begin as they are) and every end is at least the one before. */
function inAddressOrder(table: RegionTable, order: Uint32Array): boolean {
  const { endHi, endLo } = table.columns;
  for (let k = 0; k < order.length; k++) {
    if (order[k] !== k) return false;
    if (k > 0 && (endHi[k] < endHi[k - 1] || (endHi[k] === endHi[k - 1] && endLo[k] < endLo[k - 1]))) return false;
  }
  return true;
}

const isSharedBuffer = (buffer: ArrayBufferLike): boolean => typeof SharedArrayBuffer === 'function' && buffer instanceof SharedArrayBuffer;

/** True when the row's region holds at least one address (end > begin). */
function isNonEmpty(table: RegionTable, row: number): boolean {
  const c = table.columns;
  return c.endHi[row] > c.beginHi[row] || (c.endHi[row] === c.beginHi[row] && c.endLo[row] > c.beginLo[row]);
}
