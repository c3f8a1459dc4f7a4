/** Totals of a region table by kind and by permissions: counts and exact (bigint) byte sums. */
import { addrFromHiLo, formatPermissions, REGION_KINDS, type RegionTable } from '../index';

/** One group of regions: its key, how many regions, and their summed size in bytes. */
export interface TotalRow {
  key: string;
  count: number;
  sizeBytes: bigint;
}

/** All regions, and the same regions grouped by kind and by the four-character perms. */
export interface RegionTotals {
  total: TotalRow;
  byKind: TotalRow[];
  byPerms: TotalRow[];
}

/** Orders groups by size, largest first, then by key, so the output is stable. */
function bySizeThenKey(a: TotalRow, b: TotalRow): number {
  if (a.sizeBytes !== b.sizeBytes) return a.sizeBytes > b.sizeBytes ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Sums region counts and sizes (end - begin) by kind and by perms. */
export function totalRegions(table: RegionTable): RegionTotals {
  const c = table.columns;
  const kinds = new Map<number, TotalRow>();
  const perms = new Map<number, TotalRow>();
  const total: TotalRow = { key: 'total', count: 0, sizeBytes: 0n };
  // Old gdb listings have no perms column: one "unknown" group rather than a fake "---p".
  const permsKnown = table.known.perms;
  for (let i = 0; i < table.length; i++) {
    const size = addrFromHiLo(c.endHi[i], c.endLo[i]) - addrFromHiLo(c.beginHi[i], c.beginLo[i]);
    total.count++;
    total.sizeBytes += size;
    const k = c.kind[i];
    let kindRow = kinds.get(k);
    if (kindRow === undefined) kinds.set(k, (kindRow = { key: REGION_KINDS[k], count: 0, sizeBytes: 0n }));
    kindRow.count++;
    kindRow.sizeBytes += size;
    const p = permsKnown ? c.perms[i] : -1;
    let permRow = perms.get(p);
    if (permRow === undefined) perms.set(p, (permRow = { key: p < 0 ? 'unknown' : formatPermissions(p), count: 0, sizeBytes: 0n }));
    permRow.count++;
    permRow.sizeBytes += size;
  }
  return { total, byKind: [...kinds.values()].sort(bySizeThenKey), byPerms: [...perms.values()].sort(bySizeThenKey) };
}
