/**
 * A loaded snapshot: one file — its table, index, view model, analysis, module index and
 * diagnostics — in one object, or the state of its load. The app store (app-store.ts) holds a
 * list of them with one current; the shell writes them (app/workers/parse-client.ts).
 */
import type { ArtifactInfo, Diagnostic, DiagnosticGroup, ResultFormat, LineStats, ModuleIndex, RegionIndex, RegionTable } from '../../src/internal';
import type { LoadErrorInfo, LoadProgress, LoadSource } from '../workers/protocol';
import type { Analysis } from '../workers/analysis';
import type { Comparison } from './snapshot-set';
import type { ViewModel } from './view-model';

/** Where the module index of a file stands: it comes with the analysis, the job's last stage. */
export type ModuleIndexState = { status: 'ready'; modules: ModuleIndex } | { status: 'pending' } | { status: 'failed'; message: string };

export const MODULES_PENDING: ModuleIndexState = { status: 'pending' };

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

/** How the file came: an example, dropped, picked, pasted, a share link, or a snapshot from `mapscope serve` (app/live/). */
export type LoadOrigin = 'sample' | 'drop' | 'picker' | 'paste' | 'link' | 'live';

export interface LoadedFile {
  status: LoadStatus;
  /** The parse worker's job that loaded the file (its analysis arrives under the same id); 0 for none. */
  jobId: number;
  /** Increases with every load started, so that views can reset (zoom, selection) per file. */
  loadId: number;
  fileName: string | null;
  origin: LoadOrigin | null;
  /** What the file was read from (a File or Blob by reference, or an example's URL): a share link reads it again. */
  source: LoadSource | null;
  /** Size of the input as given (compressed size for a .gz), in bytes. */
  sizeBytes: number | null;
  /** Size of the text that was parsed, in bytes. */
  textBytes: number | null;
  compressed: boolean;
  format: ResultFormat | 'unknown' | null;
  /** What a crash artifact says beside its map (title, fault address, frames, which of its maps was read); null for a map file. */
  artifact: ArtifactInfo | null;
  table: RegionTable | null;
  index: RegionIndex | null;
  /** The address-space view's model, over the worker's arrays. */
  view: ViewModel | null;
  /** Modules, summary and findings; null until the worker sends them (or when it failed: see moduleIndex). */
  analysis: Analysis | null;
  /** Address lookup's module index, adopted from the worker's message after the analysis; its `failed` state says why the analysis failed. */
  moduleIndex: ModuleIndexState;
  /** Sum of the regions' sizes, exact. */
  mappedBytes: bigint | null;
  /** The kept examples of errors (lines that could not be read) and warnings, in line order (at most 100 of a kind). */
  diagnostics: readonly Diagnostic[];
  /** Every kind of diagnostic with its exact count and its kept examples, in order of first line. */
  diagnosticGroups: readonly DiagnosticGroup[];
  stats: LineStats | null;
  /** Facts about the input that are not about one line (e.g. invalid UTF-8). */
  notices: readonly string[];
  /** While loading: what the worker is doing. */
  progress: LoadProgress | null;
  /** When failed: why. */
  error: LoadErrorInfo | null;
  /** Worker time per phase of the last load, in ms. */
  timingsMs: { read: number; parse: number; index: number } | null;
  /** Which snapshot of the worker's set this is (snapshot-set.ts; index -1: a comparison), or null. */
  snapshot: { generation: number; index: number } | null;
  /** When this is a comparison of two snapshots: what changed, row by row. */
  comparison: Comparison | null;
}

export const IDLE: LoadedFile = {
  status: 'idle',
  jobId: 0,
  loadId: 0,
  fileName: null,
  origin: null,
  source: null,
  sizeBytes: null,
  textBytes: null,
  compressed: false,
  format: null,
  artifact: null,
  table: null,
  index: null,
  view: null,
  analysis: null,
  moduleIndex: MODULES_PENDING,
  mappedBytes: null,
  diagnostics: [],
  diagnosticGroups: [],
  stats: null,
  notices: [],
  progress: null,
  error: null,
  timingsMs: null,
  snapshot: null,
  comparison: null,
};
