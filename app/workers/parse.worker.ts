/**
 * The parse worker: reads the input (decompressing .gz), parses it with the core, builds the
 * lookup index, and hands the typed-array columns to the page by transfer — no copy, no re-parse.
 */
import { RegionIndex, parseMaps } from '../../src/internal';
import type { DoneMessage, LoadRequest, LoadSource, WorkerMessage } from './protocol';
import { InputError, countReplacementChars, readInputText, type ReadResult } from './read-input';
import { mappedBytes } from './summary';
import { buildAnalysisInput } from './analysis-input';
import { buildViewData, typedArrayBuffers } from './view-data';

const post = (message: WorkerMessage, transfer: Transferable[] = []) => self.postMessage(message, { transfer });

/** Progress messages at most every 50 ms: enough for a smooth bar, few enough not to flood the page. */
function throttledProgress(jobId: number, totalBytes: number | null): (doneBytes: number) => void {
  let lastMs = 0;
  return (doneBytes) => {
    const now = performance.now();
    if (now - lastMs < 50 && doneBytes !== totalBytes) return;
    lastMs = now;
    post({ type: 'progress', jobId, phase: 'reading', doneBytes, totalBytes });
  };
}

async function readSource(source: LoadSource, jobId: number, maxTextBytes: number): Promise<ReadResult> {
  let stream: ReadableStream<Uint8Array>;
  let totalBytes: number | null;
  if (source.kind === 'file') {
    stream = source.file.stream();
    totalBytes = source.file.size;
  } else {
    const response = await fetch(source.url);
    if (!response.ok || response.body === null) {
      throw new InputError('unreadable', `Could not load ${source.fileName}: the server answered ${response.status} ${response.statusText}.`);
    }
    stream = response.body;
    const length = response.headers.get('content-length');
    totalBytes = length === null ? null : Number(length);
  }
  return readInputText(stream, { totalBytes, maxTextBytes, onProgress: throttledProgress(jobId, totalBytes) });
}

async function load(request: LoadRequest): Promise<void> {
  const { jobId, source } = request;
  const t0 = performance.now();
  const input = await readSource(source, jobId, request.maxTextBytes);
  const t1 = performance.now();
  post({ type: 'progress', jobId, phase: 'parsing', doneBytes: input.textBytes, totalBytes: input.textBytes });
  const result = parseMaps(input.text, { fileName: source.fileName });
  const t2 = performance.now();
  post({ type: 'progress', jobId, phase: 'indexing', doneBytes: input.textBytes, totalBytes: input.textBytes });
  const index = RegionIndex.build(result.regions);
  const t3 = performance.now();
  // The map's address order, level-of-detail trees and compressed scale: O(n) work the page's
  // first frame would otherwise wait for.
  const view = buildViewData(result.regions, index.order);
  // Copies for the analysis worker, which the page hands on without copying them itself.
  const analysisInput = buildAnalysisInput(result.regions, index.order);
  const t4 = performance.now();

  const notices: string[] = [];
  const replaced = countReplacementChars(input.text);
  if (replaced > 0) {
    notices.push(`${replaced.toLocaleString('en-US')} ${replaced === 1 ? 'character is' : 'characters are'} not valid ${input.encoding.toUpperCase()} and ${replaced === 1 ? 'shows' : 'show'} as “\ufffd”.`);
  }
  if (input.encoding !== 'utf-8') notices.push(`The file is ${input.encoding.toUpperCase()} text (as Windows tools write it); it was read as such.`);

  const done: DoneMessage = {
    type: 'done',
    jobId,
    format: result.format,
    table: result.regions.toData(),
    index: index.toData(),
    view,
    analysisInput,
    diagnostics: result.diagnostics,
    stats: result.stats,
    mappedBytes: mappedBytes(result.regions),
    textBytes: input.textBytes,
    compressed: input.compressed,
    notices,
    timingsMs: { read: t1 - t0, parse: t2 - t1, index: t3 - t2, layout: t4 - t3 },
  };
  // A transfer list must not name a buffer twice: the view shares the table's columns when the
  // file is in address order (the usual case), and its `rows` is the index's order.
  const transfer = [...typedArrayBuffers([view, analysisInput], new Set<ArrayBuffer>([...result.regions.transferables(), ...index.transferables()]))];
  post(done, transfer);
}

self.onmessage = (event: MessageEvent<LoadRequest>) => {
  const request = event.data;
  load(request).catch((error: unknown) => {
    const jobId = request.jobId;
    if (error instanceof InputError) {
      post({ type: 'failed', jobId, error: { code: error.code, message: error.message } });
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
