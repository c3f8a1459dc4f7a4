/**
 * The analyses of one file — module grouping, the summary, the lints and address lookup's module
 * index (src/analyze, src/query/module-index.ts) — run by the parse worker on the table it parsed,
 * smaps records and all, right after it has sent the table to the page. Modules go to the page
 * without their segment lists (runs of the address order); they and the summary rows by module
 * travel as columns (packAnswer), which the page reads in place (ModuleColumns).
 */
import type { AnalysisMessage, ModuleIndexMessage } from './protocol';
import { typedArrayBuffers } from './view-data';
import { DELETED_SUFFIX, DeletedNames, EXACT_SEGMENTS, ModuleIndex, SEGMENT_ROLES, SIZE_HALVES, addrFromHiLo, groupModuleRuns, lintRegions, moduleFilesOfRuns, moduleName, moduleSizesOf, summarizeRegionRows, type Addr, type Finding, type MemorySummary, type Module, type ModuleFiles, type ModuleIndexData, type ModuleRuns, type RegionTable, type SummaryRow, type SummaryRows } from '../../src/internal';

/** What a segment is to its module, per row: 0 none, then SegmentRole (ModuleRuns.roleOfRow). */
export const ROLE_CODES = ['none', ...SEGMENT_ROLES] as const;

/** A Module (src/analyze/modules.ts) as the page receives it: its segments are a run of the address order, not a list. */
export type PackedModule = Omit<Module, 'segments'> & {
  /** Position in the address order of its first region; its regions are the next `segmentCount`. */
  firstPosition: number;
  segmentCount: number;
};

/** The analyses of one file, as the page holds it: its modules read from their columns (ModuleColumns). */
export interface Analysis {
  summary: MemorySummary;
  findings: Finding[];
  /** Address order. */
  modules: ModuleColumns;
  /** Per row: index into `modules`, or -1. */
  moduleOfRow: Int32Array;
  /** Per row: index into ROLE_CODES. */
  roleOfRow: Uint8Array;
  /**
   * The modules' files (moduleFilesOf): what the Summary sums a search's selection by, found here
   * once, so that the page never makes it (a Map over 319,094 modules' pathnames at 4,194,304
   * regions: an 830 ms main-thread task).
   */
  files: ModuleFiles;
  /** Worker time, in ms. */
  elapsedMs: number;
}

/**
 * The analysis with its modules as objects, and address lookup's module index (analyzeTable: what
 * the reference is held to).
 */
export type AnalysisObjects = Omit<Analysis, 'modules'> & { modules: PackedModule[]; moduleBases: ModuleIndexData };

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
 * The modules and summary rows by module of a file, as columns and no string: a postMessage moves
 * them by transfer, and the page reads them where they are (ModuleColumns) — no object per module.
 * As objects (319,094 modules and 90,014 rows with their bigints at 4,194,304 regions), made on the
 * page part by part, they held a MajorGC of 64–87 ms in the analysis's last message.
 */
