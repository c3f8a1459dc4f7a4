/**
 * Reading and parsing one input (a file, a pasted text, an example) — what the reader worker
 * (read.worker.ts) does for the parse worker, one reader per load: the reader's heap then holds the
 * decoded text and the parse's garbage, and ends with it. The parse worker terminates the reader
 * as soon as its snapshots arrive, so the text does not stay in a heap until that heap's next full
 * GC (at 4,194,304 regions the parse worker held ~390 MB of garbage for seconds after the analysis,
 * measured with CDP's Runtime.getHeapUsage before and after HeapProfiler.collectGarbage).
 */
import {
  InputError,
  RegionTable,
  countReplacementChars,
  isRecordingText,
  mergeDiagnosticSets,
  parseInputBytes,
  parseInputStream,
  parseInputText,
  parseInputRecording,
  readBinaryArtifact,
  readInputBytesSync,
  readInputStream,
  sniffBytes,
  type ByteSource,
  type BytePieces,
  type MapsByteScan,
  type InputErrorCode,
  type InputText,
  type ParseResult,
} from '../../src/internal';
import type { HeldSnapshot } from './snapshots';
import type { LoadSource, ProgressMessage } from './protocol';
import { openSourceStream, SourceError } from './source-stream';
import { receiveTable, sendTable, type SentTableData } from './sent-table';
import { offerColumns, type PrefaultMessage } from './prefault';

/** One input for the reader to read and parse. */
export interface ReadRequest {
  jobId: number;
  source: LoadSource;
  /** Largest decoded text accepted, in bytes. */
  maxTextBytes: number;
  /** Which of a crash artifact's memory maps to read; the reader's default when absent. */
  choice?: number;
}

type PostProgress = (message: ProgressMessage) => void;

/** A snapshot as the reader posts it: its table as plain data (columns shared, or transferred; pathnames packed: sent-table.ts). */
export type SentSnapshot = Omit<HeldSnapshot, 'result' | 'built'> & { result: Omit<ParseResult, 'regions'> & { regions: SentTableData } };

/** Why a read failed, as the error the parse worker throws again (its `failed` message's code). */
export type ReadFailure = { kind: 'input'; code: InputErrorCode; message: string } | { kind: 'memory'; message: string } | { kind: 'other'; message: string };

/** What the reader posts: progress (passed on to the page as it is), then the snapshots or why there are none. */
export type ReaderMessage = ProgressMessage | PrefaultMessage | { type: 'read'; snapshots: SentSnapshot[] } | { type: 'read-failed'; failure: ReadFailure };

/** `held` as the reader posts it, and the column buffers to transfer (none when the columns are shared). */
export function sendSnapshots(held: readonly HeldSnapshot[]): { snapshots: SentSnapshot[]; transfer: ArrayBuffer[] } {
  const transfer = new Set<ArrayBuffer>();
  const snapshots = held.map(({ result, built: _built, ...rest }): SentSnapshot => {
    for (const b of result.regions.transferables()) transfer.add(b);
    return { ...rest, result: { ...result, regions: sendTable(result.regions) } };
  });
  return { snapshots, transfer: [...transfer] };
}

/** The snapshots the reader posted, their tables wrapped (not copied). */
export function receiveSnapshots(snapshots: readonly SentSnapshot[]): HeldSnapshot[] {
  return snapshots.map((s) => ({ ...s, result: { ...s.result, regions: receiveTable(s.result.regions) } }));
}

/** `error` as the reader posts it. */
export function readFailure(error: unknown): ReadFailure {
  if (error instanceof InputError) return { kind: 'input', code: error.code, message: error.message };
  // "Invalid string length", "Array buffer allocation failed": the input outgrew the tab's memory.
  if (error instanceof RangeError) return { kind: 'memory', message: error.message };
  return { kind: 'other', message: error instanceof Error ? error.message : String(error) };
}

/** The error a ReadFailure stands for, thrown again in the parse worker. */
export function failureError(failure: ReadFailure): Error {
  if (failure.kind === 'input') return new InputError(failure.code, failure.message);
  if (failure.kind === 'memory') return new RangeError(failure.message);
  return new Error(failure.message);
}

/** Progress messages at most every 50 ms: enough for a smooth bar, few enough not to flood the page. */
function throttledProgress(post: PostProgress, jobId: number, totalBytes: number | null, everyMs = 50): (doneBytes: number) => void {
  let lastMs = 0;
  return (doneBytes) => {
    const now = performance.now();
    if (now - lastMs < everyMs && doneBytes !== totalBytes) return;
    lastMs = now;
    post({ type: 'progress', jobId, phase: 'reading', doneBytes, totalBytes });
  };
}

