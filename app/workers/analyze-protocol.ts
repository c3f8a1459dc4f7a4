/**
 * Messages between the page and the analysis worker (analyze.worker.ts). The page sends copies of
 * the table's columns and, for smaps, only what the analyses read of each record (Rss, Pss, Swap,
 * the Pss_Dirty field's presence and the nh/gd VmFlags): cloning 262,144 smaps records would
 * take the main thread longer than the analyses themselves. Modules come back without their
 * segment lists, which are runs of the address order (positions `firstPosition` onwards).
 */
import type { Finding, KnownFields, MemorySummary, Module, RegionColumns } from '../../src/index';

/** Per-row bits of `AnalyzeRequest.smapsBits`. */
export const SMAPS_RECORD = 1;
export const SMAPS_HAS_FIELDS = 2;
export const SMAPS_PSS_DIRTY = 4;
export const SMAPS_FLAG_NH = 8;
export const SMAPS_FLAG_GD = 16;
export const SMAPS_HAS_VMFLAGS = 32;

export interface AnalyzeRequest {
  type: 'analyze';
  jobId: number;
  length: number;
  columns: RegionColumns;
  pathnames: string[];
  known: KnownFields;
  /** Rows ascending by address (RegionIndex.order). */
  order: Uint32Array;
  /** Null without smaps; else Rss/Pss/Swap in bytes per row (NaN: the record lacks the field) and SMAPS_* bits. */
  smaps: { rss: Float64Array; pss: Float64Array; swap: Float64Array; bits: Uint8Array } | null;
}

/** What a segment is to its module, per row: 0 none, then SegmentRole. */
export const ROLE_CODES = ['none', 'file', 'gap', 'bss'] as const;

/** A module without its segment list. */
export type ModuleInfo = Omit<Module, 'segments'> & {
  /** Position in the address order of its first region; its regions are the next `segmentCount`. */
  firstPosition: number;
  segmentCount: number;
};

/** The analyses of one file. */
export interface Analysis {
  summary: MemorySummary;
  findings: Finding[];
  /** Address order. */
  modules: ModuleInfo[];
  /** Per row: index into `modules`, or -1. */
  moduleOfRow: Int32Array;
  /** Per row: index into ROLE_CODES. */
  roleOfRow: Uint8Array;
  /** Worker time, in ms. */
  elapsedMs: number;
}

export type AnalyzeResponse = ({ type: 'done'; jobId: number } & Analysis) | { type: 'failed'; jobId: number; message: string };
