/**
 * The parse worker, one job per file: has the input read through src/input (sniff, gunzip, decode:
 * the CLI's pipeline) and parsed with the core in a reader worker (read.worker.ts), builds the
 * lookup index and the view's arrays, and hands them to the page by transfer (no copy, no
 * re-parse) — then analyses the same table (analysis.ts) while the page paints, and sends the
 * analysis as the job's last stage. It holds the set of snapshots loaded (snapshots.ts).
 */
import {
  InputError,
  RegionIndex,
  RegionTable,
  findAddressSpaceShape,
  findOfTable,
  foundBuffers,
  shareColumns,
} from '../../src/internal';
import { analysisPostings } from './analysis';
import { comparisonBuffers, compareSnapshots } from './compare-snapshots';
import { SnapshotSet, heldFromData, mappedBytesOf, type BuiltView, type HeldSnapshot } from './snapshots';
import type { LoadManyRequest, LoadRequest, LoadSource, LoadedMessage, ShowRequest, WorkerMessage, WorkerRequest } from './protocol';
import { buildViewData, copyColumns, typedArrayBuffers } from './view-data';
import { failureError, receiveSnapshots, type ReadRequest, type ReaderMessage, type SentSnapshot } from './read-parse';
import { sendTable } from './sent-table';
import { prefaultColumns } from './prefault';

const post = (message: WorkerMessage, transfer: Transferable[] = []) => self.postMessage(message, { transfer });

// A cross-origin-isolated page (the COOP and COEP headers, src/node/security-headers.ts) can share
// memory with this worker: the tables parsed here then live in SharedArrayBuffers, and the page
// reads the same columns instead of a transferred copy (RegionTable.sharedColumns).
shareColumns(self.crossOriginIsolated);

/** The snapshots this worker holds for the page: the set last loaded. */
const snapshots = new SnapshotSet();

/** A reader worker started ahead of its load (its script fetched and compiled), or null. */
let spareReader: Worker | null = null;

const startReader = () => new Worker(new URL('./read.worker.ts', import.meta.url), { type: 'module', name: 'mapscope-read' });

/** Starts the next load's reader while nothing else runs: at the worker's start, and after each analysis. */
function prepareReader(): void {
  spareReader ??= startReader();
}
prepareReader();

/** The reader worker stopped without an answer: an uncaught error, or out of memory. */
class ReaderStopped extends Error {}

/**
 * One input read and parsed, in a reader worker of its own (read-parse.ts), which is terminated
 * as soon as its snapshots arrive: the decoded text and the parse's garbage go with its heap, not
 * at this worker's next full GC. Its progress goes to the page as it comes.
 */
async function readAndParse(source: LoadSource, jobId: number, maxTextBytes: number, choice?: number): Promise<HeldSnapshot[]> {
  const reader = spareReader ?? startReader();
  spareReader = null;
  try {
    const sent = await new Promise<SentSnapshot[]>((resolve, reject) => {
      reader.onmessage = (event: MessageEvent<ReaderMessage>) => {
        const message = event.data;
        if (message.type === 'progress') post(message);
        else if (message.type === 'prefault') prefaultColumns(message);
        else if (message.type === 'read') resolve(message.snapshots);
        else reject(failureError(message.failure));
      };
      reader.onerror = (event) => {
        event.preventDefault();
        reject(new ReaderStopped(event.message));
      };
      reader.postMessage({ jobId, source, maxTextBytes, ...(choice !== undefined && { choice }) } satisfies ReadRequest);
    });
    return receiveSnapshots(sent);
  } finally {
    reader.terminate();
  }
}

/** What a `loaded` message says beside the table, index and view. */
type ViewExtras = Pick<LoadedMessage, 'fileName' | 'snapshot' | 'comparison'>;

/**
 * Posts `result` for the page to show: a copy of its columns with their index and view arrays, by
 * transfer (the worker keeps the original, for the analysis and for comparisons) — then analyses
 * the kept table once the page has painted.
 */
