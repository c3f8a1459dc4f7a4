/**
 * The page side of the parse worker: starts loads, applies the stages of each job — progress, the
 * table with its index and view data (wrapped in one task, shown in the next), what the worker
 * found for lookup and search, the analysis — to the loaded-file store, and cancels by
 * terminating the worker (the only way to stop a parse mid-way; a fresh worker starts with the
 * next load).
 */
import { FORMAT_LABEL, MAX_TEXT_BYTES, ModuleIndex, RegionIndex, RegionTable } from '../../src/internal';
import { IDLE, MODULES_PENDING, type LoadOrigin, type LoadedFile, type ModuleIndexState } from '../state/loaded-file';
import { appStore, findLoadedFile, getLoadedFile, resetExpandedModules, showFile, snapshotSetStore, updateFile } from '../state/app-store';
import { ALL_CHANGES, adoptComparison } from '../state/snapshot-set';
import { createViewModel } from '../state/view-model';
import { ModuleColumns, withRowsOnDemand } from './analysis';
import { type AnalysisMessage, type LoadRequest, type LoadSource, type LoadedMessage, type WorkerMessage, type WorkerRequest } from './protocol';
import { receiveTable } from './sent-table';

let worker: Worker | null = null;
let lastJobId = 0;
/** The job whose messages the store listens to; 0 when no load runs. */
let activeJobId = 0;
/** For a quiet job (a snapshot or comparison of the set, made while the view stays): the file its answer becomes; null for a load. */
let quietBase: LoadedFile | null = null;
/**
 * A job's file received and wrapped, in the moment before it shows (the next task), with the
 * analysis messages of its job that came meanwhile, applied once it shows (a small file's can
 * come first when the page's timers are slowed: a hidden tab runs the show's timer after ~1 s, the
 * worker waits at most 300 ms for a frame); null otherwise.
 */
let received: { file: LoadedFile; early: AnalysisMessages[] } | null = null;

type AnalysisMessages = Extract<WorkerMessage, { type: 'analysis' | 'module-index' | 'analysis-failed' }>;

function getWorker(): Worker {
  if (worker === null) {
    worker = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module', name: 'mapscope-parse' });
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => onMessage(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      // An uncaught error or an out-of-memory kill: the worker is gone, so is its job.
      stopWorker();
      fail('crashed', `The parser stopped unexpectedly${event.message ? ` (${event.message})` : ''}. If the file is very large, the tab may have run out of memory.`);
    };
    worker.onmessageerror = () => fail('crashed', 'The parser sent a result the page could not receive.');
  }
  return worker;
}

/**
 * Starts the parse worker before any load, while the page is idle: the worker's script is fetched
 * and compiled, and it starts its spare reader (parse.worker.ts), ahead of the drop. Started by the
 * first load instead, the two workers' start-up was on the path to its first frame (~270 ms of
 * drop → painted at 1,048,576 regions on a loaded 2-core machine; the bench's floor page starts
 * its worker with the page).
 */
export function prepareParseWorker(): void {
  getWorker();
}

function post(request: WorkerRequest): void {
  getWorker().postMessage(request);
}

/**
 * Stops the worker — and with it any analysis still running there. The file shown before the
 * stopped load is analysed again by the next worker if its analysis, or the module index that
 * follows it, had not come yet.
 */
function stopWorker(): void {
  worker?.terminate();
  worker = null;
  // The set went with the worker: no timeline or picks over snapshots no one holds (the shown file stays).
  snapshotSetStore.set({ held: false, busy: false, snapshots: [], series: null, pick: -1 });
  for (const file of appStore.get().files.list) {
    if (file.table !== null && file.index !== null && file.moduleIndex.status === 'pending') {
      post({ type: 'analyze', jobId: file.jobId, table: file.table.toData(), order: file.index.order });
    }
  }
}

function fail(code: NonNullable<LoadedFile['error']>['code'], message: string): void {
  if (activeJobId === 0) return;
  activeJobId = 0;
  if (quietBase !== null) {
    // The view stays: the set's bar says what failed.
    quietBase = null;
    snapshotSetStore.set({ busy: false, error: message });
    return;
  }
  updateFile({ ...getLoadedFile(), status: 'failed', progress: null, error: { code, message } });
}

