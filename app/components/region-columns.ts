/** The columns of the region table: header, sort key, width, and the text of a cell. */
import { addrFromHiLo, formatBytes, formatHexPadded, formatNameForDisplay, formatPermissions, type RegionTable } from '../../src/internal';
import type { SortKey } from '../state/find-store';
import type { Comparison } from '../state/snapshot-set';
import { CHANGE_NAMES } from '../workers/compare-table';
import { NAME_CHARS } from './Name';

export interface RegionColumn {
  /** A sort key; `change` (a comparison's) is not sortable: the change filter picks by it. */
  key: SortKey | 'change';
  header: string;
  /** CSS grid track. */
  width: string;
  numeric: boolean;
  /** Shown only when the table has smaps fields. */
  smaps?: boolean;
  /** The cell's text for table row `row`. */
  text(table: RegionTable, row: number): string;
}

const c = (table: RegionTable) => table.columns;

function smapsBytes(table: RegionTable, row: number, field: string): string {
  const v = table.smaps?.[row]?.fields[field];
  return v === undefined ? '' : formatBytes(v);
}

export const REGION_COLUMNS: readonly RegionColumn[] = [
  { key: 'begin', header: 'Begin', width: '14ch', numeric: true, text: (t, r) => formatHexPadded(t.begin(r)) },
  { key: 'end', header: 'End', width: '14ch', numeric: true, text: (t, r) => formatHexPadded(t.end(r)) },
  { key: 'size', header: 'Size', width: '10ch', numeric: true, text: (t, r) => formatBytes(t.end(r) - t.begin(r)) },
  { key: 'perms', header: 'Perms', width: '6ch', numeric: false, text: (t, r) => (t.known.perms ? formatPermissions(c(t).perms[r]) : '') },
  {
    key: 'offset',
    header: 'Offset',
    width: '10ch',
    numeric: true,
    text: (t, r) => (t.known.offset ? formatHexPadded(addrFromHiLo(c(t).offsetHi[r], c(t).offsetLo[r])) : ''),
  },
  {
    key: 'device',
    header: 'Device',
    width: '7ch',
    numeric: false,
    text: (t, r) => (t.known.device ? `${c(t).devMajor[r].toString(16).padStart(2, '0')}:${c(t).devMinor[r].toString(16).padStart(2, '0')}` : ''),
  },
  { key: 'inode', header: 'Inode', width: '10ch', numeric: true, text: (t, r) => (t.known.inode ? addrFromHiLo(c(t).inodeHi[r], c(t).inodeLo[r]).toString() : '') },
  { key: 'pathname', header: 'Pathname', width: 'minmax(24ch, 1fr)', numeric: false, text: (t, r) => formatNameForDisplay(t.pathname(r) ?? '', { maxChars: NAME_CHARS.short }) },
  { key: 'kind', header: 'Kind', width: '14ch', numeric: false, text: (t, r) => t.kind(r) },
  { key: 'rss', header: 'Rss', width: '9ch', numeric: true, smaps: true, text: (t, r) => smapsBytes(t, r, 'Rss') },
  { key: 'pss', header: 'Pss', width: '9ch', numeric: true, smaps: true, text: (t, r) => smapsBytes(t, r, 'Pss') },
];

/** The columns a table shows: Rss and Pss only with smaps; first, with a comparison, what changed. */
export function columnsOf(table: RegionTable, comparison: Comparison | null = null): RegionColumn[] {
  const columns = REGION_COLUMNS.filter((col) => !col.smaps || table.smaps !== null);
  if (comparison === null) return columns;
  const change: RegionColumn = { key: 'change', header: 'Change', width: '9ch', numeric: false, text: (_t, r) => CHANGE_NAMES[comparison.change[r]] };
  return [change, ...columns];
}
