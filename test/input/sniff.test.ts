import { readFileSync, openSync, readSync, closeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { sniffBytes } from '../../src/internal';
import { makePng } from '../app/workers/png';
import { CORPUS_DIR, listCorpus } from '../helpers/fixtures';

const SAMPLES = new URL('../../public/samples/', import.meta.url);

/** The first `n` bytes of a file. */
function head(path: string, n = 64 * 1024): Uint8Array {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(n);
  const got = readSync(fd, buf, 0, n, 0);
  closeSync(fd);
  return buf.subarray(0, got);
}

describe('sniffBytes', () => {
  test('real maps, smaps, pmap and gdb text is UTF-8 text', () => {
    const files = ['c-hello.maps', 'c-hello.smaps', 'c-hello.smaps_rollup', 'c-hello.pmap-x.txt', 'c-hello.pmap-X.txt', 'c-hello.gdb.txt', 'node20-jit.maps', 'android-arm64-app.maps'];
    for (const f of files) expect(sniffBytes(readFileSync(new URL(f, SAMPLES))), f).toEqual({ kind: 'text', encoding: 'utf-8' });
  });

  test('/proc/self/maps of this process is text', () => {
    expect(sniffBytes(readFileSync('/proc/self/maps'))).toEqual({ kind: 'text', encoding: 'utf-8' });
  });

  test('gzip is recognised by its magic, whatever the name', () => {
    expect(sniffBytes(gzipSync(readFileSync('/proc/self/maps')))).toEqual({ kind: 'gzip' });
    expect(sniffBytes(readFileSync(new URL('node20-jit.smaps.gz', SAMPLES)))).toEqual({ kind: 'gzip' });
  });

  test('programs, images and archives are binary with a name', () => {
    expect(sniffBytes(head(process.execPath))).toMatchObject({ kind: 'binary', what: expect.stringContaining('ELF') });
    expect(sniffBytes(makePng())).toMatchObject({ kind: 'binary', what: 'a PNG image' });
  });

  test.each([
    ['JPEG', [0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46], 'JPEG'],
    ['GIF', [...Buffer.from('GIF89a')], 'GIF'],
    ['WebP', [...Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ')], 'WebP'],
    ['PDF', [...Buffer.from('%PDF-1.7\n')], 'PDF'],
    ['ZIP', [0x50, 0x4b, 0x03, 0x04, 0x14, 0], 'ZIP'],
    ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 4], 'xz'],
    ['zstd', [0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58], 'zstd'],
    ['bzip2', [...Buffer.from('BZh91AY&SY')], 'bzip2'],
  ])('%s magic', (_, bytes, word) => {
    expect(sniffBytes(Uint8Array.from(bytes))).toMatchObject({ kind: 'binary', what: expect.stringContaining(word) });
  });

  test('a tar archive is recognised by ustar at offset 257', () => {
    const tar = new Uint8Array(512);
    tar.set(Buffer.from('c-hello.maps'), 0);
    tar.set(Buffer.from('ustar\x0000'), 257);
    expect(sniffBytes(tar)).toMatchObject({ kind: 'binary', what: 'a tar archive' });
  });

  test('UTF-16 from Windows tools is text, with or without a byte-order mark', () => {
    const text = readFileSync(new URL('c-hello.maps', SAMPLES), 'utf8');
    const le = Buffer.from(text, 'utf16le');
    expect(sniffBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).toEqual({ kind: 'text', encoding: 'utf-16le' });
    expect(sniffBytes(le)).toEqual({ kind: 'text', encoding: 'utf-16le' });
    const be = Buffer.from(le).swap16();
    expect(sniffBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toEqual({ kind: 'text', encoding: 'utf-16be' });
    expect(sniffBytes(be)).toEqual({ kind: 'text', encoding: 'utf-16be' });
  });

  test('one NUL byte in otherwise good text is that line\'s problem, not a binary file', () => {
    const bytes = Buffer.from(readFileSync(new URL('c-hello.maps', SAMPLES)));
    bytes[1000] = 0;
    expect(sniffBytes(bytes)).toEqual({ kind: 'text', encoding: 'utf-8' });
  });

  test('NUL padding after a whole file (a fixed-size buffer dump) is not held against it', () => {
    const text = readFileSync(new URL('c-hello.maps', SAMPLES));
    const padded = Buffer.concat([text, Buffer.alloc(4096)]);
    expect(sniffBytes(padded, true)).toEqual({ kind: 'text', encoding: 'utf-8' });
    // The same bytes as the head of a longer file: 4 KiB of NULs in the middle of it is not text.
    expect(sniffBytes(padded, false).kind).toBe('binary');
  });

  test('random bytes are binary', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4096, maxLength: 8192 }), (bytes) => {
        expect(sniffBytes(bytes).kind).toBe('binary');
      }),
      { numRuns: 50 },
    );
  });

  test('every corpus file is text', () => {
    const names = [...listCorpus('.maps'), ...listCorpus('.smaps')];
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(sniffBytes(head(`${CORPUS_DIR}/${name}`)), name).toEqual({ kind: 'text', encoding: 'utf-8' });
  });

  test('property: printable UTF-8 text (any script, tabs, CR) is never called binary', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.array(fc.constantFrom('\n', '\t', '\r\n', ' '), { maxLength: 20 }), (s, seps) => {
        const text = s.replace(/[\u0000-\u001f\u007f]/g, 'x') + seps.join('');
        const bytes = Buffer.from('00400000-00452000 r-xp 00000000 08:02 173521 /bin/' + text, 'utf8');
        expect(sniffBytes(bytes)).toEqual({ kind: 'text', encoding: 'utf-8' });
      }),
    );
  });

  test('property: the native check for stray bytes gives what counting every byte gives', () => {
    // Text bytes, with a few NULs, control codes, zeros in every other byte (UTF-16) or a magic mixed in.
    const byte = fc.oneof(
      { weight: 20, arbitrary: fc.constantFrom(0x20, 0x41, 0x7a, 0x0a, 0x09, 0x0d, 0x0b, 0x0c, 0x1b, 0x2d, 0xc3, 0xa9, 0x80, 0x9f, 0xff) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }) },
    );
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      fc.array(byte, { maxLength: 600 }).map((b) => Uint8Array.from(b)),
      fc.array(byte, { maxLength: 300 }).map((b) => Uint8Array.from(b.flatMap((x) => [x, 0]))),
      fc.array(byte, { maxLength: 300 }).map((b) => Uint8Array.from([0x1f, 0x8b, ...b])),
    );
    fc.assert(
      fc.property(bytes, fc.boolean(), (b, whole) => {
        expect(sniffBytes(b, whole)).toEqual(sniffBytes(b, whole, false));
      }),
      { numRuns: 2000 },
    );
    for (const f of ['c-hello.maps', 'c-hello.smaps', 'node20-jit.maps']) {
      const b = readFileSync(new URL(f, SAMPLES));
      expect(sniffBytes(b)).toEqual(sniffBytes(b, false, false));
    }
  });
});
