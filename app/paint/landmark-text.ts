/**
 * The words of a landmark (src/layout/landmarks.ts): the short label the map draws above it, and
 * what it is, for the map's accessible list of landmarks. Names are untrusted: they pass through
 * formatNameForDisplay (moduleDisplayName).
 */
import type { Landmark, LandmarkKind } from '../../src/internal';
import { moduleDisplayName } from './coloring';

/** What each kind of landmark is, in words. */
export const LANDMARK_ROLE: Readonly<Record<LandmarkKind, string>> = {
  binary: 'main binary',
  heap: 'brk heap',
  stack: 'main thread stack',
  'thread-stacks': 'thread stacks',
  vdso: 'vDSO',
  library: 'library',
  vvar: 'vDSO data',
  vsyscall: 'vsyscall page',
};

const KERNEL_NAME: Readonly<Partial<Record<LandmarkKind, string>>> = { heap: '[heap]', stack: '[stack]', vdso: '[vdso]', vvar: '[vvar]', vsyscall: '[vsyscall]' };

/** The label the map draws above a landmark: a file's name, a kernel name, or "12 thread stacks". */
export function landmarkLabel(landmark: Landmark): string {
  if (landmark.kind === 'thread-stacks') {
    const n = landmark.positions.length;
    return n === 1 ? 'thread stack' : `${n.toLocaleString('en-US')} thread stacks`;
  }
  return landmark.pathname !== null ? moduleDisplayName(landmark.pathname) : (KERNEL_NAME[landmark.kind] ?? landmark.kind);
}
