/**
 * Same process, or two runs? ASLR (randomize_va_space, on by default) places every mapped file at
 * a new address in each run, and a running process keeps its mappings where they are. So: how many
 * of the file mappings (or, without files, the named regions) of the smaller side are found at
 * exactly the same address, with the same name, on the other side. Half or more: the same process.
 */
import { formatCount } from '../format/format-count.js';
import type { ParseResult } from '../parse/result.js';
import { kindClass, NameIds, sideOf, type Side } from './sides.js';
import { isFileKindCode, isNamedKindCode } from './identity.js';
import type { DiffMode } from './types.js';

/** The mode and the evidence for it. */
export interface ModeDecision {
  mode: DiffMode;
  reason: string;
}

/** Counts the regions (file-backed, or named) at the same address with the same name on both sides. */
function countSameAddress(before: Side, after: Side, wanted: (kind: number) => boolean): { total: number; same: number } {
  const x = before.table;
  const y = after.table;
  const cx = x.columns;
  const cy = y.columns;
  const names = new NameIds(x, y);
  let totalX = 0;
  let totalY = 0;
  let same = 0;
  for (const row of before.order) if (cx.pathId[row] >= 0 && wanted(cx.kind[row])) totalX++;
  for (const row of after.order) if (cy.pathId[row] >= 0 && wanted(cy.kind[row])) totalY++;
  // Both sides ascending by begin: a merge walk finds the rows that begin at the same address.
  for (let i = 0, j = 0; i < before.order.length && j < after.order.length; ) {
    const a = before.order[i];
    const b = after.order[j];
    const d = cx.beginHi[a] - cy.beginHi[b] || cx.beginLo[a] - cy.beginLo[b];
    if (d < 0) i++;
    else if (d > 0) j++;
    else {
      if (cx.pathId[a] >= 0 && wanted(cx.kind[a]) && names.ofBefore(a) === names.ofAfter(b) && kindClass(cx.kind[a]) === kindClass(cy.kind[b])) same++;
      i++;
      j++;
    }
  }
  return { total: Math.min(totalX, totalY), same };
}

/** Decides whether two snapshots are one process at two times or two runs (see the file's comment). */
export function detectDiffMode(before: ParseResult, after: ParseResult): ModeDecision {
  return decideMode(sideOf(before.regions), sideOf(after.regions));
}

/** detectDiffMode on sides already sorted. */
export function decideMode(before: Side, after: Side): ModeDecision {
  for (const [what, wanted] of [
    ['file mappings', isFileKindCode],
    ['named regions', isNamedKindCode],
  ] as const) {
    const { total, same } = countSameAddress(before, after, wanted);
    if (total === 0) continue;
    const evidence = `${formatCount(same)} of ${formatCount(total)} ${what} at the same address on both sides`;
    return same * 2 >= total
      ? { mode: 'same-process', reason: `${evidence}: one process at two times` }
      : { mode: 'different-runs', reason: `${evidence}: two runs (address space layout randomisation moved them)` };
  }
  return { mode: 'same-process', reason: 'no file mapping or named region on both sides to tell: compared by address, as one process' };
}
