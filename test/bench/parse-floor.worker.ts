/**
 * The exact-parse floor's worker (app-load-floor.ts, `floorLoad(…, 'parse')`): the app's own parser and
 * nothing else. The File is read as the app's reader reads it (its stream through a BYOB reader into
 * one reused buffer: read-parse.ts filePieces) and parsed as the pieces come by the same entry
 * (parseInputStream: the WebAssembly scanner into the region table's 14 columns, the names
 * interned), and the table is posted to the page: its columns shared (below) or by transfer (no
 * copy), its names cloned. No view, no index, no second worker, no framework, and no analysis
 * before the first frame: what any load that
 * shows this file's every region exactly (proc(5)'s fields, to the byte) must do before its first
 * frame, done by this project's fastest parse. Built for the bench by vite (parseFloorWorker).
 *
 * Served cross-origin isolated as the app is, the columns are SharedArrayBuffers (the app's reader
 * makes them so): the post shares them, and the worker keeps the table. Once the page has painted
 * (its `painted`, as the app's page tells its worker), the worker runs the analysis's floor on it
 * (analysis-floor.ts: one pass that groups the modules and sums the groups, no sort, no text) and
 * posts that answer, its per-row arrays by transfer: the floor of drop → analysis shown.
 */
import { parseInputStream, type BytePieces } from '../../src/input/parse-bytes';
import { shareColumns, type RegionTable } from '../../src/model/region-table';
import { sortRowsByBegin } from '../../src/query/sort-by-begin';
import { analysisFloor } from './analysis-floor';

shareColumns(self.crossOriginIsolated);

/** The table last posted, kept for its analysis (shared with the page, not transferred). */
let kept: RegionTable | null = null;

const now = () => performance.timeOrigin + performance.now();

self.onmessage = async (event: MessageEvent<File | 'painted'>) => {
  if (event.data === 'painted') {
    if (kept === null) throw new Error('painted before a table was posted');
    const table = kept;
    kept = null;
    const start = now();
    const order = sortRowsByBegin(table.columns.beginHi, table.columns.beginLo, table.length);
    const answer = analysisFloor(table, order);
    const analysisMs = now() - start;
    self.postMessage({ type: 'analysis', modules: answer.modules, largestGap: answer.largestGap, analysisMs, moduleOfRow: answer.moduleOfRow, roleOfRow: answer.roleOfRow }, { transfer: [answer.moduleOfRow.buffer, answer.roleOfRow.buffer] });
    return;
  }
  const file = event.data;
  const readStart = now();
  const reader = file.stream().getReader({ mode: 'byob' });
  let readMs = 0;
  const pieces: BytePieces = {
    sizeBytes: file.size,
    read: async (offset, length) => new Uint8Array(await file.slice(offset, offset + length).arrayBuffer()),
    next: async (into) => {
      const waitStart = now();
      const { value } = await reader.read(into);
      readMs += now() - waitStart;
      if (value === undefined) throw new Error('the file stopped being readable');
      return value;
    },
  };
  const parsed = await parseInputStream(pieces);
  if (parsed === undefined) throw new Error('the bytes entry did not take this file');
  const table = parsed.result.regions;
  const postAt = now();
  const message = {
    lines: table.length,
    // The map is filled from each region's begin (its low word), as the floor of lines fills it from each line's start.
    column: table.columns.beginLo,
    stride: 1,
    names: table.pathnames,
    readStart,
    readMs,
    scanMs: postAt - readStart - readMs,
    postAt,
  };
  if (table.sharedColumns()) kept = table;
  self.postMessage(message, { transfer: table.transferables() });
};
