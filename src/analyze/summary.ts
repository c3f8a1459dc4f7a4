/**
 * What uses memory: region counts and sizes by kind, by permission combination and by module
 * (with Rss, Pss and Swap when the input is smaps), the mapped total, the largest unmapped gap, and
 * the region count against the kernel's default limit. Sizes are exact bigints; smaps values are
 * whole numbers of bytes below 2^53 (physical memory), summed as numbers.
 */
import { addrFromHiLo, type Addr } from '../address.js';
import { KIND_CODE, REGION_KINDS } from '../model/kind.js';
import { formatPermissions } from '../model/permissions.js';
import type { RegionTable } from '../model/region-table.js';
import { groupModules, type ModuleGrouping, type ModuleRuns } from './modules.js';

/**
 * include/linux/mm.h: DEFAULT_MAX_MAP_COUNT = USHRT_MAX - MAPCOUNT_ELF_CORE_MARGIN (5) = 65,530,
 * the default of vm.max_map_count; mmap fails with ENOMEM beyond it.
 */
export const DEFAULT_MAX_MAP_COUNT = 65_530;

/** A region count above this share of the limit is flagged. */
export const MAP_COUNT_WARN_SHARE = 0.9;

/** One group of regions. */
export interface SummaryRow {
  /** The kind (`file`), the perms (`r-xp`, or `unknown` when the format has none) or the module's pathname. */
  key: string;
  count: number;
  /** Summed virtual size (end - begin), exact. */
  sizeBytes: bigint;
  /** Summed smaps Rss, Pss and Swap in bytes; null when the input has no smaps fields. */
  rssBytes: number | null;
  pssBytes: number | null;
  swapBytes: number | null;
}

/** An unmapped range between two regions. */
export interface Gap {
  beginAddr: Addr;
  /** Exclusive. */
  endAddr: Addr;
  sizeBytes: bigint;
  /** Row of the region below the gap (the one reaching highest) and of the region above it. */
  belowRow: number;
  aboveRow: number;
}

/** A table's totals by kind, by permissions and by module, its largest gap and its map count. */
export interface MemorySummary {
  total: SummaryRow;
  /** Largest first, then by key. */
  byKind: SummaryRow[];
  byPerms: SummaryRow[];
  /** One row per file (all its modules together), largest first. */
  byModule: SummaryRow[];
  /** True when the input carried smaps fields: the Rss/Pss/Swap columns mean something. */
  hasSmaps: boolean;
  /**
   * The largest gap between two regions. Gaps below the first region and above the last, and the
   * gap up to a kernel gate page ([vsyscall], arm's [vectors]: kernel addresses) are not counted.
   */
  largestGap: Gap | undefined;
  /** Regions the kernel counts against vm.max_map_count (every region but the [vsyscall] gate, which is no VMA of the process). */
  mapCount: number;
  mapCountLimit: number;
  /** mapCount / mapCountLimit. */
  mapCountShare: number;
  /** mapCountShare above MAP_COUNT_WARN_SHARE. */
  nearMapCountLimit: boolean;
}

/**
 * The sums of all groups in flat typed arrays, one slot per group: the per-row loop does typed-array
 * arithmetic only (a method call per row and group passed uint32 differences as boxed doubles and
 * spent most of its time in the garbage collector). Size halves fold into a bigint every 2^20
 * rows of a group (see byte-sum.ts).
 */
class GroupSums {
  readonly count: Uint32Array;
  private readonly hi: Float64Array;
  private readonly lo: Float64Array;
  private readonly folded: bigint[];
  readonly rss: Float64Array;
  readonly pss: Float64Array;
  readonly swap: Float64Array;
  constructor(groups: number) {
    this.count = new Uint32Array(groups);
    this.hi = new Float64Array(groups);
    this.lo = new Float64Array(groups);
    this.folded = new Array<bigint>(groups).fill(0n);
    this.rss = new Float64Array(groups);
    this.pss = new Float64Array(groups);
    this.swap = new Float64Array(groups);
  }

