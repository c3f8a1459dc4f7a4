/**
 * The per-row passes of a finished table in WebAssembly (issue 19): the kinds of named regions
 * (classifyRegions) and the thread stacks found by their guards (markThreadStacks, model/
 * thread-stacks.ts). A first parse runs JavaScript in the interpreter: a loop over 65,532 rows
 * took 4–15 ms there, each, where the scanner's loops take a fraction of a millisecond from their
 * first call. The columns go to the scanner's row area a chunk at a time (TypedArray.set, native
 * copies) and the kinds come back the same way; the JavaScript functions stay the reference the
 * tests hold these to (test/parse/row-passes.test.ts) and the path where WebAssembly is missing.
 */
import { KIND_CODE, classifyPathname } from '../model/kind.js';
import { classifyRegions } from './region-checks.js';
import { markThreadStacks } from '../model/thread-stacks.js';
import type { RegionTable } from '../model/region-table.js';
import type { WasmNames } from './maps-wasm.js';
import { ROW_COLUMNS, mapsScanner, scannerCompiled, scannerTrapped, type MapsScanner } from './wasm/maps-scanner.js';

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
 * Runs `pass` over the table's rows a chunk at a time: the columns `ins` (indices into ROW_COLUMNS)
 * copied into the row area, the kind column copied back. With `overlap` 1, each chunk starts with
 * the previous chunk's last row (a pass that reads a row's predecessor). Returns the sum of pass's answers.
 */
function eachChunk(wasm: MapsScanner, table: RegionTable, ins: readonly number[], overlap: number, pass: (rows: number) => number): number {
  const chunk = wasm.rowChunk();
  const c = table.columns;
  let total = 0;
  for (let from = 0; from < table.length; from += chunk - overlap) {
    const to = Math.min(table.length, from + chunk);
    for (const k of ins) rowView(wasm, k, to - from).set(c[ROW_COLUMNS[k]].subarray(from, to));
    total += pass(to - from);
    c.kind.set(rowView(wasm, KIND, to - from), from);
    if (to === table.length) break;
  }
  return total;
}

const CLASSIFY_INS = [ROW_COLUMNS.indexOf('pathId'), ROW_COLUMNS.indexOf('perms'), KIND];
const THREAD_INS = ROW_COLUMNS.map((_, k) => k);

/**
 * classifyRegions (region-checks.ts) of a table whose pathnames are the scanner's names, id for
 * id (the WebAssembly path's, before anything renumbered them): the scanner classifies each name
 * from its bytes, JavaScript only the names that are not ASCII, and the rows get their kinds in
 * WebAssembly.
 */
export function classifyScannedRegions(table: RegionTable, names: WasmNames): void {
  try {
    classifyInScanner(table, names);
  } catch (error) {
    // A trap (the scanner's memory could not grow): the JavaScript pass classifies every row.
    if (!scannerTrapped(error)) throw error;
    classifyRegions(table);
  }
}

function classifyInScanner(table: RegionTable, names: WasmNames): void {
  const wasm = names.scanner;
  const at = wasm.nameKinds();
  const count = wasm.nameCount();
  if (count !== table.pathnames.length) throw new Error('classifyScannedRegions: the table does not hold the scanner\'s names');
  const kinds = new Uint8Array(wasm.memory.buffer, at, count * 2);
  for (const id of names.foreignIds()) {
    const name = table.pathnames[id];
    kinds[id * 2] = KIND_CODE[classifyPathname(name, false)];
    kinds[id * 2 + 1] = KIND_CODE[classifyPathname(name, true)];
  }
  eachChunk(wasm, table, CLASSIFY_INS, 0, (rows) => {
    wasm.kindRows(rows);
    return 0;
  });
}

/**
 * Rows below which a table whose parse did not compile the scanner (smaps, pmap, gdb) is left to
 * the JavaScript pass: compiling it (about 1 ms) costs more than the interpreter's loop over them.
 */
const COMPILE_FOR_ROWS = 4096;

/** markThreadStacks (model/thread-stacks.ts) in WebAssembly where it is there; returns the rows marked. */
export function markTableThreadStacks(table: RegionTable): number {
  if (!table.known.perms || table.length < 2) return 0;
  if (table.length < COMPILE_FOR_ROWS && !scannerCompiled()) return markThreadStacks(table);
  const wasm = mapsScanner();
  if (wasm === null) return markThreadStacks(table);
  try {
    return eachChunk(wasm, table, THREAD_INS, 1, (rows) => wasm.threadRows(rows));
  } catch (error) {
    // A trap (the scanner's memory could not grow): the JavaScript pass (a row already marked stays marked).
    if (!scannerTrapped(error)) throw error;
    return markThreadStacks(table);
  }
}