function postView(jobId: number, held: HeldSnapshot, extras: ViewExtras, scrub: { settleMs: number; next: HeldSnapshot | undefined } | null = null): void {
  const { result } = held;
  post({ type: 'progress', jobId, phase: 'indexing', doneBytes: held.textBytes, totalBytes: held.textBytes });
  // A snapshot the scrubber shows is built once and kept (snapshots.ts, a few at a time): its
  // arrays are then cloned to the page — a copy of a few MB — not built again (its times then 0).
  const scrubbed = scrub !== null;
  const reused = held.built !== undefined;
  const built = held.built ?? buildView(result.regions);
  if (scrubbed) snapshots.keepBuilt(held, built);
  const { sent, index, view } = built;
  // The analysis reads the kept table, in this order (the index's goes to the page, or stays kept:
  // shared with the page, like the columns, when they are: RegionIndex.build). A file in address
  // order (positions are rows: sortRegions shares the order as its inverse) otherwise has it made
  // anew after the post, off the first frame's path (a 16 MB copy at 4,194,304 regions).
  const inFileOrder = view.sorted.positionOfRow === view.sorted.rows;
  const orderShared = typeof SharedArrayBuffer === 'function' && index.order.buffer instanceof SharedArrayBuffer;
  let order = scrubbed || orderShared ? index.order : inFileOrder ? null : index.order.slice();
  const loaded: LoadedMessage = {
    type: 'loaded',
    jobId,
    format: result.format,
    table: sendTable(sent),
    index: index.toData(),
    view,
    diagnostics: result.diagnostics,
    diagnosticGroups: result.diagnosticGroups,
    stats: result.stats,
    mappedBytes: mappedBytesOf(held),
    ...(result.artifact !== undefined && { artifact: result.artifact }),
    textBytes: held.textBytes,
    compressed: held.compressed,
    notices: held.notices,
    timingsMs: { read: held.readMs, parse: held.parseMs, index: reused ? 0 : built.indexMs, layout: reused ? 0 : built.layoutMs },
    ...extras,
  };
  // A transfer list must not name a buffer twice: the view shares the table's columns when the
  // file is in address order (the usual case), and its `rows` is the index's order. Shared columns
  // are named by none (typedArrayBuffers: a postMessage shares them).
  const shared = new Set<ArrayBuffer>([...sent.transferables(), ...index.transferables()]);
  if (extras.comparison) for (const b of comparisonBuffers(extras.comparison)) shared.add(b);
  const transfer = scrubbed ? [] : [...typedArrayBuffers(view, shared)];
  post(loaded, transfer);
  // The shape first (one pass, no allocation): the page's address lookup asks for it in idle time
  // after its first frame, before the groups below could come.
  const addressSpace = scrubbed ? index.addressSpace : findAddressSpaceShape(result.regions);
  post({ type: 'shape', jobId, addressSpace });
  order ??= identityOrder(result.regions.length);
  // What the page's address lookup and search read of every row: found here, where the table is
  // (the kept one: a sent copy's columns went to the page). The page then makes none of it: its
  // row groups, made in idle slices, were ~3 s of its idle time and 48 MB of its heap at 4,194,304
  // regions while the analysis ran here. Found after the page's first frame: found while the page
  // built that frame, it took the core the frame needed (issue 19: at 1,048,576 regions the first
  // frame took 318 ms beside it, 182 after it; the page waits for them: RegionIndex.expectFound).
  // And after the analysis, which the page shows unasked, where these wait for a search or the
  // permission filter: found first, they held the analysis back (issue 19: drop → analysis shown at 1,048,576
  // regions 1,610 → 1,451 ms, 5 loads each, interleaved; a search typed before they come makes its
  // groups on the page). A snapshot the scrubber shows has them made already: sent at once.
  const sendFound = () => {
    const found = scrubbed ? index.found : findOfTable(result.regions, order!, addressSpace);
    post({ type: 'found', jobId, ...found }, scrubbed ? [] : foundBuffers(found));
  };
  if (scrubbed) sendFound();
  // The analysis waits for the page's first frame (`painted`), so that the two do not share the
  // machine's cores while the page builds it; at most FIRST_FRAME_WAIT_MS (a hidden tab paints no frame).
  // A snapshot shown by the scrubber waits `settleMs` more: the next step's request, come by then,
  // replaces it, and the worker makes that snapshot instead of analysing one already left. Meanwhile
  // the worker builds the view of the snapshot the scrubber is heading to (`next`), if not kept.
  const run = () => {
    if (waiting?.jobId !== jobId) return;
    waiting = null;
    clearTimeout(timer);
    analyze(jobId, result.regions, order);
    if (!scrubbed) sendFound();
  };
  const settleMs = scrub?.settleMs ?? 0;
  const timer = setTimeout(run, FIRST_FRAME_WAIT_MS + settleMs);
  const afterFrame = () => {
    const next = scrub?.next;
    if (next !== undefined && next.built === undefined) snapshots.keepBuilt(next, buildView(next.result.regions));
    setTimeout(run, settleMs);
  };
  waiting = { jobId, run: scrub === null ? run : afterFrame };
}

/** How long the analysis of a snapshot shown by the scrubber waits after its first frame for the scrubber to move on. */
const SCRUB_SETTLE_MS = 250;

/** What the page's first frame of `table` needs: its columns to send (shared, or a copy to transfer), their index, and the map's address order, level-of-detail trees and compressed scale (O(n) work the page's first frame would otherwise wait for). */
function buildView(table: RegionTable): BuiltView {
  const t0 = performance.now();
  const sent = table.sharedColumns() ? table : copyTable(table);
  const index = RegionIndex.build(sent);
  const t1 = performance.now();
  const view = buildViewData(sent, index);
  return { sent, index, view, indexMs: t1 - t0, layoutMs: performance.now() - t1 };
}

/** Rows 0, 1, 2, …, n - 1: the address order of a file in address order. */
function identityOrder(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  return order;
}

