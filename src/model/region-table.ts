/**
 * The columnar region table: one typed array per field, one row per region, in file order.
 * 64-bit values are stored as (hi, lo) unsigned 32-bit halves so that nothing passes through a
 * lossy double; a Region object is created only when asked for (`get(i)`). The columns are
 * transferable between a worker and the page without copying (`transferables()`).
 */
import { addrFromHiLo, type Addr } from '../address.js';
import { REGION_KINDS, type RegionKind } from './kind.js';
import { Region } from './region.js';
import { PathnameList } from './pathname-list.js';

/** Key/value fields of one smaps (or pmap -X) record. */
export interface SmapsRecord {
  /**
   * Sizes in bytes (`Rss: 4 kB` → 4096); unit-less fields as plain numbers. Unknown keys are kept.
   * Exact for every count up to 2^53 (kB or units): all a kernel prints for a real process.
   */
  fields: Record<string, number>;
  /**
   * Present only when a value passed 2^53 (a hand-made or corrupt file; a warning says so): the
   * exact value of each such field, in the unit of `fields`; `fields` holds its nearest double.
   */
  exactFields?: Record<string, bigint>;
  /** Fields whose value is not a number (Android's `Name:`), kept as text. */
  text?: Record<string, string>;
  /** The VmFlags two-letter codes, in file order; null when the record had no VmFlags line. */
  vmFlags: string[] | null;
}

/** Which per-region fields the source format carries (pmap -x has no device, old gdb no perms). */
export interface KnownFields {
  perms: boolean;
  offset: boolean;
  device: boolean;
  inode: boolean;
}

export const ALL_FIELDS_KNOWN: KnownFields = { perms: true, offset: true, device: true, inode: true };

/** The typed-array columns of a region table. */
export interface RegionColumns {
  beginHi: Uint32Array;
  beginLo: Uint32Array;
  endHi: Uint32Array;
  endLo: Uint32Array;
  offsetHi: Uint32Array;
  offsetLo: Uint32Array;
  inodeHi: Uint32Array;
  inodeLo: Uint32Array;
  devMajor: Uint32Array;
  devMinor: Uint32Array;
  /** PERM_* bits. */
  perms: Uint8Array;
  /** Index into REGION_KINDS. */
  kind: Uint8Array;
  /** 1-based input line of the region's header. */
  line: Uint32Array;
  /** Index into `pathnames`; -1 for no pathname. */
  pathId: Int32Array;
}

/** A plain, structured-cloneable form of a table (columns are transferable). */
export interface RegionTableData {
  length: number;
  columns: RegionColumns;
  pathnames: string[];
  known: KnownFields;
  smaps: (SmapsRecord | null)[] | null;
}

const COLUMN_TYPES = {
  beginHi: Uint32Array,
  beginLo: Uint32Array,
  endHi: Uint32Array,
  endLo: Uint32Array,
  offsetHi: Uint32Array,
  offsetLo: Uint32Array,
  inodeHi: Uint32Array,
  inodeLo: Uint32Array,
  devMajor: Uint32Array,
  devMinor: Uint32Array,
  perms: Uint8Array,
  kind: Uint8Array,
  line: Uint32Array,
  pathId: Int32Array,
} as const;

type ColumnName = keyof RegionColumns;
const COLUMN_NAMES = Object.keys(COLUMN_TYPES) as ColumnName[];

/** Whether new tables' columns live in SharedArrayBuffers (shareColumns). */
let sharedColumns = false;

/**
 * Makes the columns of tables built from now on (RegionTableBuilder) live in SharedArrayBuffers,
 * or not. The app's parse worker turns it on when its page is cross-origin isolated: the page
 * then reads the very columns the worker parsed and keeps analysing — a postMessage shares a
 * SharedArrayBuffer instead of copying it (4,194,304 regions: 210 MB not copied, not held twice).
 * Off where SharedArrayBuffer is missing. Returns whether it is on.
 */
export function shareColumns(on: boolean): boolean {
  sharedColumns = on && typeof SharedArrayBuffer === 'function';
  return sharedColumns;
}

function allocColumn(name: ColumnName, length: number): Uint32Array | Uint8Array | Int32Array {
  const Type = COLUMN_TYPES[name];
  if (!sharedColumns) return new Type(length);
  const buffer: ArrayBufferLike = new SharedArrayBuffer(length * Type.BYTES_PER_ELEMENT);
  return Type === Uint8Array ? new Uint8Array(buffer) : Type === Int32Array ? new Int32Array(buffer) : new Uint32Array(buffer);
}

function allocColumns(capacity: number): RegionColumns {
  const cols = {} as Record<ColumnName, Uint32Array | Uint8Array | Int32Array>;
  for (const name of COLUMN_NAMES) cols[name] = allocColumn(name, capacity);
  return cols as unknown as RegionColumns;
}

const isShared = (column: ArrayBufferView): boolean => typeof SharedArrayBuffer === 'function' && column.buffer instanceof SharedArrayBuffer;

/** An immutable, columnar list of regions in input order. */
export class RegionTable implements Iterable<Region> {
  readonly length: number;
  readonly columns: RegionColumns;
  /** Distinct pathnames; `columns.pathId` indexes into it. */
  readonly pathnames: readonly string[];
  readonly known: KnownFields;
  readonly smaps: readonly (SmapsRecord | null)[] | null;
  /** pathnamesLowerCase(), once made. */
  private lowerCase: readonly string[] | null = null;

  constructor(data: RegionTableData) {
    this.length = data.length;
    this.columns = data.columns;
    this.pathnames = data.pathnames;
    this.known = data.known;
    this.smaps = data.smaps;
  }

