/**
 * The thread stacks of a finished table found by their guards (markThreadStacks, model/
 * thread-stacks.ts) in WebAssembly (issue 19). A first parse runs JavaScript in the interpreter: a
 * loop over 65,532 rows took 4–15 ms there, where the scanner's loop takes a fraction of a
 * millisecond from its first call. The columns go to the scanner's row area a chunk at a time
 * (TypedArray.set, native copies) and the kinds come back the same way; the JavaScript function
 * stays the reference the tests hold this to (test/parse/row-passes.test.ts) and the path where
 * WebAssembly is missing.
 *
 * A maps parse marks its thread stacks itself (the scanner as it reads the rows, parse/maps.ts on
 * its other paths) and says so (stacksMarked): the pass after the parse then skips its table.
 */
import { markThreadStacks } from '../model/thread-stacks.js';
import type { RegionTable } from '../model/region-table.js';
import { ROW_COLUMNS, mapsScanner, scannerCompiled, scannerTrapped, type MapsScanner } from './wasm/maps-scanner.js';

/** Tables whose thread stacks are marked already. */
const marked = new WeakSet<RegionTable>();

/** Says that `table`'s thread stacks are marked: markTableThreadStacks leaves it as it is. */
export function stacksMarked(table: RegionTable): void {
  marked.add(table);
}

const KIND = ROW_COLUMNS.indexOf('kind');

/** A view of row-area column k (after any growth of the memory: views are made per chunk). */
function rowView(wasm: MapsScanner, k: number, rows: number): Uint32Array | Int32Array | Uint8Array {
  const at = wasm.rowColumn(k); // first: its first call makes the row area, which may grow the memory
  const buffer = wasm.memory.buffer;
  const name = ROW_COLUMNS[k];
  if (name === 'pathId') return new Int32Array(buffer, at, rows);
  if (name === 'perms' || name === 'kind') return new Uint8Array(buffer, at, rows);
  return new Uint32Array(buffer, at, rows);
}

/**
 * threadRows over the table's rows a chunk at a time: the columns copied into the row area, the
 * kind column copied back; each chunk starts with the previous chunk's last row (a stack's guard is
 * the row before it). Returns the rows marked.
 */
function threadChunks(wasm: MapsScanner, table: RegionTable): number {
  const chunk = wasm.rowChunk();
  const c = table.columns;
  let total = 0;
  for (let from = 0; from < table.length; from += chunk - 1) {
    const to = Math.min(table.length, from + chunk);
    for (let k = 0; k < ROW_COLUMNS.length; k++) rowView(wasm, k, to - from).set(c[ROW_COLUMNS[k]].subarray(from, to));
    total += wasm.threadRows(to - from);
    c.kind.set(rowView(wasm, KIND, to - from), from);
    if (to === table.length) break;
  }
  return total;
}

/**
 * Rows below which a table whose parse did not compile the scanner (smaps, pmap, gdb) is left to
 * the JavaScript pass: compiling it (about 1 ms) costs more than the interpreter's loop over them.
 */
const COMPILE_FOR_ROWS = 4096;

/** markThreadStacks (model/thread-stacks.ts) in WebAssembly where it is there; returns the rows marked (0 for a table marked already: stacksMarked). */
export function markTableThreadStacks(table: RegionTable): number {
  if (!table.known.perms || table.length < 2 || marked.has(table)) return 0;
  if (table.length < COMPILE_FOR_ROWS && !scannerCompiled()) return markThreadStacks(table);
  const wasm = mapsScanner();
  if (wasm === null) return markThreadStacks(table);
  try {
    return threadChunks(wasm, table);
  } catch (error) {
    // A trap (the scanner's memory could not grow): the JavaScript pass (a row already marked stays marked).
    if (!scannerTrapped(error)) throw error;
    return markThreadStacks(table);
  }
}
