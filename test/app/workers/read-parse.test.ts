/**
 * What the reader worker posts to the parse worker (app/workers/read-parse.ts): snapshots come back
 * whole after a trip through structured clone, their columns transferred (each buffer once) or, when
 * shared, in no transfer list; and each failure comes back as the error the parse worker's
 * `failed` message is made of (InputError's code, RangeError as out of memory, anything else).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError, parseMaps, shareColumns } from '../../../src/internal';
import { failureError, readFailure, receiveSnapshots, sendSnapshots } from '../../../app/workers/read-parse';
import type { HeldSnapshot } from '../../../app/workers/snapshots';

const text = readFileSync(new URL('../../../public/samples/c-hello.smaps', import.meta.url), 'utf8');

function held(fileName: string): HeldSnapshot {
  return { result: parseMaps(text), fileName, timeMs: 5, textBytes: text.length, compressed: false, notices: ['a notice'], readMs: 1, parseMs: 2 };
}

describe('snapshots from the reader', () => {
  it('come back whole, their columns transferred once each', () => {
    const sent = [held('a'), held('b')];
    const expected = sent.map((h) => ({ ...h, rows: h.result.regions.toArray().map((r) => r.toString()) }));
    const { snapshots, transfer } = sendSnapshots(sent);
    expect(transfer).toHaveLength(2 * 14);
    expect(new Set(transfer).size).toBe(transfer.length);
    const back = receiveSnapshots(structuredClone(snapshots, { transfer }));
    back.forEach((h, i) => {
      expect(h.result.regions.toArray().map((r) => r.toString())).toEqual(expected[i].rows);
      expect(h.result.regions.smaps).toEqual(expected[i].result.regions.smaps);
      expect({ ...h, result: null }).toEqual({ ...sent[i], result: null });
      expect(h.result.diagnostics).toEqual(sent[i].result.diagnostics);
    });
  });

  it('shared columns are in no transfer list', () => {
    expect(shareColumns(true)).toBe(true);
    try {
      const { transfer } = sendSnapshots([held('shared')]);
      expect(transfer).toEqual([]);
    } finally {
      shareColumns(false);
    }
  });
});

describe('a failed read', () => {
  it('comes back as the error it was', () => {
    const input = failureError(structuredClone(readFailure(new InputError('too-large', 'over the limit'))));
    expect(input).toBeInstanceOf(InputError);
    expect(input).toMatchObject({ code: 'too-large', message: 'over the limit' });
    const memory = failureError(structuredClone(readFailure(new RangeError('Invalid string length'))));
    expect(memory).toBeInstanceOf(RangeError);
    expect(memory.message).toBe('Invalid string length');
    const other = failureError(structuredClone(readFailure(new TypeError('boom'))));
    expect(other).not.toBeInstanceOf(InputError);
    expect(other).not.toBeInstanceOf(RangeError);
    expect(other.message).toBe('boom');
    expect(failureError(readFailure('a string')).message).toBe('a string');
  });
});
