/**
 * Messages between the page and the analysis worker (analyze.worker.ts). The page sends copies of
 * the table's columns and, for smaps, only what the analyses read of each record (Rss, Pss, Swap,
 * the Pss_Dirty field's presence and the nh/gd VmFlags): cloning 262,144 smaps records would
 * take the main thread longer than the analyses themselves. Modules come back without their
 * segment lists, which are runs of the address order (positions `firstPosition` onwards).
 */
import type { Finding, KnownFields, MemorySummary, Module, ModuleBasesData, RegionColumns, SummaryRow } from '../../src/internal';

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
  /**
   * The same grouping as address lookup's module index (src/query/module-bases.ts: the modules
   * above, then one per other named region, with name tables), as arrays the page adopts with
   * ModuleBases.fromData in O(1) instead of grouping again on its main thread.
   */
  moduleBases: ModuleBasesData;
  /** Worker time, in ms. */
  elapsedMs: number;
}

/**
 * Objects (modules, summary rows) per message. The page deserializes a message's objects in one
 * main-thread task, a few µs each with their bigints: 21,699 modules and as many summary rows in
 * one message held it ~70 ms at 262,144 regions. A large answer comes as parts, then `done`.
 */
export const PART_OBJECTS = 4096;

/** Part of a large answer, ahead of its `done`: modules and summary rows by module, in order. */
export interface AnalyzePart extends AnswerObjects {
  type: 'part';
  jobId: number;
}

/** Modules and summary rows by module, as one answer carries them. */
export interface AnswerObjects {
  modules: ModuleInfo[];
  byModule: SummaryRow[];
}

/**
 * Splits an answer's objects into parts of at most `partObjects` objects (modules first, then the
 * rows), leaving the rest — at most `partObjects` — for the `done` message. joinAnswer undoes it.
 */
export function splitAnswer(all: AnswerObjects, partObjects = PART_OBJECTS): { parts: AnswerObjects[]; rest: AnswerObjects } {
  const parts: AnswerObjects[] = [];
  let m = 0;
  let b = 0;
  while (all.modules.length - m + all.byModule.length - b > partObjects) {
    const modules = all.modules.slice(m, m + partObjects);
    const byModule = all.byModule.slice(b, b + partObjects - modules.length);
    parts.push({ modules, byModule });
    m += modules.length;
    b += byModule.length;
  }
  return { parts, rest: { modules: all.modules.slice(m), byModule: all.byModule.slice(b) } };
}

/** The answer's objects from its parts and its `done` message's rest, in order. */
export function joinAnswer(parts: readonly AnswerObjects[], rest: AnswerObjects): AnswerObjects {
  return {
    modules: parts.flatMap((p) => p.modules).concat(rest.modules),
    byModule: parts.flatMap((p) => p.byModule).concat(rest.byModule),
  };
}

/** `done` holds what no part held (the page puts the parts' modules and summary rows first). */
export type AnalyzeResponse = ({ type: 'done'; jobId: number } & Analysis) | AnalyzePart | { type: 'failed'; jobId: number; message: string };
