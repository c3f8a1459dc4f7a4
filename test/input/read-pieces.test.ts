/**
 * Inputs larger than one string are parsed in pieces (src/input/read-pieces.ts,
 * src/parse/concat-results.ts). Cut into pieces of any size, a real capture must give what the
 * whole text gives: the same regions on the same lines, the same diagnostics, the same line
 * accounting. The CLI's pieces are 128 Mi characters; here they are a few hundred, so that every
 * capture is cut many times, at every kind of place.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  InputPieceError,
  parseInputPieces,
  parseInputText,
  pieceCut,
  readInputPieces,
  readInputStream,
  type ParseResult,
} from '../../src/internal';
import { fixturePath, listCorpus, CORPUS_DIR } from '../helpers/fixtures';
import { join } from 'node:path';

function streamOf(bytes: Uint8Array, chunk = 4096): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
}

async function whole(bytes: Uint8Array, fileName?: string): Promise<ParseResult> {
  return parseInputText(await readInputStream(streamOf(bytes), { totalBytes: bytes.length }), { fileName });
}

async function inPieces(bytes: Uint8Array, pieceChars: number, fileName?: string, chunk = 4096): Promise<ParseResult> {
  const pieces = readInputPieces(streamOf(bytes, chunk), { totalBytes: bytes.length, maxTextBytes: 2 ** 33, pieceChars });
  return parseInputPieces(pieces, { fileName });
}

/** Everything a result says, as plain data: regions with their lines and smaps records, diagnostics, line accounting. */
function described(result: ParseResult) {
  const t = result.regions;
  return {
    format: result.format,
    stats: result.stats,
    known: t.known,
    regions: t.toArray().map((r, i) => ({ line: t.columns.line[i], text: r.format(), kind: r.kind, smaps: r.smaps })),
    diagnostics: result.diagnostics,
  };
}

/** Real captures: this machine's samples and fixtures, and the public corpus (test/fixtures/SOURCES.md). */
const CAPTURES: [string, string][] = [
  ['c-hello.maps', 'public/samples/c-hello.maps'],
  ['c-hello.smaps', 'public/samples/c-hello.smaps'],
  ['android-arm64-app.maps', 'public/samples/android-arm64-app.maps'],
  ['openjdk17-jit.maps', 'public/samples/openjdk17-jit.maps'],
  ['python-mapper.smaps', fixturePath('smaps/python-mapper.smaps')],
  ['node-20-self.maps', fixturePath('maps/node-20-self.maps')],
  ...[...listCorpus('.maps'), ...listCorpus('.smaps')].map((name): [string, string] => [name, join(CORPUS_DIR, name)]),
];