  /** Adds the region of `row` to groups a, b, c and d (d may be -1). */
  addRow(beginHi: Uint32Array, beginLo: Uint32Array, endHi: Uint32Array, endLo: Uint32Array, row: number, a: number, b: number, c: number, d: number): void {
    const { hi, lo, count } = this;
    // Differences of uint32 halves read right here: passed as arguments they would be boxed doubles.
    const hiDiff = endHi[row] - beginHi[row];
    const loDiff = endLo[row] - beginLo[row];
    hi[a] += hiDiff;
    lo[a] += loDiff;
    hi[b] += hiDiff;
    lo[b] += loDiff;
    hi[c] += hiDiff;
    lo[c] += loDiff;
    if ((++count[a] & 0xfffff) === 0) this.fold(a);
    if ((++count[b] & 0xfffff) === 0) this.fold(b);
    if ((++count[c] & 0xfffff) === 0) this.fold(c);
    if (d >= 0) {
      hi[d] += hiDiff;
      lo[d] += loDiff;
      if ((++count[d] & 0xfffff) === 0) this.fold(d);
    }
  }

  private fold(g: number): void {
    this.folded[g] += BigInt(this.hi[g]) * 0x1_0000_0000n + BigInt(this.lo[g]);
    this.hi[g] = 0;
    this.lo[g] = 0;
  }

  /** Group `g`'s size, exact (not folded: it is read again as words, SummaryRows.sizeWords). */
  sizeBytes(g: number): bigint {
    return this.folded[g] + BigInt(this.hi[g]) * 0x1_0000_0000n + BigInt(this.lo[g]);
  }

  /**
   * Group `g`'s size as [high word, low word] when it fits 64 bits and was never folded (under
   * 2^20 regions): the halves' sums carried, no bigint. Undefined otherwise (read sizeBytes).
   */
  sizeWords(g: number): [number, number] | undefined {
    if (this.folded[g] !== 0n) return undefined;
    const carry = Math.floor(this.lo[g] / TWO_32);
    const high = this.hi[g] + carry;
    return high >= 0 && high < TWO_32 ? [high, this.lo[g] - carry * TWO_32] : undefined;
  }

  /** Group `g`'s size as the nearest double. */
  approxBytes(g: number): number {
    const near = this.hi[g] * TWO_32 + this.lo[g];
    return this.folded[g] === 0n ? near : Number(this.sizeBytes(g));
  }

  row(g: number, key: string, hasSmaps: boolean): SummaryRow {
    return {
      key,
      count: this.count[g],
      sizeBytes: this.sizeBytes(g),
      rssBytes: hasSmaps ? this.rss[g] : null,
      pssBytes: hasSmaps ? this.pss[g] : null,
      swapBytes: hasSmaps ? this.swap[g] : null,
    };
  }
}

const TWO_32 = 0x1_0000_0000;

/**
 * The groups `slots` of `sums`, largest first, then by key. Sizes are ordered as doubles first
 * without a comparison call (a numeric sort of the distinct doubles, then a counting sort of the
 * groups by their double's rank), then each run of equal doubles by exact size and key, so that
 * keys are compared only within a run (42,171 files at 1,048,576 regions fall in 1,835 sizes).
 * A sort of the groups by a comparison of doubles was a fifth of the analysis's time (--cpu-prof).
 */
