/**
 * The analyses of one file — module grouping, the summary, the lints and address lookup's module
 * index (src/analyze, src/query/module-index.ts) — run by the parse worker on the table it parsed,
 * smaps records and all, right after it has sent the table to the page. Modules go to the page
 * without their segment lists (runs of the address order); they and the summary rows by module
 * travel as columns (packAnswer), a large answer in parts.
 */
import { DELETED_SUFFIX, ModuleIndex, SEGMENT_ROLES, addrFromHiLo, groupModuleRuns, lintRegions, moduleFilesOfRuns, moduleName, moduleSizesOf, summarizeRegions, type Addr, type Finding, type MemorySummary, type Module, type ModuleFiles, type ModuleIndexData, type RegionTable, type SummaryRow } from '../../src/internal';

/** What a segment is to its module, per row: 0 none, then SegmentRole (ModuleRuns.roleOfRow). */
export const ROLE_CODES = ['none', ...SEGMENT_ROLES] as const;

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
  /**
   * The modules' files (moduleFilesOf): what the Summary sums a search's selection by, found here
   * once, so that the page never makes it (a Map over 319,094 modules' pathnames at 4,194,304
   * regions: an 830 ms main-thread task).
   */
  files: ModuleFiles;
  /** Worker time, in ms. */
  elapsedMs: number;
}

/** Modules and summary rows by module, as objects. */
export interface AnswerObjects {
  modules: PackedModule[];
  byModule: SummaryRow[];
}

/**
 * Unsigned 64-bit values, exact: each value's low 64 bits, and the few that do not fit (a sum of
 * sizes over 2^64 bytes, from many copies of one large region) whole beside them, by position.
 */
export interface BigColumn {
  bits: BigUint64Array;
  wide: [number, bigint][];
}

/**
 * The modules and summary rows by module of a message, as columns: a postMessage moves them by
 * transfer and a few string lists, where the same objects, deserialized one by one with their
 * bigints (a few µs each), held the page's main thread in ~26 tasks at 1,048,576 regions.
 * unpackAnswer builds the objects again in one pass.
 */
export interface PackedAnswer {
  modules: {
    /**
     * Per module: its pathname's id in the table's pathnames (RegionTable.pathnames, which the page
     * holds as the worker does), and its name's in `names` (distinct): no string a module — at
     * 4,194,304 regions 319,094 modules' two strings each were cloned, and held, one by one.
     */
    pathId: Int32Array;
    nameId: Int32Array;
    names: string[];
    /** Per module: index, firstPosition, segmentCount, anonymousAfterRow. */
    ints: Int32Array;
    /** Per module: beginAddr, endAddr, sizeBytes, fileBytes, bssBytes. */
    bytes: BigColumn;
    /** Per module: 1 executable, 2 deleted. */
    flags: Uint8Array;
  };
  byModule: {
    key: string[];
    /** Per row: count, rssBytes, pssBytes, swapBytes (NaN for null). */
    numbers: Float64Array;
    sizeBytes: BigColumn;
  };
}

const MODULE_INTS = 4;
const MODULE_BYTES = 5;
const ROW_NUMBERS = 4;
const U64 = (1n << 64n) - 1n;

function bigColumn(values: bigint[]): BigColumn {
  const bits = new BigUint64Array(values.length);
  const wide: [number, bigint][] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    bits[i] = v;
    if (v < 0n || v > U64) wide.push([i, v]);
  }
  return { bits, wide };
}

/** Each pathname of a table's list, to its id (packAnswer's `pathIds`). */
export function pathIdsOf(pathnames: readonly string[]): Map<string, number> {
  return new Map(pathnames.map((p, id) => [p, id]));
}

