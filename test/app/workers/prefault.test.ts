/**
 * The first touches of a table's columns on another thread (app/workers/prefault.ts): they make
 * the pages present, never change a value, follow the reader's progress and stop when told.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { offerColumns, prefaultColumns, touchRows, type IntColumn, type PrefaultMessage } from '../../../app/workers/prefault';
import type { RegionColumns } from '../../../src/internal';

const minorFaults = () => Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')[7]);

/** Columns of the three element sizes a table has, `rows` long, in fresh shared memory. */
function freshColumns(rows: number): IntColumn[] {
  return [new Uint32Array(new SharedArrayBuffer(rows * 4)), new Int32Array(new SharedArrayBuffer(rows * 4)), new Uint8Array(new SharedArrayBuffer(rows))];
}

describe('touchRows', () => {
  it('never changes a value: zeros stay zero, written rows keep theirs', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 3000 }), fc.nat(), fc.nat(), (values, a, b) => {
        const columns: IntColumn[] = [Uint32Array.from(values), Int32Array.from(values, (v) => v - 2 ** 30), Uint8Array.from(values)];
        const before = columns.map((c) => c.slice());
        const from = a % values.length;
        touchRows(columns, from, from + (b % (values.length - from + 1)));
        columns.forEach((c, k) => expect(c).toEqual(before[k]));
      }),
    );
  });

  it('makes every page of the rows present: a first write of them then takes almost no page fault', () => {
    const rows = 1 << 20; // 4 MiB a 4-byte column: 1,024 pages each, 2,304 in all
    const columns = freshColumns(rows);
    const pages = (rows * 9) / 4096;
    const before = minorFaults();
    touchRows(columns, 0, rows);
    const touched = minorFaults() - before;
    expect(touched).toBeGreaterThan(pages * 0.5);
    const again = minorFaults();
    for (const c of columns) c.fill(7);
    expect(minorFaults() - again).toBeLessThan(pages * 0.1);
  });

  it('touches no page outside the rows asked', () => {
    const rows = 1 << 20;
    const columns = freshColumns(rows);
    const before = minorFaults();
    touchRows(columns, 0, rows / 4);
    const quarter = minorFaults() - before;
    const rest = minorFaults();
    for (const c of columns) c.fill(1, rows / 4);
    // The other three quarters were never touched: writing them now takes their faults.
    expect(minorFaults() - rest).toBeGreaterThan(quarter * 2.5);
  });
});

describe('prefaultColumns', () => {
  const run = (message: PrefaultMessage) => new Promise<void>((done) => prefaultColumns(message, done));

  it('touches every row when nothing stops it, and ends', async () => {
    const columns = freshColumns(1 << 20);
    const state = new Int32Array(new SharedArrayBuffer(8));
    await run({ type: 'prefault', columns, state });
    const after = minorFaults();
    for (const c of columns) c.fill(3);
    expect(minorFaults() - after).toBeLessThan(((1 << 20) * 9) / 4096 / 10);
  });

  it('touches nothing once told to stop', async () => {
    const columns = freshColumns(1 << 20);
    const state = Int32Array.of(0, 1);
    await run({ type: 'prefault', columns, state });
    const after = minorFaults();
    for (const c of columns) c.fill(3);
    expect(minorFaults() - after).toBeGreaterThan((((1 << 20) * 9) / 4096) * 0.5);
  });

  it('starts at the rows the reader has written', async () => {
    const rows = 1 << 20;
    const columns = freshColumns(rows);
    const state = Int32Array.of(rows / 2, 0);
    await run({ type: 'prefault', columns, state });
    const after = minorFaults();
    for (const c of columns) c.fill(3, 0, rows / 2);
    // The first half, behind the reader, was left to it: its faults are still to take.
    expect(minorFaults() - after).toBeGreaterThan((((rows / 2) * 9) / 4096) * 0.5);
  });

  it('leaves the rows a writer puts in meanwhile as written', async () => {
    const rows = 1 << 18;
    const columns = freshColumns(rows);
    const state = new Int32Array(new SharedArrayBuffer(8));
    const done = run({ type: 'prefault', columns, state });
    // The writer: a batch a turn, between the slices, then it says how far it is.
    for (let at = 0; at < rows; at += 8192) {
      for (const c of columns) for (let i = at; i < at + 8192; i++) c[i] = (i % 250) + 1;
      Atomics.store(state, 0, at + 8192);
      await new Promise((r) => setTimeout(r, 0));
    }
    Atomics.store(state, 1, 1);
    await done;
    for (const c of columns) for (let i = 0; i < rows; i++) if (c[i] !== (i % 250) + 1) expect.fail(`row ${i}: ${c[i]}`);
  });
});

describe('offerColumns', () => {
  const names = ['beginHi', 'beginLo', 'endHi', 'endLo', 'offsetHi', 'offsetLo', 'inodeHi', 'inodeLo', 'devMajor', 'devMinor', 'perms', 'kind', 'line', 'pathId'];
  const columnsOf = (shared: boolean, rows = 16): RegionColumns =>
    Object.fromEntries(names.map((n) => [n, new Uint32Array(shared ? new SharedArrayBuffer(rows * 4) : new ArrayBuffer(rows * 4))])) as unknown as RegionColumns;

  it('offers shared columns once, keeps the rows written up to date, and stops when the scan is over or its columns are replaced', () => {
    let progress: { columns: RegionColumns; written: number } | undefined = { columns: columnsOf(true), written: 0 };
    const posted: PrefaultMessage[] = [];
    const offer = offerColumns({ progress: () => progress }, (m) => posted.push(m))!;
    expect(posted).toHaveLength(1);
    expect(posted[0].columns).toHaveLength(names.length);
    const { state } = posted[0];
    progress = { ...progress, written: 9 };
    offer.update();
    expect([...state]).toEqual([9, 0]);
    progress = { columns: columnsOf(true, 32), written: 17 };
    offer.update();
    expect([...state]).toEqual([9, 1]);
    progress = undefined;
    offer.update();
    offer.stop();
    expect(Atomics.load(state, 1)).toBe(1);
  });

  it('offers nothing of columns that are not shared (their pages are this thread’s to touch)', () => {
    const posted: PrefaultMessage[] = [];
    expect(offerColumns({ progress: () => ({ columns: columnsOf(false), written: 0 }) }, (m) => posted.push(m))).toBeUndefined();
    expect(offerColumns({ progress: () => undefined }, (m) => posted.push(m))).toBeUndefined();
    expect(posted).toEqual([]);
  });
});