/** Whether a load's source is a plain file that fits (not gzip): the bytes entries may read it. */
async function plainFile(source: LoadSource, maxTextBytes: number): Promise<boolean> {
  return source.kind === 'file' && source.file.size <= maxTextBytes && !(await isGzip(source.file));
}

/**
 * A plain file read as a stream through one buffer that a BYOB reader fills again and again
 * (parseInputStream), with the read's progress, and the time its last bytes came (`lastMs`).
 * Progress every 250 ms, not the 50 of the other reads: at 1,048,576 regions the page's render
 * of each one held the core the reader's scan needs (app-load: drop → painted 1,398 → 1,213 ms,
 * the page's CPU 522 → 450 ms, medians of 4 loads each, interleaved).
 */
function filePieces(post: PostProgress, file: Blob, jobId: number): BytePieces & { lastMs: number; cancel: () => void; afterPiece: (() => void) | undefined } {
  const reader = file.stream().getReader({ mode: 'byob' });
  const progress = throttledProgress(post, jobId, file.size, 250);
  let doneBytes = 0;
  const pieces = {
    ...fileByteSource(file),
    lastMs: NaN,
    cancel: () => void reader.cancel().catch(() => undefined),
    /** Called as each piece is asked for: the pieces before it are scanned. */
    afterPiece: undefined as (() => void) | undefined,
    next: async (into: Uint8Array) => {
      pieces.afterPiece?.();
      const { value, done } = await reader.read(into);
      if (value === undefined) throw new InputError('unreadable', 'The file stopped being readable while it was read.');
      doneBytes += value.length;
      if (!done) progress(doneBytes);
      else {
        // The last bytes are in (and scanned as they came); what is left is the parse's end: its names.
        pieces.lastMs = performance.now();
        post({ type: 'progress', jobId, phase: 'parsing', doneBytes, totalBytes: doneBytes });
      }
      return value;
    },
  };
  return pieces;
}

/** A plain file that fits (not gzip), read whole (load19's finding): at 4,194,304 regions (240 MB) a stream's ~3,700 chunks, each awaited, decoded and then joined, took ~1 s of this worker's time. Undefined for any other source. */
async function plainFileBytes(post: PostProgress, source: LoadSource, jobId: number, plain: boolean): Promise<Uint8Array | undefined> {
  if (source.kind !== 'file' || !plain) return undefined;
  const bytes = new Uint8Array(await source.file.arrayBuffer());
  // The read is one step of progress.
  post({ type: 'progress', jobId, phase: 'reading', doneBytes: bytes.byteLength, totalBytes: source.file.size });
  return bytes;
}

/** The decoded text of a source: a plain file's bytes (the stream's sniffing and decoding in one call: readInputBytesSync), or its stream. */
async function readSource(post: PostProgress, source: LoadSource, jobId: number, maxTextBytes: number, bytes: Uint8Array | undefined): Promise<InputText> {
  if (bytes !== undefined) return readInputBytesSync(bytes, { maxTextBytes });
  let opened: Awaited<ReturnType<typeof openSourceStream>>;
  try {
    opened = await openSourceStream(source);
  } catch (error) {
    if (error instanceof SourceError) throw new InputError('unreadable', error.message);
    throw error;
  }
  const { stream, totalBytes } = opened;
  return readInputStream(stream, { totalBytes, maxTextBytes, onProgress: throttledProgress(post, jobId, totalBytes) });
}

/** Whether a file starts as gzip does: it then streams through the decompressor, its progress shown as it reads (src/input). */
async function isGzip(file: Blob): Promise<boolean> {
  return sniffBytes(new Uint8Array(await file.slice(0, 2).arrayBuffer())).kind === 'gzip';
}

/** A dropped file read by offset (File.slice): a minidump's or a core's headers, never the whole file. */
function fileByteSource(file: Blob): ByteSource {
  return { sizeBytes: file.size, read: async (offset, length) => new Uint8Array(await file.slice(offset, offset + length).arrayBuffer()) };
}

/** The notices on a decoded text: characters not valid in its encoding (`replaced` U+FFFD), and an encoding other than UTF-8. */
function decodingNotices(replaced: number, encoding: InputText['encoding']): string[] {
  const notices: string[] = [];
  if (replaced > 0) {
    notices.push(`${replaced.toLocaleString('en-US')} ${replaced === 1 ? 'character is' : 'characters are'} not valid ${encoding.toUpperCase()} and ${replaced === 1 ? 'shows' : 'show'} as “\ufffd”.`);
  }
  if (encoding !== 'utf-8') notices.push(`The file is ${encoding.toUpperCase()} text (as Windows tools write it); it was read as such.`);
  return notices;
}