/** `all` as columns, the modules' pathnames as ids of `pathIds` (pathIdsOf the table's pathnames); unpackAnswer undoes it. */
export function packAnswer(all: AnswerObjects, pathIds: ReadonlyMap<string, number>): PackedAnswer {
  const { modules, byModule } = all;
  const pathId = new Int32Array(modules.length);
  const nameId = new Int32Array(modules.length);
  const nameIds = new Map<string, number>();
  const ints = new Int32Array(modules.length * MODULE_INTS);
  const bytes = new Array<bigint>(modules.length * MODULE_BYTES);
  const flags = new Uint8Array(modules.length);
  for (let i = 0; i < modules.length; i++) {
    const m = modules[i];
    const id = pathIds.get(m.pathname);
    if (id === undefined) throw new Error(`packAnswer: module ${m.index}'s pathname is not the table's`);
    pathId[i] = id;
    let n = nameIds.get(m.name);
    if (n === undefined) nameIds.set(m.name, (n = nameIds.size));
    nameId[i] = n;
    const k = i * MODULE_INTS;
    ints[k] = m.index;
    ints[k + 1] = m.firstPosition;
    ints[k + 2] = m.segmentCount;
    ints[k + 3] = m.anonymousAfterRow;
    const b = i * MODULE_BYTES;
    bytes[b] = m.beginAddr;
    bytes[b + 1] = m.endAddr;
    bytes[b + 2] = m.sizeBytes;
    bytes[b + 3] = m.fileBytes;
    bytes[b + 4] = m.bssBytes;
    flags[i] = (m.executable ? 1 : 0) | (m.deleted ? 2 : 0);
  }
  const numbers = new Float64Array(byModule.length * ROW_NUMBERS);
  for (let i = 0; i < byModule.length; i++) {
    const r = byModule[i];
    const n = i * ROW_NUMBERS;
    numbers[n] = r.count;
    numbers[n + 1] = r.rssBytes ?? NaN;
    numbers[n + 2] = r.pssBytes ?? NaN;
    numbers[n + 3] = r.swapBytes ?? NaN;
  }
  return {
    modules: { pathId, nameId, names: [...nameIds.keys()], ints, bytes: bigColumn(bytes), flags },
    byModule: { key: byModule.map((r) => r.key), numbers, sizeBytes: bigColumn(byModule.map((r) => r.sizeBytes)) },
  };
}

const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** The objects of a packed answer, in order; `pathnames`: the table's (the modules' pathnames are those very strings). */
export function unpackAnswer(packed: PackedAnswer, pathnames: readonly string[]): AnswerObjects {
  const { pathId, nameId, names, ints, flags } = packed.modules;
  const bytes = packed.modules.bytes.bits;
  const modules: PackedModule[] = [];
  for (let i = 0; i < pathId.length; i++) {
    const b = i * MODULE_BYTES;
    const k = i * MODULE_INTS;
    modules.push({
      index: ints[k],
      pathname: pathnames[pathId[i]],
      name: names[nameId[i]],
      beginAddr: bytes[b] as Addr,
      endAddr: bytes[b + 1] as Addr,
      sizeBytes: bytes[b + 2],
      fileBytes: bytes[b + 3],
      bssBytes: bytes[b + 4],
      anonymousAfterRow: ints[k + 3],
      executable: (flags[i] & 1) !== 0,
      deleted: (flags[i] & 2) !== 0,
      firstPosition: ints[k + 1],
      segmentCount: ints[k + 2],
    });
  }
  const fields = ['beginAddr', 'endAddr', 'sizeBytes', 'fileBytes', 'bssBytes'] as const;
  for (const [at, value] of packed.modules.bytes.wide) (modules[Math.floor(at / MODULE_BYTES)][fields[at % MODULE_BYTES]] as bigint) = value;
  const { key, numbers } = packed.byModule;
  const sizes = packed.byModule.sizeBytes.bits;
  const byModule: SummaryRow[] = [];
  for (let i = 0; i < key.length; i++) {
    const n = i * ROW_NUMBERS;
    byModule.push({ key: key[i], count: numbers[n], sizeBytes: sizes[i], rssBytes: orNull(numbers[n + 1]), pssBytes: orNull(numbers[n + 2]), swapBytes: orNull(numbers[n + 3]) });
  }
  for (const [at, value] of packed.byModule.sizeBytes.wide) byModule[at].sizeBytes = value;
  return { modules, byModule };
}

