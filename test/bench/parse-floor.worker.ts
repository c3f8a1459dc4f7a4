/**
 * The exact-parse floor's worker (app-load-floor.ts, `floorLoad(…, 'parse')`): the app's own parser and
 * nothing else. The File is read as the app's reader reads it (its stream through a BYOB reader into
 * one reused buffer: read-parse.ts filePieces) and parsed as the pieces come by the same entry
 * (parseInputStream: the WebAssembly scanner into the region table's 14 columns, the names
 * interned), and the table is posted to the page: its columns by transfer (no copy), its names
 * cloned. No view, no index, no analysis, no second worker, no framework: what any load that
 * shows this file's every region exactly (proc(5)'s fields, to the byte) must do before its first
 * frame, done by this project's fastest parse. Built for the bench by vite (parseFloorWorker).
 */
import { parseInputStream, type BytePieces } from '../../src/input/parse-bytes';

const now = () => performance.timeOrigin + performance.now();

self.onmessage = async (event: MessageEvent<File>) => {
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
  self.postMessage(message, { transfer: table.transferables() });
};