/**
 * One input read and parsed: a binary crash artifact (minidump, ELF core) read by offset; one snapshot, or — a recording (src/parse/recording.ts) — each of
 * its snapshots, their lines and diagnostics numbered as the recording's, with the recording's
 * own diagnostics (its header lines, a missing end) and the decoder's beside each one's.
 * `prefault`: where a streamed file's shared columns are offered, for another thread to touch
 * their pages ahead of the scan (prefault.ts); none offered without it.
 */
export async function readAndParse(post: PostProgress, { source, jobId, maxTextBytes, choice }: ReadRequest, prefault?: (message: PrefaultMessage) => void): Promise<HeldSnapshot[]> {
  const t0 = performance.now();
  if (source.kind === 'file') {
    const artifact = await readBinaryArtifact(fileByteSource(source.file));
    if (artifact !== undefined) {
      return [{ result: artifact, fileName: source.fileName, timeMs: null, textBytes: source.file.size, compressed: false, notices: [], readMs: performance.now() - t0, parseMs: 0 }];
    }
  }
  const plain = await plainFile(source, maxTextBytes);
  if (plain && source.kind === 'file') {
    // A maps file the scanner reads whole is parsed as it is read (issue 19: at 1,048,576 regions, 60 MB, the read and the parse were 374 + 421 ms one after the other).
    const pieces = filePieces(post, source.file, jobId);
    // Shared columns are offered to the parse worker, to touch their fresh pages ahead of the scan (prefault.ts).
    let offer: ReturnType<typeof offerColumns>;
    const onScan = (scan: Pick<MapsByteScan, 'progress'>) => {
      offer = prefault && offerColumns(scan, prefault);
      pieces.afterPiece = offer?.update;
    };
    let parsed: Awaited<ReturnType<typeof parseInputStream>>;
    try {
      parsed = await parseInputStream(pieces, { fileName: source.fileName, choice, maxTextBytes, onScan });
    } finally {
      offer?.stop();
    }
    if (parsed !== undefined) {
      // The read (the scan as the bytes came) to its last bytes, then the parse's end.
      const notices = decodingNotices(parsed.replacedChars, 'utf-8');
      return [{ result: parsed.result, fileName: source.fileName, timeMs: null, textBytes: parsed.textBytes, compressed: false, notices, readMs: pieces.lastMs - t0, parseMs: performance.now() - pieces.lastMs }];
    }
    // Any other file is read again whole, for the entries below (a smaps file, CRLF text, another encoding, a crash log...).
    pieces.cancel();
  }
  const bytes = await plainFileBytes(post, source, jobId, plain);
  if (bytes !== undefined) {
    const t1 = performance.now();
    post({ type: 'progress', jobId, phase: 'parsing', doneBytes: bytes.byteLength, totalBytes: bytes.byteLength });
    // A maps file parsed from its bytes (src/input/parse-bytes.ts): no decode of the whole text, no string of it in this heap.
    const parsed = parseInputBytes(bytes, { fileName: source.fileName, choice, maxTextBytes });
    if (parsed !== undefined) {
      const notices = decodingNotices(parsed.replacedChars, 'utf-8');
      return [{ result: parsed.result, fileName: source.fileName, timeMs: null, textBytes: parsed.textBytes, compressed: false, notices, readMs: t1 - t0, parseMs: performance.now() - t1 }];
    }
  }
  const input = await readSource(post, source, jobId, maxTextBytes, bytes);
  const t1 = performance.now();
  if (bytes === undefined) post({ type: 'progress', jobId, phase: 'parsing', doneBytes: input.textBytes, totalBytes: input.textBytes });
  const notices = decodingNotices(countReplacementChars(input.text), input.encoding);
  const held = (result: ParseResult, fileName: string, timeMs: number | null, parseMs: number): HeldSnapshot => ({
    result,
    fileName,
    timeMs,
    textBytes: input.textBytes,
    compressed: input.compressed,
    notices,
    readMs: t1 - t0,
    parseMs,
  });
  if (isRecordingText(input.text)) {
    const recording = parseInputRecording(input);
    const own = { diagnostics: recording.diagnostics, diagnosticGroups: recording.diagnosticGroups };
    const parseMs = performance.now() - t1;
    if (recording.snapshots.length > 0) {
      return recording.snapshots.map((s) => held({ ...s.result, ...mergeDiagnosticSets(s.result, own) }, `${source.fileName} #${s.index + 1}`, s.timeMs, parseMs));
    }
    // No snapshot: the recording's lines as its parse counted them, and why (its diagnostics).
    return [held({ format: 'unknown', regions: RegionTable.empty(), ...own, stats: recording.stats }, source.fileName, null, parseMs)];
  }
  const result = parseInputText(input, { fileName: source.fileName, choice });
  return [held(result, source.fileName, null, performance.now() - t1)];
}
