/**
 * The landmarks of the map (src/layout/landmarks.ts), painted above the band at every zoom: a mark
 * over each of a landmark's regions (at least 2 px wide, however small the region), and its label
 * in a row above, placed so that no two labels overlap (src/layout/label-placement.ts) and joined
 * to its mark by a leader line (landmarks a few pixels apart share a label). A label with no room
 * is left out; its mark stays. O(landmarks × their visible runs × log n) per frame, O(items) for a
 * dense one (thousands of thread stacks).
 */
import { DENSE_LANDMARK, forLandmarkItems, forLandmarkRuns, placeLabels, type AddressScale, type FrameItems, type Landmark, type LabelRequest, type Viewport } from '../../src/internal';
import type { ThemeColors } from './palette';
import type { MapLanes } from './paint-map';
import { setFont } from './canvas-font';

/** A file's landmarks and their label texts (landmarkLabel), made once per file. */
export interface LandmarkLabels {
  readonly list: readonly Landmark[];
  readonly text: readonly string[];
}

export interface LandmarkPaint {
  ctx: CanvasRenderingContext2D;
  widthPx: number;
  theme: ThemeColors;
  scale: AddressScale;
  viewport: Viewport;
  /** The frame's items (a dense landmark's runs are read off them). */
  items: FrameItems;
  font: string;
  /** The width of a text in `font` (the canvas's measure cache). */
  measure: (text: string) => number;
  lanes: MapLanes;
  landmarks: LandmarkLabels;
}

/** The narrowest mark. */
const MIN_MARK_PX = 2;
/** Least space between two labels of a row, and half the space kept free around a leader. */
const LABEL_GAP_PX = 6;
const LEADER_PAD_PX = 2;
/** Landmarks whose anchors lie this close share one label. */
const MERGE_PX = 6;

/** Paints the landmarks' marks, labels and leaders. */
export function paintLandmarks(p: LandmarkPaint): void {
  const { ctx, widthPx, theme, lanes } = p;
  const { list, text } = p.landmarks;
  const notchHeight = lanes.bandTop - 1 - lanes.notchTop;
  const anchors: number[] = [];
  const spans: [number, number][] = [];
  const labels: string[] = [];
  for (let i = 0; i < list.length; i++) {
    // The thread stacks, spread over the mmap area (39,000 of them in a large map), are marked in
    // the lower half of the lane, muted, so that the other landmarks' marks stay distinct over them.
    const group = list[i].kind === 'thread-stacks';
    const top = group ? lanes.notchTop + Math.ceil(notchHeight / 2) : lanes.notchTop;
    const height = group ? Math.floor(notchHeight / 2) : notchHeight;
    ctx.fillStyle = group ? theme.mutedText : theme.text;
    // The anchor: the middle of the widest visible run (a library's segments, the densest cluster of thread stacks).
    let anchor = NaN;
    let widest = -1;
    let span: [number, number] = [NaN, NaN];
    const each = (x0: number, x1: number) => {
      const a = Math.max(x0, 0);
      const b = Math.min(Math.max(x1, x0 + MIN_MARK_PX), widthPx);
      if (b <= 0) return;
      const left = Math.min(a, widthPx - MIN_MARK_PX);
      ctx.fillRect(left, top, Math.max(b - left, MIN_MARK_PX), height);
      if (b - a > widest) {
        widest = b - a;
        span = [left, Math.max(b, left + MIN_MARK_PX)];
        anchor = (span[0] + span[1]) / 2;
      }
    };
    if (list[i].positions.length > DENSE_LANDMARK) forLandmarkItems(p.items, list[i].positions, each);
    else forLandmarkRuns(p.scale, p.viewport, widthPx, list[i], each);
    if (Number.isNaN(anchor)) continue;
    // Landmarks a few pixels apart ([stack], [vvar] and [vdso] at the end of a compressed map)
    // have room for one leader between them: one label names them all, the most important first.
    const near = anchors.findIndex((a) => Math.abs(a - anchor) <= MERGE_PX);
    if (near >= 0) labels[near] += ` · ${text[i]}`;
    else {
      anchors.push(anchor);
      spans.push(span);
      labels.push(text[i]);
    }
  }
  setFont(ctx, p.font);
  const requests: LabelRequest[] = labels.map((label, k) => ({ anchorPx: anchors[k], spanPx: spans[k], widthPx: p.measure(label) }));
  const placed = placeLabels(requests, { widthPx, rows: lanes.labelRows, gapPx: LABEL_GAP_PX, leaderPadPx: LEADER_PAD_PX });
  // Row 0 is the lowest (nearest the band).
  const rowPx = lanes.labelRowPx;
  const rowTop = (row: number) => (lanes.labelRows - 1 - row) * rowPx;
  ctx.strokeStyle = theme.mutedText;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let k = 0; k < placed.length; k++) {
    const at = placed[k];
    if (at === null) continue;
    const x = at.anchorPx + 0.5;
    ctx.moveTo(x, rowTop(at.row) + rowPx - 1);
    ctx.lineTo(x, lanes.notchTop);
  }
  ctx.stroke();
  ctx.fillStyle = theme.text;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (let k = 0; k < placed.length; k++) {
    const at = placed[k];
    if (at !== null) ctx.fillText(labels[k], at.x0Px, rowTop(at.row) + rowPx / 2);
  }
}
