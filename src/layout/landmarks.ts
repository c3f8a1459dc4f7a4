/**
 * Landmarks: the regions a kernel engineer looks for first in a process map — the main binary,
 * `[heap]`, the largest libraries, `[stack]`, the thread stacks (as one group), `[vdso]`, `[vvar]`
 * and `[vsyscall]` — found once per file in O(n) (two passes over the address order), so that
 * the map can label them at every zoom, whatever the number of regions (issue 18 point 2).
 *
 * The rules (docs/architecture.md, "Landmarks"):
 *  - **main binary**: a mapped file (kind file or deleted-file) with an executable segment whose
 *    name is not a shared library's or a runtime image's (isLibraryPathname). The kernel's ELF
 *    loader puts the brk heap right after the binary's .bss (fs/binfmt_elf.c, load_elf_binary:
 *    mm->brk starts at the end of the bss, randomised upward), so with a `[heap]` the binary is
 *    the candidate that ends closest below it; without one (Android, a static binary's maps cut
 *    short) the lowest-addressed candidate.
 *  - **libraries**: mapped files whose base name is a shared object's (`libc.so.6`,
 *    `ld-linux-x86-64.so.2`, `_ctypes.cpython-312-x86_64-linux-gnu.so`), ranked by resident
 *    memory (the sum of their regions' smaps Rss) when the file has smaps, else by mapped size;
 *    the LIBRARY_LANDMARKS largest, ties by address — and the C library (`libc.so.6`, bionic's
 *    `libc.so`, `libc-2.31.so`) whatever its size, the one library every process has.
 *  - **kernel names**: every region of kind heap, stack, vdso, vvar, vsyscall; every thread-stack
 *    region (src/model/thread-stacks.ts) is one group.
 * Landmarks come in priority order (what to label first when there is no room for all).
 */
import { KIND_CODE } from '../model/kind.js';
import { PERM_EXEC } from '../model/permissions.js';
import { sizeApproxAt, type SortedRegions } from './sorted-regions.js';
import { frameOrigin, type AddressScale } from './address-scale.js';
import { unitsPerPx, type Viewport } from './viewport.js';
import { firstAtOrAfter, visibleEndPx, type FrameItems } from './level-of-detail.js';

/** What a landmark is. */
export type LandmarkKind = 'binary' | 'heap' | 'stack' | 'thread-stacks' | 'vdso' | 'library' | 'vvar' | 'vsyscall';

/** One landmark: its regions by position in address order. Plain data, structured-cloneable. */
export interface Landmark {
  kind: LandmarkKind;
  /** The mapped file's pathname (binary, library), as the file gives it (untrusted text); else null. */
  pathname: string | null;
  /** Positions (address order, ascending) of its regions; never empty. */
  positions: Int32Array;
  /** What ranked a library: its Rss in bytes (smaps), else its mapped size in bytes (approximate: ranking only); 0 for other kinds. */
  weight: number;
}

/** How many libraries are landmarks. */
export const LIBRARY_LANDMARKS = 6;

/**
 * The order in which landmarks are labelled: the binary, heap and stacks first, then the vDSO, the
 * two largest libraries and libc, then the rest (numbers: libraries by rank). Index = priority (0 first).
 */
const PRIORITY: readonly (LandmarkKind | number | 'libc')[] = ['binary', 'heap', 'stack', 'thread-stacks', 'vdso', 0, 1, 'libc', 'vvar', 'vsyscall', 2, 3, 4, 5];

/**
 * The end of a pathname's base name, without a trailing " (deleted)": at most 64 characters, so that
 * the tests below cost O(1) on a hostile 50 MB name (sonames are short).
 */
function baseTail(pathname: string): string {
  const end = pathname.endsWith(' (deleted)') ? pathname.length - ' (deleted)'.length : pathname.length;
  const tail = pathname.slice(Math.max(0, end - 64), end);
  return tail.slice(tail.lastIndexOf('/') + 1);
}

const SHARED_OBJECT = /\.so(?:\.[0-9][0-9A-Za-z.]*)?$/;
const C_LIBRARY = /^libc(?:\.so(?:\.[0-9]+)*|-[0-9.]+\.so)$/;
const RUNTIME_IMAGE = /\.(?:oat|odex|vdex|art|jar|apk)$/;

