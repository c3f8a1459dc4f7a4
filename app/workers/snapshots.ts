/**
 * The set of snapshots the parse worker holds for the page: every input of the last load (one
 * file, two compared, a series), parsed once, so that comparing two of them or showing one on
 * the timeline's scrubber needs no read and no parse again — and no table travels from the page
 * back to the worker. The page keeps only the shown one's table and each one's totals
 * (SnapshotInfo); a new load replaces the set and raises its generation.
 */
import { RegionTable, sumRegionSizes, type ParseResult, type RegionIndex } from '../../src/internal';
import type { HeldSnapshotData, SessionMessage } from './protocol';
import { buildSeriesData, snapshotInfo } from './series-data';
import type { ViewData } from './view-data';

/** One parsed input of the set, with what its `loaded` message says about it. */
export interface HeldSnapshot {
  result: ParseResult;
  fileName: string;
  /** When it was taken (a recording's header), in ms since the epoch; null when unknown. */
  timeMs: number | null;
  textBytes: number;
  compressed: boolean;
  notices: string[];
  readMs: number;
  parseMs: number;
  /** Its view, built and kept while the scrubber may come back to it (SnapshotSet.keepBuilt). */
  built?: BuiltView;
  /** The sum of its regions' sizes, once summed (mappedBytesOf). */
  mappedBytes?: bigint;
}

/** The sum of a snapshot's region sizes, exact, summed once: its entry in the set's list and its `loaded` message both say it (4,194,304 regions: 35–70 ms a pass). */
export function mappedBytesOf(held: HeldSnapshot): bigint {
  return (held.mappedBytes ??= sumRegionSizes(held.result.regions));
}

/** A snapshot's table copy, index and view arrays, as the page receives them. */
export interface BuiltView {
  sent: RegionTable;
  index: RegionIndex;
  view: ViewData;
  /** Worker time of the copy and index, and of the view arrays, when built. */
  indexMs: number;
  layoutMs: number;
}

/** Snapshots whose built view is kept: the scrubber's neighbourhood, a few MB each at 65,530 regions. */
const KEPT_VIEWS = 12;

/** A snapshot the page sent back (the worker that held it was restarted). */
export function heldFromData(data: HeldSnapshotData): HeldSnapshot {
  const { fileName, format, diagnostics, diagnosticGroups, stats } = data;
  return { result: { format, regions: new RegionTable(data.table), diagnostics, diagnosticGroups, stats }, fileName, timeMs: null, textBytes: 0, compressed: false, notices: [], readMs: 0, parseMs: 0 };
}

export class SnapshotSet {
  private generation = 0;
  private held: HeldSnapshot[] = [];
  /** Snapshots with a kept view, the most recently shown last. */
  private withViews: HeldSnapshot[] = [];
  /** The snapshot the scrubber showed last, or -1. */
  private lastShown = -1;

  /** Notes that the scrubber shows snapshot `index`; returns its direction of travel (-1, 0 or 1). */
  stepTo(index: number): number {
    const step = this.lastShown < 0 ? 0 : Math.sign(index - this.lastShown);
    this.lastShown = index;
    return step;
  }

  /** Keeps `built` with `held`, letting go of the view of the snapshot shown longest ago beyond KEPT_VIEWS. */
  keepBuilt(held: HeldSnapshot, built: BuiltView): void {
    held.built = built;
    this.withViews = [...this.withViews.filter((h) => h !== held), held];
    while (this.withViews.length > KEPT_VIEWS) delete this.withViews.shift()!.built;
  }

  /** Holds `snapshots` instead of the present set; returns the new generation. */
  replace(snapshots: HeldSnapshot[]): number {
    this.held = snapshots;
    this.lastShown = -1;
    for (const h of this.withViews) if (!snapshots.includes(h)) delete h.built;
    this.withViews = this.withViews.filter((h) => snapshots.includes(h));
    return ++this.generation;
  }

  /** Snapshot `index` of generation `generation`, or undefined when that set is gone. */
  at(generation: number, index: number): HeldSnapshot | undefined {
    return generation === this.generation ? this.held[index] : undefined;
  }

  /** The present set's snapshots at `indexes`, or null when one of them is not held (the page then sends it). */
  pick(indexes: readonly number[]): HeldSnapshot[] | null {
    const picked = indexes.map((i) => this.held[i]);
    return picked.every((h) => h !== undefined) ? picked : null;
  }

  /** The set as the page lists it, with the timeline's data when `series`. */
  describe(jobId: number, series: boolean): SessionMessage {
    return {
      type: 'session',
      jobId,
      generation: this.generation,
      snapshots: this.held.map((h) => snapshotInfo(h.result, h.fileName, h.timeMs, mappedBytesOf(h))),
      series: series ? buildSeriesData(this.held.map((h) => ({ timeMs: h.timeMs, result: h.result }))) : null,
    };
  }
}
