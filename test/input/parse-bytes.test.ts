/**
 * The bytes entry (src/input/parse-bytes.ts) against the text entry: for any maps input — names
 * that are not ASCII or not UTF-8, `\012`, ` (deleted)`, U+FFFD, CRLF, a BOM, a cut last line,
 * lines that are diagnostics, regions out of order, NULs — parseInputBytes either declines or
 * gives exactly what decoding the bytes and parsing the text gives: regions, names, kinds, every
 * diagnostic with its line, column and text, stats, and the U+FFFD count the app's notice shows.
 * And it declines no input that is a kernel-written maps file, whatever its names.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countReplacementChars, parseInputBytes, parseInputText, readInputBytesSync, type ParseResult } from '../../src/internal';
import { PIECE_BYTES, parseInputStream, type BytePieces, type BytesParsed } from '../../src/input/parse-bytes';
import { parseMapsBytes } from '../../src/node/read';
import { WINDOW_CHARS } from '../../src/parse/maps-wasm';
import { formatMapsLine, type RegionFields } from '../../src/model/region';
import { mapsText } from '../helpers/maps-texts';
import { generateMaps } from '../bench/generate-maps';

const utf8 = new TextEncoder();

/** A result as plain data: the table's columns as arrays, whatever their buffers' capacity. */
function plain(result: ParseResult): unknown {
  const data = result.regions.toData();
  const columns = Object.fromEntries(Object.entries(data.columns).map(([k, v]) => [k, Array.from(v as ArrayLike<number>)]));
  return { ...result, regions: { ...data, columns } };
}

const join = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** Names as bytes: not ASCII, not UTF-8, escaped newlines, deleted files, U+FFFD, look-alikes of the kinds' names. */
const NAME_BYTES: Uint8Array[] = [
  ...['/usr/lib/libé.so', '/tmp/日本語 (deleted)', '/a\\012b', '/x\ufffdy', '[anon:\u00a0glibc: pthread stack: 7]', '[anon: thread signal stack]', '/dev/zero (deleted)', '/p [rollup]', '/e\u202e', '/tab\tname', '/cr\rname', '/nul\0name', '\u{1f600}'].map((s) => utf8.encode(s)),
  Uint8Array.from([0x2f, 0xff, 0x66]), // an invalid byte
  Uint8Array.from([0x2f, 0xc3]), // a cut sequence
  Uint8Array.from([0x2f, 0xed, 0xa0, 0x80]), // a surrogate in UTF-8
];

/**
 * A kernel-written maps text (mapsText unmutated), some of its names replaced by NAME_BYTES, as
 * bytes; `kernelOnly`: as the scanner takes them, inodes of at most 15 digits (a longer one goes to the
 * checked path) and no name that starts with a space or a tab (a text not aligned as the kernel's
 * would write it: the checked path warns) or holds a CR (a line-end note).
 */
const kernelBytes = (names: Uint8Array[], kernelOnly = false) =>
  fc.tuple(mapsText, fc.array(fc.nat({ max: 15 }), { maxLength: 6 }), fc.constantFrom(...names)).map(([{ regions: all }, picks, extra]) => {
    const scanned = (r: RegionFields) => ({ ...r, inode: r.inode < 10n ** 15n ? r.inode : 7n, pathname: r.pathname !== null && /^[ \t]|\r/.test(r.pathname) ? '/x' : r.pathname });
    const regions = kernelOnly ? all.map(scanned) : all;
    const lines = regions.map((r) => utf8.encode(formatMapsLine({ ...r, pathname: r.pathname === null ? null : '@' }) + '\n'));
    // '@' stands for the name: the line's prefix and padding are the kernel's, the name any bytes.
    const named = regions.map((r) => r.pathname);
    return join(
      ...lines.map((line, i) => {
        if (named[i] === null) return line;
        const name = picks.includes(i) ? (picks.indexOf(i) % 2 === 0 ? extra : names[i % names.length]) : utf8.encode(named[i] as string);
        return join(line.subarray(0, line.length - 2), name, utf8.encode('\n'));
      }),
    );
  });

/** Byte-level changes a file may have had, each sometimes off the bytes entry's path. */
const change = fc.oneof(
  { weight: 6, arbitrary: fc.constant((b: Uint8Array) => b) },
  fc.constant((b: Uint8Array) => join(Uint8Array.from([0xef, 0xbb, 0xbf]), b)), // a BOM
  fc.constant((b: Uint8Array) => join(Uint8Array.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), b)),
  fc.constant((b: Uint8Array) => utf8.encode(new TextDecoder().decode(b).replace(/\n/g, '\r\n'))), // CRLF
  fc.nat().map((k) => (b: Uint8Array) => b.subarray(0, b.length - 1 - (k % Math.max(1, Math.min(b.length - 1, 40))))), // a cut last line
  fc.constant((b: Uint8Array) => join(b, Uint8Array.from([0, 0, 0]))), // NUL padding
  fc.constant((b: Uint8Array) => utf8.encode(new TextDecoder().decode(b).split('\n').slice(0, -1).reverse().join('\n') + '\n')), // out of order
  fc.constantFrom('garbage\n', '\n', 'Rss: 4 kB\n', '7f0000000000-7f0000001000 r--p 00000000 00:00 0 x\n', '# mapscope recording v1\n', 'Start Addr   End Addr\n').map(
    (bad) => (b: Uint8Array) => join(b, utf8.encode(bad)),
  ),
  fc.constantFrom('garbage\n', '\n', '00400000-00401000 r-xp 00000000 fe:01 12 /x\n').map((bad) => (b: Uint8Array) => join(utf8.encode(bad), b)),
);