/**
 * True for the name of a shared object or of a runtime image a loader maps like one: `*.so`,
 * `*.so.N…` (glibc's sonames), and Android's ART files (`.oat`, `.odex`, `.vdex`, `.art`), jars and
 * APKs. A trailing " (deleted)" is ignored.
 */
export function isLibraryPathname(pathname: string): boolean {
  const tail = baseTail(pathname);
  return SHARED_OBJECT.test(tail) || RUNTIME_IMAGE.test(tail);
}

/** The landmarks named by the kernel, by region kind: their kinds, and per kind code (KIND_CODE) the index of its landmark among them, or -1. */
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

/**
 * Finds the landmarks of `regions` in O(n + distinct pathnames); in priority order. One pass over
 * the rows gathers, per pathname, what the rules read, and counts the kernel-named regions; their
 * positions are then read between the first and the last of them, the file landmarks' between
 * each one's first and last position.
 */
export function findLandmarks(regions: SortedRegions): Landmark[] {
  const { table, rows, count } = regions;
  const { pathId, kind, perms } = table.columns;
  const names = table.pathnames.length;
  const smaps = table.smaps;
  const FILE = KIND_CODE.file;
  const DELETED_FILE = KIND_CODE['deleted-file'];
  // Per pathname: is it a mapped file, executable, its first and last positions as one, its
  // weight by Rss and by mapped size (the latter summed over every region of the name, as the
  // ranking reads it: position order, so the same double whichever pass sums it).
  const isFile = new Uint8Array(names);
  const executable = new Uint8Array(names);
  const firstPos = new Int32Array(names).fill(-1);
  const lastPos = new Int32Array(names).fill(-1);
  const rssWeight = new Float64Array(names);
  const sizeWeight = new Float64Array(names);
  const kernelCount = new Int32Array(KERNEL_LANDMARKS.length);
  let kernelFirst = 0;
  let kernelLast = -1;
  let hasRss = false;
  let heapPos = -1;
  for (let k = 0; k < count; k++) {
    const row = rows[k];
    const id = pathId[row];
    const code = kind[row];
    const byKind = KERNEL_LANDMARK_OF_KIND[code];
    if (byKind >= 0) {
      if (kernelLast < 0) kernelFirst = k;
      kernelLast = k;
      kernelCount[byKind]++;
      if (code === KIND_CODE.heap && heapPos < 0) heapPos = k;
    }
    if (id < 0) continue;
    sizeWeight[id] += sizeApproxAt(regions, k);
    if (code !== FILE && code !== DELETED_FILE) continue;
    isFile[id] = 1;
    if (perms[row] & PERM_EXEC) executable[id] = 1;
    if (firstPos[id] < 0) firstPos[id] = k;
    lastPos[id] = k;
    if (smaps === null) continue;
    const rss = smaps[row]?.fields.Rss;
    if (rss !== undefined) hasRss = true;
    rssWeight[id] += rss ?? 0;
  }
  const weight = hasRss ? rssWeight : sizeWeight;
  // The kernel-named regions' positions, into arrays of their counts (pushed one by one, the
  // thread stacks of a large map were half of this pass: 1.4 million at 4,194,304 regions).
  const ofKernel = KERNEL_LANDMARKS.map((_, i) => new Int32Array(kernelCount[i]));
  const filled = new Int32Array(KERNEL_LANDMARKS.length);
  for (let k = kernelFirst; k <= kernelLast; k++) {
    const byKind = KERNEL_LANDMARK_OF_KIND[kind[rows[k]]];
    if (byKind >= 0) ofKernel[byKind][filled[byKind]++] = k;
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

  // The file landmarks' positions: the rows between each one's first and last position (a
  // library's segments lie together), each row read once however those stretches overlap.
  const fileIds = [binary, libc, ...top].filter((id) => id >= 0);
  const slotOfPath = new Int32Array(names).fill(-1);
  fileIds.forEach((id, slot) => (slotOfPath[id] = slot));
  const ofFile: number[][] = fileIds.map(() => []);
  let from = 0;
  for (const id of [...fileIds].sort((a, b) => firstPos[a] - firstPos[b])) {
    for (let k = Math.max(from, firstPos[id]); k <= lastPos[id]; k++) {
      const row = rows[k];
      const slot = pathId[row] >= 0 ? slotOfPath[pathId[row]] : -1;
      if (slot >= 0 && (kind[row] === FILE || kind[row] === DELETED_FILE)) ofFile[slot].push(k);
    }
    from = Math.max(from, lastPos[id] + 1);
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
      if (list.length > 0) landmarks.push({ kind: p, pathname: null, positions: list, weight: 0 });
    }
  }
  return landmarks;
}