/** One file: a set of one snapshot, shown — or a recording's snapshots, on the timeline. */
async function load(request: LoadRequest): Promise<void> {
  const held = await readAndParse(request.source, request.jobId, request.maxTextBytes, request.choice);
  const generation = snapshots.replace(held);
  post(snapshots.describe(request.jobId, held.length > 1));
  const last = held.length - 1;
  snapshots.stepTo(last);
  postView(request.jobId, held[last], { snapshot: { generation, index: last }, fileName: held.length > 1 ? held[last].fileName : undefined });
}

/** Several inputs as one set, after the snapshots kept of the present set: compared (the first two) or a timeline. */
async function loadMany(request: LoadManyRequest): Promise<void> {
  const { jobId } = request;
  const kept = snapshots.pick(request.keep) ?? (request.keepData === null ? [] : [heldFromData(request.keepData)]);
  const read: HeldSnapshot[] = [];
  for (const source of request.sources) read.push(...(await readAndParse(source, jobId, request.maxTextBytes)));
  const all = [...kept, ...read];
  const generation = snapshots.replace(all);
  post(snapshots.describe(jobId, request.show === 'series'));
  if (request.show === 'compare' && all.length >= 2) postComparison(jobId, generation, 0, 1);
  else {
    snapshots.stepTo(all.length - 1);
    postView(jobId, all[all.length - 1], { snapshot: { generation, index: all.length - 1 }, fileName: all[all.length - 1].fileName });
  }
}

/** Snapshot `index` of the set, or its comparison with snapshot `compareTo`. */
function show(request: ShowRequest): void {
  const { jobId, generation, index, compareTo } = request;
  const held = snapshots.at(generation, index);
  if (held === undefined || (compareTo !== null && snapshots.at(generation, compareTo) === undefined)) {
    post({ type: 'failed', jobId, error: { code: 'unreadable', message: 'That snapshot is no longer held: open the files again.' } });
    return;
  }
  if (compareTo === null) {
    const step = snapshots.stepTo(index);
    postView(jobId, held, { snapshot: { generation, index }, fileName: held.fileName }, { settleMs: SCRUB_SETTLE_MS, next: step === 0 ? undefined : snapshots.at(generation, index + step) });
  } else postComparison(jobId, generation, compareTo, index);
}

/** The comparison of snapshots `b` (before) and `a` (after) of the set, posted as one table. */
function postComparison(jobId: number, generation: number, b: number, a: number): void {
  const before = snapshots.at(generation, b)!;
  const after = snapshots.at(generation, a)!;
  const { held, comparison } = compareSnapshots(before, after, { before: b, after: a });
  postView(jobId, held, { snapshot: { generation, index: -1 }, fileName: `${before.fileName} → ${after.fileName}`, comparison });
}

/** The longest the analysis waits for the page's first frame. */
const FIRST_FRAME_WAIT_MS = 300;
/** The analysis waiting for the page's first frame of its job. */
let waiting: { jobId: number; run: () => void } | null = null;

/** A copy of `table` whose columns can be transferred (the worker keeps `table`'s); the pathnames, known fields and smaps records are shared, not copied. */
function copyTable(table: RegionTable): RegionTable {
  return new RegionTable({ ...table.toData(), columns: copyColumns(table) });
}

/** Analyses `table` and posts the answer: the analysis, then address lookup's module index (analysisPostings), or why it failed. */
function analyze(jobId: number, table: RegionTable, order: Uint32Array): void {
  try {
    for (const { message, transfer } of analysisPostings(jobId, table, order)) post(message, transfer);
  } catch (error) {
    post({ type: 'analysis-failed', jobId, message: error instanceof Error ? error.message : String(error) });
  }
  prepareReader();
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === 'painted') {
    if (waiting?.jobId === request.jobId) waiting.run();
    return;
  }
  if (request.type === 'analyze') {
    analyze(request.jobId, new RegionTable(request.table), request.order);
    return;
  }
  if (request.type === 'show') {
    show(request);
    return;
  }
  (request.type === 'load' ? load(request) : loadMany(request)).catch((error: unknown) => {
    const jobId = request.jobId;
    if (error instanceof InputError) {
      post({ type: 'failed', jobId, error: { code: error.code, message: error.message } });
    } else if (error instanceof ReaderStopped) {
      post({ type: 'failed', jobId, error: { code: 'crashed', message: `The parser stopped unexpectedly${error.message ? ` (${error.message})` : ''}. If the file is very large, the tab may have run out of memory.` } });
    } else if (error instanceof RangeError) {
      // "Invalid string length", "Array buffer allocation failed": the input outgrew the tab's memory.
      post({
        type: 'failed',
        jobId,
        error: { code: 'too-large', message: `This file is too large for the browser's memory (${error.message}). Cut it down first, e.g. keep only the lines you need with grep or head.` },
      });
    } else {
      const message = error instanceof Error ? error.message : String(error);
      post({ type: 'failed', jobId, error: { code: 'unreadable', message: `The file could not be read: ${message}` } });
    }
  });
};
