/**
 * Identity across two runs of one program, where ASLR moved every mapping: absolute addresses
 * mean nothing, so regions are matched by what they are, in this order (README "Identity across
 * snapshots"):
 *   1. modules by their file: path and device/inode (`module-segment`), else path alone
 *      (`module-path`); the k-th mapping of a file with the k-th; their segments by role, file
 *      offset and permissions;
 *   2. named memory by name (`[heap]`, `[stack]`, `[anon:…]`, `[vdso]`, memfds), k-th with k-th;
 *   3. thread stacks by size, k-th with k-th;
 *   4. the rest by position between matched neighbours, of the same kind and permissions.
 * Each step is one pass over the rows (or over the modules) with a hash map of names: O(n).
 */
import type { Module, ModuleGrouping } from '../analyze/modules.js';
import type { RegionTable } from '../model/region-table.js';
import { isNamedKindCode, isThreadStack } from './identity.js';
import { kindClass, livePathname, NameIds, sub64, type Matches, type Side } from './sides.js';

/** A module's identity: its file's live path, and its device and inode when both sides know them. */
function moduleKey(table: RegionTable, m: Module, withInode: boolean): string {
  const path = livePathname(m.pathname);
  if (!withInode) return path;
  const c = table.columns;
  const row = m.segments[0].row;
  return `${c.devMajor[row]}:${c.devMinor[row]}:${c.inodeHi[row]}:${c.inodeLo[row]}\0${path}`;
}

/** Items queued by key, in order: the k-th taken of a key is the k-th item with that key (the k-th with the k-th rule). */
class KeyedQueue<K, T> {
  private readonly lists = new Map<K, T[]>();
  private readonly taken = new Map<K, number>();

  constructor(items: Iterable<T>, key: (item: T) => K | undefined) {
    for (const item of items) {
      const k = key(item);
      if (k === undefined) continue;
      let list = this.lists.get(k);
      if (list === undefined) this.lists.set(k, (list = []));
      list.push(item);
    }
  }

  /** The next item of `key` not taken yet, or undefined. */
  take(key: K): T | undefined {
    const list = this.lists.get(key);
    const next = this.taken.get(key) ?? 0;
    if (list === undefined || next >= list.length) return undefined;
    this.taken.set(key, next + 1);
    return list[next];
  }
}

/** A segment's identity within its module: role, file offset and permissions (the .bss by its order). */
function segmentKey(table: RegionTable, row: number, role: string, ordinal: number): string {
  const c = table.columns;
  return role === 'bss' ? `bss:${ordinal}` : `${role}:${c.offsetHi[row]}:${c.offsetLo[row]}:${c.perms[row]}`;
}

/** True when segment i of both modules has the same role, file offset and permissions. */
function sameSegment(x: RegionTable, mx: Module, y: RegionTable, my: Module, i: number): boolean {
  const a = mx.segments[i];
  const b = my.segments[i];
  const cx = x.columns;
  const cy = y.columns;
  if (a.role !== b.role) return false;
  return a.role === 'bss' || (cx.offsetHi[a.row] === cy.offsetHi[b.row] && cx.offsetLo[a.row] === cy.offsetLo[b.row] && cx.perms[a.row] === cy.perms[b.row]);
}

/** Pairs the segments of two modules of the same file. */
function matchSegments(x: RegionTable, mx: Module, y: RegionTable, my: Module, matches: Matches, rule: 'module-segment' | 'module-path'): void {
  const n = mx.segments.length;
  // The usual case: the same segments in the same order, compared without a key string.
  let same = n === my.segments.length;
  for (let i = 0; same && i < n; i++) same = sameSegment(x, mx, y, my, i);
  if (same) {
    for (let i = 0; i < n; i++) matches.pair(mx.segments[i].row, my.segments[i].row, rule);
    return;
  }
  const keysOf = (table: RegionTable, m: Module) => {
    let bss = 0;
    return m.segments.map((s) => segmentKey(table, s.row, s.role, s.role === 'bss' ? bss++ : 0));
  };
  const kx = keysOf(x, mx);
  const ky = keysOf(y, my);
  const rowsOfKey = new KeyedQueue(
    ky.map((k, i) => ({ k, row: my.segments[i].row })),
    (s) => s.k,
  );
  for (let i = 0; i < kx.length; i++) {
    const found = rowsOfKey.take(kx[i]);
    if (found !== undefined) matches.pair(mx.segments[i].row, found.row, rule);
  }
}

/** Step 1: modules by file, then their segments. */
function matchModules(before: Side, gx: ModuleGrouping, after: Side, gy: ModuleGrouping, matches: Matches): void {
  const x = before.table;
  const y = after.table;
  const withInode = x.known.inode && y.known.inode && x.known.device && y.known.device;
  const matchedY = new Uint8Array(gy.modules.length);
  const unmatchedX: Module[] = [];
  const byIdentity = new KeyedQueue(gy.modules, (m) => moduleKey(y, m, withInode));
  for (const mx of gx.modules) {
    const my = byIdentity.take(moduleKey(x, mx, withInode));
    if (my === undefined) {
      unmatchedX.push(mx);
      continue;
    }
    matchedY[my.index] = 1;
    matchSegments(x, mx, y, my, matches, 'module-segment');
  }
  if (!withInode || unmatchedX.length === 0) return;
  // The same path, another file (rebuilt, reinstalled): matched by path, its inode shown as changed.
  const byPath = new KeyedQueue(
    gy.modules.filter((m) => matchedY[m.index] === 0),
    (m) => moduleKey(y, m, false),
  );
  for (const mx of unmatchedX) {
    const my = byPath.take(moduleKey(x, mx, false));
    if (my !== undefined) matchSegments(x, mx, y, my, matches, 'module-path');
  }
}

