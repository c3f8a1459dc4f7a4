/**
 * What the reader worker posts to the parse worker (app/workers/read-parse.ts): snapshots come back
 * whole after a trip through structured clone, their columns transferred (each buffer once) or, when
 * shared, in no transfer list; and each failure comes back as the error the parse worker's
 * `failed` message is made of (InputError's code, RangeError as out of memory, anything else).
 * A plain file is read whole in one step, a gzip file through the stream (counted), each giving
 * what the CLI's reading of the same bytes gives.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError, countReplacementChars, parseInputBytes, parseInputText, parseMaps, readInputBytes, readInputBytesSync, shareColumns } from '../../../src/internal';
import { failureError, readAndParse, readFailure, receiveSnapshots, sendSnapshots } from '../../../app/workers/read-parse';
import type { ProgressMessage } from '../../../app/workers/protocol';
import { prefaultColumns, type PrefaultMessage } from '../../../app/workers/prefault';
import type { HeldSnapshot } from '../../../app/workers/snapshots';
import { generateMaps } from '../../bench/generate-maps';

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
    // The names travel as one string (sent-table.ts), not as an array of strings.
    for (const s of snapshots) expect(typeof s.result.regions.pathnames.text).toBe('string');
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

/** A Blob that counts how it is read: whole (arrayBuffer) or as a stream. */
class CountedBlob extends Blob {
  whole = 0;
  streamed = 0;
  override arrayBuffer(): Promise<ArrayBuffer> {
    this.whole++;
    return super.arrayBuffer();
  }
  override stream(): ReturnType<Blob['stream']> {
    this.streamed++;
    return super.stream();
  }
}

async function readCounted(bytes: Uint8Array<ArrayBuffer>, fileName: string) {
  const file = new CountedBlob([bytes]);
  const progress: ProgressMessage[] = [];
  const [held] = await readAndParse((m) => progress.push(m), { jobId: 1, source: { kind: 'file', file, fileName }, maxTextBytes: 1 << 29 });
  return { file, progress, held };
}

