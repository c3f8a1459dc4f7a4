/**
 * The view's builds as they were before issue 19's rework of them (main at cdb4bfe: buildLodData, buildCompressedScaleData, findLandmarks, measureColumns), kept verbatim as the
 * reference the reworked builds must equal exactly (view-build.test.ts) and the baseline the
 * view-build bench times beside them.
 */
import { addrFromHiLo } from '../../src/address';
import { GAP_WEIGHT, regionWeight, type CompressedScaleData } from '../../src/layout/compressed-scale';
import { LIBRARY_LANDMARKS, isLibraryPathname, type Landmark, type LandmarkKind } from '../../src/layout/landmarks';
import type { LodIndexData } from '../../src/layout/level-of-detail';
import { sizeApproxAt, type SortedRegions } from '../../src/layout/sorted-regions';
import { KIND_CODE, REGION_KINDS } from '../../src/model/kind';
import { PERM_EXEC } from '../../src/model/permissions';
import type { RegionTable } from '../../src/model/region-table';
import type { ColumnWidths } from '../../app/workers/view-data';

const TWO_32 = 4294967296;
/** CompressedScaleData as it was then: every first unit in an array. */
type CompressedScaleDataBefore = CompressedScaleData & { readonly pieceStartU: Float64Array; readonly beginU: Float64Array };

export function buildLodDataBefore(regions: SortedRegions): LodIndexData {
  const n = regions.count;
  let size = 1;
  while (size < n) size <<= 1;
  const best = new Int32Array(2 * size).fill(-1);
  const flags = new Uint8Array(2 * size);
  const weight = (k: number) => sizeApproxAt(regions, k);
  for (let k = 0; k < n; k++) {
    best[size + k] = k;
    flags[size + k] = regions.flags[k];
  }
  for (let i = size - 1; i >= 1; i--) {
    const a = best[2 * i];
    const b = best[2 * i + 1];
    // b lies after a in position: ties keep a.
    best[i] = a < 0 ? b : b < 0 ? a : weight(b) > weight(a) ? b : a;
    flags[i] = flags[2 * i] | flags[2 * i + 1];
  }
  return { count: n, leaves: size, best, flags };
}

