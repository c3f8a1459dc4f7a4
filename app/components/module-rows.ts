/**
 * The region table with modules collapsed: each module's regions become one row — its first
 * region in the table's order stands for it — that shows the module's range, size, region count
 * and, with smaps, summed Rss and Pss.
 */
import { formatBytes, formatHexPadded, type RegionTable } from '../../src/internal';
import type { SortKey } from '../state/find-store';
import type { PackedModule } from '../workers/analysis';
import { nameText } from './Name';

export interface CollapsedRows {
  rows: Uint32Array;
  /** Per shown row: the module it stands for, or -1 for a region shown by itself. */
  moduleAt: Int32Array;
}

/** `rows` with every module not in `expanded` reduced to its first row. O(rows). */
export function collapseModules(rows: Uint32Array, moduleOfRow: Int32Array, moduleCount: number, expanded: ReadonlySet<number>): CollapsedRows {
  const seen = new Uint8Array(moduleCount);
  const out = new Uint32Array(rows.length);
  const moduleAt = new Int32Array(rows.length);
  let k = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const m = moduleOfRow[row];
    if (m < 0 || expanded.has(m)) {
      out[k] = row;
      moduleAt[k++] = -1;
    } else if (seen[m] === 0) {
      seen[m] = 1;
      out[k] = row;
      moduleAt[k++] = m;
    }
  }
  return { rows: out.slice(0, k), moduleAt: moduleAt.slice(0, k) };
}

function sum(table: RegionTable, order: Uint32Array, m: PackedModule, field: string): string {
  if (table.smaps === null) return '';
  let total = 0;
  for (let k = m.firstPosition; k < m.firstPosition + m.segmentCount; k++) total += table.smaps[order[k]]?.fields[field] ?? 0;
  return formatBytes(total);
}

/** The tooltip of a collapsed module's row. */
export function moduleRowTitle(m: PackedModule): string {
  return `${m.segmentCount} regions of ${nameText(m.name)}: click to show them one by one`;
}

/** The text of a collapsed module's cell in column `key`. */
export function moduleCellText(key: SortKey, m: PackedModule, table: RegionTable, order: Uint32Array): string {
  switch (key) {
    case 'begin':
      return formatHexPadded(m.beginAddr);
    case 'end':
      return formatHexPadded(m.endAddr);
    case 'size':
      return formatBytes(m.sizeBytes);
    case 'pathname':
      return `▸ ${nameText(m.pathname)} — ${m.segmentCount} regions`;
    case 'kind':
      return 'module';
    case 'rss':
      return sum(table, order, m, 'Rss');
    case 'pss':
      return sum(table, order, m, 'Pss');
    case 'swap':
      return sum(table, order, m, 'Swap');
    default:
      return '';
  }
}
