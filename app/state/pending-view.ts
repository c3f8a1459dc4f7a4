/**
 * A view waiting for its file: a share link's (or an older mapscope's link's) view, applied once
 * when the load it was opened with is shown (app/hooks/useUrlState.ts). Keyed by that load's job,
 * so that a load that fails or is replaced never hands its view to another file.
 */
import type { ViewSnapshot } from './view-codec';

let pending: { jobId: number; view: ViewSnapshot } | null = null;

/** Keeps `view` for the file of job `jobId`. */
export function setPendingView(jobId: number, view: ViewSnapshot): void {
  pending = { jobId, view };
}

/** The view waiting for job `jobId`, once (a view waiting for another job stays: it never applies here). */
export function takePendingView(jobId: number): ViewSnapshot | null {
  if (pending === null || pending.jobId !== jobId) return null;
  const { view } = pending;
  pending = null;
  return view;
}