/** Step 2: named memory by name, k-th with k-th in address order. */
function matchNamed(before: Side, after: Side, matches: Matches): void {
  const x = before.table;
  const y = after.table;
  const names = new NameIds(x, y);
  // After rows of each name, in address order.
  const cy = y.columns;
  const rowsOfName = new KeyedQueue(after.order, (row) => (isNamedKindCode(cy.kind[row]) && cy.pathId[row] >= 0 && matches.freeAfter(row) ? names.ofAfter(row) : undefined));
  const cx = x.columns;
  for (const row of before.order) {
    if (!isNamedKindCode(cx.kind[row]) || cx.pathId[row] < 0 || !matches.freeBefore(row)) continue;
    const found = rowsOfName.take(names.ofBefore(row));
    if (found !== undefined) matches.pair(row, found, 'name');
  }
}

/** Step 3: thread stacks by size, k-th with k-th in address order. */
function matchThreadStacks(before: Side, after: Side, matches: Matches): void {
  const stacks = (side: Side, free: (row: number) => boolean) => {
    const rows: number[] = [];
    for (let k = 0; k < side.order.length; k++) if (free(side.order[k]) && isThreadStack(side.table, side.order, k)) rows.push(side.order[k]);
    return rows;
  };
  const sx = stacks(before, (r) => matches.freeBefore(r));
  const sy = stacks(after, (r) => matches.freeAfter(r));
  if (sx.length === 0 || sy.length === 0) return;
  const scratch = new Uint32Array(2);
  const sizeKey = (table: RegionTable, row: number) => {
    const c = table.columns;
    sub64(c.endHi[row], c.endLo[row], c.beginHi[row], c.beginLo[row], scratch);
    return `${scratch[0]}:${scratch[1]}`;
  };
  const bySize = new KeyedQueue(sy, (row) => sizeKey(after.table, row));
  for (const row of sx) {
    const found = bySize.take(sizeKey(before.table, row));
    if (found !== undefined) matches.pair(row, found, 'thread-stack');
  }
}

/**
 * Step 4: unmatched regions between the same matched neighbours: the free rows of each side
 * between two consecutive matched before rows and their partners, paired position by position
 * from the front while kind, permissions and name agree, then likewise from the back. The same
 * pairs whichever side is called before (diff(A, B) mirrors diff(B, A)); one pass, linear.
 */
function matchNeighbours(before: Side, after: Side, matches: Matches): void {
  const x = before.table;
  const y = after.table;
  const cx = x.columns;
  const cy = y.columns;
  const names = new NameIds(x, y);
  const alike = (a: number, b: number) => kindClass(cx.kind[a]) === kindClass(cy.kind[b]) && cx.perms[a] === cy.perms[b] && names.ofBefore(a) === names.ofAfter(b);
  const freeRun = (side: Side, from: number, to: number, free: (row: number) => boolean) => {
    const rows: number[] = [];
    for (let k = from; k < to; k++) if (free(side.order[k])) rows.push(side.order[k]);
    return rows;
  };
  const pairRuns = (xs: number[], ys: number[]) => {
    let front = 0;
    while (front < xs.length && front < ys.length && alike(xs[front], ys[front])) {
      matches.pair(xs[front], ys[front], 'neighbour');
      front++;
    }
    for (let bx = xs.length - 1, by = ys.length - 1; bx >= front && by >= front && alike(xs[bx], ys[by]); bx--, by--) matches.pair(xs[bx], ys[by], 'neighbour');
  };
  // Anchors: pairs no other pair crosses (one before-and-above the other on one side, below on the other) —
  // the same anchors whichever side is called before. Between two anchors, each side's free rows form a run.
  const P: number[] = [];
  const Q: number[] = [];
  for (let k = 0; k < before.order.length; k++) {
    const partner = matches.partnerOfBefore[before.order[k]];
    if (partner >= 0) {
      P.push(k);
      Q.push(after.position[partner]);
    }
  }
  const suffixMin = new Float64Array(Q.length + 1).fill(Infinity);
  for (let i = Q.length - 1; i >= 0; i--) suffixMin[i] = Math.min(Q[i], suffixMin[i + 1]);
  let prefixMax = -1;
  let beforeFrom = 0;
  let afterFrom = 0;
  for (let i = 0; i < Q.length; i++) {
    const anchor = prefixMax < Q[i] && Q[i] < suffixMin[i + 1];
    prefixMax = Math.max(prefixMax, Q[i]);
    if (!anchor) continue;
    // Usually nothing lies between two anchors.
    if (P[i] > beforeFrom && Q[i] > afterFrom) pairRuns(freeRun(before, beforeFrom, P[i], (r) => matches.freeBefore(r)), freeRun(after, afterFrom, Q[i], (r) => matches.freeAfter(r)));
    beforeFrom = P[i] + 1;
    afterFrom = Q[i] + 1;
  }
  pairRuns(freeRun(before, beforeFrom, before.order.length, (r) => matches.freeBefore(r)), freeRun(after, afterFrom, after.order.length, (r) => matches.freeAfter(r)));
}

/** Matches two runs' regions (see the file's comment). */
export function matchDifferentRuns(before: Side, gx: ModuleGrouping, after: Side, gy: ModuleGrouping, matches: Matches): void {
  matchModules(before, gx, after, gy, matches);
  matchNamed(before, after, matches);
  matchThreadStacks(before, after, matches);
  matchNeighbours(before, after, matches);
}
