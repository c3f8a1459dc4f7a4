/**
 * pmap (procps-ng) output: `pmap -x`, `pmap -X` and `pmap -XX`. Reference: procps-ng src/pmap.c
 * (one_proc, print_extended_maps, mapping_name), checked against pmap 4.0.2 on this machine.
 *
 *   1234:   /usr/bin/sleep 100                                       <- "PID:   command"
 *   Address           Kbytes     RSS   Dirty Mode  Mapping           <- -x: fixed columns
 *   000055c5741be000       8       8       0 r---- sleep
 *   00007ffe93d54000     132      12      12 rw---   [ stack ]
 *   ---------------- ------- ------- -------
 *   total kB            2280    1004     112
 *
 *            Address Perm   Offset Device  Inode Size  Rss ... VmFlags Mapping   <- -X, -XX
 *       55c5741be000 r--p 00000000  fe:00 260146    8    8 ... rd mr mw me sleep
 *                                                ==== ==== ...
 *                                                2280 1004 ... KB
 *
 * -X prints the smaps fields of the kernel it runs on (in kB, except THPeligible and
 * ProtectionKey), right-aligned under their names, then VmFlags (-XX only) and the mapping's base
 * name. Every column but the mapping is right-aligned to its header, which is what lets the
 * VmFlags cell (spaces inside, possibly blank) be cut out by position.
 */
import { clipDiagnosticText } from '../model/diagnostic.js';
import { DiagnosticStore } from '../model/diagnostic-store.js';
import { RegionTableBuilder, type KnownFields } from '../model/region-table.js';
import { checkRegionOrder, lineTextLookup } from './maps.js';
import { forEachLine, isBlank } from './lines.js';
import { XX_ONLY_COLUMNS, extendedHeader, extendedRow, extendedTotalProblem, type ExtendedHeader } from './pmap-extended.js';
import { checkMapFooter, deviceRow, plainRow, type MapSums, type RowProblem } from './pmap-plain.js';
import { X_HEADER, xRow, xTotalProblem, type XSums } from './pmap-x.js';
import type { ParseResult } from './result.js';
import { isSpace, parseDecToken, tokenize, tokenText, type Token } from './row-writer.js';

type PmapFormat = 'pmap' | 'pmap-d' | 'pmap-x' | 'pmap-X' | 'pmap-XX';

/** How the rows of the current block read: -x, -X/-XX, -d, or (null) plain or not known yet. */
type RowMode = 'x' | 'X' | 'd' | null;

/** pmap.c one_proc(): the -d header. */
const D_HEADER = ['Address', 'Kbytes', 'Mode', 'Offset', 'Device', 'Mapping'];

/** What plain and -d output carry per region (pmap.c one_proc reads /proc/PID/maps for them). */
const PLAIN_KNOWN: KnownFields = { perms: true, offset: false, device: false, inode: false };
const D_KNOWN: KnownFields = { perms: true, offset: true, device: true, inode: false };

/** What a parse keeps across lines: the table being built, the current block's mode and sums, counts. */
interface PmapState {
  readonly text: string;
  readonly builder: RegionTableBuilder;
  readonly diagnostics: DiagnosticStore;
  /** The mode a block starts in: -d for `pmap -d -q` (rows without a header), else unknown. */
  readonly initialMode: RowMode;
  format: PmapFormat | null;
  known: KnownFields | null;
  mode: RowMode;
  /** The current -X/-XX block's header. */
  header: ExtendedHeader | null;
  mapSums: MapSums;
  xSums: XSums;
  blank: number;
  recognized: number;
  rejected: number;
  pidLines: number;
  plainRows: number;
  xRows: number;
}

const noMapSums = (): MapSums => ({ mappedKib: 0n, privateWritableKib: 0n, sharedKib: 0n });

/** Pushes a diagnostic about line text[s..e), at column of `at`. */
function report(st: PmapState, line: number, s: number, e: number, at: number, severity: 'error' | 'warning', code: string, message: string): void {
  st.diagnostics.push({ line, column: at - s + 1, severity, code, message, text: clipDiagnosticText(st.text.slice(s, e)) });
}

