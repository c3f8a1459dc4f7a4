/**
 * Region filters: pathname substring, regular expression or test, kind, size range, permission mask.
 * Pathnames are interned by the table (`pathnames` + the `pathId` column), so the text tests run
 * once per distinct pathname and the per-region loop only reads typed arrays — 262,144 regions of
 * a few hundred files cost a few hundred string tests.
 */
import { KIND_CODE, REGION_KINDS, type RegionKind } from '../model/kind.js';
import type { RegionColumns, RegionTable } from '../model/region-table.js';

/**
 * What to keep; every given criterion must hold (AND). An absent criterion keeps everything.
 * Text criteria test the pathname exactly as the kernel wrote it (escapes such as `\012` and the
 * ` (deleted)` suffix included); a region without a pathname (anonymous) never matches them.
 */
export interface RegionFilter {
  /** Case-insensitive substring of the pathname; the empty string keeps everything. */
  text?: string;
  /** Tested against the pathname; `g`/`y` flags are ignored (no lastIndex state leaks between regions). */
  regex?: RegExp;
  /** Any test of the pathname (e.g. several words and regexes); called once per distinct pathname. */
  pathnameTest?: (pathname: string) => boolean;
  /** Kinds to keep; an empty list keeps nothing. */
  kinds?: readonly RegionKind[];
  /** Inclusive lower bound of end - begin. */
  minSizeBytes?: bigint;
  /** Inclusive upper bound of end - begin. */
  maxSizeBytes?: bigint;
  /** PERM_* bits that must all be set. */
  permsRequired?: number;
  /** PERM_* bits that must all be clear. */
  permsExcluded?: number;
}

/**
 * The rows that pass `filter`, in file order — or, when `rows` is given (e.g. `RegionIndex.order`),
 * the rows of `rows` that pass, in that order.
 */
export function filterRegions(table: RegionTable, filter: RegionFilter, rows?: Uint32Array): Uint32Array {
  const kept = filterPositions(table, filter, rows);
  if (rows) for (let j = 0; j < kept.length; j++) kept[j] = rows[kept[j]];
  return kept;
}

/**
 * Where in `rows` the rows that pass `filter` are: ascending indexes k with `rows[k]` passing
 * (row numbers when `rows` is absent). Over `RegionIndex.order` these are the address-order
 * positions of the passing regions, which the map counts per pixel without a pass over all rows.
 */
export function filterPositions(table: RegionTable, filter: RegionFilter, rows?: Uint32Array): Uint32Array {
  const c = table.columns;
  const pathOk = pathnameMatches(table, filter);
  const kindOk = kindMask(filter.kinds);
  const required = filter.permsRequired ?? 0;
  const excluded = filter.permsExcluded ?? 0;
  const bounds = sizeBoundsOf(filter);

  const n = rows ? rows.length : table.length;
  const out = new Uint32Array(n);
  let count = 0;
  for (let k = 0; k < n; k++) {
    const i = rows ? rows[k] : k;
    const perms = c.perms[i];
    if ((perms & required) !== required || (perms & excluded) !== 0) continue;
    if (kindOk !== null && kindOk[c.kind[i]] === 0) continue;
    if (pathOk !== null) {
      const id = c.pathId[i];
      if (id < 0 || pathOk[id] === 0) continue;
    }
    if (bounds !== null && !sizeWithin(c, i, bounds)) continue;
    out[count++] = k;
  }
  return out.slice(0, count);
}

/** Per pathname id: 1 when it passes the text, regex and test criteria; null when there are none. */
export function pathnameMatches(table: RegionTable, filter: RegionFilter): Uint8Array | null {
  const pathnames = table.pathnames;
  const text = filter.text ? filter.text.toLowerCase() : '';
  const regex = filter.regex ? new RegExp(filter.regex.source, filter.regex.flags.replace(/[gy]/g, '')) : null;
  const test = filter.pathnameTest ?? null;
  if (text === '' && regex === null && test === null) return null;
  const lower = text === '' ? null : table.pathnamesLowerCase();
  const ok = new Uint8Array(pathnames.length);
  for (let id = 0; id < pathnames.length; id++) {
    const name = pathnames[id];
    ok[id] = (lower === null || lower[id].includes(text)) && (regex === null || regex.test(name)) && (test === null || test(name)) ? 1 : 0;
  }
  return ok;
}

/**
 * Size bounds as (hi, lo) with hi = floor(v / 2^32): the same form as a region's size, so that the
 * comparison is exact and no row needs a bigint. Out-of-range bounds still compare correctly.
 */
export interface SizeBounds {
  hasMin: boolean;
  minHi: number;
  minLo: number;
  hasMax: boolean;
  maxHi: number;
  maxLo: number;
}

/** The filter's size bounds, or null when it sets none. */
export function sizeBoundsOf(filter: RegionFilter): SizeBounds | null {
  const hasMin = filter.minSizeBytes !== undefined;
  const hasMax = filter.maxSizeBytes !== undefined;
  if (!hasMin && !hasMax) return null;
  return {
    hasMin,
    minHi: hasMin ? Number(filter.minSizeBytes! >> 32n) : 0,
    minLo: hasMin ? Number(filter.minSizeBytes! & 0xffff_ffffn) : 0,
    hasMax,
    maxHi: hasMax ? Number(filter.maxSizeBytes! >> 32n) : 0,
    maxLo: hasMax ? Number(filter.maxSizeBytes! & 0xffff_ffffn) : 0,
  };
}

/** True when row `i`'s size (end - begin) is within `b`. */
export function sizeWithin(c: RegionColumns, i: number, b: SizeBounds): boolean {
  // size = end - begin with a borrow between the halves; hi may go negative in a malformed table.
  const borrow = c.endLo[i] < c.beginLo[i] ? 1 : 0;
  const sizeHi = c.endHi[i] - c.beginHi[i] - borrow;
  const sizeLo = (c.endLo[i] - c.beginLo[i]) >>> 0; // mod 2^32
  if (b.hasMin && (sizeHi < b.minHi || (sizeHi === b.minHi && sizeLo < b.minLo))) return false;
  if (b.hasMax && (sizeHi > b.maxHi || (sizeHi === b.maxHi && sizeLo > b.maxLo))) return false;
  return true;
}

/** Per kind code: 1 when kept; null when every kind is kept. */
export function kindMask(kinds: readonly RegionKind[] | undefined): Uint8Array | null {
  if (kinds === undefined) return null;
  const mask = new Uint8Array(REGION_KINDS.length);
  for (const k of kinds) mask[KIND_CODE[k]] = 1;
  return mask;
}