function big(hi: number, lo: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}
function isDisjoint(r: SortedRegions): boolean {
  for (let k = 1; k < r.count; k++) {
    const bh = r.beginHi[k];
    const eh = r.endHi[k - 1];
    if (bh < eh || (bh === eh && r.beginLo[k] < r.endLo[k - 1])) return false;
  }
  return true;
}
type PieceLine = Omit<CompressedScaleDataBefore, 'beginU' | 'endU' | 'reachU'>;
function pieceMaths(line: PieceLine) {
  const { pieceCount: np, pieceBeginHi: pbh, pieceBeginLo: pbl, pieceEndHi: peh, pieceEndLo: pel, pieceStartU: pu0, pieceEndU: pu1 } = line;

    const pieceAtOrBelow = (hi: number, lo: number): number => {
    let a = 0;
    let b = np;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (pbh[m] < hi || (pbh[m] === hi && pbl[m] <= lo)) a = m + 1;
      else b = m;
    }
    return a - 1;
  };
  const uOfAddr = (addr: bigint): bigint => {
    if (np === 0 || addr <= 0n) return 0n;
    const p = pieceAtOrBelow(Number(addr >> 32n), Number(addr & 0xffff_ffffn));
    if (p < 0) return 0n;
    const b = big(pbh[p], pbl[p]);
    const e = big(peh[p], pel[p]);
    if (addr < e) return BigInt(pu0[p]) + ((addr - b) * BigInt(pu1[p] - pu0[p])) / (e - b);
    if (addr === b) return BigInt(pu0[p]); // an empty region: its address is its left edge
    if (p === np - 1) return BigInt(pu1[p]);
    const nb = big(pbh[p + 1], pbl[p + 1]);
    return BigInt(pu1[p]) + ((addr - e) * BigInt(pu0[p + 1] - pu1[p])) / (nb - e);
  };

  return { uOfAddr };
}
export function buildCompressedScaleDataBefore(regions: SortedRegions): CompressedScaleDataBefore {
  const n = regions.count;
  const { beginHi, beginLo, endHi, endLo } = regions;
  // Pieces: the parts of the address space each region adds beyond everything before it. In a
  // real maps file regions never overlap, and the pieces are the regions themselves (shared).
  const disjoint = isDisjoint(regions);
  const pbh = disjoint ? beginHi : new Uint32Array(n);
  const pbl = disjoint ? beginLo : new Uint32Array(n);
  const peh = disjoint ? endHi : new Uint32Array(n);
  const pel = disjoint ? endLo : new Uint32Array(n);
  const weight = new Float64Array(n);
  const gapBefore = new Uint8Array(n);
  const pieceOf = disjoint ? null : new Int32Array(n);
  let np = 0;
  let gaps = 0;
  let runHi = 0;
  let runLo = 0;
  for (let k = 0; k < n; k++) {
    const bh = beginHi[k], bl = beginLo[k], eh = endHi[k], el = endLo[k];
    if (disjoint) {
      if (k > 0 && (bh !== runHi || bl !== runLo)) {
        gapBefore[k] = 1;
        gaps++;
      }
      weight[k] = regionWeight((eh - bh) * TWO_32 + (el - bl));
      runHi = eh;
      runLo = el;
      continue;
    }
    const atOrAfterRun = k === 0 || bh > runHi || (bh === runHi && bl >= runLo);
    if (atOrAfterRun) {
      if (k > 0 && (bh !== runHi || bl !== runLo)) {
        gapBefore[np] = 1;
        gaps++;
      }
      pbh[np] = bh;
      pbl[np] = bl;
    } else if (eh > runHi || (eh === runHi && el > runLo)) {
      pbh[np] = runHi;
      pbl[np] = runLo;
    } else {
      pieceOf![k] = -1; // inside an earlier region: no piece of its own
      continue;
    }
    peh[np] = eh;
    pel[np] = el;
    weight[np] = regionWeight((eh - pbh[np]) * TWO_32 + (el - pbl[np]));
    pieceOf![k] = np++;
    runHi = eh;
    runLo = el;
  }
  if (disjoint) np = n;

  let totalWeight = gaps * GAP_WEIGHT;
  for (let p = 0; p < np; p++) totalWeight += weight[p];
  const q = 2 ** Math.floor(Math.log2(2 ** 52 / Math.max(totalWeight, 1)));
  const gapUnits = Math.round(GAP_WEIGHT * q);
  const pu0 = new Float64Array(np);
  const pu1 = new Float64Array(np);
  let u = 0;
  for (let p = 0; p < np; p++) {
    if (gapBefore[p]) u += gapUnits;
    pu0[p] = u;
    u += Math.max(1, Math.round(weight[p] * q));
    pu1[p] = u;
  }
  const line: PieceLine = {
    pieceCount: np,
    pieceBeginHi: pbh,
    pieceBeginLo: pbl,
    pieceEndHi: peh,
    pieceEndLo: pel,
    pieceStartU: pu0,
    pieceEndU: pu1,
    unitsPerWeight: q,
    totalU: Math.max(u, 1),
  };

  // Per position: the units of its begin and end, and their running maximum — the pieces' own
  // when pieces are the regions.
  if (pieceOf === null) return { ...line, beginU: pu0, endU: pu1, reachU: pu1 };
  const { uOfAddr } = pieceMaths(line);
  const uBegin = new Float64Array(n);
  const uEnd = new Float64Array(n);
  const reach = new Float64Array(n);
  let maxEnd = 0;
  for (let k = 0; k < n; k++) {
    const p = pieceOf[k];
    const ownsBegin = p >= 0 && pbh[p] === beginHi[k] && pbl[p] === beginLo[k];
    uBegin[k] = ownsBegin ? pu0[p] : Number(uOfAddr(big(beginHi[k], beginLo[k])));
    uEnd[k] = p >= 0 ? pu1[p] : Number(uOfAddr(big(endHi[k], endLo[k])));
    if (uEnd[k] > maxEnd) maxEnd = uEnd[k];
    reach[k] = maxEnd;
  }
  return { ...line, beginU: uBegin, endU: uEnd, reachU: reach };
}

