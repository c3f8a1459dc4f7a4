/** The columns of the region table: header, sort key, width, and the text of a cell. */
import { REGION_KINDS, addrFromHiLo, formatBytes, formatHexPadded, formatNameForDisplay, formatPermissions, type RegionTable, type SmapsRecord } from '../../src/internal';
import type { SortKey } from '../state/find-store';
import type { Comparison } from '../state/snapshot-set';
import { CHANGE_NAMES } from '../workers/compare-table';
import { measureColumns, type ColumnWidths } from '../workers/view-data';
import { NAME_CHARS } from './Name';

export interface RegionColumn {
  /** A sort key; `change` (a comparison's) is not sortable: the change filter picks by it. */
  key: SortKey | 'change';
  header: string;
  /** CSS grid track. */
  width: string;
  numeric: boolean;
  /**
   * Whether a cell's text can be wider than its track, so that the cell clips it with an ellipsis:
   * the pathname, the device (its numbers are not measured) and the sizes (a track for the usual
   * width, not the widest). Every other track is at least as
   * wide as its widest text, and its cells have no clip of their own: an overflow clip per cell
   * (a scroll container each) was a third of Chromium's work for the rows a keystroke rewrites.
   */
  clips: boolean;
  /** Shown only when the table has smaps fields. */
  smaps?: boolean;
  /** The cell's text for table row `row`. */
  text(table: RegionTable, row: number): string;
}

const c = (table: RegionTable) => table.columns;

/** An smaps size field of a record in bytes, exact (the bigint a value past 2^53 is kept as), or undefined. */
export function smapsSize(record: SmapsRecord | null | undefined, field: string): bigint | number | undefined {
  return record?.exactFields?.[field] ?? record?.fields[field];
}

function smapsBytes(table: RegionTable, row: number, field: string): string {
  const v = smapsSize(table.smaps?.[row], field);
  return v === undefined ? '' : formatBytes(v);
}

/** A track of `chars` characters, at least the header's (with its sort mark). */
const track = (chars: number, header: string) => `${Math.max(chars, header.length + 1)}ch`;

/** A size's track: most sizes' text (`4 KiB`, `132.5 MiB`); the widest, `1023.5 MiB`, is one more, and cut. */
const BYTES_CHARS = 9;
/** A collapsed module row's kind (moduleCellText). */
const MODULE_KIND_CHARS = 'module'.length;

/**
 * The columns a table shows, each as wide as its widest text in this file (the header and the
 * rows are in the monospace font, so `ch` is one character of both): Rss, Pss and Swap only with
 * smaps. The pathname takes what is left (at least 22 characters). `widths`: the parse worker's
 * measure of the rows (ViewData.columns), else measured here.
 */
export function columnsOf(table: RegionTable, comparison: Comparison | null = null, widths: ColumnWidths = measureColumns(table)): RegionColumn[] {
  const addr = widths.addressDigits;
  const kindChars = Math.max(MODULE_KIND_CHARS, ...widths.kinds.map((code) => REGION_KINDS[code].length));
  const columns: RegionColumn[] = [
    { key: 'begin', header: 'Begin', width: track(addr, 'Begin'), numeric: true, clips: false, text: (t, r) => formatHexPadded(t.begin(r)) },
    { key: 'end', header: 'End', width: track(addr, 'End'), numeric: true, clips: false, text: (t, r) => formatHexPadded(t.end(r)) },
    { key: 'size', header: 'Size', width: track(BYTES_CHARS, 'Size'), numeric: true, clips: true, text: (t, r) => formatBytes(t.end(r) - t.begin(r)) },
    { key: 'perms', header: 'Perms', width: track(4, 'Perms'), numeric: false, clips: false, text: (t, r) => (t.known.perms ? formatPermissions(c(t).perms[r]) : '') },
    {
      key: 'offset',
      header: 'Offset',
      width: track(table.known.offset ? widths.offsetDigits : 0, 'Offset'),
      numeric: true,
      clips: false,
      text: (t, r) => (t.known.offset ? formatHexPadded(addrFromHiLo(c(t).offsetHi[r], c(t).offsetLo[r])) : ''),
    },
    {
      key: 'device',
      header: 'Device',
      width: track(table.known.device ? 5 : 0, 'Device'),
      numeric: false,
      clips: true,
      text: (t, r) => (t.known.device ? `${c(t).devMajor[r].toString(16).padStart(2, '0')}:${c(t).devMinor[r].toString(16).padStart(2, '0')}` : ''),
    },
    {
      key: 'inode',
      header: 'Inode',
      width: track(table.known.inode ? widths.inodeDigits : 0, 'Inode'),
      numeric: true,
      clips: false,
      text: (t, r) => (t.known.inode ? addrFromHiLo(c(t).inodeHi[r], c(t).inodeLo[r]).toString() : ''),
    },
    { key: 'pathname', header: 'Pathname', width: 'minmax(22ch, 1fr)', numeric: false, clips: true, text: (t, r) => formatNameForDisplay(t.pathname(r) ?? '', { maxChars: NAME_CHARS.short }) },
    { key: 'kind', header: 'Kind', width: track(kindChars, 'Kind'), numeric: false, clips: false, text: (t, r) => t.kind(r) },
  ];
  if (table.smaps === null) return withChange(columns, comparison);
  for (const [key, header] of [
    ['rss', 'Rss'],
    ['pss', 'Pss'],
    ['swap', 'Swap'],
  ] as const) {
    columns.push({ key, header, width: track(BYTES_CHARS, header), numeric: true, clips: true, smaps: true, text: (t, r) => smapsBytes(t, r, header) });
  }
  return withChange(columns, comparison);
}

/** With a comparison, what changed comes first. */
function withChange(columns: RegionColumn[], comparison: Comparison | null): RegionColumn[] {
  if (comparison === null) return columns;
  const change: RegionColumn = { key: 'change', header: 'Change', width: '9ch', numeric: false, clips: false, text: (_t, r) => CHANGE_NAMES[comparison.change[r]] };
  return [change, ...columns];
}

/**
 * A pathname cell's text in two parts, the directory and the file name, so that the directory
 * is what an ellipsis cuts (a middle ellipsis: `/root/.pyenv/versions/…/libssl.so.3`). A name
 * without a slash, or `[heap]`, is all file name.
 */
export function splitPath(text: string): [dir: string, base: string] {
  const slash = text.lastIndexOf('/');
  return slash < 0 || slash === text.length - 1 ? ['', text] : [text.slice(0, slash + 1), text.slice(slash + 1)];
}
