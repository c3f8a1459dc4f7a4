/**
 * First touches of a table's columns on another core (issue 19). A page of fresh memory costs its
 * first toucher a page fault: at 1,048,576 regions the reader's columns are 50 MB, 12,800 pages,
 * and on this project's VMs a fault costs ~25 µs in a browser worker — ~320 ms of the reader's
 * ~550 ms of CPU, on the load's critical path, while the parse worker waits idle for the table.
 * Cross-origin isolated, the reader's columns are SharedArrayBuffers: the reader offers them to
 * the parse worker (offerColumns), which touches their pages ahead of the reader's writes
 * (prefaultColumns), in slices between its messages, until the reader says stop.
 *
 * A touch is `Atomics.compareExchange(column, i, 0, 0)`: a write access (the page is made
 * present and writable) that never changes a value — it stores 0 only where 0 is, atomically, so
 * a row the reader has written meanwhile keeps its value.
 */
import type { MapsByteScan, RegionColumns } from '../../src/internal';

export type IntColumn = Uint32Array | Int32Array | Uint8Array;

/** The reader's offer: its columns, and a shared [rows written, stop] pair it keeps up to date. */
export interface PrefaultMessage {
  type: 'prefault';
  columns: IntColumn[];
  /** [0]: rows the reader has written; [1]: 1 once the reader wants no more touches. */
  state: Int32Array;
}

const PAGE_BYTES = 4096;

/** Touches every page of each column that holds rows [from, to). */
export function touchRows(columns: readonly IntColumn[], from: number, to: number): void {
  if (to <= from) return;
  for (const column of columns) {
    const stride = PAGE_BYTES / column.BYTES_PER_ELEMENT;
    // One element every PAGE_BYTES from `from` lies in each page the rows start or lie in; the last row's page too.
    for (let i = from; i < to; i += stride) Atomics.compareExchange(column, i, 0, 0);
    Atomics.compareExchange(column, to - 1, 0, 0);
  }
}

/**
 * The reader's side: when `scan`'s columns are shared, posts them (`post`) and returns what keeps
 * the offer up to date — `update()` after each piece the scan read, `stop()` once the scan is over
 * (or its rows outgrew the columns offered). Undefined when the columns are not shared.
 */
export function offerColumns(scan: Pick<MapsByteScan, 'progress'>, post: (message: PrefaultMessage) => void): { update(): void; stop(): void } | undefined {
  const first = scan.progress();
  if (first === undefined || typeof SharedArrayBuffer !== 'function') return undefined;
  const columns = Object.values(first.columns as unknown as Record<string, IntColumn>);
  if (!columns.every((c) => c.buffer instanceof SharedArrayBuffer)) return undefined;
  const state = new Int32Array(new SharedArrayBuffer(8));
  post({ type: 'prefault', columns, state });
  const stop = () => void Atomics.store(state, 1, 1);
  return {
    update: () => {
      const now = scan.progress();
      if (now === undefined || now.columns !== (first.columns as RegionColumns)) stop();
      else Atomics.store(state, 0, now.written);
    },
    stop,
  };
}

/** Touches per slice before the thread looks at its messages again, ms. */
const SLICE_MS = 4;
/** Rows touched at a time (one page of a 4-byte column). */
const CHUNK_ROWS = PAGE_BYTES / 4;

/**
 * The parse worker's side: touches the offered columns' pages from the reader's row on, ahead of
 * it, in slices of SLICE_MS (the reader's progress messages pass between them), until the reader
 * says stop or every row is touched. `done` is called once it ends (tests).
 */
export function prefaultColumns({ columns, state }: PrefaultMessage, done: () => void = () => undefined): void {
  const capacity = columns.length === 0 ? 0 : columns[0].length;
  const channel = new MessageChannel();
  let next = 0;
  const end = () => {
    channel.port1.close();
    done();
  };
  channel.port1.onmessage = () => {
    const until = performance.now() + SLICE_MS;
    while (Atomics.load(state, 1) === 0) {
      const at = Math.max(next, Atomics.load(state, 0));
      if (at >= capacity) break;
      next = Math.min(capacity, at + CHUNK_ROWS);
      touchRows(columns, at, next);
      if (performance.now() >= until) {
        channel.port2.postMessage(null);
        return;
      }
    }
    end();
  };
  channel.port2.postMessage(null);
}