/** Rejects line text[s..e) with an error. */
function fail(st: PmapState, line: number, s: number, e: number, at: number, code: string, message: string): void {
  report(st, line, s, e, at, 'error', code, message);
  st.rejected++;
}

/**
 * Parses `pmap -x`, `-X` or `-XX` output (one or several processes). Tolerant: never throws;
 * the PID, header, rule and total lines are recognised, every other line is a region or an error.
 * `fallback` names the format when the text has no header (`pmap -q`).
 */
export function parsePmap(text: string, fallback: PmapFormat = 'pmap-x'): ParseResult {
  const diagnostics = new DiagnosticStore();
  const builder = new RegionTableBuilder(Math.max(256, (text.length / 80) | 0));
  // `pmap -d -q` prints its rows without the header: forced or detected as -d, read them so.
  const initialMode = fallback === 'pmap-d' ? 'd' : null;
  const st: PmapState = {
    text, builder, diagnostics, initialMode, format: null, known: null, mode: initialMode, header: null,
    mapSums: noMapSums(), xSums: [0n, 0n, 0n], blank: 0, recognized: 0, rejected: 0, pidLines: 0, plainRows: 0, xRows: 0,
  };
  const lines = forEachLine(text, (s, e, line) => readLine(st, s, e, line));

  // Without a header, the rows read were plain or -x rows (the kinds that read without one).
  const regions = builder.finish(st.known ?? (initialMode === 'd' ? D_KNOWN : PLAIN_KNOWN));
  checkRegionOrder(regions, diagnostics, lineTextLookup(text));
  return {
    format: st.format ?? (st.xRows > 0 ? 'pmap-x' : st.plainRows > 0 ? 'pmap' : fallback),
    regions,
    ...diagnostics.result(),
    stats: { lines, regions: regions.length, blank: st.blank, recognized: st.recognized, rejected: st.rejected },
  };
}

/** One line: blank, a "PID:   command" line, a header, a rule, a footer or totals line, or a row. */
function readLine(st: PmapState, s: number, e: number, line: number): void {
  const text = st.text;
  if (isBlank(text, s, e)) {
    st.blank++;
    return;
  }
  let t = s;
  while (t < e && isSpace(text.charCodeAt(t))) t++;

  // "PID:   command" opens each process (printed even with -q).
  let d = t;
  while (d < e && text.charCodeAt(d) >= 48 && text.charCodeAt(d) <= 57) d++;
  if (d > t && d < e && text.charCodeAt(d) === 58 && (d + 1 === e || isSpace(text.charCodeAt(d + 1)))) {
    if (++st.pidLines > 1) {
      report(st, line, s, e, t, 'warning', 'second-process', `another process (pid ${text.slice(t, d)}) starts here: its regions follow the first one's in the table`);
    }
    st.mode = st.initialMode;
    st.header = null;
    st.recognized++;
    return;
  }

  const tokens = tokenize(text, t, e);
  if (tokenText(text, tokens[0]) === 'Address') {
    readHeader(st, tokens, s, e, t, line);
    return;
  }
  // Rules under the columns: "---- -------" (-x) and "==== ====" (-X).
  if (isRule(text, t, e, 45) || isRule(text, t, e, 61)) {
    st.recognized++;
    return;
  }
  if (readTotals(st, tokens, s, e, t, line)) return;

  let problem: RowProblem | null;
  if (st.mode === 'X' && st.header !== null) problem = extendedRow(st.builder, st.header, text, tokens, s, e, line);
  else if (st.mode === 'd') problem = deviceRow(st.builder, st.mapSums, text, tokens, s, e, line);
  else if (st.mode === null && isPlainSize(text, tokens[1])) {
    // Plain `pmap PID` prints no header: its rows are told by the size's "K".
    problem = plainRow(st.builder, st.mapSums, text, tokens, s, e, line);
    if (problem === null) st.plainRows++;
  } else {
    problem = xRow(st.builder, st.xSums, text, tokens, s, e, line);
    if (problem === null) st.xRows++;
  }
  if (problem !== null) fail(st, line, s, e, problem.at, problem.code, problem.message);
}