function onMessage(message: WorkerMessage): void {
  if (message.type === 'analysis' || message.type === 'module-index' || message.type === 'analysis-failed') {
    onAnalysis(message);
    return;
  }
  if (message.type === 'shape' || message.type === 'found') {
    // The shown file's (or the one about to show: see `received`); a file no longer kept has nothing to adopt.
    const index = (received?.file.jobId === message.jobId ? received.file : findLoadedFile(message.jobId))?.index;
    if (message.type === 'shape') index?.adoptShape(message.addressSpace);
    else index?.adoptFound(message);
    return;
  }
  if (message.jobId !== activeJobId) return; // a cancelled or superseded load
  const current = quietBase ?? getLoadedFile();
  if (message.type === 'session') {
    const { generation, snapshots, series } = message;
    snapshotSetStore.set({ generation, held: true, snapshots, series, shown: -1, pick: -1, error: null });
  } else if (message.type === 'progress') {
    if (quietBase !== null) return;
    const { phase, doneBytes, totalBytes } = message;
    updateFile({ ...current, progress: { phase, doneBytes, totalBytes } });
  } else if (message.type === 'failed') {
    fail(message.error.code, message.error.message);
  } else {
    activeJobId = 0;
    quietBase = null;
    const startMs = performance.now();
    // This task has received the message (its data deserialised) and wraps it; the render is the
    // next task's, so that at 4,194,304 regions neither is a long task (they were one of ~50–150 ms).
    const file = fromLoaded(current, message);
    const early: AnalysisMessages[] = [];
    received = { file, early };
    setTimeout(() => {
      received = null;
      // A job started since (a load or a snapshot asked for) replaces this one before it shows.
      if (lastJobId !== file.jobId) return;
      resetExpandedModules(); // module indexes of the previous file
      showFile(file); // the file it replaces is dropped
      snapshotSetStore.set({ shown: message.snapshot?.index ?? -1, busy: false, error: null, changeFilter: ALL_CHANGES });
      for (const analysis of early) onAnalysis(analysis);
      // The page's share of a load — wrap the transferred columns, render, paint — up to the frame
      // that shows the map's first draw: a DevTools marker, and a figure the e2e tests report. Then
      // the worker may start the analysis (`painted`). The map lays that draw out in a task of its
      // own before the frame that paints it (useViewFrame), so the first frame after this task
      // need not be the one: a frame rendered before that task (after a long show task) would have
      // started the analysis beside the map's draw. By the first animation frame the view has
      // mounted (React renders the store's change in this task) and asked for its first frame, or
      // no map shows this file (a failed load, smaps_rollup totals): then the post is not held.
      requestAnimationFrame(() =>
        file.view?.afterFirstFrame(() =>
          setTimeout(() => {
            performance.measure('mapscope:show-result', { start: startMs });
            worker?.postMessage({ type: 'painted', jobId: file.jobId } satisfies WorkerRequest);
          }),
        ),
      );
    });
  }
}

/**
 * The last stage of a job: the analysis of its table, then address lookup's module index (or why
 * the analysis failed), applied to the file that job loaded — the one shown, the one about to show
 * (`received`: applied when it does), or the one a running load replaces (shown again if that load
 * is cancelled).
 */
function onAnalysis(message: AnalysisMessages): void {
  if (received?.file.jobId === message.jobId) {
    received.early.push(message);
    return;
  }
  const file = findLoadedFile(message.jobId);
  if (file === undefined || file.table === null) return; // a file no longer kept
  const startMs = performance.now();
  const { table } = file;
  const adopted = message.type === 'analysis' ? withAnalysis(table, message) : message.type === 'analysis-failed' ? { moduleIndex: { status: 'failed', message: message.message } as const } : null;
  // Applied in a task of its own, after this one's receive (at 4,194,304 regions the two were one
  // task of up to 80 ms), in the order the messages came (timers of one delay run in order): a
  // module index never shows before its analysis. The file is found again: a load or a job may
  // have replaced it.
  setTimeout(() => {
    const now = findLoadedFile(message.jobId);
    if (now === undefined || now.table !== table) return;
    if (message.type === 'module-index') {
      const modulesStartMs = performance.now();
      const moduleIndex: ModuleIndexState = { status: 'ready', modules: ModuleIndex.fromData(table, message.moduleBases) };
      performance.measure('mapscope:modules', { start: modulesStartMs, end: performance.now() });
      updateFile({ ...now, moduleIndex });
      return;
    }
    updateFile({ ...now, ...adopted });
    // The page's share of the analysis (adopting it, the panels' render), beside the worker's own time: DevTools and benchmarks read it.
    performance.measure('mapscope:analysis-apply', { start: startMs, end: performance.now() });
  });
}

