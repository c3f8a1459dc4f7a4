/** Messages between the page and the parse worker. Plain data: everything here is structured-cloneable. */
import type { Diagnostic, FormatName, LineStats, RegionIndexData, RegionTableData } from '../../src/internal';
import type { AnalysisInput } from './analysis-input';
import type { ViewData } from './view-data';

// V8 caps a string at 2^29 - 24 characters (v8/include/v8-primitive.h, String::kMaxLength);
// a parser that reads one string cannot take a larger file, so the worker refuses it up front.
export const MAX_TEXT_BYTES = 2 ** 29 - 24;

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
}

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

export interface DoneMessage {
  type: 'done';
  jobId: number;
  format: FormatName | 'unknown';
  table: RegionTableData;
  index: RegionIndexData;
  /** The address-space view's arrays (built here so that the page's first frame need not). */
  view: ViewData;
  /** Copies of what the analysis worker reads, for the page to hand on by transfer. */
  analysisInput: AnalysisInput;
  diagnostics: Diagnostic[];
  stats: LineStats;
  /** Sum of the regions' sizes (end - begin), exact. */
  mappedBytes: bigint;
  /** Bytes of the (decompressed) text. */
  textBytes: number;
  /** True when the input was gzip-compressed. */
  compressed: boolean;
  /** Things about the input a person should know that are not line diagnostics (e.g. invalid UTF-8). */
  notices: string[];
  /** Worker-side time of each phase, for the status bar and benchmarks (`layout`: the view's and the analysis's arrays). */
  timingsMs: { read: number; parse: number; index: number; layout: number };
}

export interface FailedMessage {
  type: 'failed';
  jobId: number;
  error: LoadErrorInfo;
}

export type WorkerMessage = ProgressMessage | DoneMessage | FailedMessage;
