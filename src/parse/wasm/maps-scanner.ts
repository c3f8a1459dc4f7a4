/**
 * The maps line scanner's WebAssembly module (built from assembly/maps-scanner.ts by build.mjs):
 * compiled once per process or worker, on first use, and one instance reused by every parse
 * (its start() resets it). Null where WebAssembly is missing or may not compile (a CSP without
 * wasm-unsafe-eval): the maps parser then reads on its JavaScript paths (parse/maps.ts).
 */
import { WASM_BASE64 } from './maps-scanner.gen.js';

/** The module's exports: see wasm/assembly/maps-scanner.ts for each. Addresses are byte offsets into `memory`. */
export interface MapsScanner {
  readonly memory: { readonly buffer: ArrayBuffer };
  start(windowBytes: number, batchRows: number): number;
  scan(from: number, limit: number, windowLength: number, atEnd: number, crlf: number, line: number, maxRows: number): number;
  rows(): number;
  column(k: number): number;
  ordered(): number;
  printable(from: number, to: number): number;
  nulOrCr(from: number, to: number): number;
  noteRegion(beginHi: number, beginLo: number, endHi: number, endLo: number, perms: number, named: number): number;
  intern(at: number, length: number): number;
  reserveName(): number;
  scratch(length: number): number;
  nameCount(): number;
  arenaStart(): number;
  arenaLength(): number;
  classifyName(at: number, length: number, shared: number): number;
  nameKindOf(id: number, shared: number): number;
  rowChunk(): number;
  rowColumn(k: number): number;
  threadRows(rows: number): number;
}

/** Zero bytes the scanner needs after a window's bytes (PAD in wasm/assembly/maps-scanner.ts). */
export const WINDOW_PADDING = 16;
/** The batch's u32 columns that are region columns, in the module's order (COL_* in wasm/assembly/maps-scanner.ts). */
export const SCANNER_COLUMNS = ['beginHi', 'beginLo', 'endHi', 'endLo', 'offsetHi', 'offsetLo', 'inodeHi', 'inodeLo', 'devMajor', 'devMinor', 'line', 'pathId'] as const;
/** The row area's columns (rowColumn(k)), in the module's order: see wasm/assembly/maps-scanner.ts rowColumn. */
export const ROW_COLUMNS = ['beginHi', 'beginLo', 'endHi', 'endLo', 'pathId', 'perms', 'kind'] as const;
/** nameKindOf() of a name the scanner holds no bytes of (not ASCII): JavaScript classifies it. */
export const KIND_ASK = 255;
/** column(12): where each row's line starts in the window; column(13): the perms bytes; column(14): the kinds (REGION_KINDS codes). */
export const START_COLUMN = 12;
export const PERMS_COLUMN = 13;
export const KIND_COLUMN = 14;

/** The part of the WebAssembly API used here (the core is typed without the DOM lib). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** The instance, once made; null when WebAssembly is not there or refused to compile. */
let scanner: MapsScanner | null | undefined;

function instantiate(): MapsScanner | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined || typeof atob !== 'function') return null;
  try {
    const text = atob(WASM_BASE64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    // Synchronous: a 7 kB module compiles in under a millisecond (Liftoff), and a parse is synchronous.
    return new api.Instance(new api.Module(bytes), {}).exports as MapsScanner;
  } catch {
    // A CSP whose script-src lacks wasm-unsafe-eval throws here (CompileError / EvalError): the JavaScript paths read the text.
    return null;
  }
}

/** True when the scanner is compiled already (a use costs no compile). */
export function scannerCompiled(): boolean {
  return scanner !== undefined && scanner !== null;
}

/** The scanner, compiled on first use; null where WebAssembly is unavailable. */
export function mapsScanner(): MapsScanner | null {
  if (scanner === undefined) scanner = instantiate();
  return scanner;
}

/**
 * True when `error` is a WebAssembly trap (RuntimeError): the scanner's memory could not grow
 * (the module traps rather than write past it). The instance is then dropped, so the next use
 * compiles a fresh one, and the caller reads the text another way.
 */
export function scannerTrapped(error: unknown): boolean {
  const RuntimeError = (globalThis as { WebAssembly?: { RuntimeError?: new () => Error } }).WebAssembly?.RuntimeError;
  if (RuntimeError === undefined || !(error instanceof RuntimeError)) return false;
  scanner = undefined;
  return true;
}