  /**
   * The pathnames lower-cased, made on first use and kept with the table: a case-insensitive search
   * tests every distinct pathname per keystroke, and lower-casing them each time was most of its
   * cost (~21,000 names at 262,144 regions).
   */
  pathnamesLowerCase(): readonly string[] {
    return (this.lowerCase ??= this.pathnames.map((name) => name.toLowerCase()));
  }

  /** pathnamesLowerCase() made in steps of `step` names (idle time: 90,000 names took 45–75 ms at once). */
  *pathnamesLowerCaseSteps(step = 4096): Generator<void, readonly string[]> {
    const names = this.pathnames;
    const lower: string[] = new Array<string>(names.length);
    for (let from = 0; from < names.length && this.lowerCase === null; from += step) {
      const to = Math.min(names.length, from + step);
      for (let i = from; i < to; i++) lower[i] = names[i].toLowerCase();
      yield;
    }
    return (this.lowerCase ??= lower);
  }

  /** An empty table. */
  static empty(known: KnownFields = ALL_FIELDS_KNOWN): RegionTable {
    return new RegionTable({ length: 0, columns: allocColumns(0), pathnames: [], known, smaps: null });
  }

  /** The region at row `index` (0-based, input order). */
  get(index: number): Region {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) throw new RangeError(`region index ${index} out of range`);
    return new Region(this, index);
  }

  *[Symbol.iterator](): Iterator<Region> {
    for (let i = 0; i < this.length; i++) yield new Region(this, i);
  }

  /** Every region as an array (allocates one object per region). */
  toArray(): Region[] {
    return Array.from(this);
  }

  begin(i: number): Addr {
    return addrFromHiLo(this.columns.beginHi[i], this.columns.beginLo[i]);
  }
  end(i: number): Addr {
    return addrFromHiLo(this.columns.endHi[i], this.columns.endLo[i]);
  }
  pathname(i: number): string | null {
    const id = this.columns.pathId[i];
    return id < 0 ? null : this.pathnames[id];
  }
  kind(i: number): RegionKind {
    return REGION_KINDS[this.columns.kind[i]];
  }

  /** The plain data of this table, for postMessage. */
  toData(): RegionTableData {
    return {
      length: this.length,
      columns: this.columns,
      pathnames: this.pathnames as string[],
      known: this.known,
      smaps: this.smaps as (SmapsRecord | null)[] | null,
    };
  }

  /** The column buffers, to pass as postMessage's transfer list (none of shared columns: a postMessage shares those). */
  transferables(): ArrayBuffer[] {
    return COLUMN_NAMES.filter((n) => !isShared(this.columns[n])).map((n) => this.columns[n].buffer as ArrayBuffer);
  }

  /** True when every column lives in a SharedArrayBuffer (shareColumns): a postMessage shares them, no copy. */
  sharedColumns(): boolean {
    return COLUMN_NAMES.every((n) => isShared(this.columns[n]));
  }

  /** Bytes of the columns' rows (not the pathname strings or smaps records; see finish() on slack). */
  columnBytes(): number {
    let bytes = 0;
    for (const n of COLUMN_NAMES) bytes += this.columns[n].byteLength;
    return bytes;
  }
}

/** Unused rows a finished table may keep (beyond 1/8 of its length) rather than copy its columns. */
const MAX_SLACK_ROWS = 64;

/**
 * Appends regions row by row, growing the columns geometrically; their pathnames go to `names`.
 */
export class RegionTableBuilder {
  length = 0;
  private capacity: number;
  columns: RegionColumns;
  /** The distinct pathnames; `columns.pathId` holds their ids (pathname-list.ts). */
  readonly names = new PathnameList();
  private smaps: (SmapsRecord | null)[] | null = null;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    this.columns = allocColumns(this.capacity);
  }

  /** Reserves the next row and returns its index; the caller fills every column. */
  addRow(): number {
    if (this.length === this.capacity) this.grow();
    return this.length++;
  }

  /** Removes the last row (a header that turned out to be bad). */
  popRow(): void {
    if (this.length > 0) this.length--;
  }

  /** Attaches an smaps record to row `index`. */
  setSmaps(index: number, record: SmapsRecord): void {
    if (this.smaps === null) this.smaps = [];
    while (this.smaps.length < index) this.smaps.push(null);
    this.smaps[index] = record;
  }

  private grow(): void {
    const next = this.capacity * 2;
    const cols = allocColumns(next);
    for (const n of COLUMN_NAMES) (cols[n] as Uint32Array).set(this.columns[n] as Uint32Array);
    this.columns = cols;
    this.capacity = next;
  }

  /**
   * Finishes the table; the builder must not be used afterwards. Columns that are full, or nearly
   * (a builder sized from an estimate of the rows), are kept as they are, or as views of their
   * first `length` rows: copying 262,144 rows costs more than a few % of slack.
   */
  finish(known: KnownFields = ALL_FIELDS_KNOWN): RegionTable {
    const pathnames = this.names.finish();
    const cols = {} as Record<ColumnName, Uint32Array | Uint8Array | Int32Array>;
    const slack = this.capacity - this.length;
    const keep = slack <= MAX_SLACK_ROWS + (this.length >> 3);
    for (const n of COLUMN_NAMES) {
      const col = this.columns[n];
      if (slack === 0) cols[n] = col;
      else if (keep) cols[n] = col.subarray(0, this.length);
      else (cols[n] = allocColumn(n, this.length)).set(col.subarray(0, this.length)); // shared too, when shareColumns is on
    }
    let smaps = this.smaps;
    if (smaps !== null) while (smaps.length < this.length) smaps.push(null);
    if (smaps !== null && smaps.length > this.length) smaps = smaps.slice(0, this.length);
    return new RegionTable({
      length: this.length,
      columns: cols as unknown as RegionColumns,
      pathnames,
      known,
      smaps,
    });
  }
}
