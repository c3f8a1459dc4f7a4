/**
 * More padding before a name than the kernel's. fs/proc/task_mmu.c pads every named line to one
 * column (show_vma_header_prefix: seq_setwidth(m, 25 + sizeof(void *) * 6 - 1), then show_map_vma:
 * seq_pad(m, ' ') — the name starts after 73 characters on a 64-bit kernel, 49 on a 32-bit one)
 * and then prints the name as it is. So in a text aligned as the kernel writes it, spaces past
 * that column are the name's own; in a text that is not (a tool's or an editor's re-spacing:
 * `… 42` and 28 spaces before `/lib/x.so`), they are padding, and keeping them would give the
 * name "   /lib/x.so" and turn "[vsyscall]" into a file. The checked path (maps-line.ts) keeps
 * them and records the rows; once the whole text is read, this decides and drops them if needed.
 */
import { RegionTable } from '../model/region-table.js';
import { DEV_EXTRA_PADDING_DROPPED, DEV_EXTRA_PADDING_KEPT } from './maps-deviations.js';
import type { MapsLineParser } from './maps-line.js';

/**
 * True when the text's named lines are aligned as the kernel writes them: some name starts at
 * the kernel's column, none starts before it (less padding, or a tab), and names at the column
 * are at least as many as names past it.
 */
function kernelAligned(table: RegionTable, parser: MapsLineParser): boolean {
  const over = parser.overPadded.length / 2;
  if (parser.unalignedNames > 0) return false;
  const pathId = table.columns.pathId;
  let named = 0;
  for (let i = 0; i < table.length; i++) if (pathId[i] >= 0) named++;
  const aligned = named - over;
  return aligned > 0 && aligned >= over;
}

/**
 * Drops the spaces past the kernel's column from the names of the parser's over-padded rows
 * unless the text is kernel-aligned (then they are the names' own, and stay); moves the rows'
 * count from "kept" to "dropped" in the parser's deviations. Returns the table to use: the same
 * one, or one whose pathnames hold the shortened names (and no name left unused).
 */
export function settleExtraPadding(table: RegionTable, parser: MapsLineParser): RegionTable {
  const overPadded = parser.overPadded;
  if (overPadded.length === 0 || kernelAligned(table, parser)) return table;
  parser.deviations.move(DEV_EXTRA_PADDING_KEPT, DEV_EXTRA_PADDING_DROPPED, overPadded.length / 2);
  const names = table.pathnames;
  const ids = new Map<string, number>();
  for (let id = 0; id < names.length; id++) if (!ids.has(names[id])) ids.set(names[id], id);
  const pathId = table.columns.pathId;
  const next = names.slice();
  for (let k = 0; k < overPadded.length; k += 2) {
    const row = overPadded[k];
    const name = names[pathId[row]].slice(overPadded[k + 1]);
    let id = ids.get(name);
    if (id === undefined) {
      id = next.length;
      next.push(name);
      ids.set(name, id);
    }
    pathId[row] = id;
  }
  // Names that only over-padded rows had are left without a row: renumber the rest, in order.
  const newId = new Int32Array(next.length).fill(-1);
  for (let i = 0; i < table.length; i++) if (pathId[i] >= 0) newId[pathId[i]] = 0;
  const kept: string[] = [];
  for (let id = 0; id < next.length; id++) if (newId[id] === 0) newId[id] = kept.push(next[id]) - 1;
  for (let i = 0; i < table.length; i++) if (pathId[i] >= 0) pathId[i] = newId[pathId[i]];
  return new RegionTable({ ...table.toData(), pathnames: kept });
}