const fileName = fc.constantFrom(undefined, 'maps', 'smaps', 'x.pmap', '123.smaps_rollup', 'dump.txt');

describe('parseInputBytes', () => {
  it('gives what decoding and parsing the text gives, or declines', () => {
    fc.assert(
      fc.property(kernelBytes(NAME_BYTES), change, fileName, fc.constantFrom(undefined, 'maps' as const), (kernel, changeBytes, name, format) => {
        const bytes = changeBytes(kernel);
        const options = { fileName: name, format };
        let text: ParseResult;
        let replaced: number;
        try {
          const input = readInputBytesSync(bytes);
          text = parseInputText(input, options);
          replaced = countReplacementChars(input.text);
        } catch {
          expect(parseInputBytes(bytes, options)).toBeUndefined(); // empty: the reader's error
          return;
        }
        const got = parseInputBytes(bytes, options);
        if (got === undefined) return;
        expect(plain(got.result)).toEqual(plain(text));
        expect(got.replacedChars).toBe(replaced);
        expect(got.textBytes).toBe(bytes.byteLength);
        expect(plainOrThrow(() => parseMapsBytes(bytes, name, format))).toEqual(plain(text));
      }),
      { numRuns: 400 },
    );
  });

  it('takes every kernel-written maps file the scanner reads (inodes of up to 15 digits), names in any UTF-8, with or without a BOM or a last newline', () => {
    const valid = NAME_BYTES.filter((b) => {
      const s = new TextDecoder().decode(b);
      return !s.includes('\ufffd') || s === '/x\ufffdy';
    }).filter((b) => !/\[rollup\]|[\r\0]/.test(new TextDecoder().decode(b)));
    fc.assert(
      fc.property(kernelBytes(valid, true).filter((b) => b.length > 0), fc.boolean(), fc.boolean(), (kernel, bom, cut) => {
        const bytes = join(bom ? Uint8Array.from([0xef, 0xbb, 0xbf]) : new Uint8Array(0), cut ? kernel.subarray(0, kernel.length - 1) : kernel);
        const got = parseInputBytes(bytes, { fileName: 'maps' });
        expect(got).toBeDefined();
        expect(plain(got!.result)).toEqual(plain(parseInputText(readInputBytesSync(bytes), { fileName: 'maps' })));
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseInputBytes on a text of several scanner windows (WINDOW_CHARS bytes each)', () => {
  // ~2.3 MB: several windows, which overlap by up to 4 KiB where a line starts a new one.
  const big = utf8.encode(generateMaps({ regions: 40_000, seed: 3 }).text);
  const W = WINDOW_CHARS;

  it('takes it whole, as the text path reads it', () => {
    const got = parseInputBytes(big, { fileName: 'maps' });
    expect(got).toBeDefined();
    expect(plain(got!.result)).toEqual(plain(parseInputText(readInputBytesSync(big), { fileName: 'maps' })));
  });

  it('declines it with a NUL or a CR at the end of any line (a name, or the inode), in any window, near its edges too', () => {
    const at = fc.oneof(fc.nat({ max: big.length - 1 }), fc.integer({ min: -5000, max: 5000 }).chain((d) => fc.constantFrom(W + d, 2 * W + d, W - 4096 + d)));
    fc.assert(
      fc.property(at, fc.constantFrom(0, 13), (p, byte) => {
        const bytes = big.slice();
        // The last byte before the newline at or after p: where the scanner takes any byte of a name.
        bytes[Math.max(0, bytes.indexOf(10, p) - 1)] = byte;
        expect(parseInputBytes(bytes, { fileName: 'maps' })).toBeUndefined();
      }),
      { numRuns: 40 },
    );
  });
});

describe('parseInputBytes on what detection reads as smaps_rollup', () => {
  it('gives the text path\'s answer for maps lines that all end in [rollup]', () => {
    const bytes = utf8.encode(['00400000-00401000 r--p 00000000 00:00 0', '00401000-00402000 r--p 00000000 00:00 0'].map((l) => l.padEnd(73) + '[rollup]\n').join(''));
    const text = parseInputText(readInputBytesSync(bytes));
    const got = parseInputBytes(bytes);
    expect(got === undefined ? text : got.result).toEqual(text);
    expect(text.format).toBe('smaps_rollup');
  });
});

/**
 * `bytes` as a stream read the way the app reads a File (a BYOB reader): each piece written into
 * the buffer lent, `pieceSizes` bytes at a time in turn (fewer than asked, as a stream gives), and
 * the buffer transferred, so the lent view is detached after each read, as a real one is.
 */
function pieces(bytes: Uint8Array, pieceSizes: readonly number[] = [PIECE_BYTES]): BytePieces & { reads: number } {
  let at = 0;
  const source = {
    sizeBytes: bytes.length,
    reads: 0,
    read: async (offset: number, length: number) => bytes.slice(offset, offset + length),
    next: async (into: Uint8Array) => {
      const n = Math.min(into.length, bytes.length - at, Math.max(1, pieceSizes[source.reads++ % pieceSizes.length]));
      into.set(bytes.subarray(at, at + n));
      at += n;
      const offset = into.byteOffset;
      const moved = structuredClone(into.buffer, { transfer: [into.buffer] });
      return new Uint8Array(moved, offset, n);
    },
  };
  return source;
}

/** parseInputStream's answer as parseInputBytes' is compared: plain data. */
const plainParsed = (got: BytesParsed | undefined) => (got === undefined ? undefined : { ...got, result: plain(got.result) });

describe('parseInputStream: parseInputBytes of an input read in pieces', () => {
  const pieceSizes = fc.array(fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: PIECE_BYTES })), { minLength: 1, maxLength: 8 });

  it('gives what parseInputBytes gives, or declines where it does, whatever the pieces', async () => {
    await fc.assert(
      fc.asyncProperty(kernelBytes(NAME_BYTES), change, fileName, pieceSizes, async (kernel, changeBytes, name, sizes) => {
        const bytes = changeBytes(kernel);
        const options = { fileName: name };
        expect(plainParsed(await parseInputStream(pieces(bytes, sizes), options))).toEqual(plainParsed(parseInputBytes(bytes, options)));
      }),
      { numRuns: 300 },
    );
  });

  // ~2.3 MB: several scanner windows and several of the reader's pieces.
  const big = utf8.encode(generateMaps({ regions: 40_000, seed: 3 }).text);
  const W = WINDOW_CHARS;

  it('reads a text of several windows as parseInputBytes does, cut anywhere (near the windows\' edges too), whatever the pieces', async () => {
    // Pieces of 1 byte on: a few small ones, so that the 2.3 MB take a few thousand reads at most.
    const bigPieces = fc.array(fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 4096, max: PIECE_BYTES })), { minLength: 1, maxLength: 8 }).map((a) => [...a, 65_536]);
    const cut = fc.oneof(fc.nat({ max: big.length }), fc.integer({ min: -5000, max: 5000 }).chain((d) => fc.constantFrom(W + d, 2 * W + d, PIECE_BYTES + d, big.length + Math.min(0, d))));
    await fc.assert(
      fc.asyncProperty(cut, bigPieces, async (k, sizes) => {
        const bytes = big.subarray(0, k);
        const got = await parseInputStream(pieces(bytes, sizes), { fileName: 'maps' });
        expect(plainParsed(got)).toEqual(plainParsed(parseInputBytes(bytes, { fileName: 'maps' })));
      }),
      { numRuns: 40 },
    );
    const whole = await parseInputStream(pieces(big), { fileName: 'maps' });
    expect(whole).toBeDefined();
    expect(plain(whole!.result)).toEqual(plain(parseInputText(readInputBytesSync(big), { fileName: 'maps' })));
  });

  it('reads a last line without its newline that ends a full window, however long', async () => {
    // Lines of `big` up to a point, then one line whose 5,000-byte name ends the input at exactly one window's length: the scanner must read that window as the input's end.
    const tail = utf8.encode('7fff00000000-7fff00001000 r--p 00000000 00:00 0                          /');
    const headEnd = big.lastIndexOf(10, W - tail.length - 5000) + 1;
    const bytes = join(big.subarray(0, headEnd), tail, new Uint8Array(W - headEnd - tail.length).fill(0x61));
    expect(bytes.length).toBe(W);
    const whole = parseInputBytes(bytes, { fileName: 'maps' });
    expect(whole).toBeDefined();
    for (const sizes of [[W], [W - 1, 1], [PIECE_BYTES], [7]]) {
      expect(plainParsed(await parseInputStream(pieces(bytes, sizes), { fileName: 'maps' }))).toEqual(plainParsed(whole));
    }
  });

  it('declines an input whose bytes do not come to its size, or that is declined early, and stops reading it', async () => {
    const short = pieces(big);
    expect(await parseInputStream({ ...short, sizeBytes: big.length + 1 }, { fileName: 'maps' })).toBeUndefined();
    const smaps = pieces(join(utf8.encode('00400000-00401000 r-xp 00000000 fe:01 12 /x\nSize: 4 kB\n'), big), [4096]);
    expect(await parseInputStream(smaps, { fileName: 'maps' })).toBeUndefined();
    // The first piece (PIECE_BYTES, read in 4 KiB reads) and the one after it at most: not the whole input.
    expect(smaps.reads).toBeLessThanOrEqual((2 * PIECE_BYTES) / 4096);
  });
});

function plainOrThrow(read: () => ParseResult): unknown {
  return plain(read());
}
