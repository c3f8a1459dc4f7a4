/**
 * The analyses of one file — module grouping, the summary, the lints and address lookup's module
 * index (src/analyze, src/query/module-index.ts) — run by the parse worker on the table it parsed,
 * smaps records and all, right after it has sent the table to the page. Modules go to the page
 * without their segment lists (runs of the address order); they and the summary rows by module
 * travel as columns (packAnswer), a large answer in parts.
 */
import { DELETED_SUFFIX, ModuleIndex, SEGMENT_ROLES, addrFromHiLo, groupModuleRuns, lintRegions, moduleFilesOfRuns, moduleName, moduleSizesOf, summarizeRegions, type Addr, type Finding, type MemorySummary, type Module, type ModuleFiles, type ModuleIndexData, type ModuleRuns, type RegionTable, type SummaryRow } from '../../src/internal';

/** What a segment is to its module, per row: 0 none, then SegmentRole (ModuleRuns.roleOfRow). */
export const ROLE_CODES = ['none', ...SEGMENT_ROLES] as const;
const ROLE_FILE = ROLE_CODES.indexOf('file');
const ROLE_BSS = ROLE_CODES.indexOf('bss');

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
  return { modules: { pathId, nameId, names: [...nameIds.keys()], ints, bytes: bigColumn(bytes), flags }, byModule: packRows(byModule, 0, byModule.length) };
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
 * the scavenges of its objects — past 50 ms under load. At 8,192 the parts' tasks still took up to
 * 28 ms CPU at 1,048,576 regions (19 at 4,194,304); at 2,048, 18–24 (14), in the same runs.
 */
export const PART_OBJECTS = 2048;

/**
 * Splits an answer's objects into parts of at most `partObjects` objects (modules first, then the
 * rows), leaving the rest — at most `partObjects` — for the last message. joinAnswer undoes it.
 */
