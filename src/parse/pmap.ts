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
import { clipDiagnosticText, type Diagnostic } from '../model/diagnostic.js';
import { PERM_SHARED, parsePermissionsAt } from '../model/permissions.js';
import { RegionTableBuilder, type KnownFields, type SmapsRecord } from '../model/region-table.js';
import { checkRegionOrder, lineTextLookup, sortDiagnostics } from './maps.js';
import { checkMapFooter, deviceRow, mappingOf, parseMode, plainRow, type MapSums, type RowProblem } from './pmap-plain.js';
import { forEachLine, isBlank } from './lines.js';
import type { ParseResult } from './result.js';
import { UNITLESS_SMAPS_KEYS } from './smaps.js';
import { addRegionRow, isSpace, parseDecToken, parseHexToken, tokenize, tokenText, type Token } from './row-writer.js';

type PmapFormat = 'pmap' | 'pmap-d' | 'pmap-x' | 'pmap-X' | 'pmap-XX';

/** pmap.c is_unimportant(): the fields -X leaves out and -XX shows. */
const XX_ONLY_COLUMNS = new Set(['AnonHugePages', 'KernelPageSize', 'MMUPageSize', 'Shared_Dirty', 'Private_Dirty', 'Shared_Clean', 'Private_Clean', 'VmFlags']);

/** pmap.c one_proc(): the -x header. */
const X_HEADER = ['Address', 'Kbytes', 'RSS', 'Dirty', 'Mode', 'Mapping'];

/** pmap.c one_proc(): the -d header. */
const D_HEADER = ['Address', 'Kbytes', 'Mode', 'Offset', 'Device', 'Mapping'];

/** What plain and -d output carry per region (pmap.c one_proc reads /proc/PID/maps for them). */
const PLAIN_KNOWN: KnownFields = { perms: true, offset: false, device: false, inode: false };
const D_KNOWN: KnownFields = { perms: true, offset: true, device: true, inode: false };

/** -X columns that are region fields, not smaps values. */
const X_FIXED = new Set(['Address', 'Perm', 'Offset', 'Device', 'Inode', 'VmFlags', 'Mapping']);

/** The -X/-XX header of the current block: column names and where each right-aligned cell ends. */
interface ExtendedHeader {
  /** Columns read as whitespace-separated tokens, in order (all but VmFlags and Mapping). */
  tokenColumns: string[];
  /** Width of the VmFlags cell, or -1 without one. */
  vmFlagsWidth: number;
  hasMapping: boolean;
  /** Sums of each value column, to check the totals line. */
  sums: Map<string, bigint>;
}

const KIB = 1024n;

/** Every count up to 2^53 is an exact double (see smaps-values.ts). */
const EXACT_COUNT_MAX = 1n << 53n;

/**
 * Sets field `name` of `record` to `count` units of `unitBytes`: exact as a number up to 2^53
 * units (a double times a power of two), kept as a bigint in exactFields beyond (smaps-values.ts).
 */
function putValue(record: SmapsRecord, name: string, count: bigint, unitBytes: bigint): void {
  const value = count * unitBytes;
  record.fields[name] = Number(value);
  if (count > EXACT_COUNT_MAX) (record.exactFields ??= {})[name] = value;
}

/**
 * -X/-XX columns whose per-row values depend only on the mapping itself, not on its pages. pmap.c
 * print_extended_maps reads smaps twice: a first pass sums the totals (and measures widths), then
 * `fseek(f, 0, SEEK_SET)` and a second read prints the rows. Between the two reads of a live
 * process, page-dependent columns move (Pss and the shared/private split when another process
 * maps or unmaps the same pages, Rss and Referenced with reclaim), so their totals may differ
 * from the rows by a few kB with nothing missing; these columns cannot move.
 */
const STABLE_COLUMNS = new Set(['Size', 'KernelPageSize', 'MMUPageSize', 'THPeligible', 'ProtectionKey']);

/**
 * Why a -x total line does not match its rows, or null. pmap.c one_proc reads smaps once and
 * prints each row from the values it adds to the totals; the Kbytes total is the sum of the
 * regions' byte sizes >> 10, equal to the rows' sum since sizes are whole pages: there is no
 * rounding, so any difference is a row missing or edited — except that with -A (a range) pmap
 * still adds the Rss and Dirty of the regions it does not print.
 */
