/**
 * What uses memory: region counts and sizes by kind, by permission combination and by module
 * (with Rss, Pss and Swap when the input is smaps), the mapped total, the largest unmapped gap, and
 * the region count against the kernel's default limit. Sizes are exact bigints; smaps values are
 * whole numbers of bytes below 2^53 (physical memory), summed as numbers.
 */
import { addrFromHiLo, type Addr } from '../address';
import { KIND_CODE, REGION_KINDS } from '../model/kind';
import { formatPermissions } from '../model/permissions';
import type { RegionTable } from '../model/region-table';
import { ByteSum } from './byte-sum';
import { groupModules, type ModuleGrouping } from './modules';

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

/** Sums of one group while counting. */
class Group {
  count = 0;
  readonly size = new ByteSum();
  rss = 0;
  pss = 0;
  swap = 0;
  constructor(readonly key: string) {}

  row(hasSmaps: boolean): SummaryRow {
    return {
      key: this.key,
      count: this.count,
      sizeBytes: this.size.value(),
      rssBytes: hasSmaps ? this.rss : null,
      pssBytes: hasSmaps ? this.pss : null,
      swapBytes: hasSmaps ? this.swap : null,
    };
  }
}

function bySizeThenKey(a: SummaryRow, b: SummaryRow): number {
  if (a.sizeBytes !== b.sizeBytes) return a.sizeBytes > b.sizeBytes ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Summarises a table. `order` lists its rows ascending by address (`RegionIndex.order` or
 * `sortRowsByBegin`); `modules` is computed when not given. O(n).
 */
export function summarizeRegions(table: RegionTable, order: Uint32Array, modules?: ModuleGrouping): MemorySummary {
  const c = table.columns;
  const n = table.length;
  const grouping = modules ?? groupModules(table, order);
  const smaps = table.smaps;
  const hasSmaps = smaps !== null && smaps.some((r) => r !== null && Object.keys(r.fields).length > 0);
  const permsKnown = table.known.perms;

  const total = new Group('total');
  const kinds: (Group | undefined)[] = [];
  const perms: (Group | undefined)[] = [];
  const files = new Map<string, Group>();
  const moduleGroups = grouping.modules.map((m) => {
    let g = files.get(m.pathname);
    if (g === undefined) files.set(m.pathname, (g = new Group(m.pathname)));
    return g;
  });
  const groupsOf: Group[] = [];
  let gates = 0;
  for (let i = 0; i < n; i++) {
    const k = c.kind[i];
    if (k === KIND_CODE.vsyscall) gates++;
    const p = permsKnown ? c.perms[i] : 16;
    groupsOf.length = 0;
    groupsOf.push(total, (kinds[k] ??= new Group(REGION_KINDS[k])), (perms[p] ??= new Group(p === 16 ? 'unknown' : formatPermissions(p))));
    const m = grouping.moduleOfRow[i];
    if (m >= 0) groupsOf.push(moduleGroups[m]);
    const fields = hasSmaps ? smaps![i]?.fields : undefined;
    const rss = fields?.Rss ?? 0;
    const pss = fields?.Pss ?? 0;
    const swap = fields?.Swap ?? 0;
    for (const g of groupsOf) {
      g.count++;
      g.size.addRow(c.beginHi, c.beginLo, c.endHi, c.endLo, i);
      g.rss += rss;
      g.pss += pss;
      g.swap += swap;
    }
  }
  const rows = (groups: Iterable<Group | undefined>) => [...groups].filter((g): g is Group => g !== undefined).map((g) => g.row(hasSmaps)).sort(bySizeThenKey);
  const mapCount = n - gates;
  const mapCountShare = mapCount / DEFAULT_MAX_MAP_COUNT;
  return {
    total: total.row(hasSmaps),
    byKind: rows(kinds),
    byPerms: rows(perms),
    byModule: rows(files.values()),
    hasSmaps,
    largestGap: findLargestGap(table, order),
    mapCount,
    mapCountLimit: DEFAULT_MAX_MAP_COUNT,
    mapCountShare,
    nearMapCountLimit: mapCountShare > MAP_COUNT_WARN_SHARE,
  };
}

/** True for a kernel gate page: mapped at a kernel address, so the gap below it is not the process's. */
function isGate(table: RegionTable, row: number): boolean {
  return table.columns.kind[row] === KIND_CODE.vsyscall || table.pathname(row) === '[vectors]';
}

/**
 * The largest gap between regions, walking `order` with the highest end so far (regions may
 * overlap in an edited file). Sizes compare as exact (hi, lo) pairs.
 */
export function findLargestGap(table: RegionTable, order: Uint32Array): Gap | undefined {
  const c = table.columns;
  let reachHi = 0, reachLo = 0, reachRow = -1;
  let bestHi = -1, bestLo = 0, bestBelow = -1, bestAbove = -1;
  for (let k = 0; k < order.length; k++) {
    const row = order[k];
    const bh = c.beginHi[row], bl = c.beginLo[row], eh = c.endHi[row], el = c.endLo[row];
    if (bh === eh && bl === el) continue; // an empty region bounds nothing
    if (reachRow >= 0 && (bh > reachHi || (bh === reachHi && bl > reachLo)) && !isGate(table, row)) {
      const sizeHi = bh - reachHi - (bl < reachLo ? 1 : 0);
      const sizeLo = (bl - reachLo) >>> 0;
      if (sizeHi > bestHi || (sizeHi === bestHi && sizeLo > bestLo)) {
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
  const beginAddr = addrFromHiLo(c.endHi[bestBelow], c.endLo[bestBelow]);
  const endAddr = addrFromHiLo(c.beginHi[bestAbove], c.beginLo[bestAbove]);
  return { beginAddr, endAddr, sizeBytes: endAddr - beginAddr, belowRow: bestBelow, aboveRow: bestAbove };
}