describe('an input read in pieces gives what the whole text gives', () => {
  test.each(CAPTURES)('%s, cut into pieces of every size', async (name, path) => {
    const bytes = readFileSync(path);
    const expected = described(await whole(bytes, name));
    // A warning given once per kind of syntax deviation (maps-deviations.ts: "3 lines use tabs")
    // is given once per piece that has that kind, counting that piece's lines (README, --help).
    const perPiece = new Set(expected.diagnostics.filter((d) => /^(\d+ lines|this line) /.test(d.message)).map((d) => d.code));
    const lineByLine = (r: ReturnType<typeof described>) => ({ ...r, diagnostics: r.diagnostics.filter((d) => !perPiece.has(d.code)) });
    const firstOfKind = (r: ReturnType<typeof described>) =>
      [...perPiece].map((code) => r.diagnostics.find((d) => d.code === code)).map((d) => [d?.line, d?.column, d?.text]);
    const check = async (pieceChars: number, chunk: number) => {
      const got = described(await inPieces(bytes, pieceChars, name, chunk));
      expect(lineByLine(got)).toEqual(lineByLine(expected));
      expect(firstOfKind(got)).toEqual(firstOfKind(expected));
    };
    // A piece of one character is cut at every region header: one record a piece.
    await check(1, 4096);
    await fc.assert(fc.asyncProperty(fc.integer({ min: 100, max: 20_000 }), fc.integer({ min: 1, max: 5000 }), check), { numRuns: bytes.length > 500_000 ? 3 : 8 });
  }, 120_000); // deep comparisons of thousands of regions, many times: slow on a loaded machine

  test('a gzip-compressed smaps in pieces', async () => {
    const bytes = readFileSync('public/samples/c-hello.smaps');
    expect(described(await inPieces(gzipSync(bytes), 3000, 'c-hello.smaps'))).toEqual(described(await whole(bytes, 'c-hello.smaps')));
  });

  test('regions of different pieces that overlap, repeat or go back are found (the order checks see the whole table)', async () => {
    const line = (range: string, perms: string, offset: string, dev: string, inode: string, name = '') =>
      name === '' ? `${range} ${perms} ${offset} ${dev} ${inode} ` : `${range} ${perms} ${offset} ${dev} ${inode}`.padEnd(72) + ' ' + name;
    const lines = [
      line('7f0000000000-7f0000002000', 'r--p', '00000000', '08:01', '11', '/lib/a.so'),
      line('7f0000002000-7f0000003000', 'r-xp', '00002000', '08:01', '11', '/lib/a.so'),
      line('7f0000004000-7f0000005000', 'rw-p', '00000000', '00:00', '0'),
      line('7f0000001000-7f0000002000', 'rw-p', '00000000', '00:00', '0'), // overlaps line 1, out of order
      line('7f0000004000-7f0000005000', 'rw-p', '00000000', '00:00', '0'), // duplicates line 3
      line('7f0000006000-7f0000006000', 'rw-p', '00000000', '00:00', '0'), // empty
    ];
    const bytes = Buffer.from(lines.join('\n') + '\n');
    const expected = await whole(bytes);
    expect(expected.diagnostics.map((d) => [d.line, d.code])).toEqual([
      [4, 'out-of-order'],
      [4, 'overlap'],
      [5, 'duplicate'],
      [6, 'empty-region'],
    ]);
    for (const pieceChars of [1, 60, 130, 200]) expect(described(await inPieces(bytes, pieceChars))).toEqual(described(expected));
  });

  test('an smaps file is cut where a region header starts, never inside a record', () => {
    const text = readFileSync('public/samples/c-hello.smaps', 'utf8');
    for (let end = 1; end <= text.length; end += 97) {
      const cut = pieceCut(text.slice(0, end));
      if (cut === 0) expect(text.lastIndexOf('\n7', end - 2)).toBe(-1); // no later header: read on
      else expect(text.slice(cut, cut + 40)).toMatch(/^[0-9a-f]+-[0-9a-f]+ /);
    }
  });

  test('a pmap or gdb file that does not fit one piece is refused, not misread', async () => {
    // Rows of real pmap -x output, repeated past the 1 MiB within which a piece looks for a region header.
    const sample = readFileSync('public/samples/c-hello.pmap-x.txt', 'utf8').split('\n');
    const rows = sample.filter((l) => /^[0-9a-f]{16} /.test(l));
    const text = [sample[0], sample[1], ...Array.from({ length: 20_000 }, (_, i) => rows[i % rows.length]), sample.find((l) => l.startsWith('total'))].join('\n') + '\n';
    const bytes = Buffer.from(text);
    expect(bytes.length).toBeGreaterThan(1 << 20);
    await expect(inPieces(bytes, 1000, 'big.pmap-x.txt')).rejects.toThrow(InputPieceError);
    await expect(inPieces(bytes, 1000, 'big.pmap-x.txt')).rejects.toThrow(/pmap -x output, more than one JavaScript string holds\. Only maps and smaps files are read in pieces/);
    // The same text in one piece is read.
    expect(described(await inPieces(bytes, bytes.length + 1, 'big.pmap-x.txt'))).toEqual(described(await whole(bytes, 'big.pmap-x.txt')));
  });
});