/** The buffers of a packed answer, for a postMessage transfer list. */
export function packedBuffers(packed: PackedAnswer): ArrayBuffer[] {
  const { modules, byModule } = packed;
  return [modules.pathId, modules.nameId, modules.ints, modules.bytes.bits, modules.flags, byModule.numbers, byModule.sizeBytes.bits].map((a) => a.buffer as ArrayBuffer);
}

/**
 * Objects (modules, summary rows) per message. The page builds a message's objects from their
 * columns (unpackAnswer) in one main-thread task: a large answer comes as parts, then the rest.
 * At 16,384 a part's task was 31–38 ms at 4,194,304 regions on a quiet machine, two thirds of it
 * the scavenges of its objects — past 50 ms under load.
 */
export const PART_OBJECTS = 8192;

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

/**
 * Appends `part`'s objects to `into`, in place and in order: the page joins a large answer part by
 * part, each in its own message's task, so that the last message does not copy them all at once.
 */
export function appendAnswer(into: AnswerObjects, part: AnswerObjects): AnswerObjects {
  for (const m of part.modules) into.modules.push(m);
  for (const r of part.byModule) into.byModule.push(r);
  return into;
}

/** The answer's objects from its parts and its last message's rest, in order. */
export function joinAnswer(parts: readonly AnswerObjects[], rest: AnswerObjects): AnswerObjects {
  const all: AnswerObjects = { modules: [], byModule: [] };
  for (const part of parts) appendAnswer(all, part);
  return appendAnswer(all, rest);
}

/**
 * The analysis of `table`, whose rows ascend by address in `order` (RegionIndex.order), from the
 * grouping's arrays (groupModuleRuns): no object per region, one per module only for the page.
 */
export function analyzeTable(table: RegionTable, order: Uint32Array): Analysis {
  const started = performance.now();
  const runs = groupModuleRuns(table, order);
  // Address lookup's module index over the same grouping, made here so the page never groups.
  const moduleBases = ModuleIndex.fromGrouping(table, order, { runs }).toData();
  const files = moduleFilesOfRuns(table.pathnames, runs);
  const summary = summarizeRegions(table, order, { moduleOfRow: runs.moduleOfRow, files });
  const findings = lintRegions(table, order, { runs });
  const { beginHi, beginLo } = table.columns;
  // A module's name is its pathname's: found once per pathname id.
  const names = new Array<string | undefined>(table.pathnames.length);
  const modules: PackedModule[] = [];
  for (let m = 0; m < runs.firstRow.length; m++) {
    const id = runs.pathId[m];
    const pathname = table.pathnames[id];
    const first = runs.firstRow[m];
    const { sizeBytes, fileBytes, bssBytes } = moduleSizesOf(table, order, runs, m);
    // Fields named one by one: a spread copied each of 81,372 modules property by property (--cpu-prof).
    modules.push({
      index: m,
      pathname,
      name: (names[id] ??= moduleName(pathname)),
      beginAddr: addrFromHiLo(beginHi[first], beginLo[first]),
      endAddr: addrFromHiLo(runs.endHi[m], runs.endLo[m]),
      sizeBytes,
      fileBytes,
      bssBytes,
      anonymousAfterRow: runs.anonymousAfterRow[m],
      executable: runs.executable[m] === 1,
      deleted: pathname.endsWith(DELETED_SUFFIX),
      firstPosition: runs.firstPosition[m],
      segmentCount: runs.segmentCount[m],
    });
  }
  return { summary, findings, modules, moduleOfRow: runs.moduleOfRow, roleOfRow: runs.roleOfRow, moduleBases, files, elapsedMs: performance.now() - started };
}
