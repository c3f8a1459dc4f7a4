/**
 * The map's landmarks as text, for screen readers (the canvas is aria-hidden): a visually hidden
 * list, one item a landmark — its label as the map draws it, what it is, its size and addresses.
 * The same landmarks, in the same order, as the map labels (src/layout/landmarks.ts).
 */
import { beginAt, endAt, formatBytes, formatHex, type Landmark, type SortedRegions } from '../../src/internal';
import { LANDMARK_ROLE } from '../paint/landmark-text';

interface Props {
  landmarks: readonly Landmark[];
  labels: readonly string[];
  sorted: SortedRegions;
}

/** Sums the sizes of the landmark's regions (exact) when they are few; null for a large group. */
function sizeOf(sorted: SortedRegions, landmark: Landmark): bigint | null {
  if (landmark.positions.length > 64) return null;
  let bytes = 0n;
  for (const k of landmark.positions) bytes += endAt(sorted, k) - beginAt(sorted, k);
  return bytes;
}

function describe(sorted: SortedRegions, landmark: Landmark): string {
  const { positions } = landmark;
  const span = `${formatHex(beginAt(sorted, positions[0]))}–${formatHex(endAt(sorted, positions[positions.length - 1]))}`;
  const size = sizeOf(sorted, landmark);
  const regions = positions.length === 1 ? '1 region' : `${positions.length.toLocaleString('en-US')} regions`;
  return `${LANDMARK_ROLE[landmark.kind]}, ${size === null ? '' : `${formatBytes(size)} in `}${regions} at ${span}`;
}

export function LandmarkList({ landmarks, labels, sorted }: Props) {
  return (
    <ul className="visually-hidden" aria-label="Map landmarks">
      {landmarks.map((landmark, i) => (
        <li key={i}>
          {labels[i]}: {describe(sorted, landmark)}
        </li>
      ))}
    </ul>
  );
}
