/**
 * What comparing two snapshots of a memory map gives (issue 15): which regions were added,
 * removed, changed or left as they were, by which identity rule each pair was matched, the
 * regions that were split or merged, and totals by kind and by module. Rows are indices into the
 * snapshots' region tables, in typed arrays: a diff of 262,144 regions a side holds no object per
 * region.
 */
import type { ParseResult } from '../parse/result.js';

/**
 * `same-process`: one process at two times; regions are the same when their ranges overlap and
 * their backing agrees. `different-runs`: two runs of one program (ASLR moved everything);
 * regions are matched by identity, never by absolute address.
 */
export type DiffMode = 'same-process' | 'different-runs';
/** The modes, in the order of DiffMode. */
export const DIFF_MODES: readonly DiffMode[] = ['same-process', 'different-runs'];

/**
 * Which rule matched a pair (README "Identity across snapshots"):
 * - `same-range` (same process): the same range and backing.
 * - `overlap` (same process): overlapping ranges with the same backing (a region that grew,
 *   shrank or moved an end in place).
 * - `split` / `merge` / `regroup` (same process): one region became several, several became one,
 *   several became several (pairs of `groups` only).
 * - `module-segment` (different runs): the same module (path and device/inode), the same segment
 *   (file offset and permissions).
 * - `module-path`: as module-segment, but the module's file was matched by path alone (its
 *   device or inode differ: a rebuilt or reinstalled file).
 * - `name`: the same named anonymous or pseudo region (`[heap]`, `[stack]`, `[anon:…]`, `[vdso]`, a memfd), k-th with k-th.
 * - `thread-stack`: a thread stack (a `[stack:tid]`, or anonymous memory right above a guard page) of the same size.
 * - `neighbour`: the rest, by position between matched neighbours, of the same kind and permissions.
 */
export type MatchRule =
  | 'same-range'
  | 'overlap'
  | 'split'
  | 'merge'
  | 'regroup'
  | 'module-segment'
  | 'module-path'
  | 'name'
  | 'thread-stack'
  | 'neighbour';
/** Every rule; a pair's `rule` column indexes into it. */
export const MATCH_RULES: readonly MatchRule[] = [
  'same-range',
  'overlap',
  'split',
  'merge',
  'regroup',
  'module-segment',
  'module-path',
  'name',
  'thread-stack',
  'neighbour',
];
/** The index of each rule in MATCH_RULES. */
export const MATCH_RULE_CODE: Readonly<Record<MatchRule, number>> = Object.fromEntries(MATCH_RULES.map((r, i) => [r, i])) as Record<MatchRule, number>;

/**
 * What can differ between the two regions of a pair, as bits of `PairList.what`. `address`: the
 * begin address in the same process; between runs, the address relative to the module's base (or
 * nothing, for a region in no module). `smaps`: some smaps field (the `what` list names them).
 */
export const CHANGE_BITS = {
  address: 1,
  size: 2,
  perms: 4,
  offset: 8,
  device: 16,
  inode: 32,
  pathname: 64,
  smaps: 128,
} as const;
/** A change that is not an smaps field. */
export type ChangeAttribute = keyof typeof CHANGE_BITS;
/** The attributes in bit order. */
export const CHANGE_ATTRIBUTES = Object.keys(CHANGE_BITS) as ChangeAttribute[];

/** Pairs of rows, one before and one after, column by column. */
export interface PairList {
  /** Row in the before table. */
  before: Uint32Array;
  /** Row in the after table. */
  after: Uint32Array;
  /** Index into MATCH_RULES. */
  rule: Uint8Array;
  /** CHANGE_BITS of what differs (0 for unchanged pairs). */
  what: Uint16Array;
}

/**
 * Regions that were split or merged (same process): group g holds before rows
 * `beforeRows[beforeStart[g] .. beforeStart[g + 1])` and after rows likewise; `rule` is split,
 * merge or regroup.
 */
export interface RegionGroups {
  count: number;
  beforeStart: Uint32Array;
  beforeRows: Uint32Array;
  afterStart: Uint32Array;
  afterRows: Uint32Array;
  rule: Uint8Array;
}

/** Counts and bytes of one side of a change (exact bytes). */
export interface ChangeTotals {
  regions: number;
  bytes: bigint;
}

/** What changed within one kind or one module. */
export interface ChangeRow {
  /** A RegionKind, or a module's name (`libc.so.6`), or `(no module)`. */
  key: string;
  /** The module's pathname (modules only). */
  pathname?: string;
  added: ChangeTotals;
  removed: ChangeTotals;
  /** Changed pairs; `bytes` is the after side's size minus the before side's. */
  changed: { regions: number; bytesDelta: bigint };
  unchanged: number;
}

/** An smaps field summed over each side (bytes, or the field's unit for unit-less fields), exact. */
export interface SmapsDelta {
  field: string;
  before: bigint;
  after: bigint;
  delta: bigint;
}

/** The totals of a diff. */
export interface DiffSummary {
  /** Regions of each side. */
  beforeRegions: number;
  afterRegions: number;
  /** Regions of each side that are part of a pair or a group (matched by some rule). */
  matchedBefore: number;
  matchedAfter: number;
  /** Pairs by rule (groups by their rule too, one per group). */
  byRule: Partial<Record<MatchRule, number>>;
  added: ChangeTotals;
  removed: ChangeTotals;
  changed: { regions: number; bytesDelta: bigint };
  /** Mapped bytes of each side. */
  beforeBytes: bigint;
  afterBytes: bigint;
  byKind: ChangeRow[];
  /** Modules (file-backed), largest change first; regions in no module under `(no module)`. */
  byModule: ChangeRow[];
  /** smaps fields present on both sides, in the before side's field order; empty unless both have smaps. */
  smaps: SmapsDelta[];
}

/** How the diff was made and what it found. */
export interface SnapshotDiff {
  mode: DiffMode;
  /** Why this mode: `forced`, or the evidence (`187 of 190 file mappings at the same address`). */
  modeReason: string;
  before: ParseResult;
  after: ParseResult;
  /** After rows no before row matched, ascending. */
  added: Uint32Array;
  /** Before rows no after row matched, ascending. */
  removed: Uint32Array;
  /** Pairs whose `what` is not 0, ordered by before row. */
  changed: PairList;
  /** Pairs with nothing changed, ordered by before row. */
  unchanged: PairList;
  /** Splits and merges (same process). */
  groups: RegionGroups;
  summary: DiffSummary;
  /** The smaps fields that made a pair changed (DiffOptions.smapsFields); undefined: all but SMAPS_FIELDS_IGNORED. */
  smapsFields?: readonly string[];
}

/** Options of diffSnapshots. */
export interface DiffOptions {
  /** `auto` (default) decides from the inputs (see detectDiffMode). */
  mode?: DiffMode | 'auto';
  /**
   * smaps fields whose change makes a pair changed; default: every field except the always-
   * varying `Referenced` (pages touched since the last reset) and the page sizes.
   */
  smapsFields?: readonly string[];
}
