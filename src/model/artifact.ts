/**
 * What a crash artifact adds to a parse: which artifact it is, the addresses it records (the fault
 * address and the backtrace's frames, absolute), the context a reader wants beside the map (pid,
 * signal, executable), and, when the artifact holds more than one memory map, which one was read.
 * The regions themselves are an ordinary ParseResult's (end exclusive, permissions with `p` where
 * the source has no share flag). The shape every artifact reader returns (issue 14).
 *
 * It lives in src/model because ParseResult (src/parse) carries it; src/artifact/artifact.ts
 * re-exports it for the readers.
 */
import type { Addr } from '../address.js';

/** The artifacts mapscope reads a memory map out of; `format` of the ParseResult and of `parse --json`. */
export const ARTIFACT_FORMATS = [
  'tombstone',
  'hs_err',
  'glibc-abort',
  'apport',
  'coredump-journal',
  'sanitizer',
  'log',
  'minidump',
  'core',
] as const;
/** One of ARTIFACT_FORMATS. */
export type ArtifactFormat = (typeof ARTIFACT_FORMATS)[number];

/** An address the artifact records, absolute. */
export interface ArtifactAddress {
  address: Addr;
  /** `fault address`, `pc`, `#03 pc`, `si_addr`, `thread 1234 stack`, … */
  label: string;
  /** The artifact's line (1-based) the address was read from; 0 for binary artifacts. */
  line: number;
}

/** One memory map inside an artifact that holds several (two dumps in one log, a tombstone's sections). */
export interface ArtifactChoice {
  /** What the user picks by, e.g. `memory map at line 120 (431 entries)`. */
  label: string;
  /** Its first line in the artifact (1-based); 0 for binary artifacts. */
  firstLine: number;
}

/** What a crash artifact says beside its memory map. */
export interface ArtifactInfo {
  format: ArtifactFormat;
  /** One line for the header, e.g. `Android tombstone · pid 4242 · SIGSEGV`. */
  title: string;
  pid: number | null;
  /** The signal's name (`SIGSEGV`), or null when the artifact records none. */
  signal: string | null;
  /** The fault address first (when there is one), then the backtrace's frames in order. */
  addresses: ArtifactAddress[];
  /** Key and value pairs worth showing beside the map (`ExecutablePath`, `Build fingerprint`, …), in the artifact's order. */
  context: { key: string; value: string }[];
  /** Every memory map the artifact holds, in order (one entry when it holds one). */
  choices: ArtifactChoice[];
  /** The index in `choices` of the map that was read. */
  chosen: number;
  /**
   * What a map line says of its region beside the name (a tombstone's `BuildId` and `load bias`),
   * kept out of the pathname; by the region's line. Absent when the artifact says nothing of the kind.
   */
  regionAttributes?: ArtifactRegionAttribute[];
}

/** One fact a map line gives of its region beside the name. */
export interface ArtifactRegionAttribute {
  /** The region's line in the artifact (its `line` in the region table). */
  line: number;
  /** `BuildId`, `load bias`. */
  key: string;
  value: string;
}
