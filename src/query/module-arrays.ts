/**
 * The modules of a table as typed arrays, made from a grouping (../analyze/modules.ts groupModules):
 * the mapped files, then one module per other pathname (`[heap]`, `[vdso]`, `[anon:…]`, memfds),
 * with each row's module.
 */
import type { ModuleRuns } from '../analyze/modules.js';
import type { RegionTable } from '../model/region-table.js';

/**
 * The modules of a table as per-module and per-row arrays: what ModuleIndex answers from, and,
 * with the name tables, what it transfers (ModuleIndexData).
 */
export interface ModuleArrays {
  /** Rows and pathnames of the table it describes; `fromData` refuses another table's. */
  rowCount: number;
  pathnameCount: number;
  /** Per module (the order of `ModuleIndex.modules`): index into the table's pathnames. */
  pathId: Int32Array;
  /** Per module: lowest begin and highest end (exclusive), as (hi, lo) uint32 halves. */
  baseHi: Uint32Array;
  baseLo: Uint32Array;
  endHi: Uint32Array;
  endLo: Uint32Array;
  regionCount: Uint32Array;
  /** Per module: 1 when its first region maps file offset 0 (where the loader put the object). */
  atFileStart: Uint8Array;
  /** Per module: the anonymous row after it that may start with its .bss (Module.anonymousAfterRow), or -1. */
  anonymousAfterRow: Int32Array;
  /** Per table row: index into the modules, or -1 (anonymous memory outside any module). */
  moduleOfRow: Int32Array;
}

/**
 * The module arrays of `table` over a grouping made of it (`groupModuleRuns(table, order)`;
 * `order`: its rows by begin address): its mapped files, then the other named regions, by the
 * address of their first region. The grouping is not changed.
 */
export function moduleArrays(table: RegionTable, order: Uint32Array, runs: ModuleRuns): ModuleArrays {
  const c = table.columns;
  const offsetKnown = table.known.offset;
  const fileModules = runs.firstRow.length;
  const ofRow = runs.moduleOfRow.slice();
  // Named regions that are not mapped files: one module per pathname. Bounds as (hi, lo) halves
  // per pathname id, so that no row costs a bigint.
  const ids = table.pathnames.length;
  const moduleOfId = new Int32Array(ids).fill(-1);
  const minHi = new Uint32Array(ids);
  const minLo = new Uint32Array(ids);
  const maxHi = new Uint32Array(ids);
  const maxLo = new Uint32Array(ids);
  const count = new Uint32Array(ids);
  const firstIds: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const row = order[k];
    const id = c.pathId[row];
    if (id < 0 || ofRow[row] >= 0) continue;
    if (count[id]++ === 0) {
      firstIds.push(id);
      minHi[id] = c.beginHi[row]; // rows come in address order: the first is the lowest
      minLo[id] = c.beginLo[row];
    }
    if (c.endHi[row] > maxHi[id] || (c.endHi[row] === maxHi[id] && c.endLo[row] > maxLo[id])) {
      maxHi[id] = c.endHi[row];
      maxLo[id] = c.endLo[row];
    }
  }
  const total = fileModules + firstIds.length;
  const a: ModuleArrays = {
    rowCount: table.length,
    pathnameCount: ids,
    pathId: new Int32Array(total),
    baseHi: new Uint32Array(total),
    baseLo: new Uint32Array(total),
    endHi: new Uint32Array(total),
    endLo: new Uint32Array(total),
    regionCount: new Uint32Array(total),
    atFileStart: new Uint8Array(total),
    anonymousAfterRow: new Int32Array(total).fill(-1),
    moduleOfRow: ofRow,
  };
  // The mapped files' arrays are the grouping's (segments ascend: the first is the module's base).
  a.pathId.set(runs.pathId);
  a.endHi.set(runs.endHi);
  a.endLo.set(runs.endLo);
  a.regionCount.set(runs.segmentCount);
  a.anonymousAfterRow.set(runs.anonymousAfterRow);
  for (let i = 0; i < fileModules; i++) {
    const first = runs.firstRow[i];
    a.baseHi[i] = c.beginHi[first];
    a.baseLo[i] = c.beginLo[first];
    a.atFileStart[i] = offsetKnown && c.offsetHi[first] === 0 && c.offsetLo[first] === 0 ? 1 : 0;
  }
  firstIds.forEach((id, k) => {
    const i = fileModules + k;
    moduleOfId[id] = i;
    a.pathId[i] = id;
    a.baseHi[i] = minHi[id];
    a.baseLo[i] = minLo[id];
    a.endHi[i] = maxHi[id];
    a.endLo[i] = maxLo[id];
    a.regionCount[i] = count[id];
  });
  for (let row = 0; row < ofRow.length; row++) {
    const id = c.pathId[row];
    if (id >= 0 && ofRow[row] < 0) ofRow[row] = moduleOfId[id];
  }
  return a;
}