const PRIORITY: readonly (LandmarkKind | number | 'libc')[] = ['binary', 'heap', 'stack', 'thread-stacks', 'vdso', 0, 1, 'libc', 'vvar', 'vsyscall', 2, 3, 4, 5];
function baseTail(pathname: string): string {
  const end = pathname.endsWith(' (deleted)') ? pathname.length - ' (deleted)'.length : pathname.length;
  const tail = pathname.slice(Math.max(0, end - 64), end);
  return tail.slice(tail.lastIndexOf('/') + 1);
}
const SHARED_OBJECT = /\.so(?:\.[0-9][0-9A-Za-z.]*)?$/;
const C_LIBRARY = /^libc(?:\.so(?:\.[0-9]+)*|-[0-9.]+\.so)$/;
const KERNEL_LANDMARKS: readonly LandmarkKind[] = ['heap', 'stack', 'thread-stacks', 'vdso', 'vvar', 'vsyscall'];
const KERNEL_LANDMARK_OF_KIND = new Int8Array(256).fill(-1);
for (const [code, i] of [
  [KIND_CODE.heap, 0],
  [KIND_CODE.stack, 1],
  [KIND_CODE['thread-stack'], 2],
  [KIND_CODE.vdso, 3],
  [KIND_CODE.vvar, 4],
  [KIND_CODE.vsyscall, 5],
])
  KERNEL_LANDMARK_OF_KIND[code] = i;
export function findLandmarksBefore(regions: SortedRegions): Landmark[] {
  const { table, rows, count } = regions;
  const { pathId, kind, perms } = table.columns;
  const names = table.pathnames.length;
  const smaps = table.smaps;
  const FILE = KIND_CODE.file;
  const DELETED_FILE = KIND_CODE['deleted-file'];
  // Per pathname: is it a mapped file, executable, its first position, its weight.
  const isFile = new Uint8Array(names);
  const executable = new Uint8Array(names);
  const firstPos = new Int32Array(names).fill(-1);
  const lastPos = new Int32Array(names).fill(-1);
  const weight = new Float64Array(names);
  let hasRss = false;
  let heapPos = -1;
  for (let k = 0; k < count; k++) {
    const row = rows[k];
    const id = pathId[row];
    if (kind[row] === KIND_CODE.heap && heapPos < 0) heapPos = k;
    if (id < 0 || (kind[row] !== FILE && kind[row] !== DELETED_FILE)) continue;
    isFile[id] = 1;
    if (perms[row] & PERM_EXEC) executable[id] = 1;
    if (firstPos[id] < 0) firstPos[id] = k;
    lastPos[id] = k;
    const rss = smaps?.[row]?.fields.Rss;
    if (rss !== undefined) hasRss = true;
    weight[id] += rss ?? 0;
  }
  if (!hasRss) {
    for (let k = 0; k < count; k++) {
      const id = pathId[rows[k]];
      if (id >= 0 && isFile[id]) weight[id] += sizeApproxAt(regions, k);
    }
  }

  // The main binary: closest below [heap], else the lowest.
  let binary = -1;
  for (let id = 0; id < names; id++) {
    if (!isFile[id] || !executable[id] || isLibraryPathname(table.pathnames[id])) continue;
    if (heapPos >= 0) {
      const below = lastPos[id] < heapPos;
      const best = binary >= 0 && lastPos[binary] < heapPos;
      if (below ? !best || lastPos[id] > lastPos[binary] : !best && (binary < 0 || firstPos[id] < firstPos[binary])) binary = id;
    } else if (binary < 0 || firstPos[id] < firstPos[binary]) binary = id;
  }

  // The libraries: the LIBRARY_LANDMARKS heaviest shared objects (a bounded insertion: O(names)).
  const top: number[] = [];
  const heavier = (a: number, b: number) => weight[a] > weight[b] || (weight[a] === weight[b] && firstPos[a] < firstPos[b]);
  for (let id = 0; id < names; id++) {
    if (!isFile[id] || id === binary || !SHARED_OBJECT.test(baseTail(table.pathnames[id]))) continue;
    if (top.length === LIBRARY_LANDMARKS && !heavier(id, top[top.length - 1])) continue;
    let at = top.length;
    while (at > 0 && heavier(id, top[at - 1])) at--;
    top.splice(at, 0, id);
    if (top.length > LIBRARY_LANDMARKS) top.pop();
  }

  // The C library, when not among them: the first mapped file of that name.
  let libc = -1;
  for (let id = 0; id < names && libc < 0; id++) if (isFile[id] && id !== binary && !top.includes(id) && C_LIBRARY.test(baseTail(table.pathnames[id]))) libc = id;

  // Second pass: each landmark's positions (slots by pathname id and by kind: no lookup per row
  // beyond two typed-array reads).
  const slotOfPath = new Int32Array(names).fill(-1);
  const fileIds = [binary, libc, ...top].filter((id) => id >= 0);
  fileIds.forEach((id, slot) => (slotOfPath[id] = slot));
  const ofFile: number[][] = fileIds.map(() => []);
  const ofKernel: number[][] = KERNEL_LANDMARKS.map(() => []);
  for (let k = 0; k < count; k++) {
    const row = rows[k];
    const byKind = KERNEL_LANDMARK_OF_KIND[kind[row]];
    if (byKind >= 0) ofKernel[byKind].push(k);
    else if (pathId[row] >= 0 && slotOfPath[pathId[row]] >= 0 && (kind[row] === FILE || kind[row] === DELETED_FILE)) ofFile[slotOfPath[pathId[row]]].push(k);
  }

  const landmarks: Landmark[] = [];
  const fileLandmark = (kind: LandmarkKind, id: number) => {
    if (id >= 0) landmarks.push({ kind, pathname: table.pathnames[id], positions: Int32Array.from(ofFile[slotOfPath[id]]), weight: weight[id] });
  };
  for (const p of PRIORITY) {
    if (typeof p === 'number') fileLandmark('library', top[p] ?? -1);
    else if (p === 'libc') fileLandmark('library', libc);
    else if (p === 'binary') fileLandmark('binary', binary);
    else {
      const list = ofKernel[KERNEL_LANDMARKS.indexOf(p)];
      if (list.length > 0) landmarks.push({ kind: p, pathname: null, positions: Int32Array.from(list), weight: 0 });
    }
  }
  return landmarks;
}

