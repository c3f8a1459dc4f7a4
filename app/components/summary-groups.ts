/**
 * The groups the summary panel shows (by kind, permissions or module), measured by virtual size,
 * Rss, Pss, Swap or region count, and the search term that filters the map and the table to a
 * group (the find bar's language, src/query/search-query.ts).
 */
import { formatBytes, moduleName, type MemorySummary, type SummaryRow } from '../../src/internal';
import { nameText } from './Name';

export type GroupBy = 'kind' | 'perms' | 'module';
export const GROUP_BYS: readonly GroupBy[] = ['kind', 'perms', 'module'];
export const GROUP_BY_LABEL: Readonly<Record<GroupBy, string>> = { kind: 'Kind', perms: 'Permissions', module: 'Module' };

export type Measure = 'size' | 'rss' | 'pss' | 'swap' | 'count';
export const MEASURE_LABEL: Readonly<Record<Measure, string>> = { size: 'Virtual size', rss: 'Rss', pss: 'Pss', swap: 'Swap', count: 'Regions' };

/** A group the selection has no region of. */
export const EMPTY_ROW: SummaryRow = { key: '', count: 0, sizeBytes: 0n, rssBytes: 0, pssBytes: 0, swapBytes: 0 };

/** The rows of a grouping. */
export function groupRows(summary: MemorySummary, by: GroupBy): SummaryRow[] {
  return by === 'kind' ? summary.byKind : by === 'perms' ? summary.byPerms : summary.byModule;
}

/** A row's measure as a number: for bar lengths and ordering only (sizes above 2^53 round). */
export function measureOf(row: SummaryRow, measure: Measure): number {
  switch (measure) {
    case 'size':
      return Number(row.sizeBytes);
    case 'rss':
      return row.rssBytes ?? 0;
    case 'pss':
      return row.pssBytes ?? 0;
    case 'swap':
      return row.swapBytes ?? 0;
    case 'count':
      return row.count;
  }
}

/** A row's measure as text, exact for sizes. */
export function formatMeasure(row: SummaryRow, measure: Measure): string {
  if (measure === 'count') return row.count.toLocaleString('en-US');
  if (measure === 'size') return formatBytes(row.sizeBytes);
  return formatBytes(measureOf(row, measure));
}

/** The short label of a row, safe to show: a module by its file name. */
export function groupLabel(row: SummaryRow, by: GroupBy): string {
  return by === 'module' ? nameText(moduleName(row.key)) : row.key;
}

/** A pathname as an exact regular expression of the search language: `/^\/usr\/lib\/libc\.so\.6$/`. */
export function exactPathRegex(pathname: string): string {
  return `/^${pathname.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')}$/`;
}

/** The search term that keeps a group's regions, or null when none can (perms of a format without them). */
export function filterTerm(by: GroupBy, key: string): string | null {
  if (by === 'kind') return `kind:${key}`;
  if (by === 'perms') return key === 'unknown' ? null : `perm:${key}`;
  return exactPathRegex(key);
}
