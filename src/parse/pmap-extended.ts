/**
 * `pmap -X` and `pmap -XX` headers, rows and totals (procps-ng src/pmap.c print_extended_maps,
 * checked against pmap 4.0.2 on this machine).
 *
 *            Address Perm   Offset Device  Inode Size  Rss ... VmFlags Mapping
 *       55c5741be000 r--p 00000000  fe:00 260146    8    8 ... rd mr mw me sleep
 *                                                ==== ==== ...
 *                                                2280 1004 ... KB
 *
 * -X prints the smaps fields of the kernel it runs on (in kB, except THPeligible and
 * ProtectionKey), right-aligned under their names, then VmFlags (-XX only) and the mapping's base
 * name. Every column but the mapping is right-aligned to its header, which is what lets the
 * VmFlags cell (spaces inside, possibly blank) be cut out by position.
 */
import { PERM_SHARED, parsePermissionsAt } from '../model/permissions.js';
import type { RegionTableBuilder, SmapsRecord } from '../model/region-table.js';
import { isBlank } from './lines.js';
import { mappingOf, type RowProblem } from './pmap-plain.js';
import { KIB, putValue } from './pmap-x.js';
import { addRegionRow, parseDecToken, parseHexToken, tokenText, type Token } from './row-writer.js';
import { UNITLESS_SMAPS_KEYS } from './smaps.js';

/** pmap.c is_unimportant(): the fields -X leaves out and -XX shows. */
export const XX_ONLY_COLUMNS = new Set(['AnonHugePages', 'KernelPageSize', 'MMUPageSize', 'Shared_Dirty', 'Private_Dirty', 'Shared_Clean', 'Private_Clean', 'VmFlags']);

/** -X columns that are region fields, not smaps values. */
const X_FIXED = new Set(['Address', 'Perm', 'Offset', 'Device', 'Inode', 'VmFlags', 'Mapping']);

/** The -X/-XX header of the current block: column names and where each right-aligned cell ends. */
export interface ExtendedHeader {
  /** Columns read as whitespace-separated tokens, in order (all but VmFlags and Mapping). */
  tokenColumns: string[];
  /** Width of the VmFlags cell, or -1 without one. */
  vmFlagsWidth: number;
  hasMapping: boolean;
  /** Sums of each value column, to check the totals line. */
  sums: Map<string, bigint>;
}

/** Reads a -X/-XX header; null when it lacks Address or Size. */
export function extendedHeader(tokens: Token[], names: string[]): ExtendedHeader | null {
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

/** Reads a -X/-XX row of the block under header `h` into the builder and adds it to h.sums; or says what is wrong with it. */
export function extendedRow(builder: RegionTableBuilder, h: ExtendedHeader, text: string, tokens: Token[], s: number, e: number, line: number): RowProblem | null {
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

/**
 * -X/-XX columns whose per-row values depend only on the mapping itself, not on its pages. pmap.c
 * print_extended_maps reads smaps twice: a first pass sums the totals (and measures widths), then
 * `fseek(f, 0, SEEK_SET)` and a second read prints the rows. Between the two reads of a live
 * process, page-dependent columns move (Pss and the shared/private split when another process
 * maps or unmaps the same pages, Rss and Referenced with reclaim), so their totals may differ
 * from the rows by a few kB with nothing missing; these columns cannot move.
 */
const STABLE_COLUMNS = new Set(['Size', 'KernelPageSize', 'MMUPageSize', 'THPeligible', 'ProtectionKey']);

/** Why a -X/-XX total line does not match its rows, or null (see STABLE_COLUMNS). */
export function extendedTotalProblem(values: bigint[], sums: Map<string, bigint>): string | null {
  let i = 0;
  for (const [name, sum] of sums) {
    if (STABLE_COLUMNS.has(name) && values[i] !== sum) {
      return `the total of ${name} is ${values[i]} but the rows above add up to ${sum}: rows missing or edited?`;
    }
    i++;
  }
  return null;
}
