/**
 * The maps line parser: one line of /proc/<pid>/maps into a row of a RegionTableBuilder, or one
 * error diagnostic. References: proc_pid_maps(5); the kernel's fs/proc/task_mmu.c
 * (show_vma_header_prefix, show_map_vma); docs/format.md.
 *
 *   start-end perms offset major:minor inode[ padding pathname]
 *   7f61c7f84000-7f61c7faa000 r--p 00000000 fe:00 339380      /usr/lib/x86_64-linux-gnu/libc.so.6
 *
 * The readers work on character codes of the whole text (no per-line substrings, no regular
 * expressions) and write straight into the columnar table. This class holds what a parse keeps
 * across lines (the builder, the pathnames, the diagnostics, counts and deviations); each line is
 * read by one of three paths:
 *
 *  - maps-ascii.ts: the kernel's exact layout, ASCII text as bytes, 4 at a time (readAsciiLines);
 *  - maps-kernel-line.ts: the kernel's exact layout on character codes (readKernelLine);
 *  - maps-checked-line.ts: anything else, saying what is wrong (readCheckedLine), with the field
 *    scanners of maps-scan.ts.
 *
 * A fast path gives up on any surprise before writing anything, so the paths give the same
 * columns for every line a fast path takes; test/parse/maps-fast-path.test.ts checks that. Kinds of
 * named regions are left `anonymous` here and set by classifyRegions on the finished table. The
 * smaps importer reads its headers through this class.
 */
import type { DiagnosticStore } from '../model/diagnostic-store.js';
import type { RegionTableBuilder } from '../model/region-table.js';
import { isBlank } from './lines.js';
import * as checkedLine from './maps-checked-line.js';
import { MapsDeviations } from './maps-deviations.js';
import * as kernelLine from './maps-kernel-line.js';
import { NameIndex, type PathnameInterner } from './name-index.js';

// The line readers copied once: an imported function called per line through its binding costs a
// getter call per line when tsx loads the modules as CommonJS (see maps-checked-line.ts).
const readCheckedLine = checkedLine.readCheckedLine;
const readKernelLine = kernelLine.readKernelLine;

/** Parses maps lines into a RegionTableBuilder. The smaps importer reuses it for its headers. */
export class MapsLineParser {
  readonly text: string;
  readonly builder: RegionTableBuilder;
  readonly diagnostics: DiagnosticStore;
  /** False: every line takes the checked path (the reference the fast path is tested against). */
  private readonly fastPath: boolean;
  /** The pathnames seen so far: a NameIndex, or the WebAssembly path's (maps-wasm.ts WasmNames). */
  readonly names: PathnameInterner;
  /** Blank and rejected lines seen by parseOtherLine. */
  blankLines = 0;
  rejectedLines = 0;
  /** Lines read in a layout the kernel does not write, by kind (maps-deviations.ts). */
  readonly deviations = new MapsDeviations();
  /**
   * Rows whose name starts past the kernel's column, as (row, spaces past the column) pairs: the
   * name keeps those spaces unless the text turns out not to be aligned as the kernel writes it
   * (parseProcMaps decides once the whole text is read; see dropExtraPadding).
   */
  readonly overPadded: number[] = [];
  /** Named rows whose name does not start at the kernel's column: less padding, or a tab before it. */
  unalignedNames = 0;
  /**
   * Set to false by readWasmLines (maps-wasm.ts) or readAsciiLines (maps-ascii.ts) at a region that
   * is empty or starts below the end of the one before it; while true, checkRegionOrder would find
   * nothing to report.
   */
  inOrder = true;

  /**
   * `options.fastPath: false` sends every line through the checked path; `options.names` is the
   * mode of the pathname index (`bytes` for readAsciiLines in maps-ascii.ts, whose names stay
   * pending until NameIndex.detachedNames), or the index itself (the WebAssembly path's, maps-wasm.ts).
   * `options.classify` is always false: the kind of a named
   * region is left `anonymous`, and the caller runs classifyRegions on the finished table.
   */
  constructor(text: string, builder: RegionTableBuilder, diagnostics: DiagnosticStore, options: { fastPath?: boolean; names?: 'chars' | 'bytes' | PathnameInterner; classify: false }) {
    this.text = text;
    this.builder = builder;
    this.diagnostics = diagnostics;
    this.fastPath = options.fastPath ?? true;
    const names = options.names ?? 'chars';
    this.names = typeof names === 'string' ? new NameIndex(text, builder, names) : names;
  }

  /**
   * Parses one maps line text[ls..e) (number `line`). On success adds a row and returns its index;
   * otherwise pushes one error diagnostic and returns -1.
   */
  parseLine(ls: number, e: number, line: number): number {
    const row = this.fastPath ? readKernelLine(this, ls, e, line) : -1;
    return row >= 0 ? row : readCheckedLine(this, ls, e, line);
  }

  /** The fast path (maps-kernel-line.ts): a row for a line in the kernel's layout, else -1 with nothing changed. */
  parseKernelLine(s: number, e: number, line: number): number {
    return readKernelLine(this, s, e, line);
  }

  /** A line the fast path did not take: blank, or read by the checked path (counted when rejected). */
  parseOtherLine(s: number, e: number, line: number): void {
    if (isBlank(this.text, s, e)) this.blankLines++;
    else if (readCheckedLine(this, s, e, line) < 0) this.rejectedLines++;
  }
}