export function splitAnswer(all: AnswerObjects, partObjects = PART_OBJECTS): { parts: AnswerObjects[]; rest: AnswerObjects } {
  const slice = (r: AnswerRange): AnswerObjects => ({ modules: all.modules.slice(r.moduleFrom, r.moduleTo), byModule: all.byModule.slice(r.rowFrom, r.rowTo) });
  const { parts, rest } = answerRanges(all.modules.length, all.byModule.length, partObjects);
  return { parts: parts.map(slice), rest: slice(rest) };
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

/** The analysis of one file before its modules are objects: the worker packs them from `runs` (packAnswerParts). */
export type RunsAnalysis = Omit<Analysis, 'modules'> & { runs: ModuleRuns };

/**
 * The analysis of `table`, whose rows ascend by address in `order` (RegionIndex.order), from the
 * grouping's arrays (groupModuleRuns): no object per region, none per module.
 */
export function analyzeRuns(table: RegionTable, order: Uint32Array): RunsAnalysis {
  const started = performance.now();
  const runs = groupModuleRuns(table, order);
  // Address lookup's module index over the same grouping, made here so the page never groups.
  const moduleBases = ModuleIndex.fromGrouping(table, order, { runs }).toData();
  const files = moduleFilesOfRuns(table.pathnames, runs);
  const summary = summarizeRegions(table, order, { moduleOfRow: runs.moduleOfRow, files });
  const findings = lintRegions(table, order, { runs });
  return { summary, findings, runs, moduleOfRow: runs.moduleOfRow, roleOfRow: runs.roleOfRow, moduleBases, files, elapsedMs: performance.now() - started };
}

/** The analysis of `table` with its modules as objects (what the page holds once unpacked); see analyzeRuns. */
export function analyzeTable(table: RegionTable, order: Uint32Array): Analysis {
  const started = performance.now();
  const { runs, ...analysis } = analyzeRuns(table, order);
  // A module's name is its pathname's: found once per pathname id.
  const names = new Array<string | undefined>(table.pathnames.length);
  const { beginHi, beginLo } = table.columns;
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
  return { ...analysis, modules, elapsedMs: performance.now() - started };
}

/** Modules [moduleFrom, moduleTo) and summary rows [rowFrom, rowTo) of an answer: one message's share (answerRanges). */
export interface AnswerRange {
  moduleFrom: number;
  moduleTo: number;
  rowFrom: number;
  rowTo: number;
}

/**
 * An answer of `modules` modules and `rows` summary rows, cut into parts of at most `partObjects`
 * objects (modules first, then the rows), leaving the rest — at most `partObjects` — for the last
 * message.
 */
export function answerRanges(modules: number, rows: number, partObjects = PART_OBJECTS): { parts: AnswerRange[]; rest: AnswerRange } {
  const parts: AnswerRange[] = [];
  let m = 0;
  let b = 0;
  while (modules - m + rows - b > partObjects) {
    const moduleTo = Math.min(modules, m + partObjects);
    const rowTo = Math.min(rows, b + partObjects - (moduleTo - m));
    parts.push({ moduleFrom: m, moduleTo, rowFrom: b, rowTo });
    m = moduleTo;
    b = rowTo;
  }
  return { parts, rest: { moduleFrom: m, moduleTo: modules, rowFrom: b, rowTo: rows } };
}

/** The 32-bit word of a BigUint64Array's element that holds its low half, on this platform. */
const LOW_WORD = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 0 : 1;
const TWO_32 = 0x1_0000_0000;
/** Segments a module may have for its sums of 32-bit halves to stay exact in doubles (as ByteSum folds: 2^20 * 2^32 < 2^53). */
const EXACT_SEGMENTS = 1 << 20;

/**
 * Writes hi * 2^32 + lo (doubles, exact; lo may be negative or past 2^32) as element `at` of the
 * column whose words are `words`: no bigint unless it does not fit 64 bits (then also in `wide`).
 */
function setU64(words: Uint32Array, wide: [number, bigint][], at: number, hi: number, lo: number): void {
  const carry = Math.floor(lo / TWO_32);
  const low = lo - carry * TWO_32;
  const high = hi + carry;
  if (high >= 0 && high < TWO_32) {
    words[2 * at + LOW_WORD] = low;
    words[2 * at + 1 - LOW_WORD] = high;
  } else setBig(words, wide, at, BigInt(high) * 0x1_0000_0000n + BigInt(low));
}

function setBig(words: Uint32Array, wide: [number, bigint][], at: number, value: bigint): void {
  new BigUint64Array(words.buffer, words.byteOffset + 8 * at, 1)[0] = value;
  if (value < 0n || value > U64) wide.push([at, value]);
}

/** The modules [from, to) of `runs` as packAnswer packs them, straight from the arrays: no object, and a bigint only for a sum past 64 bits. */
function packModuleRuns(table: RegionTable, order: Uint32Array, runs: ModuleRuns, from: number, to: number, nameOfPath: (string | undefined)[]): PackedAnswer['modules'] {
  const count = to - from;
  const { beginHi, beginLo, endHi, endLo } = table.columns;
  const pathId = runs.pathId.slice(from, to);
  const nameId = new Int32Array(count);
  const nameIds = new Map<string, number>();
  const ints = new Int32Array(count * MODULE_INTS);
  const bits = new BigUint64Array(count * MODULE_BYTES);
  const words = new Uint32Array(bits.buffer);
  const wide: [number, bigint][] = [];
  const flags = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const m = from + i;
    const id = runs.pathId[m];
    const pathname = table.pathnames[id];
    const name = (nameOfPath[id] ??= moduleName(pathname));
    let n = nameIds.get(name);
    if (n === undefined) nameIds.set(name, (n = nameIds.size));
    nameId[i] = n;
    const k = i * MODULE_INTS;
    ints[k] = m;
    ints[k + 1] = runs.firstPosition[m];
    ints[k + 2] = runs.segmentCount[m];
    ints[k + 3] = runs.anonymousAfterRow[m];
    const b = i * MODULE_BYTES;
    const first = runs.firstRow[m];
    setU64(words, wide, b, beginHi[first], beginLo[first]);
    setU64(words, wide, b + 1, runs.endHi[m], runs.endLo[m]);
    if (runs.segmentCount[m] < EXACT_SEGMENTS) {
      // Sizes as sums of 32-bit halves (as ByteSum adds them), split into words without a bigint.
      let sizeHi = 0, sizeLo = 0, fileHi = 0, fileLo = 0, bssHi = 0, bssLo = 0;
      for (let p = runs.firstPosition[m], end = p + runs.segmentCount[m]; p < end; p++) {
        const row = order[p];
        const hiDiff = endHi[row] - beginHi[row];
        const loDiff = endLo[row] - beginLo[row];
        sizeHi += hiDiff;
        sizeLo += loDiff;
        const role = runs.roleOfRow[row];
        if (role === ROLE_FILE) (fileHi += hiDiff), (fileLo += loDiff);
        else if (role === ROLE_BSS) (bssHi += hiDiff), (bssLo += loDiff);
      }
      setU64(words, wide, b + 2, sizeHi, sizeLo);
      setU64(words, wide, b + 3, fileHi, fileLo);
      setU64(words, wide, b + 4, bssHi, bssLo);
    } else {
      const { sizeBytes, fileBytes, bssBytes } = moduleSizesOf(table, order, runs, m);
      setBig(words, wide, b + 2, sizeBytes);
      setBig(words, wide, b + 3, fileBytes);
      setBig(words, wide, b + 4, bssBytes);
    }
    flags[i] = (runs.executable[m] === 1 ? 1 : 0) | (pathname.endsWith(DELETED_SUFFIX) ? 2 : 0);
  }
  return { pathId, nameId, names: [...nameIds.keys()], ints, bytes: { bits, wide }, flags };
}

/** The summary rows [from, to) as columns. */
function packRows(byModule: readonly SummaryRow[], from: number, to: number): PackedAnswer['byModule'] {
  const rows = byModule.slice(from, to);
  const numbers = new Float64Array(rows.length * ROW_NUMBERS);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const n = i * ROW_NUMBERS;
    numbers[n] = r.count;
    numbers[n + 1] = r.rssBytes ?? NaN;
    numbers[n + 2] = r.pssBytes ?? NaN;
    numbers[n + 3] = r.swapBytes ?? NaN;
  }
  return { key: rows.map((r) => r.key), numbers, sizeBytes: bigColumn(rows.map((r) => r.sizeBytes)) };
}

/**
 * The answer of analyzeRuns (its runs, its summary's rows by module) as the worker posts it — parts, then the rest (answerRanges) — each
 * packed from the runs, equal to packAnswer of analyzeTable's objects cut by splitAnswer. At
 * 1,048,576 regions the 81k module objects and their ~400k bigints were made only to be packed.
 */
export function packAnswerParts(table: RegionTable, order: Uint32Array, runs: ModuleRuns, byModule: readonly SummaryRow[], partObjects = PART_OBJECTS): { parts: PackedAnswer[]; rest: PackedAnswer } {
  const nameOfPath = new Array<string | undefined>(table.pathnames.length);
  const pack = (r: AnswerRange): PackedAnswer => ({
    modules: packModuleRuns(table, order, runs, r.moduleFrom, r.moduleTo, nameOfPath),
    byModule: packRows(byModule, r.rowFrom, r.rowTo),
  });
  const { parts, rest } = answerRanges(runs.firstRow.length, byModule.length, partObjects);
  return { parts: parts.map(pack), rest: pack(rest) };
}
