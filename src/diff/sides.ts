/**
 * The two sides of a diff as the matchers read them: each table's rows in address order, and the
 * matches made so far (a partner per row, the rule of each pair, the groups of splits and merges).
 * 64-bit values are compared as their (hi, lo) 32-bit halves: no bigint per row, nothing lossy.
 */
import { KIND_CODE, DELETED_SUFFIX } from '../model/kind.js';
import type { RegionTable } from '../model/region-table.js';
import { sortRowsByBegin } from '../query/sort-by-begin.js';
import { MATCH_RULE_CODE, type MatchRule } from './types.js';

/** One snapshot's table and its rows in ascending begin address. */
export interface Side {
  table: RegionTable;
  order: Uint32Array;
  /** Position of each row in `order`. */
  position: Uint32Array;
}

/** The side of a table. */
export function sideOf(table: RegionTable): Side {
  const c = table.columns;
  const order = sortRowsByBegin(c.beginHi, c.beginLo, table.length);
  const position = new Uint32Array(table.length);
  for (let k = 0; k < order.length; k++) position[order[k]] = k;
  return { table, order, position };
}

/** A pathname without the ` (deleted)` the kernel adds once the file is unlinked: the file it was. */
export function livePathname(pathname: string): string {
  return pathname.endsWith(DELETED_SUFFIX) ? pathname.slice(0, -DELETED_SUFFIX.length) : pathname;
}

/**
 * The names of two tables in one id space: a row's name id is the same on both sides exactly when
 * the names are, ` (deleted)` aside (the same file, unlinked since); -1 for a row without a name.
 */
export class NameIds {
  private readonly before: Int32Array;
  private readonly after: Int32Array;

  constructor(
    private readonly x: RegionTable,
    private readonly y: RegionTable,
  ) {
    const ids = new Map<string, number>();
    const idsOf = (t: RegionTable) => Int32Array.from(t.pathnames, (name) => {
      const live = livePathname(name);
      let id = ids.get(live);
      if (id === undefined) ids.set(live, (id = ids.size));
      return id;
    });
    this.before = idsOf(x);
    this.after = idsOf(y);
  }

  /** The name id of a before row. */
  ofBefore(row: number): number {
    const id = this.x.columns.pathId[row];
    return id < 0 ? -1 : this.before[id];
  }

  /** The name id of an after row. */
  ofAfter(row: number): number {
    const id = this.y.columns.pathId[row];
    return id < 0 ? -1 : this.after[id];
  }
}

const FILE = KIND_CODE.file;
const DELETED_FILE = KIND_CODE['deleted-file'];

/** The kind code as identity sees it: a file and the same file once deleted are one kind. */
export function kindClass(kind: number): number {
  return kind === DELETED_FILE ? FILE : kind;
}

/** The matches made so far between the two sides. */
export class Matches {
  /** Per before row: the after row it is paired with, or -1. */
  readonly partnerOfBefore: Int32Array;
  /** Per after row: the before row it is paired with, or -1. */
  readonly partnerOfAfter: Int32Array;
  /** Per before row: its pair's rule, or 255. */
  readonly ruleOfBefore: Uint8Array;
  /** Rows that are part of a group (split, merge), per side. */
  readonly groupedBefore: Uint8Array;
  readonly groupedAfter: Uint8Array;
  readonly groupBeforeRows: number[] = [];
  readonly groupAfterRows: number[] = [];
  readonly groupBeforeStart: number[] = [0];
  readonly groupAfterStart: number[] = [0];
  readonly groupRule: number[] = [];

  constructor(beforeLength: number, afterLength: number) {
    this.partnerOfBefore = new Int32Array(beforeLength).fill(-1);
    this.partnerOfAfter = new Int32Array(afterLength).fill(-1);
    this.ruleOfBefore = new Uint8Array(beforeLength).fill(255);
    this.groupedBefore = new Uint8Array(beforeLength);
    this.groupedAfter = new Uint8Array(afterLength);
  }

  /** True when the before row is neither paired nor grouped. */
  freeBefore(row: number): boolean {
    return this.partnerOfBefore[row] < 0 && this.groupedBefore[row] === 0;
  }

  /** True when the after row is neither paired nor grouped. */
  freeAfter(row: number): boolean {
    return this.partnerOfAfter[row] < 0 && this.groupedAfter[row] === 0;
  }

  /** Pairs two free rows. */
  pair(before: number, after: number, rule: MatchRule): void {
    this.partnerOfBefore[before] = after;
    this.partnerOfAfter[after] = before;
    this.ruleOfBefore[before] = MATCH_RULE_CODE[rule];
  }

  /** Records a split, merge or regroup of free rows. */
  group(before: readonly number[], after: readonly number[], rule: MatchRule): void {
    for (const row of before) {
      this.groupedBefore[row] = 1;
      this.groupBeforeRows.push(row);
    }
    for (const row of after) {
      this.groupedAfter[row] = 1;
      this.groupAfterRows.push(row);
    }
    this.groupBeforeStart.push(this.groupBeforeRows.length);
    this.groupAfterStart.push(this.groupAfterRows.length);
    this.groupRule.push(MATCH_RULE_CODE[rule]);
  }
}

/** The 64-bit difference a - b of two (hi, lo) values, modulo 2^64, as (hi, lo) in `out`. */
export function sub64(aHi: number, aLo: number, bHi: number, bLo: number, out: Uint32Array): void {
  const borrow = aLo >>> 0 < bLo >>> 0 ? 1 : 0;
  out[0] = (aHi - bHi - borrow) >>> 0;
  out[1] = (aLo - bLo) >>> 0;
}
