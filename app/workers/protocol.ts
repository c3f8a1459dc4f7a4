/**
 * Messages between the page and the parse worker. Plain data: everything here is structured-cloneable.
 * One load is one job, answered in stages: progress, then `loaded` (table, index, view data — the
 * first frame needs nothing more) and `found` (what lookup and search would scan the rows for),
 * then — once the page says it has painted that frame, or after at most 300 ms — the analysis
 * (`analysis`), and address lookup's module index (`module-index`).
 */
import type { AddressSpaceShape, ArtifactInfo, Diagnostic, DiagnosticGroup, IndexFound, ModuleIndexData, ResultFormat, LineStats, RegionIndexData, RegionTableData } from '../../src/internal';
import type { Analysis, PackedAnswer } from './analysis';
import type { ComparisonData } from './compare-table';
import type { SentTableData } from './sent-table';
import type { SeriesData, SnapshotInfo } from './series-data';
import type { ViewData } from './view-data';

/**
 * Where the input comes from. A File or Blob is cloned to the worker by reference and read there,
 * never on the page; pasted text travels as a Blob too, so every input takes the same path.
 */
export type LoadSource = { kind: 'file'; file: Blob; fileName: string } | { kind: 'url'; url: string; fileName: string };

export interface LoadRequest {
  type: 'load';
  jobId: number;
  source: LoadSource;
  /** Largest decoded text the worker accepts, in bytes. */
  maxTextBytes: number;
  /** Which of a crash artifact's memory maps to read (ArtifactInfo.choices); the reader's default when absent. */
  choice?: number;
}

/**
 * Analyse a table the page holds again: only when the worker that was analysing it was stopped
 * (a load cancelled while the shown file's analysis still ran), so that the file shown again is
 * analysed after all. The table and order are cloned, not transferred: the page keeps showing them.
 */
export interface AnalyzeRequest {
  type: 'analyze';
  jobId: number;
  table: RegionTableData;
  order: Uint32Array;
}

/** The page has painted the first frame of a job's file: its analysis may start (it no longer competes with that frame for the cores). */
export interface PaintedRequest {
  type: 'painted';
  jobId: number;
}

/**
 * Several inputs read as one set of snapshots the worker holds (snapshots.ts): `compare` shows the
 * first two compared (two files dropped at once), `series` a timeline (three or more, or a
 * recording). `keep`: snapshots of the set the worker holds now to keep in front (Compare with…
 * keeps the shown one); `keepData`: the same snapshot sent by the page when the worker no longer
 * holds it (it was restarted), cloned.
 */
export interface LoadManyRequest {
  type: 'load-many';
  jobId: number;
  sources: LoadSource[];
  maxTextBytes: number;
  show: 'compare' | 'series';
  keep: number[];
  keepData: HeldSnapshotData | null;
}

/** A snapshot as the page can send it back (the shown file's parse result and name). */
export interface HeldSnapshotData {
  fileName: string;
  format: ResultFormat | 'unknown';
  table: RegionTableData;
  diagnostics: Diagnostic[];
  diagnosticGroups: DiagnosticGroup[];
  stats: LineStats;
}

/** Show snapshot `index` of the set (the timeline's scrubber), or the comparison of two of them. */
export interface ShowRequest {
  type: 'show';
  jobId: number;
  /** Set generation the indexes belong to (SessionMessage.generation); a stale request is dropped. */
  generation: number;
  index: number;
  /** With `compareTo`: the comparison of snapshot `compareTo` (before) with `index` (after). */
  compareTo: number | null;
}

export type WorkerRequest = LoadRequest | AnalyzeRequest | PaintedRequest | LoadManyRequest | ShowRequest;

/** What the worker is doing. `reading` covers decompression, which streams with the read. */
export type LoadPhase = 'reading' | 'parsing' | 'indexing';

export interface LoadProgress {
  phase: LoadPhase;
  /** Input bytes read so far (compressed bytes for a .gz). */
  doneBytes: number;
  /** Input size in bytes; null when unknown (a download without Content-Length). */
  totalBytes: number | null;
}

/** Why nothing could be shown. */
export type LoadErrorCode =
  | 'empty'
  | 'binary'
  | 'too-large'
  | 'unreadable'
  | 'nothing-read'
  | 'crashed';

export interface LoadErrorInfo {
  code: LoadErrorCode;
  /** One sentence a person understands. */
  message: string;
}