/**
 * The analysis of `table` a message brings, in O(1) but for the files' list: its modules read from
 * their columns (ModuleColumns), its summary rows by module made when first read.
 */
function withAnalysis(table: RegionTable, message: AnalysisMessage): Pick<LoadedFile, 'analysis'> {
  const { analysis, answer } = message;
  const modules = new ModuleColumns(answer.modules, table.pathnames);
  const summary = withRowsOnDemand(analysis.summary, answer.byModule, table.pathnames);
  const files = { files: Array.from(message.filePathIds, (id) => table.pathnames[id]), fileOfModule: analysis.files.fileOfModule };
  return { analysis: { ...analysis, modules, summary, files } };
}

/** The store state for a finished parse: the columns arrive by transfer and are wrapped, not copied. */
function fromLoaded(current: LoadedFile, done: LoadedMessage): LoadedFile {
  const table = receiveTable(done.table);
  const index = RegionIndex.fromData(table, done.index);
  // The worker sends the search's row groups after the first frame (its `found`): the page waits for them.
  index.expectFound();
  const loaded: LoadedFile = {
    ...current,
    status: 'ready',
    jobId: done.jobId,
    fileName: done.fileName ?? current.fileName,
    snapshot: done.snapshot ?? null,
    comparison: done.comparison ? adoptComparison(done.comparison) : null,
    format: done.format,
    artifact: done.artifact ?? null,
    table,
    index,
    // The map's model over the worker's arrays: no O(n) build on the page.
    view: createViewModel(table, index, done.view),
    analysis: null,
    moduleIndex: MODULES_PENDING,
    mappedBytes: done.mappedBytes,
    textBytes: done.textBytes,
    compressed: done.compressed,
    diagnostics: done.diagnostics,
    diagnosticGroups: done.diagnosticGroups,
    stats: done.stats,
    notices: [...current.notices, ...done.notices],
    progress: null,
    error: null,
    timingsMs: done.timingsMs,
  };
  if (table.length > 0) return loaded;
  // Nothing could be read: one clear message (the diagnostics stay available as details).
  const blankOnly = done.stats.lines > 0 && done.stats.blank === done.stats.lines;
  return {
    ...loaded,
    status: 'failed',
    error: {
      code: 'nothing-read',
      message: blankOnly
        ? `This file has only blank lines (${done.stats.lines.toLocaleString('en-US')}); there is no memory map in it.`
        : done.artifact !== undefined
          ? `This is a ${FORMAT_LABEL[done.artifact.format]}, but no memory map could be read out of it: ${done.diagnostics.find((d) => d.severity === 'error')?.message ?? 'it holds none'}.`
          : `No line of this file could be read as a memory map (${done.stats.lines.toLocaleString('en-US')} ${done.stats.lines === 1 ? 'line' : 'lines'} checked).`,
    },
  };
}

/** How a job shows while it runs: as a load (its name, origin and size in the header, a progress bar), or quietly (the view stays). */
export type JobShow = { fileName: string; origin: LoadOrigin; sizeBytes: number | null; source?: LoadSource; notices?: string[] } | 'quiet';

