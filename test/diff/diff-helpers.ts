/** Helpers of the diff tests: maps texts edited the way a process or a second run changes them, and checks of a diff's shape. */
import { expect } from 'vitest';
import { formatMapsLine, parseMaps, type RegionFields, type SnapshotDiff } from '../../src/internal';

/** The regions of a maps text as plain fields, in file order. */
export function fieldsOf(text: string): RegionFields[] {
  return parseMaps(text).regions.toArray().map((r) => ({ begin: r.begin, end: r.end, perms: r.perms, offset: r.offset, device: r.device, inode: r.inode, pathname: r.pathname }));
}

/** A maps text of the given regions. */
export function mapsText(regions: readonly RegionFields[]): string {
  return regions.map((r) => formatMapsLine(r) + '\n').join('');
}

/** Every row of `length` exactly once among `parts` (sorted copies compared). */
export function expectPartition(length: number, parts: readonly ArrayLike<number>[]): void {
  const all: number[] = [];
  for (const p of parts) for (let i = 0; i < p.length; i++) all.push(p[i]);
  all.sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length }, (_, i) => i));
}

/** The rows of each side a diff accounts for, by category. */
export function sidesOf(d: SnapshotDiff): { before: ArrayLike<number>[]; after: ArrayLike<number>[] } {
  const g = d.groups;
  return {
    before: [d.removed, d.changed.before, d.unchanged.before, g.beforeRows],
    after: [d.added, d.changed.after, d.unchanged.after, g.afterRows],
  };
}

/** The pairs of a diff as "before>after:rule:what" strings, sorted (swap: as the mirror diff writes them). */
export function pairStrings(d: SnapshotDiff, swap = false): string[] {
  const out: string[] = [];
  for (const list of [d.changed, d.unchanged]) {
    for (let k = 0; k < list.before.length; k++) {
      const [a, b] = swap ? [list.after[k], list.before[k]] : [list.before[k], list.after[k]];
      out.push(`${a}>${b}:${list.rule[k]}:${list.what[k]}`);
    }
  }
  return out.sort();
}