/**
 * The first index i of `positions` (ascending) at or after `from` for which `past(positions[i])`;
 * `positions.length` when none (past must be monotonic). Gallops from `from`, then bisects: O(log d)
 * for an answer d indexes on, so walking a dense group pixel by pixel costs little per pixel.
 */
function firstPast(positions: Int32Array, from: number, past: (k: number) => boolean): number {
  const n = positions.length;
  let lo = from;
  let hi = from;
  let step = 1;
  while (hi < n && !past(positions[hi])) {
    lo = hi + 1;
    hi = from + step;
    step *= 2;
  }
  hi = Math.min(hi, n);
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (past(positions[m])) hi = m;
    else lo = m + 1;
  }
  return lo;
}

/**
 * Calls `run(x0Px, x1Px)`, left to right, for each run of `landmark`'s regions in the frame of
 * `scale` in the window `v`, `widthPx` wide — regions less than a pixel apart merged into one run
 * (x values unclipped; a run ends where its last region ends, which in a file whose regions do not nest is
 * the run's true extent). O(runs × log m) for m regions: a group
 * of 39,000 thread stacks costs at most a few binary searches per pixel column.
 */
export function forLandmarkRuns(scale: AddressScale, v: Viewport, widthPx: number, landmark: Landmark, run: (x0Px: number, x1Px: number) => void): void {
  const positions = landmark.positions;
  if (positions.length === 0 || widthPx <= 0) return;
  const upp = unitsPerPx(v, widthPx);
  const o = frameOrigin(v.startU);
  // reachDelta is non-decreasing in position: the first region that ends inside or after the window.
  let i = firstPast(positions, 0, (k) => scale.reachDelta(k, o) > 0);
  while (i < positions.length) {
    const x0 = scale.beginDelta(positions[i], o) / upp;
    if (x0 >= widthPx) break;
    let x1 = scale.endDelta(positions[i], o) / upp;
    let j = i + 1;
    // Take in every later region that begins within a pixel of the run's end, until none does.
    for (;;) {
      const limit = (x1 + 1) * upp;
      const next = firstPast(positions, j, (k) => scale.beginDelta(k, o) >= limit);
      if (next === j) break;
      x1 = Math.max(x1, scale.endDelta(positions[next - 1], o) / upp);
      j = next;
    }
    run(x0, x1);
    i = j;
  }
}

/**
 * The positions (ascending) that represent the pixel column they fall in (layoutFrame's
 * `prominent`): every landmark's but the thread stacks' — thousands of them would colour every
 * column of a large map as a stack; their marks above the band show them.
 */
export function prominentPositions(landmarks: readonly Landmark[]): Int32Array {
  const all: number[] = [];
  for (const l of landmarks) if (l.kind !== 'thread-stacks') for (const k of l.positions) all.push(k);
  return Int32Array.from(all).sort();
}

/** Above this many regions a landmark's runs are read off the frame's items (forLandmarkItems) rather than searched for (forLandmarkRuns). */
export const DENSE_LANDMARK = 256;

/**
 * Like forLandmarkRuns for a dense landmark (the thousands of thread stacks of a large map), off a
 * laid-out frame: each item (a region, or a pixel column of them) that holds one of its
 * `positions` (ascending) — a binary search — joins a run; O(items × log positions) per frame,
 * whatever the number of regions, and nothing made per file (a prefix count over every position
 * was 16 MB and an O(n) pass on the page's main thread per dense landmark at 4,194,304 regions).
 */
export function forLandmarkItems(items: FrameItems, positions: Int32Array, run: (x0Px: number, x1Px: number) => void): void {
  let runX0 = NaN;
  let runX1 = NaN;
  for (let i = 0; i < items.count; i++) {
    const at = firstAtOrAfter(positions, items.first[i]);
    if (at === positions.length || positions[at] >= items.last[i]) continue;
    const x0 = items.x0[i];
    const x1 = visibleEndPx(items, i);
    if (!Number.isNaN(runX1) && x0 < runX1 + 1) runX1 = Math.max(runX1, x1);
    else {
      if (!Number.isNaN(runX0)) run(runX0, runX1);
      runX0 = x0;
      runX1 = x1;
    }
  }
  if (!Number.isNaN(runX0)) run(runX0, runX1);
}
