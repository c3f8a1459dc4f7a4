/**
 * The floor of the app's analysis (issue 19: drop → analysis shown at 1,048,576 regions): what no
 * analysis can skip, done the cheapest way — one pass over the table's columns in address order
 * that writes each row's module and role (the page reads both per row), groups the mapped files'
 * regions into modules (a region of the open module's file, not at offset 0, continues it), and
 * sums the sizes by kind, by permissions, by module and by file (pathname id), with the largest gap
 * and the W+X regions (a stand-in for the lints' per-row tests). No sort, no text, no packing.
 * Sizes are summed as 32-bit halves in doubles, as the analysis sums them (exact below 2^20 rows).
 */
import { KIND_CODE, PERM_EXEC, PERM_WRITE, REGION_KINDS, type RegionTable } from '../../src/internal';

export interface FloorAnswer {
  moduleOfRow: Int32Array;
  roleOfRow: Uint8Array;
  modules: number;
  /** Per kind (REGION_KINDS order): count, size high half, size low half. */
  byKind: Float64Array;
  /** Per permission bits (0–15): count, size high half, size low half. */
  byPerms: Float64Array;
  /** Per pathname id: count, size high half, size low half, of the rows in modules. */
  byFile: Float64Array;
  /** Per module: size high half, size low half (the first `modules` of them). */
  moduleSizes: Float64Array;
  /** The largest gap between regions, in bytes as a double (inexact above 2^53: a floor, not an answer). */
  largestGap: number;
  writableExecutable: number;
}

const FILE = KIND_CODE.file;
const DELETED = KIND_CODE['deleted-file'];
const WX = PERM_WRITE | PERM_EXEC;

/** The analysis floor of `table`, whose rows ascend by address in `order`. */
export function analysisFloor(table: RegionTable, order: Uint32Array): FloorAnswer {
  const n = table.length;
  const { beginHi, beginLo, endHi, endLo, perms, pathId, kind, offsetHi, offsetLo } = table.columns;
  const moduleOfRow = new Int32Array(n);
  const roleOfRow = new Uint8Array(n);
  const byKind = new Float64Array(REGION_KINDS.length * 3);
  const byPerms = new Float64Array(16 * 3);
  const byFile = new Float64Array(table.pathnames.length * 3);
  let moduleSizes = new Float64Array(1024);
  let modules = 0;
  let openId = -1;
  let gap = 0;
  let reach = -1;
  let wx = 0;
  for (let k = 0; k < n; k++) {
    const row = order[k];
    const hi = endHi[row] - beginHi[row];
    const lo = endLo[row] - beginLo[row];
    const kd = kind[row] * 3;
    byKind[kd]++;
    byKind[kd + 1] += hi;
    byKind[kd + 2] += lo;
    const p = perms[row] & 15;
    byPerms[p * 3]++;
    byPerms[p * 3 + 1] += hi;
    byPerms[p * 3 + 2] += lo;
    if ((p & WX) === WX) wx++;
    const begin = beginHi[row] * 0x1_0000_0000 + beginLo[row];
    if (reach >= 0 && begin - reach > gap) gap = begin - reach;
    const end = endHi[row] * 0x1_0000_0000 + endLo[row];
    if (end > reach) reach = end;
    const id = pathId[row];
    const k2 = kind[row];
    if (id < 0 || (k2 !== FILE && k2 !== DELETED)) {
      openId = -1;
      moduleOfRow[row] = -1;
      continue;
    }
    if (id !== openId || (offsetHi[row] === 0 && offsetLo[row] === 0)) {
      if (modules * 2 === moduleSizes.length) {
        const grown = new Float64Array(moduleSizes.length * 2);
        grown.set(moduleSizes);
        moduleSizes = grown;
      }
      modules++;
      openId = id;
    }
    const m = modules - 1;
    moduleOfRow[row] = m;
    roleOfRow[row] = 1;
    moduleSizes[m * 2] += hi;
    moduleSizes[m * 2 + 1] += lo;
    byFile[id * 3]++;
    byFile[id * 3 + 1] += hi;
    byFile[id * 3 + 2] += lo;
  }
  return { moduleOfRow, roleOfRow, modules, byKind, byPerms, byFile, moduleSizes, largestGap: gap, writableExecutable: wx };
}