function sortBySizeThenKey(sums: GroupSums, slots: Int32Array, keyOf: (slot: number) => string): Int32Array {
  const n = slots.length;
  const approx = new Float64Array(n);
  for (let i = 0; i < n; i++) approx[i] = sums.approxBytes(slots[i]);
  // The distinct sizes, ascending (a typed array's sort compares numbers natively).
  const distinct = approx.slice().sort();
  let count = 0;
  for (let i = 0; i < n; i++) if (count === 0 || distinct[i] !== distinct[count - 1]) distinct[count++] = distinct[i];
  // Each group's rank, largest size first; then the groups by rank (stable: slot order within a rank).
  const rank = new Int32Array(n);
  const start = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) {
    let lo = 0, hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (distinct[mid] < approx[i]) lo = mid + 1;
      else hi = mid;
    }
    rank[i] = count - 1 - lo;
    start[rank[i] + 1]++;
  }
  for (let r = 0; r < count; r++) start[r + 1] += start[r];
  const sorted = new Int32Array(n);
  for (let i = 0; i < n; i++) sorted[start[rank[i]]++] = slots[i];
  // Below 2^53 a double is exact: equal doubles are equal sizes, and only the keys decide.
  const byKey = (a: number, b: number) => {
    const x = keyOf(a);
    const y = keyOf(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const exactThenKey = (a: number, b: number) => {
    const x = sums.sizeBytes(a);
    const y = sums.sizeBytes(b);
    return x !== y ? (x > y ? -1 : 1) : byKey(a, b);
  };
  // `start[r]` is now the end of rank r's run.
  for (let r = 0, from = 0; r < count; from = start[r++]) {
    if (start[r] - from > 1) sorted.subarray(from, start[r]).sort(distinct[count - 1 - r] < 2 ** 53 ? byKey : exactThenKey);
  }
  return sorted;
}

const VSYSCALL = KIND_CODE.vsyscall;

/** What the summary reads of a module grouping: each row's module, and the modules' files — given (`files`), or found from the modules' pathnames. */
export interface SummaryGrouping {
  readonly modules?: readonly Pick<ModuleGrouping['modules'][number], 'pathname'>[];
  readonly moduleOfRow: Int32Array;
  /** moduleFilesOf(this), when the caller keeps it. */
  readonly files?: ModuleFiles;
}

/** The files of a grouping's modules (one per pathname, first seen first) and each module's file. */
export interface ModuleFiles {
  readonly files: readonly string[];
  readonly fileOfModule: Int32Array;
}

/** The files of `grouping`'s modules: found once and passed in (SummaryGrouping.files) by a caller that summarises many selections. */
export function moduleFilesOf(grouping: Pick<SummaryGrouping, 'modules'>): ModuleFiles {
  if (grouping.modules === undefined) throw new Error('moduleFilesOf: a grouping without its modules (give its files)');
  const index = new Map<string, number>();
  const fileOfModule = Int32Array.from(grouping.modules, (m) => {
    let i = index.get(m.pathname);
    if (i === undefined) index.set(m.pathname, (i = index.size));
    return i;
  });
  return { files: [...index.keys()], fileOfModule };
}

/**
 * moduleFilesOf the modules of `runs`, found by pathname id: a pathname's text is looked up once,
 * not once per module (a table may hold one text under two ids, so the text still decides).
 */
export function moduleFilesOfRuns(pathnames: readonly string[], runs: Pick<ModuleRuns, 'pathId'>): ModuleFiles {
  const index = new Map<string, number>();
  const fileOfId = new Int32Array(pathnames.length).fill(-1);
  const fileOfModule = new Int32Array(runs.pathId.length);
  for (let m = 0; m < runs.pathId.length; m++) {
    const id = runs.pathId[m];
    let i = fileOfId[id];
    if (i < 0) {
      const pathname = pathnames[id];
      const known = index.get(pathname);
      if (known === undefined) index.set(pathname, (i = index.size));
      else i = known;
      fileOfId[id] = i;
    }
    fileOfModule[m] = i;
  }
  return { files: [...index.keys()], fileOfModule };
}

/** Group slots of the sums: 0 the total, then one per kind, one per perms value (16: unknown), one per file. */
const KIND_BASE = 1;
const PERMS_BASE = KIND_BASE + REGION_KINDS.length;
const FILE_BASE = PERMS_BASE + 17;

/** The sums of every group over the rows added so far. */
class SummarySums {
  readonly sums: GroupSums;
  readonly files: readonly string[];
  readonly hasSmaps: boolean;
  private readonly fileOfModule: Int32Array;
  /** Rows added that are kernel gate pages ([vsyscall]): not counted against vm.max_map_count. */
  gates = 0;

  constructor(
    private readonly table: RegionTable,
    private readonly grouping: SummaryGrouping,
  ) {
    const smaps = table.smaps;
    this.hasSmaps = smaps !== null && smaps.some((r) => r !== null && Object.keys(r.fields).length > 0);
    const { files, fileOfModule } = grouping.files ?? moduleFilesOf(grouping);
    this.files = files;
    this.fileOfModule = fileOfModule;
    this.sums = new GroupSums(FILE_BASE + files.length);
  }

  /** Adds rows `rows[from]` … `rows[to - 1]` (row numbers `from` … `to - 1` when `rows` is null). */
  add(rows: Uint32Array | null, from: number, to: number): void {
    const { beginHi, beginLo, endHi, endLo, kind, perms: permsColumn } = this.table.columns;
    const permsKnown = this.table.known.perms;
    const smaps = this.table.smaps;
    const hasSmaps = this.hasSmaps;
    const moduleOfRow = this.grouping.moduleOfRow;
    const fileOfModule = this.fileOfModule;
    const sums = this.sums;
    const { rss, pss, swap } = sums;
    let gates = 0;
    for (let k = from; k < to; k++) {
      const i = rows === null ? k : rows[k];
      const kd = kind[i];
      if (kd === VSYSCALL) gates++;
      const kindSlot = KIND_BASE + kd;
      const permsSlot = PERMS_BASE + (permsKnown ? permsColumn[i] : 16);
      const m = moduleOfRow[i];
      const moduleSlot = m >= 0 ? FILE_BASE + fileOfModule[m] : -1;
      sums.addRow(beginHi, beginLo, endHi, endLo, i, 0, kindSlot, permsSlot, moduleSlot);
      if (hasSmaps) {
        const fields = smaps![i]?.fields;
        if (fields !== undefined) {
          const r = fields.Rss ?? 0;
          const p = fields.Pss ?? 0;
          const w = fields.Swap ?? 0;
          rss[0] += r; pss[0] += p; swap[0] += w;
          rss[kindSlot] += r; pss[kindSlot] += p; swap[kindSlot] += w;
          rss[permsSlot] += r; pss[permsSlot] += p; swap[permsSlot] += w;
          if (moduleSlot >= 0) {
            rss[moduleSlot] += r;
            pss[moduleSlot] += p;
            swap[moduleSlot] += w;
          }
        }
      }
    }
    this.gates += gates;
  }

  total(): SummaryRow {
    return this.sums.row(0, 'total', this.hasSmaps);
  }

  /** The slots of one grouping that hold a region, in slot order, the first slot of the grouping, and a slot's key. */
  private slots(by: 'kind' | 'perms' | 'module'): { slots: Int32Array; base: number; keyOf: (slot: number) => string } {
    const [base, length, keyOf]: [number, number, (slot: number) => string] =
      by === 'kind'
        ? [KIND_BASE, REGION_KINDS.length, (slot) => REGION_KINDS[slot - KIND_BASE]]
        : by === 'perms'
          ? [PERMS_BASE, 17, (slot) => (slot === PERMS_BASE + 16 ? 'unknown' : formatPermissions(slot - PERMS_BASE))]
          : [FILE_BASE, this.files.length, (slot) => this.files[slot - FILE_BASE]];
    const { count } = this.sums;
    let n = 0;
    for (let slot = base; slot < base + length; slot++) if (count[slot] > 0) n++;
    const slots = new Int32Array(n);
    n = 0;
    for (let slot = base; slot < base + length; slot++) if (count[slot] > 0) slots[n++] = slot;
    return { slots, base, keyOf };
  }

  /** The groups of one grouping that hold a region, in slot order. */
  rows(by: 'kind' | 'perms' | 'module'): SummaryRow[] {
    const { slots, keyOf } = this.slots(by);
    return Array.from(slots, (slot) => this.sums.row(slot, keyOf(slot), this.hasSmaps));
  }

  /** The groups of one grouping that hold a region, largest first, then by key. */
  sortedRows(by: 'kind' | 'perms' | 'module'): SummaryRows {
    const { slots, base, keyOf } = this.slots(by);
    return new SortedRows(this.sums, sortBySizeThenKey(this.sums, slots, keyOf), base, keyOf, this.hasSmaps);
  }
}

/**
 * The rows of one grouping of a summary, largest first, then by key, read by index: no object and
 * no bigint per row unless asked for. The app's worker packs the rows by module from here (at
 * 1,048,576 regions 42,171 row objects and their bigints were made only to be packed).
 */
export interface SummaryRows {
  readonly length: number;
  /** The input carried smaps fields: rows have Rss, Pss and Swap. */
  readonly hasSmaps: boolean;
  /** Row `i` as an object. */
  row(i: number): SummaryRow;
  /** Row `i`'s group in its grouping: a kind's index in REGION_KINDS, a permissions value (16: unknown), a file's index in the module files. */
  group(i: number): number;
  count(i: number): number;
  /** Every row as an object. */
  toArray(): SummaryRow[];
  /** Row `i`'s size as its [high, low] 32-bit words, exact, when it fits 64 bits and its group has under 2^20 regions; else undefined (read `row(i).sizeBytes`). */
  sizeWords(i: number): [number, number] | undefined;
}

class SortedRows implements SummaryRows {
  constructor(
    private readonly sums: GroupSums,
    private readonly slots: Int32Array,
    private readonly base: number,
    private readonly keyOf: (slot: number) => string,
    readonly hasSmaps: boolean,
  ) {}

  get length(): number {
    return this.slots.length;
  }

  row(i: number): SummaryRow {
    return this.sums.row(this.slots[i], this.keyOf(this.slots[i]), this.hasSmaps);
  }

  group(i: number): number {
    return this.slots[i] - this.base;
  }

  count(i: number): number {
    return this.sums.count[this.slots[i]];
  }

  sizeWords(i: number): [number, number] | undefined {
    return this.sums.sizeWords(this.slots[i]);
  }

  toArray(): SummaryRow[] {
    return Array.from({ length: this.slots.length }, (_, i) => this.row(i));
  }
}

/**
 * summarizeRegions with its rows by module read in place (SummaryRows), not made: the summary's
 * own `byModule` is left empty. For a caller that packs them (the app's worker).
 */
export function summarizeRegionRows(table: RegionTable, order: Uint32Array, modules?: SummaryGrouping): { summary: MemorySummary; byModule: SummaryRows } {
  const sums = new SummarySums(table, modules ?? groupModules(table, order));
  sums.add(null, 0, table.length);
  const mapCount = table.length - sums.gates;
  const mapCountShare = mapCount / DEFAULT_MAX_MAP_COUNT;
  const summary: MemorySummary = {
    total: sums.total(),
    byKind: sums.sortedRows('kind').toArray(),
    byPerms: sums.sortedRows('perms').toArray(),
    byModule: [],
    hasSmaps: sums.hasSmaps,
    largestGap: findLargestGap(table, order),
    mapCount,
    mapCountLimit: DEFAULT_MAX_MAP_COUNT,
    mapCountShare,
    nearMapCountLimit: mapCountShare > MAP_COUNT_WARN_SHARE,
  };
  return { summary, byModule: sums.sortedRows('module') };
}

/**
 * Summarises a table. `order` lists its rows ascending by address (`RegionIndex.order` or
 * `sortRowsByBegin`); `modules` is computed when not given. O(n).
 */
export function summarizeRegions(table: RegionTable, order: Uint32Array, modules?: SummaryGrouping): MemorySummary {
  const { summary, byModule } = summarizeRegionRows(table, order, modules);
  return { ...summary, byModule: byModule.toArray() };
}

/**
 * What a selection of rows (a search and filter) covers: its total, and its part of each group of
 * the whole file, by key. A group is made when first read and left out when the selection has
 * none of its regions; the groups are in no order (the whole file's summary orders them).
 */
export interface SelectionSummary {
  readonly total: SummaryRow;
  readonly byKind: ReadonlyMap<string, SummaryRow>;
  readonly byPerms: ReadonlyMap<string, SummaryRow>;
  readonly byModule: ReadonlyMap<string, SummaryRow>;
}

/** A selection summed in steps, so that a page can sum a million rows between frames. */
export interface SelectionSummer {
  /** Adds up to `count` more of the selected rows; true when every one is added. */
  step(count: number): boolean;
  /** The summary of the rows added (all of them once `step` returned true). */
  result(): SelectionSummary;
}

/**
 * Selected rows read in pieces: writes the next rows into `out` and returns how many, fewer than
 * `out.length` only once they run out. A search's answer is read so (PositionSet.copyFrom) rather
 * than listed whole: at a million regions the list of a broad answer and its rows were megabytes
 * of fresh memory, made in one step.
 */
export type ReadSelectedRows = (out: Uint32Array) => number;

/**
 * Starts summing the selected rows of `table` — an array, or read in pieces — grouped by
 * `grouping`'s modules. O(rows) in all.
 */
export function startSelectionSummary(table: RegionTable, grouping: SummaryGrouping, rows: Uint32Array | ReadSelectedRows): SelectionSummer {
  const sums = new SummarySums(table, grouping);
  let step: (count: number) => boolean;
  if (typeof rows === 'function') {
    let piece = new Uint32Array(0);
    let ended = false;
    step = (count) => {
      if (ended) return true;
      if (piece.length < count) piece = new Uint32Array(count);
      const read = rows(piece.subarray(0, count));
      sums.add(piece, 0, read);
      ended = read < count;
      return ended;
    };
  } else {
    let done = 0;
    step = (count) => {
      const to = Math.min(rows.length, done + count);
      sums.add(rows, done, to);
      done = to;
      return done === rows.length;
    };
  }
  return {
    step,
    result() {
      const groups = new Map<string, ReadonlyMap<string, SummaryRow>>();
      const by = (g: 'kind' | 'perms' | 'module') => {
        let m = groups.get(g);
        if (m === undefined) groups.set(g, (m = new Map(sums.rows(g).map((r) => [r.key, r]))));
        return m;
      };
      return {
        total: sums.total(),
        get byKind() {
          return by('kind');
        },
        get byPerms() {
          return by('perms');
        },
        get byModule() {
          return by('module');
        },
      };
    },
  };
}

/** The summary of the selected `rows` at once. */
export function summarizeSelection(table: RegionTable, grouping: SummaryGrouping, rows: Uint32Array): SelectionSummary {
  const summer = startSelectionSummary(table, grouping, rows);
  summer.step(rows.length);
  return summer.result();
}

/**
 * Per pathname id, 1 for a kernel gate page's name ([vectors]; [vsyscall] is known by its kind):
 * mapped at a kernel address, so the gap below it is not the process's. Found once per name, not
 * once per gap (a string per row was a third of the gap search's time).
 */
function gateNames(table: RegionTable): Uint8Array {
  const gate = new Uint8Array(table.pathnames.length);
  table.pathnames.forEach((name, id) => (gate[id] = name === '[vectors]' ? 1 : 0));
  return gate;
}

/**
 * The largest gap between regions, walking `order` with the highest end so far (regions may
 * overlap in an edited file). Sizes compare as exact (hi, lo) pairs.
 */
export function findLargestGap(table: RegionTable, order: Uint32Array): Gap | undefined {
  const { beginHi, beginLo, endHi, endLo, kind, pathId } = table.columns;
  const gateName = gateNames(table);
  let reachHi = 0, reachLo = 0, reachRow = -1;
  let bestHi = -1, bestLo = 0, bestBelow = -1, bestAbove = -1;
  for (let k = 0; k < order.length; k++) {
    const row = order[k];
    const bh = beginHi[row], bl = beginLo[row], eh = endHi[row], el = endLo[row];
    if (bh === eh && bl === el) continue; // an empty region bounds nothing
    if (reachRow >= 0 && (bh > reachHi || (bh === reachHi && bl > reachLo))) {
      const sizeHi = bh - reachHi - (bl < reachLo ? 1 : 0);
      const sizeLo = (bl - reachLo) >>> 0;
      // A gate's gap is no candidate: tested only for a gap larger than the best, inline (a call
      // per gap, for most rows, was about half of this loop's time: 15.7 → 8.3–9.3 ms warm at
      // 1,048,576 regions).
      if ((sizeHi > bestHi || (sizeHi === bestHi && sizeLo > bestLo)) && kind[row] !== VSYSCALL && !(pathId[row] >= 0 && gateName[pathId[row]] === 1)) {
        bestHi = sizeHi;
        bestLo = sizeLo;
        bestBelow = reachRow;
        bestAbove = row;
      }
    }
    if (reachRow < 0 || eh > reachHi || (eh === reachHi && el > reachLo)) {
      reachHi = eh;
      reachLo = el;
      reachRow = row;
    }
  }
  if (bestBelow < 0) return undefined;
  const beginAddr = addrFromHiLo(endHi[bestBelow], endLo[bestBelow]);
  const endAddr = addrFromHiLo(beginHi[bestAbove], beginLo[bestAbove]);
  return { beginAddr, endAddr, sizeBytes: endAddr - beginAddr, belowRow: bestBelow, aboveRow: bestAbove };
}