/** A header line (its first token is "Address"): -x, -d or -X/-XX; starts a block of rows. */
function readHeader(st: PmapState, tokens: Token[], s: number, e: number, t: number, line: number): void {
  const names = tokens.map((k) => st.text.slice(k.start, k.end));
  if (names.includes('Kbytes')) {
    if (names.join(' ') === D_HEADER.join(' ')) {
      st.mode = 'd';
      st.mapSums = noMapSums();
      st.format ??= 'pmap-d';
      st.known ??= D_KNOWN;
      st.recognized++;
      return;
    }
    if (names.join(' ') !== X_HEADER.join(' ')) {
      fail(st, line, s, e, t, 'bad-header', `unsupported pmap header: expected "${X_HEADER.join(' ')}" (pmap -x), "${D_HEADER.join(' ')}" (pmap -d) or the -X/-XX columns`);
      st.mode = null;
      return;
    }
    st.mode = 'x';
    st.xSums = [0n, 0n, 0n];
    st.format ??= 'pmap-x';
    st.known ??= { perms: true, offset: false, device: false, inode: false };
    st.recognized++;
    return;
  }
  const h = extendedHeader(tokens, names);
  if (h === null) {
    fail(st, line, s, e, t, 'bad-header', 'pmap -X header without a Size column: the regions\' ends are unknown');
    st.mode = null;
    return;
  }
  st.mode = 'X';
  st.header = h;
  st.format ??= names.some((n) => XX_ONLY_COLUMNS.has(n)) ? 'pmap-XX' : 'pmap-X';
  st.known ??= { perms: names.includes('Perm'), offset: names.includes('Offset'), device: names.includes('Device'), inode: names.includes('Inode') };
  st.recognized++;
}

/** A footer or totals line (plain, -d, -x or -X), checked against the rows above; false if the line is none. */
function readTotals(st: PmapState, tokens: Token[], s: number, e: number, t: number, line: number): boolean {
  const text = st.text;
  const first = tokenText(text, tokens[0]);
  // Plain and -d footers: " total 86864K", "mapped: 86864K    writeable/private: …K    shared: …K".
  if (first === 'total' || first === 'mapped:') {
    const problem = checkMapFooter(text, tokens, st.mapSums);
    if (problem !== undefined) {
      st.recognized++;
      if (problem !== null) report(st, line, s, e, t, 'warning', 'total-mismatch', problem);
      st.mapSums = noMapSums();
      return true;
    }
  }

  // -x totals: "total kB   86864    9920    3884".
  if (first === 'total') {
    const values = tokens.slice(2).map((k) => parseDecToken(text, k.start, k.end));
    if (tokenText(text, tokens[1]) !== 'kB' || values.length !== 3 || values.some((v) => v === undefined)) {
      fail(st, line, s, e, t, 'bad-total', 'invalid total line: expected "total kB" and three numbers');
      return true;
    }
    st.recognized++;
    const problem = xTotalProblem(values as bigint[], st.xSums);
    if (problem !== null) report(st, line, s, e, t, 'warning', 'total-mismatch', problem);
    return true;
  }

  // -X totals: one number per value column, then "KB" (a row whose mapping is named KB has
  // a Perm column that is not a number).
  const values = tokens.length > 1 && tokenText(text, tokens[tokens.length - 1]) === 'KB' ? tokens.slice(0, -1).map((k) => parseDecToken(text, k.start, k.end)) : [];
  if (values.length === 0 || values.some((v) => v === undefined)) return false;
  st.recognized++;
  const sums = st.header?.sums;
  if (sums && values.length === sums.size) {
    const problem = extendedTotalProblem(values as bigint[], sums);
    if (problem !== null) report(st, line, s, e, t, 'warning', 'total-mismatch', problem);
  }
  return true;
}

/** True when `t` is a plain pmap size: digits and "K" (`4K`, `86864K`). */
function isPlainSize(text: string, t: Token | undefined): boolean {
  if (t === undefined || t.end - t.start < 2 || text.charCodeAt(t.end - 1) !== 75) return false;
  for (let i = t.start; i < t.end - 1; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** True when text[s..e) has only the given character and spaces, and at least one of it. */
function isRule(text: string, s: number, e: number, ch: number): boolean {
  let seen = false;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c === ch) seen = true;
    else if (c !== 32) return false;
  }
  return seen;
}
