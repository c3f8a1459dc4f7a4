/**
 * The parse worker, one job per file: reads the input through src/input (sniff, gunzip, decode:
 * the CLI's pipeline), parses it with the core, builds the lookup index and the view's arrays, and hands them to the page by transfer (no
 * copy, no re-parse) — then analyses the same table (analysis.ts) while the page paints, and sends
 * the analysis as the job's last stage.
 */
import {
  InputError,
  RegionIndex,
  RegionTable,
  countReplacementChars,
  parseInputText,
  readBinaryArtifact,
  readInputStream,
  type ByteSource,
  type ParseResult,
  sumRegionSizes,
  type InputText,
  type RegionColumns,
} from '../../src/internal';
import { PART_OBJECTS, analyzeTable, packAnswer, packedBuffers, splitAnswer } from './analysis';
import type { LoadRequest, LoadSource, LoadedMessage, WorkerMessage, WorkerRequest } from './protocol';
import { buildViewData, typedArrayBuffers } from './view-data';
import { openSourceStream, SourceError } from './source-stream';

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

async function readSource(source: LoadSource, jobId: number, maxTextBytes: number): Promise<InputText> {
  let opened: Awaited<ReturnType<typeof openSourceStream>>;
  try {
    opened = await openSourceStream(source);
  } catch (error) {
    if (error instanceof SourceError) throw new InputError('unreadable', error.message);
    throw error;
  }
  const { stream, totalBytes } = opened;
  return readInputStream(stream, { totalBytes, maxTextBytes, onProgress: throttledProgress(jobId, totalBytes) });
}

/** A dropped file read by offset (File.slice): a minidump's or a core's headers, never the whole file. */
function fileByteSource(file: Blob): ByteSource {
  return { sizeBytes: file.size, read: async (offset, length) => new Uint8Array(await file.slice(offset, offset + length).arrayBuffer()) };
}

/** The input as text, parsed; or a binary crash artifact (minidump, ELF core) read by offset. */
async function readAndParse(request: LoadRequest): Promise<{ result: ParseResult; input: InputText | null; readMs: number }> {
  const { jobId, source } = request;
  const t0 = performance.now();
  const artifact = source.kind === 'file' ? await readBinaryArtifact(fileByteSource(source.file)) : undefined;
  if (artifact !== undefined) return { result: artifact, input: null, readMs: performance.now() - t0 };
  const input = await readSource(source, jobId, request.maxTextBytes);
  const t1 = performance.now();
  post({ type: 'progress', jobId, phase: 'parsing', doneBytes: input.textBytes, totalBytes: input.textBytes });
  return { result: parseInputText(input, { fileName: source.fileName, choice: request.choice }), input, readMs: t1 - t0 };
}

async function load(request: LoadRequest): Promise<void> {
  const { jobId, source } = request;
  const t0 = performance.now();
  const { result, input, readMs } = await readAndParse(request);
  const t1 = t0 + readMs;
  const textBytes = input?.textBytes ?? (source.kind === 'file' ? source.file.size : 0);
  const t2 = performance.now();
  post({ type: 'progress', jobId, phase: 'indexing', doneBytes: textBytes, totalBytes: textBytes });
  const index = RegionIndex.build(result.regions);
  const t3 = performance.now();
  // The map's address order, level-of-detail trees and compressed scale: O(n) work the page's
  // first frame would otherwise wait for.
  const view = buildViewData(result.regions, index.order);
  // The analysis runs here after the columns have gone to the page (a transfer empties them): it
  // keeps a copy of the columns and of the order, and the very smaps records (cloned to the page).
  const kept = keepForAnalysis(result.regions, index.order);
  const t4 = performance.now();

  const notices: string[] = [];
  const replaced = input === null ? 0 : countReplacementChars(input.text);
  if (replaced > 0 && input !== null) {
    notices.push(`${replaced.toLocaleString('en-US')} ${replaced === 1 ? 'character is' : 'characters are'} not valid ${input.encoding.toUpperCase()} and ${replaced === 1 ? 'shows' : 'show'} as “\ufffd”.`);
  }
  if (input !== null && input.encoding !== 'utf-8') notices.push(`The file is ${input.encoding.toUpperCase()} text (as Windows tools write it); it was read as such.`);

  const loaded: LoadedMessage = {
    type: 'loaded',
    jobId,
    format: result.format,
    ...(result.artifact !== undefined && { artifact: result.artifact }),
    table: result.regions.toData(),
    index: index.toData(),
    view,
    diagnostics: result.diagnostics,
    diagnosticGroups: result.diagnosticGroups,
    stats: result.stats,
    mappedBytes: sumRegionSizes(result.regions),
    textBytes,
    compressed: input?.compressed ?? false,
    notices,
    timingsMs: { read: t1 - t0, parse: t2 - t1, index: t3 - t2, layout: t4 - t3 },
  };
  // A transfer list must not name a buffer twice: the view shares the table's columns when the
  // file is in address order (the usual case), and its `rows` is the index's order.
  const transfer = [...typedArrayBuffers(view, new Set<ArrayBuffer>([...result.regions.transferables(), ...index.transferables()]))];
  post(loaded, transfer);
  // The analysis waits for the page's first frame (`painted`), so that the two do not share the
  // machine's cores while the page builds it; at most FIRST_FRAME_WAIT_MS (a hidden tab paints no frame).
  const run = () => {
    if (waiting?.jobId !== jobId) return;
    waiting = null;
    clearTimeout(timer);
    analyze(jobId, kept.table, kept.order);
  };
  const timer = setTimeout(run, FIRST_FRAME_WAIT_MS);
  waiting = { jobId, run };
}

/** The longest the analysis waits for the page's first frame. */
const FIRST_FRAME_WAIT_MS = 300;
/** The analysis waiting for the page's first frame of its job. */
let waiting: { jobId: number; run: () => void } | null = null;

/** A copy of `table`'s columns and of `order` for the analysis; the pathnames, known fields and smaps records are shared, not copied. */
function keepForAnalysis(table: RegionTable, order: Uint32Array): { table: RegionTable; order: Uint32Array } {
  const columns = {} as Record<keyof RegionColumns, RegionColumns[keyof RegionColumns]>;
  for (const [name, column] of Object.entries(table.columns) as [keyof RegionColumns, RegionColumns[keyof RegionColumns]][]) {
    columns[name] = column.slice(0, table.length) as typeof column;
  }
  return { table: new RegionTable({ ...table.toData(), columns: columns as RegionColumns }), order: order.slice() };
}

/** Analyses `table` and posts the answer: parts of PART_OBJECTS objects, then the rest with the arrays; their objects as columns (packAnswer). */
function analyze(jobId: number, table: RegionTable, order: Uint32Array): void {
  try {
    const analysis = analyzeTable(table, order);
    const { parts, rest } = splitAnswer({ modules: analysis.modules, byModule: analysis.summary.byModule }, PART_OBJECTS);
    for (const part of parts) {
      const answer = packAnswer(part);
      post({ type: 'analysis-part', jobId, answer }, packedBuffers(answer));
    }
    const answer = packAnswer(rest);
    post(
      { type: 'analysis', jobId, analysis: { ...analysis, modules: [], summary: { ...analysis.summary, byModule: [] } }, answer },
      [analysis.moduleOfRow.buffer, analysis.roleOfRow.buffer, ...typedArrayBuffers(analysis.moduleBases), ...packedBuffers(answer)],
    );
  } catch (error) {
    post({ type: 'analysis-failed', jobId, message: error instanceof Error ? error.message : String(error) });
  }
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