/** Starts the job `make` builds with its id, replacing any job in progress. */
export function startJob(make: (jobId: number) => WorkerRequest, show: JobShow): void {
  const current = getLoadedFile();
  // The file shown before a running load stays kept (Cancel shows it again); a load still running
  // is stopped, not left to finish unseen (its worker would keep parsing — the CPU and memory of a
  // large file — before reading the new one): the newest load wins. A quiet job still running is
  // only superseded: its answer is dropped (stopping the worker would drop the set it holds).
  const kept = current.status === 'loading' ? (appStore.get().files.list.find((f) => f.jobId !== current.jobId) ?? null) : current.status === 'idle' ? null : current;
  if (activeJobId !== 0 && quietBase === null) stopWorker();
  activeJobId = ++lastJobId;
  if (show === 'quiet') {
    quietBase = { ...current, loadId: current.loadId + 1, notices: [] };
    snapshotSetStore.set({ busy: true, error: null });
  } else {
    quietBase = null;
    const { fileName, origin, sizeBytes, source = null, notices = [] } = show;
    showFile(
      {
        ...IDLE,
        status: 'loading',
        jobId: activeJobId,
        // Notes the page knows and the worker does not (e.g. a share link's view it cannot apply).
        notices,
        loadId: current.loadId + 1,
        fileName,
        origin,
        source,
        sizeBytes,
        progress: { phase: 'reading', doneBytes: 0, totalBytes: sizeBytes },
      },
      kept,
    );
  }
  post(make(activeJobId));
}

/** Starts loading `source`, replacing any load in progress; `choice`: which of a crash artifact's maps to read. */
export function startLoad(source: LoadSource, origin: LoadOrigin, sizeBytes: number | null, notices: string[] = [], choice?: number): void {
  startJob((jobId): LoadRequest => ({ type: 'load', jobId, source, maxTextBytes: MAX_TEXT_BYTES, ...(choice !== undefined && { choice }) }), {
    fileName: source.fileName,
    origin,
    sizeBytes,
    source,
    notices,
  });
}

/** Reads the shown crash artifact again in the worker, this time its map `choice` (one of ArtifactInfo.choices). */
export function reloadWithChoice(choice: number): void {
  const file = getLoadedFile();
  if (file.source === null || file.origin === null) return;
  startLoad(file.source, file.origin, file.sizeBytes, [], choice);
}

/**
 * Opens files (dropped, picked or pasted); the page never reads them, the worker does. One file is
 * shown; two are compared (the first as before); three or more are a series on the timeline.
 */
export function openFiles(files: readonly File[], origin: LoadOrigin): void {
  const [file] = files;
  if (file === undefined) return;
  if (files.length === 1) {
    startLoad({ kind: 'file', file, fileName: file.name || 'unnamed file' }, origin, file.size);
    return;
  }
  const sources = files.map((f): LoadSource => ({ kind: 'file', file: f, fileName: f.name || 'unnamed file' }));
  const show = files.length === 2 ? 'compare' : 'series';
  const fileName = files.length === 2 ? `${sources[0].fileName} → ${sources[1].fileName}` : `${files.length} files`;
  const sizeBytes = files.reduce((n, f) => n + f.size, 0);
  startJob((jobId) => ({ type: 'load-many', jobId, sources, maxTextBytes: MAX_TEXT_BYTES, show, keep: [], keepData: null }), { fileName, origin, sizeBytes });
}

/** Opens pasted text (as a Blob: its UTF-8 bytes take the same path as a file's). */
export function openText(text: string, fileName = 'pasted text'): void {
  const blob = new Blob([text], { type: 'text/plain' });
  startLoad({ kind: 'file', file: blob, fileName }, 'paste', blob.size);
}

/** Opens one of the bundled examples in public/samples/. */
export function openSample(fileName: string): void {
  const url = new URL(`samples/${encodeURIComponent(fileName)}`, document.baseURI).href;
  startLoad({ kind: 'url', url, fileName }, 'sample', null);
}

/** Cancels the running load and shows again what was shown before it. */
export function cancelLoad(): void {
  if (activeJobId === 0 || quietBase !== null) return;
  activeJobId = 0;
  const loading = getLoadedFile();
  const before = appStore.get().files.list.find((f) => f.jobId !== loading.jobId) ?? IDLE;
  stopWorker();
  showFile({ ...(findLoadedFile(before.jobId) ?? before), loadId: loading.loadId + 1 });
}
