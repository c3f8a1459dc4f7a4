/** What every importer returns. */
import type { ArtifactFormat, ArtifactInfo } from '../model/artifact.js';
import type { DiagnosticSet } from '../model/diagnostic-store.js';
import type { RegionTable } from '../model/region-table.js';

/** The formats mapscope reads. */
export const FORMAT_NAMES = ['maps', 'smaps', 'smaps_rollup', 'pmap', 'pmap-d', 'pmap-x', 'pmap-X', 'pmap-XX', 'gdb'] as const;
/** A format mapscope reads: one of FORMAT_NAMES. */
export type FormatName = (typeof FORMAT_NAMES)[number];

/** What a ParseResult was read from: a memory map format, or a crash artifact holding one (src/artifact). */
export type ResultFormat = FormatName | ArtifactFormat;

/** A short human label of each format, for headers and messages. */
export const FORMAT_LABEL: Readonly<Record<ResultFormat, string>> = {
  maps: '/proc/PID/maps',
  smaps: '/proc/PID/smaps',
  smaps_rollup: '/proc/PID/smaps_rollup',
  pmap: 'pmap',
  'pmap-d': 'pmap -d',
  'pmap-x': 'pmap -x',
  'pmap-X': 'pmap -X',
  'pmap-XX': 'pmap -XX',
  gdb: 'gdb info proc mappings',
  tombstone: 'Android tombstone',
  hs_err: 'OpenJDK hs_err log',
  'glibc-abort': 'glibc abort dump',
  apport: 'Apport crash report',
  'coredump-journal': 'systemd-coredump journal entry',
  sanitizer: 'sanitizer report',
  log: 'log with maps lines',
  minidump: 'minidump',
  core: 'ELF core file',
};

/**
 * How the input's lines were accounted for. Invariant:
 * `lines === regions + blank + recognized + rejected` — every line is a region header, a blank
 * line, a recognised line (one the format defines: an smaps field, a pmap header or total, gdb's
 * table header; or debugger output around a pasted gdb table, skipped with a warning each), or a
 * rejected line. Every rejected line is covered by an error diagnostic: usually its own; one
 * error covers the field lines under a rejected smaps header, and one covers every line of text
 * in no known format or of binary input.
 */
export interface LineStats {
  lines: number;
  regions: number;
  blank: number;
  recognized: number;
  rejected: number;
}

/**
 * What parsing returns: the format, the regions, the diagnostics, and how every line was accounted for.
 *
 * Diagnostics are errors (one per rejected line) and warnings (kept regions that look wrong),
 * bounded (diagnostic-store.ts): `diagnosticGroups` has one entry per kind (code and severity)
 * with the exact `count` of its occurrences, its `firstLine` and its first `examples` (at most
 * 100 a kind); `diagnostics` is every kept example, in line order (at most 1,000, plus the first
 * of each further kind). A million bad lines make a million counts, not a million objects.
 */
export interface ParseResult extends DiagnosticSet {
  /** The detected format (a crash artifact's when the map was read out of one); `unknown` when the text is in none (one error says so). */
  format: ResultFormat | 'unknown';
  regions: RegionTable;
  stats: LineStats;
  /** What the crash artifact says beside its map (its fault address, backtrace, context); only when `format` is an artifact's. */
  artifact?: ArtifactInfo;
}
