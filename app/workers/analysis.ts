/**
 * The analyses of one file — module grouping, the summary, the lints and address lookup's module
 * index (src/analyze, src/query/module-bases.ts) — run by the parse worker on the table it parsed,
 * smaps records and all, right after it has sent the table to the page. Modules go to the page
 * without their segment lists (runs of the address order) and a large answer in parts.
 */
import { ModuleIndex, groupModules, lintRegions, summarizeRegions, type Finding, type MemorySummary, type Module, type ModuleIndexData, type RegionTable, type SummaryRow } from '../../src/internal';

/** What a segment is to its module, per row: 0 none, then SegmentRole. */
export const ROLE_CODES = ['none', 'file', 'gap', 'bss'] as const;

/** A Module (src/analyze/modules.ts) as the page receives it: its segments are a run of the address order, not a list. */
export type PackedModule = Omit<Module, 'segments'> & {
  /** Position in the address order of its first region; its regions are the next `segmentCount`. */
  firstPosition: number;
  segmentCount: number;
};

/** The analyses of one file. */
export interface Analysis {
  summary: MemorySummary;
  findings: Finding[];
  /** Address order. */
  modules: PackedModule[];
  /** Per row: index into `modules`, or -1. */
  moduleOfRow: Int32Array;
  /** Per row: index into ROLE_CODES. */
  roleOfRow: Uint8Array;
  /**
   * The same grouping as address lookup's module index (src/query/module-bases.ts: the modules
   * above, then one per other named region, with name tables), as arrays the page adopts with
   * ModuleIndex.fromData in O(1) instead of grouping again on its main thread.
   */
  moduleBases: ModuleIndexData;
  /** Worker time, in ms. */
  elapsedMs: number;
}

/**
 * Objects (modules, summary rows) per message. The page deserializes a message's objects in one
 * main-thread task, a few µs each with their bigints: 21,699 modules and as many summary rows in
 * one message held it ~70 ms at 262,144 regions. A large answer comes as parts, then the rest.
 */
export const PART_OBJECTS = 4096;

/** Modules and summary rows by module, as one message carries them. */
export interface AnswerObjects {
  modules: PackedModule[];
  byModule: SummaryRow[];
}

/**
 * Splits an answer's objects into parts of at most `partObjects` objects (modules first, then the
 * rows), leaving the rest — at most `partObjects` — for the last message. joinAnswer undoes it.
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

/** The answer's objects from its parts and its last message's rest, in order. */
export function joinAnswer(parts: readonly AnswerObjects[], rest: AnswerObjects): AnswerObjects {
  return {
    modules: parts.flatMap((p) => p.modules).concat(rest.modules),
    byModule: parts.flatMap((p) => p.byModule).concat(rest.byModule),
  };
}

/** The analysis of `table`, whose rows ascend by address in `order` (RegionIndex.order). */
export function analyzeTable(table: RegionTable, order: Uint32Array): Analysis {
  const started = performance.now();
  const grouping = groupModules(table, order);
  // Address lookup's module index over the same grouping, made here so the page never groups.
  const moduleBases = ModuleIndex.fromGrouping(table, order, grouping).toData();
  const summary = summarizeRegions(table, order, grouping);
  const findings = lintRegions(table, order, grouping);
  // A module's first position: its first segment is the first of its rows met in address order.
  const firstPosition = new Int32Array(grouping.modules.length).fill(-1);
  for (let k = 0; k < order.length; k++) {
    const m = grouping.moduleOfRow[order[k]];
    if (m >= 0 && firstPosition[m] < 0) firstPosition[m] = k;
  }
  const roleOfRow = new Uint8Array(table.length);
  const modules: PackedModule[] = grouping.modules.map(({ segments, ...m }) => {
    for (const s of segments) roleOfRow[s.row] = ROLE_CODES.indexOf(s.role);
    return { ...m, firstPosition: firstPosition[m.index], segmentCount: segments.length };
  });
  return { summary, findings, modules, moduleOfRow: grouping.moduleOfRow, roleOfRow, moduleBases, elapsedMs: performance.now() - started };
}
