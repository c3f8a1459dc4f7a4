/**
 * The page's requests about the set of snapshots the parse worker holds (snapshots.ts): compare
 * the shown snapshot with another file (Compare with…), show one snapshot of a series (the
 * timeline's scrubber), compare two of them. Each is one job of parse-client.ts.
 */
import { MAX_TEXT_BYTES } from '../../src/internal';
import { getLoadedFile, snapshotSetStore } from '../state/app-store';
import type { LoadedFile } from '../state/loaded-file';
import type { HeldSnapshotData } from './protocol';
import { startJob } from './parse-client';

/**
 * The shown snapshot as the page can send it back to a worker that no longer holds it: the file,
 * or a comparison's after side (its first `afterRows` rows). Cloned by postMessage, so made only then.
 */
function shownSnapshotData(file: LoadedFile): HeldSnapshotData | null {
  if (file.table === null || file.format === null) return null;
  const diagnostics = [...file.diagnostics];
  const diagnosticGroups = [...file.diagnosticGroups];
  const stats = file.stats ?? { lines: 0, regions: 0, blank: 0, recognized: 0, rejected: 0 };
  const data = file.table.toData();
  const comparison = file.comparison;
  if (comparison === null) return { fileName: file.fileName ?? 'shown file', format: file.format, table: data, diagnostics, diagnosticGroups, stats };
  const n = comparison.afterRows;
  return {
    fileName: comparison.afterName,
    format: file.format,
    table: { ...data, length: n, smaps: data.smaps?.slice(0, n) ?? null },
    diagnostics: [],
    diagnosticGroups: [],
    stats,
  };
}

/** Compares the shown snapshot (before) with `file` (after). */
export function compareWith(file: File): void {
  const shown = getLoadedFile();
  const set = snapshotSetStore.get();
  const index = shown.snapshot === null ? -1 : shown.snapshot.index >= 0 ? shown.snapshot.index : (shown.comparison?.afterIndex ?? -1);
  const held = set.held && shown.snapshot?.generation === set.generation && index >= 0;
  const keepData = held ? null : shownSnapshotData(shown);
  const before = shown.comparison?.afterName ?? shown.fileName ?? 'shown file';
  const fileName = file.name || 'unnamed file';
  startJob(
    (jobId) => ({
      type: 'load-many',
      jobId,
      sources: [{ kind: 'file', file, fileName }],
      maxTextBytes: MAX_TEXT_BYTES,
      show: 'compare',
      keep: held ? [index] : [],
      keepData,
    }),
    { fileName: `${before} → ${fileName}`, origin: 'picker', sizeBytes: file.size },
  );
}

/** Shows snapshot `index` of the set on its own. */
export function showSnapshot(index: number): void {
  const { generation } = snapshotSetStore.get();
  startJob((jobId) => ({ type: 'show', jobId, generation, index, compareTo: null }), 'quiet');
}

/** Shows the comparison of snapshot `before` with snapshot `after` of the set. */
export function compareSnapshotsOfSet(before: number, after: number): void {
  const { generation } = snapshotSetStore.get();
  snapshotSetStore.set({ pick: -1 });
  startJob((jobId) => ({ type: 'show', jobId, generation, index: after, compareTo: before }), 'quiet');
}

/**
 * Adds `files` as the newest snapshots of the set the worker holds, the newest shown and the view
 * kept (a quiet job): the live view's series, on the timeline from three snapshots on. The
 * snapshots held stay parsed in the worker; only the new ones are read.
 */
export function appendSnapshots(files: readonly File[]): void {
  const set = snapshotSetStore.get();
  const keep = set.held ? set.snapshots.map((_, i) => i) : [];
  const sources = files.map((file) => ({ kind: 'file' as const, file, fileName: file.name || 'unnamed file' }));
  startJob((jobId) => ({ type: 'load-many', jobId, sources, maxTextBytes: MAX_TEXT_BYTES, show: 'series', keep, keepData: null }), 'quiet');
}