export interface PackedAnswer {
  modules: {
    /**
     * Per module: its pathname's id in the table's pathnames (RegionTable.pathnames, which the page
     * holds as the worker does). Its name is its pathname's (moduleName), made where it is read.
     */
    pathId: Int32Array;
    /** Per module: index, firstPosition, segmentCount, anonymousAfterRow. */
    ints: Int32Array;
    /** Per module: beginAddr, endAddr, sizeBytes, fileBytes, bssBytes. */
    bytes: BigColumn;
    /** Per module: 1 executable, 2 deleted. */
    flags: Uint8Array;
  };
  byModule: {
    /** Per row: its key's (a file's pathname's) id in the table's pathnames. */
    keyId: Int32Array;
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

function idOf(pathIds: ReadonlyMap<string, number>, pathname: string, what: string): number {
  const id = pathIds.get(pathname);
  if (id === undefined) throw new Error(`packAnswer: ${what} is not the table's`);
  return id;
}

/** `all` as columns, pathnames as ids of `pathIds` (pathIdsOf the table's pathnames); unpackAnswer undoes it. */
export function packAnswer(all: AnswerObjects, pathIds: ReadonlyMap<string, number>): PackedAnswer {
  const { modules, byModule } = all;
  const pathId = new Int32Array(modules.length);
  const ints = new Int32Array(modules.length * MODULE_INTS);
  const bytes = new Array<bigint>(modules.length * MODULE_BYTES);
  const flags = new Uint8Array(modules.length);
  for (let i = 0; i < modules.length; i++) {
    const m = modules[i];
    pathId[i] = idOf(pathIds, m.pathname, `module ${m.index}'s pathname`);
    // The name is not sent: the page makes it from the pathname, as groupModules did.
    if (m.name !== moduleName(m.pathname)) throw new Error(`packAnswer: module ${m.index}'s name is not its pathname's`);
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
  return { modules: { pathId, ints, bytes: bigColumn(bytes), flags }, byModule: packRows(byModule, pathIds) };
}

const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** The objects of a packed answer, in order; `pathnames`: the table's (the modules' pathnames are those very strings). */
export function unpackAnswer(packed: PackedAnswer, pathnames: readonly string[]): AnswerObjects {
  const modules = new ModuleColumns(packed.modules, pathnames);
  return { modules: Array.from({ length: modules.count }, (_, i) => modules.at(i)), byModule: unpackRows(packed.byModule, pathnames) };
}

/** The summary rows by module of a packed answer, as objects. */
function unpackRows(packed: PackedAnswer['byModule'], pathnames: readonly string[]): SummaryRow[] {
  const { keyId, numbers } = packed;
  const sizes = packed.sizeBytes.bits;
  const byModule: SummaryRow[] = [];
  for (let i = 0; i < keyId.length; i++) {
    const n = i * ROW_NUMBERS;
    byModule.push({ key: pathnames[keyId[i]], count: numbers[n], sizeBytes: sizes[i], rssBytes: orNull(numbers[n + 1]), pssBytes: orNull(numbers[n + 2]), swapBytes: orNull(numbers[n + 3]) });
  }
  for (const [at, value] of packed.sizeBytes.wide) byModule[at].sizeBytes = value;
  return byModule;
}

/**
 * `summary` whose rows by module are made from `packed` when first read: the Summary shows them
 * only when grouped by module, and at 4,194,304 regions they are 90,014 objects with their bigints.
 */
export function withRowsOnDemand(summary: MemorySummary, packed: PackedAnswer['byModule'], pathnames: readonly string[]): MemorySummary {
  let rows: SummaryRow[] | undefined;
  return Object.defineProperty({ ...summary }, 'byModule', { get: () => (rows ??= unpackRows(packed, pathnames)), enumerable: true });
}

/** The buffers of a packed answer, for a postMessage transfer list. */
export function packedBuffers(packed: PackedAnswer): ArrayBuffer[] {
  const { modules, byModule } = packed;
  return [modules.pathId, modules.ints, modules.bytes.bits, modules.flags, byModule.keyId, byModule.numbers, byModule.sizeBytes.bits].map((a) => a.buffer as ArrayBuffer);
}

const BEGIN = 0;
const END = 1;
const SIZE = 2;
const FILE = 3;
const BSS = 4;

/**
 * The modules of a packed answer, read where they are: a module's fields by accessor, or the
 * module as an object (`at`) for the few a panel shows. Exact: a 64-bit field is a bigint when read.
 */
export class ModuleColumns {
  readonly count: number;
  private readonly wide: ReadonlyMap<number, bigint>;
  /** A pathname id's module name, made when first read. */
  private readonly names: (string | undefined)[];
  private order: Uint32Array | null = null;

  constructor(
    private readonly packed: PackedAnswer['modules'],
    /** The table's pathnames. */
    private readonly pathnames: readonly string[],
  ) {
    this.count = packed.pathId.length;
    this.wide = new Map(packed.bytes.wide);
    this.names = new Array<string | undefined>(pathnames.length);
  }

  pathname(m: number): string {
    return this.pathnames[this.packed.pathId[m]];
  }

  name(m: number): string {
    const id = this.packed.pathId[m];
    return (this.names[id] ??= moduleName(this.pathnames[id]));
  }

  firstPosition(m: number): number {
    return this.packed.ints[m * MODULE_INTS + 1];
  }

  segmentCount(m: number): number {
    return this.packed.ints[m * MODULE_INTS + 2];
  }

  anonymousAfterRow(m: number): number {
    return this.packed.ints[m * MODULE_INTS + 3];
  }

  sizeBytes(m: number): bigint {
    return this.bytes(m, SIZE);
  }

  bssBytes(m: number): bigint {
    return this.bytes(m, BSS);
  }

  private bytes(m: number, field: number): bigint {
    const at = m * MODULE_BYTES + field;
    return this.wide.get(at) ?? this.packed.bytes.bits[at];
  }

  /** Module `m` as an object. */
  at(m: number): PackedModule {
    const k = m * MODULE_INTS;
    const { ints, flags } = this.packed;
    return {
      index: ints[k],
      pathname: this.pathname(m),
      name: this.name(m),
      beginAddr: this.bytes(m, BEGIN) as Addr,
      endAddr: this.bytes(m, END) as Addr,
      sizeBytes: this.bytes(m, SIZE),
      fileBytes: this.bytes(m, FILE),
      bssBytes: this.bytes(m, BSS),
      anonymousAfterRow: ints[k + 3],
      executable: (flags[m] & 1) !== 0,
      deleted: (flags[m] & 2) !== 0,
      firstPosition: ints[k + 1],
      segmentCount: ints[k + 2],
    };
  }

  /** The modules largest first, ties by address (the Modules panel's order), sorted when first asked. */
  bySize(): Uint32Array {
    if (this.order !== null) return this.order;
    const n = this.count;
    // Sizes compared as doubles first (no bigint in the sort), then exactly within a run of equal doubles.
    const approx = new Float64Array(n);
    for (let m = 0; m < n; m++) approx[m] = Number(this.sizeBytes(m));
    const order = Uint32Array.from({ length: n }, (_, m) => m).sort((a, b) => approx[b] - approx[a]);
    const exact = (a: number, b: number) => {
      const x = this.sizeBytes(a);
      const y = this.sizeBytes(b);
      if (x !== y) return x > y ? -1 : 1;
      const p = this.bytes(a, BEGIN);
      const q = this.bytes(b, BEGIN);
      return p < q ? -1 : p > q ? 1 : 0;
    };
    for (let from = 0; from < n; ) {
      let to = from + 1;
      while (to < n && approx[order[to]] === approx[order[from]]) to++;
      if (to - from > 1) order.subarray(from, to).sort(exact);
      from = to;
    }
    return (this.order = order);
  }
}

/**
 * The analysis of one file before its modules are objects: the worker packs them from `runs`, and
 * the summary's rows by module from `byModule` (packAnswerRuns); `summary.byModule` is empty.
 */
export type RunsAnalysis = Omit<Analysis, 'modules'> & { runs: ModuleRuns; byModule: SummaryRows };

/**
 * The analysis of `table`, whose rows ascend by address in `order` (RegionIndex.order), from the
 * grouping's arrays (groupModuleRuns): no object per region, none per module or per file.
 */
export function analyzeRuns(table: RegionTable, order: Uint32Array): RunsAnalysis {
  const started = performance.now();
  const runs = groupModuleRuns(table, order);
  const files = moduleFilesOfRuns(table.pathnames, runs);
  const { summary, byModule } = summarizeRegionRows(table, order, { moduleOfRow: runs.moduleOfRow, files });
  const findings = lintRegions(table, order, { runs });
  return { summary, byModule, findings, runs, moduleOfRow: runs.moduleOfRow, roleOfRow: runs.roleOfRow, files, elapsedMs: performance.now() - started };
}

/**
 * Per module file (ModuleFiles), the pathname id of one module of it: the page holds the table's
 * pathnames, so a file goes as an id (at 4,194,304 regions 90,014 strings were cloned in the last
 * message's task), found from the runs without a lookup by text.
 */
export function filePathIdsOf(files: ModuleFiles, runs: Pick<ModuleRuns, 'pathId'>): Int32Array {
  const ids = new Int32Array(files.files.length).fill(-1);
  for (let m = 0; m < files.fileOfModule.length; m++) ids[files.fileOfModule[m]] = runs.pathId[m];
  if (ids.includes(-1)) throw new Error("analyze: a module file of no module");
  return ids;
}

/** A message to post with the buffers it transfers. */
export type Posting<M> = { message: M; transfer: ArrayBuffer[] };

/**
 * The worker's answer for `table`, whose rows ascend by address in `order`, made as it is posted:
 * the analysis in one message — its modules and summary rows by module as columns packed from the
 * runs (packAnswerRuns), no string but the findings' — then address lookup's module index in one
 * of its own. The index is made after the analysis is posted: its name tables were a sixth of the
 * worker's time to the analysis at 1,048,576 regions, and no panel the analysis fills reads them.
 * A failure there comes after a good analysis, and takes only the module index (the page's
 * `analysis-failed`: the file has no module index).
 */
export function* analysisPostings(jobId: number, table: RegionTable, order: Uint32Array): Generator<Posting<AnalysisMessage> | Posting<ModuleIndexMessage>, void> {
  const { runs, byModule, ...analysis } = analyzeRuns(table, order);
  const { fileOfModule } = analysis.files;
  const filePathIds = filePathIdsOf(analysis.files, runs);
  const answer = packAnswerRuns(table, order, runs, byModule, filePathIds);
  // The module index reads each row's module, which the analysis's message transfers: a copy is
  // kept — unless it is shared (groupModuleRuns, when the table's columns are): then the message
  // shares it (a 4 MB copy at 1,048,576 regions, ~40 ms of a first call with its page faults, --cpu-prof).
  const rowsShared = !(runs.moduleOfRow.buffer instanceof ArrayBuffer);
  const forIndex: ModuleRuns = rowsShared ? runs : { ...runs, moduleOfRow: runs.moduleOfRow.slice() };
  yield {
    message: { type: 'analysis', jobId, analysis: { ...analysis, files: { files: [], fileOfModule } }, answer, filePathIds },
    transfer: [...(rowsShared ? [] : [analysis.moduleOfRow.buffer]), analysis.roleOfRow.buffer, fileOfModule.buffer, filePathIds.buffer, ...packedBuffers(answer)] as ArrayBuffer[],
  };
  const moduleBases = moduleBasesOf(table, order, forIndex);
  yield { message: { type: 'module-index', jobId, moduleBases }, transfer: [...typedArrayBuffers(moduleBases)] };
}

/**
 * The same grouping as address lookup's module index (src/query/module-bases.ts: the modules of
 * `runs`, then one per other named region, with name tables), as arrays the page adopts with
 * ModuleIndex.fromData in O(1) instead of grouping again on its main thread.
 */
export function moduleBasesOf(table: RegionTable, order: Uint32Array, runs: ModuleRuns): ModuleIndexData {
  return ModuleIndex.fromGrouping(table, order, { runs }).toData();
}

/** The analysis of `table` with its modules as objects (what the page reads from their columns); see analyzeRuns. */
export function analyzeTable(table: RegionTable, order: Uint32Array): AnalysisObjects {
  const started = performance.now();
  const { runs, byModule, ...analysis } = analyzeRuns(table, order);
  const moduleBases = moduleBasesOf(table, order, runs);
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
  return { ...analysis, summary: { ...analysis.summary, byModule: byModule.toArray() }, modules, moduleBases, elapsedMs: performance.now() - started };
}

/** The 32-bit word of a BigUint64Array's element that holds its low half, on this platform. */
const LOW_WORD = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 0 : 1;
const TWO_32 = 0x1_0000_0000;

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

/** The modules of `runs` as packAnswer packs them, straight from the arrays: no object, and a bigint only for a sum past 64 bits. */
function packModuleRuns(table: RegionTable, order: Uint32Array, runs: ModuleRuns): PackedAnswer['modules'] {
  const count = runs.pathId.length;
  const { beginHi, beginLo, endHi, endLo } = table.columns;
  const pathId = runs.pathId.slice();
  const ints = new Int32Array(count * MODULE_INTS);
  const bits = new BigUint64Array(count * MODULE_BYTES);
  const words = new Uint32Array(bits.buffer);
  const wide: [number, bigint][] = [];
  const flags = new Uint8Array(count);
  const halves = runs.sizeHalves;
  const deleted = new DeletedNames(table.pathnames);
  for (let m = 0; m < count; m++) {
    const k = m * MODULE_INTS;
    ints[k] = m;
    ints[k + 1] = runs.firstPosition[m];
    ints[k + 2] = runs.segmentCount[m];
    ints[k + 3] = runs.anonymousAfterRow[m];
    const b = m * MODULE_BYTES;
    const first = runs.firstRow[m];
    setU64(words, wide, b, beginHi[first], beginLo[first]);
    setU64(words, wide, b + 1, runs.endHi[m], runs.endLo[m]);
    if (runs.segmentCount[m] < EXACT_SEGMENTS) {
      // Sizes as the grouping summed them (32-bit halves, as ByteSum adds them), split into words without a bigint.
      const h = m * SIZE_HALVES;
      setU64(words, wide, b + 2, halves[h], halves[h + 1]);
      setU64(words, wide, b + 3, halves[h + 2], halves[h + 3]);
      setU64(words, wide, b + 4, halves[h + 4], halves[h + 5]);
    } else {
      const { sizeBytes, fileBytes, bssBytes } = moduleSizesOf(table, order, runs, m);
      setBig(words, wide, b + 2, sizeBytes);
      setBig(words, wide, b + 3, fileBytes);
      setBig(words, wide, b + 4, bssBytes);
    }
    flags[m] = (runs.executable[m] === 1 ? 1 : 0) | (deleted.has(runs.pathId[m]) ? 2 : 0);
  }
  return { pathId, ints, bytes: { bits, wide }, flags };
}

/** Summary rows as columns, their keys as ids of `pathIds`. */
function packRows(rows: readonly SummaryRow[], pathIds: ReadonlyMap<string, number>): PackedAnswer['byModule'] {
  const keyId = new Int32Array(rows.length);
  const numbers = new Float64Array(rows.length * ROW_NUMBERS);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    keyId[i] = idOf(pathIds, r.key, `summary row ${i}'s file`);
    const n = i * ROW_NUMBERS;
    numbers[n] = r.count;
    numbers[n + 1] = r.rssBytes ?? NaN;
    numbers[n + 2] = r.pssBytes ?? NaN;
    numbers[n + 3] = r.swapBytes ?? NaN;
  }
  return { keyId, numbers, sizeBytes: bigColumn(rows.map((r) => r.sizeBytes)) };
}

/**
 * The summary rows by module as packRows packs them, read in place (SummaryRows): a row's key is
 * its file's pathname id (`filePathIds`, by file index), its size written as words; an object and a
 * bigint only for a row with smaps figures, or a size summed past 2^20 regions or 64 bits.
 */
function packModuleRows(rows: SummaryRows, filePathIds: Int32Array): PackedAnswer['byModule'] {
  const keyId = new Int32Array(rows.length);
  const numbers = new Float64Array(rows.length * ROW_NUMBERS).fill(NaN);
  const bits = new BigUint64Array(rows.length);
  const words = new Uint32Array(bits.buffer);
  const wide: [number, bigint][] = [];
  for (let i = 0; i < rows.length; i++) {
    keyId[i] = filePathIds[rows.group(i)];
    const n = i * ROW_NUMBERS;
    numbers[n] = rows.count(i);
    const size = rows.sizeWords(i);
    if (size !== undefined && !rows.hasSmaps) {
      words[2 * i + LOW_WORD] = size[1];
      words[2 * i + 1 - LOW_WORD] = size[0];
      continue;
    }
    const row = rows.row(i);
    numbers[n + 1] = row.rssBytes ?? NaN;
    numbers[n + 2] = row.pssBytes ?? NaN;
    numbers[n + 3] = row.swapBytes ?? NaN;
    setBig(words, wide, i, row.sizeBytes);
  }
  return { keyId, numbers, sizeBytes: { bits, wide } };
}

/**
 * The answer of analyzeRuns (its runs, its summary's rows by module) as the worker posts it, packed
 * from the runs and the rows in place, equal to packAnswer of analyzeTable's objects; `filePathIds`:
 * per module file, a pathname id of its text. At 1,048,576 regions the 81k module objects, 42k
 * summary rows and their ~450k bigints were made only to be packed.
 */
export function packAnswerRuns(table: RegionTable, order: Uint32Array, runs: ModuleRuns, byModule: SummaryRows, filePathIds: Int32Array): PackedAnswer {
  return { modules: packModuleRuns(table, order, runs), byModule: packModuleRows(byModule, filePathIds) };
}