export interface ProgressMessage extends LoadProgress {
  type: 'progress';
  jobId: number;
}

/** The first stage of a finished load: everything the page shows before the analysis. */
export interface LoadedMessage {
  type: 'loaded';
  jobId: number;
  format: ResultFormat | 'unknown';
  /** What the crash artifact says beside its map (fault address, frames, title, choices); absent for a map file. */
  artifact?: ArtifactInfo;
  /** Its pathnames packed into one string (sent-table.ts). */
  table: SentTableData;
  index: RegionIndexData;
  /** The address-space view's arrays (built here so that the page's first frame need not). */
  view: ViewData;
  /** The kept examples (bounded: see ParseResult), and every kind with its exact count; the groups' examples are the same objects. */
  diagnostics: Diagnostic[];
  diagnosticGroups: DiagnosticGroup[];
  stats: LineStats;
  /** Sum of the regions' sizes (end - begin), exact. */
  mappedBytes: bigint;
  /** Bytes of the (decompressed) text. */
  textBytes: number;
  /** True when the input was gzip-compressed. */
  compressed: boolean;
  /** Things about the input a person should know that are not line diagnostics (e.g. invalid UTF-8). */
  notices: string[];
  /** Worker-side time of each phase, for the status bar and benchmarks (`layout`: the view's arrays and the analysis's copy of the columns). */
  timingsMs: { read: number; parse: number; index: number; layout: number };
  /** The name to show when it is not the request's (a snapshot of a set, a comparison). */
  fileName?: string;
  /** Which snapshot of the worker's set this is (-1: a comparison of two), and the set's generation. */
  snapshot?: { generation: number; index: number };
  /** When the table is a comparison of two snapshots: what changed, row by row (compare-table.ts). */
  comparison?: ComparisonData;
}

/**
 * What the worker finds of a shown table's index right after sending it, while the page builds its
 * first frame: the address space's shape and the row groups a search reads (IndexFound: by name,
 * kind, permissions and size), adopted by the page's index (RegionIndex.adoptFound) — address
 * lookup and search then never scan the rows on the main thread (at 4,194,304 regions two
 * idle-time tasks of 30–130 ms for the first two, seconds of idle slices for the groups).
 */
/**
 * The address space's shape (RegionIndex.addressSpace), sent right after the table and before
 * `found`, whose row groups take the worker a few hundred ms at 4,194,304 regions: the page's
 * address lookup finds it in idle time after its first frame, and made there it was one task of
 * 60–100 ms (app-load's task list).
 */
export interface ShapeMessage {
  type: 'shape';
  jobId: number;
  addressSpace: AddressSpaceShape | undefined;
}

export interface FoundMessage extends IndexFound {
  type: 'found';
  jobId: number;
}

/** The set of snapshots the worker now holds (after a load-many, or a single load: a set of one). */
export interface SessionMessage {
  type: 'session';
  jobId: number;
  /** Increases with every new set; requests name it. */
  generation: number;
  snapshots: SnapshotInfo[];
  /** The timeline's data, for a set of three or more. */
  series: SeriesData | null;
}

export interface FailedMessage {
  type: 'failed';
  jobId: number;
  error: LoadErrorInfo;
}

/**
 * The analysis of the job's table. Its modules and summary rows by module are `answer`'s (the
 * summary's list in `analysis` is empty), its files `filePathIds`.
 */
export interface AnalysisMessage {
  type: 'analysis';
  jobId: number;
  /** Its `files.files` is empty: the files are `filePathIds`. */
  analysis: Omit<Analysis, 'modules'>;
  answer: PackedAnswer;
  /** The modules' files (Analysis.files.files), as ids of the table's pathnames. */
  filePathIds: Int32Array;
}

/** Address lookup's module index of the job's table, after its `analysis` (ModuleIndex.toData: the page adopts it in O(1)). */
export interface ModuleIndexMessage {
  type: 'module-index';
  jobId: number;
  moduleBases: ModuleIndexData;
}

/** The analysis, or the module index after it, failed: the file has no module index. */
export interface AnalysisFailedMessage {
  type: 'analysis-failed';
  jobId: number;
  message: string;
}

export type WorkerMessage = ProgressMessage | LoadedMessage | ShapeMessage | FoundMessage | FailedMessage | AnalysisMessage | ModuleIndexMessage | AnalysisFailedMessage | SessionMessage;
