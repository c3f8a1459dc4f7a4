/**
 * Landmark benchmarks (src/layout/landmarks.ts, label-placement.ts; issue 18 point 2) on generated
 * realistic maps at 65,530, 262,144 and 1,048,576 regions:
 *
 *  - find: findLandmarks once per file (in the parse worker, with the view data), beside the level-
 *    of-detail trees' build over the same regions (buildLodData, O(n): the baseline), interleaved.
 *    Goal: linear — ms per million regions at 1,048,576 within 1.5× of that at 262,144 — and of
 *    the baseline's order: at most 2.5× it at 262,144 and 1,048,576 (it reads kinds, names and
 *    smaps Rss, the trees only sizes).
 *  - frame: the landmarks' per-frame work of the map (every landmark's runs — forLandmarkRuns, or
 *    forLandmarkItems for a dense one — and the label placement, placeLabels, with widths of 7 px a
 *    character), at the whole file and
 *    zoomed 64× into its middle, both scales, beside the frame's layout (layoutFrame), interleaved.
 *    Goal: at most the layout's own time (ratio ≤ 1) wherever the layout takes 0.1 ms or more, at
 *    262,144 and 1,048,576 regions; the whole frame's target (8 ms median) is view.bench.ts's.
 *
 * CPU time, medians; the load average is printed with the tables. Run: `npm run bench -- landmarks`.
 */
import { availableParallelism, loadavg } from 'node:os';
import {
  RegionIndex,
  buildLodData,
  buildLodIndex,
  createCompressedScale,
  createFrameItems,
  createLinearScale,
  DENSE_LANDMARK,
  findLandmarks,
  fitViewport,
  forLandmarkItems,
  forLandmarkRuns,
  layoutFrame,
  parseMaps,
  placeLabels,
  prominentPositions,
  sortRegions,
  zoomAt,
  type AddressScale,
  type FrameItems,
  type Landmark,
} from '../../src/internal';
import { generateMaps } from './generate-maps';
import { printTable, timeInterleaved, verdict } from './measure';

const SIZES = [65_530, 262_144, 1_048_576];
const WIDTH_PX = 1200;
const FIND_RATIO_GOAL = 2.5;
const FRAME_RATIO_GOAL = 1;

/** The landmarks' work of one frame, as paint-landmarks.ts does it (the frame's items laid out), without the canvas. */
function landmarkFrame(scale: AddressScale, landmarks: readonly Landmark[], dense: readonly (Int32Array | null)[], v: ReturnType<typeof fitViewport>, items: FrameItems): number {
  const requests: { anchorPx: number; widthPx: number; spanPx: [number, number] }[] = [];
  for (let i = 0; i < landmarks.length; i++) {
    const l = landmarks[i];
    let anchor = NaN;
    let widest = -1;
    let span: [number, number] = [NaN, NaN];
    const each = (x0: number, x1: number) => {
      const a = Math.max(x0, 0);
      const b = Math.min(Math.max(x1, x0 + 2), WIDTH_PX);
      if (b > 0 && b - a > widest) {
        widest = b - a;
        span = [a, b];
        anchor = (a + b) / 2;
      }
    };
    const p = dense[i];
    if (p !== null) forLandmarkItems(items, p, each);
    else forLandmarkRuns(scale, v, WIDTH_PX, l, each);
    if (!Number.isNaN(anchor)) requests.push({ anchorPx: anchor, spanPx: span, widthPx: 7 * (l.pathname?.length ?? 12) });
  }
  return placeLabels(requests, { widthPx: WIDTH_PX, rows: 3, gapPx: 10, leaderPadPx: 2 }).length;
}

export function run(): void {
  const findRows: string[][] = [];
  const frameRows: string[][] = [];
  const perMillion: Record<number, number> = {};
  let framesOk = true;
  let findOk = true;
  for (const regions of SIZES) {
    const table = parseMaps(generateMaps({ regions }).text).regions;
    const sorted = sortRegions(table, RegionIndex.build(table).order);
    const runs = regions > 500_000 ? 7 : 11;
    // More warm-up on the first (smallest) file: the JIT's first compilations otherwise land in its figures.
    const [find, lod] = timeInterleaved([() => findLandmarks(sorted), () => buildLodData(sorted)], runs, regions === SIZES[0] ? 10 : 2);
    const landmarks = findLandmarks(sorted);
    const dense = landmarks.map((l) => (l.positions.length > DENSE_LANDMARK ? l.positions : null));
    const ratio = find.cpuMs / lod.cpuMs;
    perMillion[regions] = (find.cpuMs * 1e6) / regions;
    if (regions >= 262_144) findOk &&= ratio <= FIND_RATIO_GOAL;
    findRows.push([regions.toLocaleString('en-US'), String(landmarks.length), find.cpuMs.toFixed(1), lod.cpuMs.toFixed(1), ratio.toFixed(2), perMillion[regions].toFixed(1)]);

    const lodIndex = buildLodIndex(sorted);
    const prominent = prominentPositions(landmarks);
    const items = createFrameItems();
    for (const scale of [createCompressedScale(sorted), createLinearScale(sorted)]) {
      const whole = fitViewport(scale);
      const zoomed = zoomAt(whole, scale.domain, WIDTH_PX, WIDTH_PX / 2, 1 / 64);
      for (const [name, v] of [['whole', whole], ['64× in', zoomed]] as const) {
        const laidOut = layoutFrame(scale, lodIndex, v, WIDTH_PX, createFrameItems(), prominent);
        const [marks, layout] = timeInterleaved([() => landmarkFrame(scale, landmarks, dense, v, laidOut), () => layoutFrame(scale, lodIndex, v, WIDTH_PX, items, prominent)], 31, 3);
        const judged = regions >= 262_144 && layout.cpuMs >= 0.1;
        const ok = marks.cpuMs <= FRAME_RATIO_GOAL * layout.cpuMs;
        if (judged) framesOk &&= ok;
        frameRows.push([regions.toLocaleString('en-US'), scale.mode, name, marks.cpuMs.toFixed(3), layout.cpuMs.toFixed(3), (marks.cpuMs / layout.cpuMs).toFixed(2), judged ? verdict(ok) : '']);
      }
    }
  }
  const growth = perMillion[1_048_576] / perMillion[262_144];
  findOk &&= growth <= 1.5;
  const [l1, l5] = loadavg();
  console.log(`load average ${l1.toFixed(2)} / ${l5.toFixed(2)} on ${availableParallelism()} cores`);
  console.log('\nfindLandmarks once per file, beside buildLodData (O(n), same regions), CPU ms, interleaved medians');
  printTable(['regions', 'landmarks', 'find ms', 'lod ms', 'ratio', 'ms per M regions'], findRows);
  console.log(`goal: ratio ≤ ${FIND_RATIO_GOAL} at 262,144 and 1,048,576, and ms per M regions at 1,048,576 ≤ 1.5× that at 262,144 (is ${growth.toFixed(2)}×): ${verdict(findOk)}`);
  console.log(`\nlandmarks' work per frame (runs + label placement) beside the frame's layoutFrame, ${WIDTH_PX} px, CPU ms, medians of 31`);
  printTable(['regions', 'scale', 'window', 'landmarks ms', 'layout ms', 'ratio', `≤ ${FRAME_RATIO_GOAL}×`], frameRows);
  console.log(`goal: landmarks ≤ ${FRAME_RATIO_GOAL}× the layout's time per frame (where it takes ≥ 0.1 ms) at 262,144 and 1,048,576 regions: ${verdict(framesOk)}`);
}
