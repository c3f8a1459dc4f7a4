/**
 * Placement of the map's landmark labels in rows stacked above the band (issue 18 point 2).
 *
 * Why rows above the band, with a leader line straight down from each label to its landmark: text
 * never covers the regions it names (labels over the band would hide the very barcode a reader
 * scans), each leader is a vertical segment at the landmark's own x (no crossings to untangle),
 * and a row is a one-dimensional interval problem that a greedy pass solves exactly.
 *
 * Greedy by priority: each label, most important first, takes the lowest row (the shortest
 * leader) where a position exists — over its landmark's middle, else (a wide landmark) near one of
 * its ends — and in that row the position that covers the fewest anchors of
 * the labels still to place (whose leaders would otherwise have no way down), then the one closest
 * to centred on its anchor.
 * A label always covers its anchor horizontally (so its leader starts under its text), lies inside
 * the canvas, keeps `gapPx` from the other labels of its row, never covers the leader of a label
 * above it, and its own leader never crosses a label below it. When no row has such a position,
 * the label is dropped (its landmark keeps its mark on the map): the least important go first, and
 * one is dropped only when there is no room for it (test/layout/label-placement.test.ts).
 */

/**
 * One label to place: where its landmark is, and how wide its text is (CSS px). `spanPx`: the
 * extent of a wide landmark, whose ends may carry the leader when its middle (`anchorPx`) has no
 * room — the heap beside the binary on a small map.
 */
export interface LabelRequest {
  anchorPx: number;
  widthPx: number;
  spanPx?: readonly [number, number];
}

/** Where a label went: its left edge, row (0 is the row nearest the band) and the x of its leader. */
export interface LabelPlacement {
  x0Px: number;
  row: number;
  anchorPx: number;
}

export interface PlacementOptions {
  /** Width of the canvas, CSS px. */
  widthPx: number;
  /** Rows available above the band. */
  rows: number;
  /** Least space between two labels of a row. */
  gapPx: number;
  /** Half the width kept free around a leader line. */
  leaderPadPx: number;
}

/**
 * The integer geometry placement works in (so that touching is exact): the anchors a label may
 * take, preferred first — its middle, then its span's ends, a few pixels in — rounded and inside
 * the canvas; its width rounded up.
 */
export function labelGeometry(r: LabelRequest, widthPx: number): { anchors: number[]; width: number } {
  const clamp = (x: number) => Math.min(Math.max(Math.round(x), 0), Math.floor(widthPx));
  const anchors = [clamp(r.anchorPx)];
  if (r.spanPx) {
    const [a, b] = r.spanPx;
    const inset = Math.min(SPAN_INSET_PX, (b - a) / 2);
    for (const x of [clamp(a + inset), clamp(b - inset)]) if (!anchors.includes(x)) anchors.push(x);
  }
  return { anchors, width: Math.ceil(r.widthPx) };
}

/** How far inside a span's ends its other anchors lie. */
const SPAN_INSET_PX = 3;

/**
 * Places `requests` (in priority order, most important first); returns one placement or null
 * (dropped) per request. O(labels³ × rows), for the dozen or so landmarks of a map.
 */
export function placeLabels(requests: readonly LabelRequest[], options: PlacementOptions): (LabelPlacement | null)[] {
  const { rows, gapPx, leaderPadPx } = options;
  const canvas = Math.floor(options.widthPx);
  // Per row: what a label there must not overlap — labels widened by the gap, and leaders passing through.
  const blocked: [number, number][][] = Array.from({ length: rows }, () => []);
  // Per row: the labels alone (a leader must not cross them).
  const labels: [number, number][][] = Array.from({ length: rows }, () => []);
  const free = (row: number, x0: number, w: number) => blocked[row].every(([a, b]) => x0 + w <= a || x0 >= b);
  const anchors = requests.map((r) => labelGeometry(r, canvas).anchors[0]);
  return requests.map((request, index) => {
    const { anchors: candidates, width } = labelGeometry(request, canvas);
    if (width > canvas || width <= 0) return null;
    for (let row = 0; row < rows; row++) {
      for (const anchor of candidates) {
        // The leader runs down through every row below this one.
        const post: [number, number] = [anchor - leaderPadPx, anchor + leaderPadPx];
        if (labels.slice(0, row).some((below) => below.some(([a, b]) => post[1] > a && post[0] < b))) continue;
        const low = Math.max(0, anchor - width);
        const high = Math.min(canvas - width, anchor);
        const centred = Math.min(Math.max(Math.round(anchor - width / 2), low), high);
        let best: number | null = null;
        let bestCost = Infinity;
        const consider = (x: number) => {
          if (x < low || x > high || !free(row, x, width)) return;
          let covered = 0;
          for (let later = index + 1; later < anchors.length; later++) if (x < anchors[later] + leaderPadPx && x + width > anchors[later] - leaderPadPx) covered++;
          const cost = covered * (canvas + 1) + Math.abs(x - centred);
          if (cost < bestCost) {
            best = x;
            bestCost = cost;
          }
        };
        consider(centred);
        for (const [a, b] of blocked[row]) {
          consider(a - width);
          consider(b);
        }
        for (let later = index + 1; later < anchors.length; later++) {
          consider(anchors[later] - leaderPadPx - width);
          consider(anchors[later] + leaderPadPx);
        }
        if (best === null) continue;
        const x0: number = best;
        blocked[row].push([x0 - gapPx, x0 + width + gapPx]);
        labels[row].push([x0, x0 + width]);
        for (let below = 0; below < row; below++) blocked[below].push(post);
        return { x0Px: x0, row, anchorPx: anchor };
      }
    }
    return null;
  });
}
