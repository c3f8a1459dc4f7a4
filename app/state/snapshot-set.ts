/**
 * The set of snapshots loaded together — one file, two compared, or a series (several files, a
 * recording) — as a slice of the app's one store (app-store.ts: snapshotSetStore). The parse worker holds
 * their tables (app/workers/snapshots.ts); the page holds each one's totals (SnapshotInfo), the
 * timeline's data and, as the store's current file, the snapshot or the comparison it shows.
 */
import { RegionTable } from '../../src/internal';
import type { ChangeName, ComparisonData } from '../workers/compare-table';
import type { SeriesData, SnapshotInfo } from '../workers/series-data';

export interface SnapshotSetState {
  /** The worker's generation of the set (requests name it); 0 before any load. */
  generation: number;
  /** False once the worker that held the set was stopped (a cancelled load): the page then sends the shown snapshot back. */
  held: boolean;
  snapshots: readonly SnapshotInfo[];
  /** The timeline's data: for three snapshots or more. */
  series: SeriesData | null;
  /** The snapshot shown on its own, or -1 (a comparison: the current file's `comparison` says of which two). */
  shown: number;
  /** The timeline's first pick of two to compare, or -1. */
  pick: number;
  /** A snapshot or a comparison is being made in the worker (the view stays as it is until it comes). */
  busy: boolean;
  /** Why the last request failed, or null. */
  error: string | null;
  /** Which changes the region table lists: bit `1 << CHANGE code` (compare-table.ts) set for each shown. */
  changeFilter: number;
}

/** Every change shown. */
export const ALL_CHANGES = 0b1111;

export const INITIAL_SNAPSHOT_SET: SnapshotSetState = { generation: 0, held: false, snapshots: [], series: null, shown: -1, pick: -1, busy: false, error: null, changeFilter: ALL_CHANGES };

/** A comparison as the page holds it: the worker's per-row arrays, and the before's table wrapped. */
export interface Comparison extends Omit<ComparisonData, 'before'> {
  before: RegionTable;
}

/** The page's form of a comparison message (the before's columns arrive by transfer and are wrapped, not copied). */
export function adoptComparison(data: ComparisonData): Comparison {
  return { ...data, before: new RegionTable(data.before) };
}

/** The comparison's words for the header: "N added, M removed, K changed". */
export function changeCountsText(counts: Record<ChangeName, number>): string {
  const f = (n: number) => n.toLocaleString('en-US');
  return `${f(counts.added)} added, ${f(counts.removed)} removed, ${f(counts.changed)} changed`;
}
