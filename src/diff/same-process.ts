/**
 * Identity in one process over time: a region is the same when its range overlaps and its backing
 * agrees (kind, file, device and inode, and for a file the same file offset at the same address).
 * One before region overlapping several after regions of the same backing was split (mprotect on
 * part of it, mm/mprotect.c splits the VMA); several overlapping one were merged (mm/vma.c merges
 * neighbours of the same flags: a heap or a stack that grew into them). One sweep over both sides
 * in address order, then connected components: O(n) after the sort.
 */
import { compareHiLo } from '../address.js';
import type { RegionTable } from '../model/region-table.js';
import { isFileKindCode } from './identity.js';
import { kindClass, NameIds, sub64, type Matches, type Side } from './sides.js';

/** True when row a of `x` and row b of `y` overlap (or are the same empty range). */
function overlaps(x: RegionTable, a: number, y: RegionTable, b: number): boolean {
  const cx = x.columns;
  const cy = y.columns;
  const aBeginBelowBEnd = compareHiLo(cx.beginHi[a], cx.beginLo[a], cy.endHi[b], cy.endLo[b]) < 0;
  const bBeginBelowAEnd = compareHiLo(cy.beginHi[b], cy.beginLo[b], cx.endHi[a], cx.endLo[a]) < 0;
  if (aBeginBelowBEnd && bBeginBelowAEnd) return true;
  return sameRange(x, a, y, b);
}

/** True when row a of `x` and row b of `y` have the same begin and end. */
export function sameRange(x: RegionTable, a: number, y: RegionTable, b: number): boolean {
  const cx = x.columns;
  const cy = y.columns;
  return cx.beginHi[a] === cy.beginHi[b] && cx.beginLo[a] === cy.beginLo[b] && cx.endHi[a] === cy.endHi[b] && cx.endLo[a] === cy.endLo[b];
}

/** Compares whether two rows have the same backing: kind, file (pathname, device, inode), and file offset at the same address. */
class BackingTest {
  private readonly names: NameIds;
  private readonly compareInode: boolean;
  private readonly compareOffset: boolean;
  private readonly scratch = new Uint32Array(2);

  constructor(
    private readonly before: RegionTable,
    private readonly after: RegionTable,
  ) {
    this.names = new NameIds(before, after);
    this.compareInode = before.known.inode && after.known.inode && before.known.device && after.known.device;
    this.compareOffset = before.known.offset && after.known.offset;
  }

  same(a: number, b: number): boolean {
    const cb = this.before.columns;
    const ca = this.after.columns;
    const kind = kindClass(cb.kind[a]);
    if (kind !== kindClass(ca.kind[b])) return false;
    if (this.names.ofBefore(a) !== this.names.ofAfter(b)) return false;
    if (this.compareInode && (cb.inodeHi[a] !== ca.inodeHi[b] || cb.inodeLo[a] !== ca.inodeLo[b] || cb.devMajor[a] !== ca.devMajor[b] || cb.devMinor[a] !== ca.devMinor[b])) {
      return false;
    }
    if (!this.compareOffset || !isFileKindCode(kind)) return true;
    // The same page of the file at the same address: offset - begin agrees (mm/mmap.c keeps vm_pgoff so).
    const s = this.scratch;
    sub64(cb.offsetHi[a], cb.offsetLo[a], cb.beginHi[a], cb.beginLo[a], s);
    const hi = s[0];
    const lo = s[1];
    sub64(ca.offsetHi[b], ca.offsetLo[b], ca.beginHi[b], ca.beginLo[b], s);
    return hi === s[0] && lo === s[1];
  }
}

/** Union-find over before rows (0..n-1) and after rows (n..n+m-1). */
class Components {
  readonly parent: Int32Array;
  constructor(size: number) {
    this.parent = new Int32Array(size).fill(-1);
  }
  find(x: number): number {
    const p = this.parent;
    let root = x;
    while (p[root] >= 0) root = p[root];
    while (p[x] >= 0 && p[x] !== root) {
      const next = p[x];
      p[x] = root;
      x = next;
    }
    return root;
  }
  union(x: number, y: number): void {
    const a = this.find(x);
    const b = this.find(y);
    if (a !== b) this.parent[Math.max(a, b)] = Math.min(a, b);
  }
}

/**
 * First, regions unchanged in place: the same range and backing, paired position by position among
 * the rows that begin at one address on each side (usually one a side). Duplicate lines (an edited
 * file) pair with their copies instead of becoming one group of all of them.
 */