export function measureColumnsBefore(table: RegionTable): ColumnWidths {
  const c = table.columns;
  const kindCounts = codeCounts(c.kind, table.length, REGION_KINDS.length);
  const kinds: number[] = [];
  for (let code = 0; code < kindCounts.length; code++) if (kindCounts[code] > 0) kinds.push(code);
  return {
    addressDigits: hexDigits(c.endHi, c.endLo, table.length),
    offsetDigits: hexDigits(c.offsetHi, c.offsetLo, table.length),
    inodeDigits: decimalDigits(c.inodeHi, c.inodeLo, table.length),
    kinds,
    kindCounts,
    permsCounts: codeCounts(c.perms, table.length, 16),
  };
}
function codeCounts(column: Uint8Array, n: number, codes: number): number[] {
  const counts = new Uint32Array(256);
  for (let i = 0; i < n; i++) counts[column[i]]++;
  return Array.from(counts.subarray(0, codes));
}
function hexDigits(hi: Uint32Array, lo: Uint32Array, n: number): number {
  let maxHi = 0;
  let maxLo = 0;
  for (let i = 0; i < n; i++) {
    if (hi[i] > maxHi) maxHi = hi[i];
    if (lo[i] > maxLo) maxLo = lo[i];
  }
  return maxHi > 0 ? 8 + maxHi.toString(16).length : Math.max(8, maxLo.toString(16).length);
}
function decimalDigits(hi: Uint32Array, lo: Uint32Array, n: number): number {
  let maxHi = 0;
  let maxLo = 0;
  for (let i = 0; i < n; i++) {
    if (hi[i] > maxHi) {
      maxHi = hi[i];
      maxLo = lo[i];
    } else if (hi[i] === maxHi && lo[i] > maxLo) maxLo = lo[i];
  }
  return addrFromHiLo(maxHi, maxLo).toString().length;
}