describe('a file read by the reader', () => {
  const bytes = new Uint8Array(readFileSync(new URL('../../fixtures/input/python-odd-names.maps', import.meta.url)));
  // The CLI's reading of the same bytes (src/input): what the reader must give, whichever way it reads.
  const expected = async (b: Uint8Array) => parseInputText(await readInputBytes(b));
  const rows = (t: { toArray(): { toString(): string }[] }) => t.toArray().map((r) => r.toString());

  it('a maps file the scanner reads whole: parsed as its stream is read, never read whole, as the CLI reads it', async () => {
    const big = new TextEncoder().encode(generateMaps({ regions: 30_000, seed: 5 }).text);
    const { file, progress, held } = await readCounted(big, 'maps');
    expect([file.whole, file.streamed]).toEqual([0, 1]);
    // Reading as the pieces come (the first at once), then the parse's end once the last is in.
    expect(progress[0]).toMatchObject({ phase: 'reading', totalBytes: big.length });
    expect(progress.at(-1)).toMatchObject({ phase: 'parsing', doneBytes: big.length });
    expect(progress.slice(0, -1).every((p) => p.phase === 'reading' && p.doneBytes <= big.length)).toBe(true);
    const cli = await expected(big);
    expect(held.result.regions.length).toBe(30_000);
    expect(rows(held.result.regions)).toEqual(rows(cli.regions));
    expect(held.result.stats).toEqual(cli.stats);
    expect(held.textBytes).toBe(big.length);
  });

  it('shared columns: offered for touching ahead of the scan, touched meanwhile, and told to stop; the same regions', async () => {
    expect(shareColumns(true)).toBe(true);
    try {
      const big = new TextEncoder().encode(generateMaps({ regions: 60_000, seed: 6 }).text);
      const offers: PrefaultMessage[] = [];
      let touching = Promise.resolve();
      const file = new CountedBlob([big]);
      const [held] = await readAndParse(() => undefined, { jobId: 1, source: { kind: 'file', file, fileName: 'maps' }, maxTextBytes: 1 << 29 }, (m) => {
        offers.push(m);
        // The parse worker's side, run here between the reader's pieces.
        touching = new Promise((done) => prefaultColumns(m, done));
      });
      await touching;
      expect(offers).toHaveLength(1);
      const [{ columns, state }] = offers;
      expect(Atomics.load(state, 1)).toBe(1);
      expect(Atomics.load(state, 0)).toBeGreaterThan(0);
      expect(Atomics.load(state, 0)).toBeLessThanOrEqual(60_000);
      expect(columns.every((c) => c.buffer instanceof SharedArrayBuffer && c.length >= Atomics.load(state, 0))).toBe(true);
      expect(held.result.regions.sharedColumns()).toBe(true);
      expect(rows(held.result.regions)).toEqual(rows((await expected(big)).regions));
    } finally {
      shareColumns(false);
    }
  });

  it('columns not shared: nothing offered', async () => {
    const offers: PrefaultMessage[] = [];
    const big = new TextEncoder().encode(generateMaps({ regions: 20_000, seed: 7 }).text);
    const [held] = await readAndParse(() => undefined, { jobId: 1, source: { kind: 'file', file: new Blob([big]), fileName: 'maps' }, maxTextBytes: 1 << 29 }, (m) => offers.push(m));
    expect(offers).toEqual([]);
    expect(held.result.regions.length).toBe(20_000);
  });

  it('plain text the scanner does not read whole: its stream given up, then read whole in one step, as the CLI reads it', async () => {
    expect(parseInputBytes(bytes, { fileName: 'odd.maps' })).toBeUndefined(); // the text path's
    const { file, progress, held } = await readCounted(bytes, 'odd.maps');
    expect([file.whole, file.streamed]).toEqual([1, 1]);
    expect(progress.at(-2)).toMatchObject({ phase: 'reading', doneBytes: bytes.length });
    expect(progress.at(-1)).toMatchObject({ phase: 'parsing', doneBytes: bytes.length });
    const cli = await expected(bytes);
    expect(rows(held.result.regions)).toEqual(rows(cli.regions));
    expect(held.result.diagnostics).toEqual(cli.diagnostics);
    expect(held.textBytes).toBe(bytes.length);
  });

  it('bytes that are not UTF-8, and UTF-16: the same escapes, diagnostics, notices and regions as the CLI', async () => {
    const broken = new Uint8Array([...bytes.subarray(0, 40), 0xff, 0xfe, 0x80, ...bytes.subarray(40)]);
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Uint16Array.from(new TextDecoder().decode(bytes), (c) => c.charCodeAt(0)).buffer)]);
    for (const b of [broken, utf16]) {
      const { file, held } = await readCounted(b, 'odd.maps');
      expect(file.whole).toBe(1);
      const cli = await expected(b);
      expect(rows(held.result.regions)).toEqual(rows(cli.regions));
      expect(held.result.diagnostics).toEqual(cli.diagnostics);
    }
    expect((await readCounted(broken, 'odd.maps')).held.result.diagnostics.map((d) => d.message).join(' ')).toMatch(/UTF-8/);
    expect((await readCounted(utf16, 'odd.maps')).held.notices.join(' ')).toMatch(/UTF-16LE/);
  });

  it('a maps file whose names hold U+FFFD (parsed from its bytes): the text path\'s result, and its notice counts every one', async () => {
    const line = (page: number, name: string) => `${(page * 4096).toString(16).padStart(8, '0')}-${(page * 4096 + 4096).toString(16).padStart(8, '0')} r--p 00000000 fe:01 12`.padEnd(73) + name + '\n';
    const b = new TextEncoder().encode(line(1, '/a\ufffdb') + line(3, '/c\ufffd\ufffd') + line(5, '/a\ufffdb'));
    expect(parseInputBytes(b, { fileName: 'maps' })).toBeDefined(); // read from its bytes
    const { held } = await readCounted(b, 'maps');
    const cli = await expected(b);
    expect(rows(held.result.regions)).toEqual(rows(cli.regions));
    expect(held.result.diagnostics).toEqual(cli.diagnostics);
    expect(held.result.stats).toEqual(cli.stats);
    const replaced = countReplacementChars(readInputBytesSync(b).text);
    expect(replaced).toBeGreaterThan(0);
    expect(held.notices).toEqual([expect.stringMatching(new RegExp(`^${replaced} characters are not valid UTF-8`))]);
  });

  it('gzip: streamed through the decompressor (its progress as it reads), the same regions', async () => {
    const { file, held } = await readCounted(gzipSync(bytes), 'odd.maps.gz');
    expect(file.streamed).toBe(1);
    expect(held.compressed).toBe(true);
    expect(rows(held.result.regions)).toEqual(rows((await expected(bytes)).regions));
  });

  it('an empty file: the same clear error as before', async () => {
    await expect(readCounted(new Uint8Array(0), 'empty.maps')).rejects.toMatchObject({ code: 'empty' });
  });
});