function matchSameRanges(before: Side, after: Side, matches: Matches, backing: BackingTest): void {
  const x = before.table;
  const y = after.table;
  const cx = x.columns;
  const cy = y.columns;
  const ox = before.order;
  const oy = after.order;
  for (let i = 0, j = 0; i < ox.length && j < oy.length; ) {
    const d = compareHiLo(cx.beginHi[ox[i]], cx.beginLo[ox[i]], cy.beginHi[oy[j]], cy.beginLo[oy[j]]);
    if (d < 0) i++;
    else if (d > 0) j++;
    else {
      let i2 = i + 1;
      let j2 = j + 1;
      while (i2 < ox.length && cx.beginHi[ox[i2]] === cx.beginHi[ox[i]] && cx.beginLo[ox[i2]] === cx.beginLo[ox[i]]) i2++;
      while (j2 < oy.length && cy.beginHi[oy[j2]] === cy.beginHi[oy[j]] && cy.beginLo[oy[j2]] === cy.beginLo[oy[j]]) j2++;
      for (let t = 0; i + t < i2 && j + t < j2; t++) {
        const a = ox[i + t];
        const b = oy[j + t];
        if (sameRange(x, a, y, b) && backing.same(a, b)) matches.pair(a, b, 'same-range');
      }
      i = i2;
      j = j2;
    }
  }
}

/**
 * Matches one process's regions at two times (see the file's comment). Pairs get `same-range` or
 * `overlap`; several regions on either side become a group (`split`, `merge`, `regroup`).
 */
export function matchSameProcess(before: Side, after: Side, matches: Matches): void {
  const x = before.table;
  const y = after.table;
  const n = x.length;
  const backing = new BackingTest(x, y);
  const cx = x.columns;
  const cy = y.columns;
  matchSameRanges(before, after, matches, backing);
  const orderX = before.order.filter((row) => matches.freeBefore(row));
  const orderY = after.order.filter((row) => matches.freeAfter(row));
  const edgeBefore: number[] = [];
  const edgeAfter: number[] = [];
  // Both sides ascending by begin: advance the side whose region ends first (interval intersection).
  for (let i = 0, j = 0; i < orderX.length && j < orderY.length; ) {
    const a = orderX[i];
    const b = orderY[j];
    if (overlaps(x, a, y, b) && backing.same(a, b)) {
      edgeBefore.push(a);
      edgeAfter.push(b);
    }
    if (compareHiLo(cx.endHi[a], cx.endLo[a], cy.endHi[b], cy.endLo[b]) <= 0) i++;
    else j++;
  }
  const degreeBefore = new Uint32Array(n);
  const degreeAfter = new Uint32Array(y.length);
  for (let e = 0; e < edgeBefore.length; e++) {
    degreeBefore[edgeBefore[e]]++;
    degreeAfter[edgeAfter[e]]++;
  }
  // Most edges are one region to one region: paired at once, no union-find.
  const components = new Components(n + y.length);
  let grouped = false;
  for (let e = 0; e < edgeBefore.length; e++) {
    const a = edgeBefore[e];
    const b = edgeAfter[e];
    if (degreeBefore[a] === 1 && degreeAfter[b] === 1) {
      matches.pair(a, b, sameRange(x, a, y, b) ? 'same-range' : 'overlap');
    } else {
      components.union(a, n + b);
      grouped = true;
    }
  }
  if (!grouped) return;
  // Each component of several regions, its rows in address order (the sweep's order).
  const membersBefore = new Map<number, number[]>();
  const membersAfter = new Map<number, number[]>();
  for (const row of orderX) {
    if (degreeBefore[row] === 0 || matches.partnerOfBefore[row] >= 0) continue;
    const root = components.find(row);
    let list = membersBefore.get(root);
    if (list === undefined) membersBefore.set(root, (list = []));
    list.push(row);
  }
  for (const row of orderY) {
    if (degreeAfter[row] === 0 || matches.partnerOfAfter[row] >= 0) continue;
    const root = components.find(n + row);
    let list = membersAfter.get(root);
    if (list === undefined) membersAfter.set(root, (list = []));
    list.push(row);
  }
  for (const [root, rowsBefore] of membersBefore) {
    const rowsAfter = membersAfter.get(root) ?? [];
    matches.group(rowsBefore, rowsAfter, rowsBefore.length === 1 ? 'split' : rowsAfter.length === 1 ? 'merge' : 'regroup');
  }
}