function xTotalProblem(values: bigint[], sums: bigint[]): string | null {
  const names = ['Kbytes', 'RSS', 'Dirty'];
  const i = values.findIndex((v, k) => v !== sums[k]);
  if (i < 0) return null;
  const what = `the total of ${names[i]} is ${values[i]} kB but the rows above add up to ${sums[i]} kB`;
  if (i > 0 && values[0] === sums[0] && values[i] > sums[i]) return `${what}: pmap -A (a range) counts the ${names[i]} of regions it does not print; otherwise rows were edited`;
  return `${what}: rows missing or edited?`;
}

/** Why a -X/-XX total line does not match its rows, or null (see STABLE_COLUMNS). */
function extendedTotalProblem(values: bigint[], sums: Map<string, bigint>): string | null {
  let i = 0;
  for (const [name, sum] of sums) {
    if (STABLE_COLUMNS.has(name) && values[i] !== sum) {
      return `the total of ${name} is ${values[i]} but the rows above add up to ${sum}: rows missing or edited?`;
    }
    i++;
  }
  return null;
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

/**
 * Parses `pmap -x`, `-X` or `-XX` output (one or several processes). Tolerant: never throws;
 * the PID, header, rule and total lines are recognised, every other line is a region or an error.
 * `fallback` names the format when the text has no header (`pmap -q`).
 */
export function parsePmap(text: string, fallback: PmapFormat = 'pmap-x'): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const builder = new RegionTableBuilder(Math.max(256, (text.length / 80) | 0));
  let format: PmapFormat | null = null;
  let known: KnownFields | null = null;
  let blank = 0;
  let recognized = 0;
  let rejected = 0;
  // `pmap -d -q` prints its rows without the header: forced or detected as -d, read them so.
  const initialMode = fallback === 'pmap-d' ? 'd' : null;
  let mode: 'x' | 'X' | 'd' | null = initialMode;
  let mapSums: MapSums = { mappedKib: 0n, privateWritableKib: 0n, sharedKib: 0n };
  let plainRows = 0;
  let header: ExtendedHeader | null = null;
  let xSums = [0n, 0n, 0n];
  let pidLines = 0;
  let xRows = 0;

  const push = (line: number, s: number, e: number, at: number, severity: 'error' | 'warning', code: string, message: string) =>
    diagnostics.push({ line, column: at - s + 1, severity, code, message, text: clipDiagnosticText(text.slice(s, e)) });
  const fail = (line: number, s: number, e: number, at: number, code: string, message: string) => {
    push(line, s, e, at, 'error', code, message);
    rejected++;
  };

  const lines = forEachLine(text, (s, e, line) => {
    if (isBlank(text, s, e)) {
      blank++;
      return;
    }
    let t = s;
    while (t < e && isSpace(text.charCodeAt(t))) t++;

    // "PID:   command" opens each process (printed even with -q).
    let d = t;
    while (d < e && text.charCodeAt(d) >= 48 && text.charCodeAt(d) <= 57) d++;
    if (d > t && d < e && text.charCodeAt(d) === 58 && (d + 1 === e || isSpace(text.charCodeAt(d + 1)))) {
      if (++pidLines > 1) {
        push(line, s, e, t, 'warning', 'second-process', `another process (pid ${text.slice(t, d)}) starts here: its regions follow the first one's in the table`);
      }
      mode = initialMode;
      header = null;
      recognized++;
      return;
    }

    const tokens = tokenize(text, t, e);
    const first = tokenText(text, tokens[0]);
    if (first === 'Address') {
      const names = tokens.map((k) => text.slice(k.start, k.end));
      if (names.includes('Kbytes')) {
        if (names.join(' ') === D_HEADER.join(' ')) {
          mode = 'd';
          mapSums = { mappedKib: 0n, privateWritableKib: 0n, sharedKib: 0n };
          format ??= 'pmap-d';
          known ??= D_KNOWN;
          recognized++;
          return;
        }
        if (names.join(' ') !== X_HEADER.join(' ')) {
          fail(line, s, e, t, 'bad-header', `unsupported pmap header: expected "${X_HEADER.join(' ')}" (pmap -x), "${D_HEADER.join(' ')}" (pmap -d) or the -X/-XX columns`);
          mode = null;
          return;
        }
        mode = 'x';
        xSums = [0n, 0n, 0n];
        format ??= 'pmap-x';
        known ??= { perms: true, offset: false, device: false, inode: false };
        recognized++;
        return;
      }
      const h = extendedHeader(tokens, names);
      if (h === null) {
        fail(line, s, e, t, 'bad-header', 'pmap -X header without a Size column: the regions\' ends are unknown');
        mode = null;
        return;
      }
      mode = 'X';
      header = h;
      format ??= names.some((n) => XX_ONLY_COLUMNS.has(n)) ? 'pmap-XX' : 'pmap-X';
      known ??= { perms: names.includes('Perm'), offset: names.includes('Offset'), device: names.includes('Device'), inode: names.includes('Inode') };
      recognized++;
      return;
    }

    // Rules under the columns: "---- -------" (-x) and "==== ====" (-X).
    if (isRule(text, t, e, 45) || isRule(text, t, e, 61)) {
      recognized++;
      return;
    }

    // Plain and -d footers: " total 86864K", "mapped: 86864K    writeable/private: …K    shared: …K".
    if (first === 'total' || first === 'mapped:') {
      const problem = checkMapFooter(text, tokens, mapSums);
      if (problem !== undefined) {
        recognized++;
        if (problem !== null) push(line, s, e, t, 'warning', 'total-mismatch', problem);
        mapSums = { mappedKib: 0n, privateWritableKib: 0n, sharedKib: 0n };
        return;
      }
    }

    // -x totals: "total kB   86864    9920    3884".
    if (first === 'total') {
      const values = tokens.slice(2).map((k) => parseDecToken(text, k.start, k.end));
      if (tokenText(text, tokens[1]) !== 'kB' || values.length !== 3 || values.some((v) => v === undefined)) {
        fail(line, s, e, t, 'bad-total', 'invalid total line: expected "total kB" and three numbers');
        return;
      }
      recognized++;
      const problem = xTotalProblem(values as bigint[], xSums);
      if (problem !== null) push(line, s, e, t, 'warning', 'total-mismatch', problem);
      return;
    }

    // -X totals: one number per value column, then "KB" (a row whose mapping is named KB has
    // a Perm column that is not a number).
    const totals = tokens.length > 1 && tokenText(text, tokens[tokens.length - 1]) === 'KB' ? tokens.slice(0, -1).map((k) => parseDecToken(text, k.start, k.end)) : [];
    if (totals.length > 0 && totals.every((v) => v !== undefined)) {
      const values = totals;
      recognized++;
      const sums = header?.sums;
      if (sums && values.length === sums.size) {
        const problem = extendedTotalProblem(values as bigint[], sums);
        if (problem !== null) push(line, s, e, t, 'warning', 'total-mismatch', problem);
      }
      return;
    }

    let ok: RowProblem | null;
    if (mode === 'X' && header !== null) ok = extendedRow(header, tokens, s, e, line);
    else if (mode === 'd') ok = deviceRow(builder, mapSums, text, tokens, s, e, line);
    else if (mode === null && isPlainSize(text, tokens[1])) {
      // Plain `pmap PID` prints no header: its rows are told by the size's "K".
      ok = plainRow(builder, mapSums, text, tokens, s, e, line);
      if (ok === null) plainRows++;
    } else ok = xRow(tokens, s, e, line);
    if (ok !== null) fail(line, s, e, ok.at, ok.code, ok.message);
  });

  function xRow(tokens: Token[], s: number, e: number, line: number): RowProblem | null {
    if (tokens.length < 5) {
      return { at: tokens[0]?.start ?? s, code: 'bad-row', message: 'expected a pmap -x row: address, Kbytes, RSS, Dirty, Mode and mapping' };
    }
    const [a, k, r, d, m] = tokens;
    const begin = parseHexToken(text, a.start, a.end);
    if (begin === undefined) return { at: a.start, code: 'bad-range', message: `invalid address "${tokenText(text, a)}": expected hex digits` };
    const kbytes = parseDecToken(text, k.start, k.end);
    if (kbytes === undefined) return { at: k.start, code: 'bad-value', message: `invalid Kbytes "${tokenText(text, k)}": expected a decimal number` };
    const dash = (x: Token) => x.end - x.start === 1 && text.charCodeAt(x.start) === 45;
    const rss = dash(r) ? null : parseDecToken(text, r.start, r.end);
    if (rss === undefined) return { at: r.start, code: 'bad-value', message: `invalid RSS "${tokenText(text, r)}": expected a decimal number or "-"` };
    const dirty = dash(d) ? null : parseDecToken(text, d.start, d.end);
    if (dirty === undefined) return { at: d.start, code: 'bad-value', message: `invalid Dirty "${tokenText(text, d)}": expected a decimal number or "-"` };
    const perms = parseMode(text, m);
    if (perms < 0) return { at: m.start, code: 'bad-permissions', message: `invalid mode "${tokenText(text, m)}": expected [r-][w-][x-][s-][R-]` };
    const end = begin + kbytes * KIB;
    if (end > 0xffff_ffff_ffff_ffffn) return { at: k.start, code: 'too-wide', message: `the region ends above 2^64 (address + ${kbytes} kB)` };

    const name = m.end < e ? text.slice(m.end + 1, e) : '';
    const mapping = mappingOf(name, (perms & PERM_SHARED) !== 0);
    const row = addRegionRow(builder, { line, begin, end, perms, offset: 0n, devMajor: 0, devMinor: 0, inode: 0n, ...mapping });
    const record: SmapsRecord = { fields: {}, vmFlags: null };
    putValue(record, 'Size', kbytes, KIB);
    if (rss !== null) putValue(record, 'Rss', rss, KIB);
    // pmap.c: Dirty = Shared_Dirty + Private_Dirty; smaps has no single key for it.
    if (dirty !== null) putValue(record, 'Dirty', dirty, KIB);
    builder.setSmaps(row, record);
    xSums[0] += kbytes;
    xSums[1] += rss ?? 0n;
    xSums[2] += dirty ?? 0n;
    xRows++;
    return null;
  }

  function extendedRow(h: ExtendedHeader, tokens: Token[], s: number, e: number, line: number): RowProblem | null {
    const n = h.tokenColumns.length;
    if (tokens.length < n) {
      return { at: tokens[tokens.length - 1]?.end ?? s, code: 'missing-field', message: `expected ${n} columns (${h.tokenColumns.join(', ')}), found ${tokens.length}` };
    }
    let begin = 0n, offset = 0n, inode = 0n, perms = 0, devMajor = 0, devMinor = 0;
    let sizeKib = 0n;
    const record: SmapsRecord = { fields: {}, vmFlags: null };
    const raw: bigint[] = [];
    for (let i = 0; i < n; i++) {
      const name = h.tokenColumns[i];
      const k = tokens[i];
      switch (name) {
        case 'Address': {
          const v = parseHexToken(text, k.start, k.end);
          if (v === undefined) return { at: k.start, code: 'bad-range', message: `invalid address "${tokenText(text, k)}": expected hex digits` };
          begin = v;
          break;
        }
        case 'Perm':
          perms = k.end - k.start === 4 ? parsePermissionsAt(text, k.start) : -1;
          if (perms < 0) return { at: k.start, code: 'bad-permissions', message: `invalid permissions "${tokenText(text, k)}": expected [r-][w-][x-][sp]` };
          break;
        case 'Offset': {
          const v = parseHexToken(text, k.start, k.end);
          if (v === undefined) return { at: k.start, code: 'bad-offset', message: `invalid offset "${tokenText(text, k)}": expected hex digits` };
          offset = v;
          break;
        }
        case 'Device': {
          const colon = text.indexOf(':', k.start);
          const major = colon > k.start && colon < k.end ? parseHexToken(text, k.start, colon) : undefined;
          const minor = major !== undefined ? parseHexToken(text, colon + 1, k.end) : undefined;
          if (major === undefined || minor === undefined || major > 0xfffn || minor > 0xfffffn) {
            return { at: k.start, code: 'bad-device', message: `invalid device "${tokenText(text, k)}": expected major:minor in hex` };
          }
          devMajor = Number(major);
          devMinor = Number(minor);
          break;
        }
        case 'Inode': {
          const v = parseDecToken(text, k.start, k.end);
          if (v === undefined) return { at: k.start, code: 'bad-inode', message: `invalid inode "${tokenText(text, k)}": expected a decimal number` };
          inode = v;
          break;
        }
        default: {
          const v = parseDecToken(text, k.start, k.end);
          if (v === undefined) return { at: k.start, code: 'bad-value', message: `invalid ${name} "${tokenText(text, k)}": expected a decimal number` };
          raw.push(v);
          if (name === 'Size') sizeKib = v;
          putValue(record, name, v, UNITLESS_SMAPS_KEYS.has(name) ? 1n : KIB);
        }
      }
    }
    const end = begin + sizeKib * KIB;
    if (end > 0xffff_ffff_ffff_ffffn) return { at: tokens[0].start, code: 'too-wide', message: `the region ends above 2^64 (address + ${sizeKib} kB)` };

    // After the token columns: [VmFlags cell] [mapping]. pmap.c prints " %*s" then " %s".
    let p = n > 0 ? tokens[n - 1].end : s;
    let vmFlags: string[] | null = null;
    if (h.vmFlagsWidth >= 0) {
      const cellEnd = p + 1 + h.vmFlagsWidth;
      const cell = text.slice(Math.min(p + 1, e), Math.min(cellEnd, e));
      if (/^[a-z ]*$/.test(cell) && (cellEnd >= e || text.charCodeAt(cellEnd) === 32)) {
        vmFlags = cell.split(' ').filter((f) => f !== '');
        p = cellEnd;
      } else {
        // Not aligned (re-spaced text): take two-letter codes as far as they go.
        vmFlags = [];
        let i = n;
        while (i < tokens.length && /^[a-z]{2}$/.test(text.slice(tokens[i].start, tokens[i].end))) vmFlags.push(text.slice(tokens[i].start, tokens[i++].end));
        p = i > n ? tokens[i - 1].end : p;
      }
    }
    let name = '';
    if (h.hasMapping && p + 1 < e) name = text.slice(p + 1, e);
    else if (!h.hasMapping && p < e && !isBlank(text, p, e)) {
      return { at: p, code: 'bad-row', message: `unexpected text after the last column: "${text.slice(p, Math.min(e, p + 40)).trim()}"` };
    }
    const mapping = mappingOf(name, (perms & PERM_SHARED) !== 0);
    const row = addRegionRow(builder, { line, begin, end, perms, offset, devMajor, devMinor, inode, ...mapping });
    record.vmFlags = vmFlags;
    builder.setSmaps(row, record);
    let i = 0;
    for (const [key, sum] of h.sums) h.sums.set(key, sum + raw[i++]);
    return null;
  }

  // Without a header, the rows read were plain or -x rows (the kinds that read without one).
  const regions = builder.finish(known ?? (initialMode === 'd' ? D_KNOWN : PLAIN_KNOWN));
  const errors = diagnostics.length;
  checkRegionOrder(regions, diagnostics, lineTextLookup(text));
  if (diagnostics.length > errors) sortDiagnostics(diagnostics);
  return {
    format: format ?? (xRows > 0 ? 'pmap-x' : plainRows > 0 ? 'pmap' : fallback),
    regions,
    diagnostics,
    stats: { lines, regions: regions.length, blank, recognized, rejected },
  };
}

/** Reads a -X/-XX header; null when it lacks Address or Size. */
function extendedHeader(tokens: Token[], names: string[]): ExtendedHeader | null {
  if (names[0] !== 'Address' || !names.includes('Size')) return null;
  const ends = tokens.map((k) => k.end);
  const v = names.indexOf('VmFlags');
  const sums = new Map<string, bigint>();
  for (const n of names) if (!X_FIXED.has(n)) sums.set(n, 0n);
  return {
    tokenColumns: names.filter((n) => n !== 'VmFlags' && n !== 'Mapping'),
    vmFlagsWidth: v > 0 ? ends[v] - ends[v - 1] - 1 : -1,
    hasMapping: names[names.length - 1] === 'Mapping',
    sums,
  };
}
