import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { InputError, countReplacementChars, readInputStream } from '../../src/internal';
import { parseMapsBytes } from '../../src/node/read';
import { makePng } from '../app/workers/png';
import { TRANSFORMS, readAndParse, regionsOf } from './transforms';

const SAMPLES = new URL('../../public/samples/', import.meta.url);

/** A stream that yields `bytes` in chunks of the given sizes (cycled), as a file or network read would. */
function streamOf(bytes: Uint8Array, chunkSizes: number[] = [64 * 1024]): ReadableStream<Uint8Array> {
  let at = 0;
  let k = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) {
        controller.close();
        return;
      }
      const size = Math.max(1, chunkSizes[k++ % chunkSizes.length]);
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

async function read(bytes: Uint8Array, options: { chunks?: number[]; totalBytes?: number | null; maxTextBytes?: number } = {}) {
  return readInputStream(streamOf(bytes, options.chunks), { totalBytes: options.totalBytes ?? bytes.length, maxTextBytes: options.maxTextBytes });
}

async function failure(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('readInputStream', () => {
  test('reads a real maps file exactly', async () => {
    const bytes = readFileSync('/proc/self/maps');
    const got = await read(bytes);
    expect(got.text).toBe(bytes.toString('utf8'));
    expect(got).toMatchObject({ textBytes: bytes.length, compressed: false, encoding: 'utf-8' });
  });

  test('decompresses gzip (a real smaps, and the bundled .gz example)', async () => {
    const smaps = readFileSync(new URL('c-hello.smaps', SAMPLES));
    const got = await read(gzipSync(smaps));
    expect(got.text).toBe(smaps.toString('utf8'));
    expect(got).toMatchObject({ textBytes: smaps.length, compressed: true });

    const example = await read(readFileSync(new URL('node20-jit.smaps.gz', SAMPLES)));
    expect(example.compressed).toBe(true);
    expect(example.text).toMatch(/^[0-9a-f]+-[0-9a-f]+ r/);
    expect(example.text).toMatch(/\nVmFlags: /);
  });

  test('property: any chunking of plain or gzip input gives the same text (multi-byte UTF-8 split across chunks)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        async (name, chunks, gz) => {
          const text = `7f2c1b600000-7f2c1b628000 r--p 00000000 fe:00 1234    /tmp/${name.replace(/\0/g, '')}\n`;
          const plain = Buffer.from(text, 'utf8');
          const got = await read(gz ? gzipSync(plain) : plain, { chunks });
          expect(got.text).toBe(text);
          expect(got.textBytes).toBe(plain.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('UTF-16LE with a byte-order mark (PowerShell `>`) is decoded', async () => {
    const text = readFileSync(new URL('c-hello.maps', SAMPLES), 'utf8');
    const got = await read(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), { chunks: [7, 1000] });
    expect(got.text).toBe(text);
    expect(got.encoding).toBe('utf-16le');
  });

  test.each([
    ['an empty file', new Uint8Array(0), 'empty', /empty \(0 bytes\)/],
    ['an empty gzip file', gzipSync(Buffer.alloc(0)), 'empty', /decompresses to nothing/],
    ['a PNG image', makePng(), 'binary', /This file is a PNG image, not the text of a memory map/],
    ['a gzipped PNG', gzipSync(makePng()), 'binary', /gzip-compressed PNG image/],
    ['a program', readFileSync(process.execPath).subarray(0, 200_000), 'binary', /ELF/],
    ['gzip twice', gzipSync(gzipSync(Buffer.from('00400000-00452000 r-xp 00000000 08:02 1 /bin/x\n'))), 'binary', /compressed twice/],
  ] as const)('%s gets one clear error', async (_, bytes, code, message) => {
    const error = await failure(read(bytes));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  test('a damaged or cut-short gzip file is reported as such', async () => {
    const gz = gzipSync(readFileSync(new URL('c-hello.smaps', SAMPLES)));
    const error = await failure(read(gz.subarray(0, gz.length >> 1)));
    expect(error.code).toBe('unreadable');
    expect(error.message).toMatch(/damaged or cut short/);
  });

  test('a file larger than one string can hold is refused before it is read', async () => {
    let pulled = 0;
    const big = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(Buffer.from('00400000-00452000 r-xp 00000000 08:02 173521 /bin/x\n'.repeat(2000)));
      },
    });
    const error = await failure(readInputStream(big, { totalBytes: 2 ** 30, maxTextBytes: 2 ** 29 - 24 }));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/1073\.7 MB of text/);
    expect(pulled).toBeLessThan(10); // only the head was read to recognise the file
  });

  test('a stream left early is cancelled at its source (too large, binary); one read to its end is not', async () => {
    const line = Buffer.from('00400000-00452000 r-xp 00000000 08:02 173521 /bin/x\n'.repeat(2000));
    const counted = (chunks: Uint8Array[], endless: boolean) => {
      const seen = { cancelled: 0, pulled: 0 };
      let k = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          seen.pulled++;
          if (endless) controller.enqueue(chunks[k++ % chunks.length]);
          else if (k < chunks.length) controller.enqueue(chunks[k++]);
          else controller.close();
        },
        cancel() {
          seen.cancelled++;
        },
      });
      return { stream, seen };
    };
    const big = counted([line], true);
    expect((await failure(readInputStream(big.stream, { totalBytes: 2 ** 30, maxTextBytes: 2 ** 29 - 24 }))).code).toBe('too-large');
    expect(big.seen.cancelled).toBe(1);
    const png = counted([makePng(), line], true);
    expect((await failure(readInputStream(png.stream, { totalBytes: null }))).code).toBe('binary');
    expect(png.seen.cancelled).toBe(1);
    const whole = counted([line, line], false);
    expect((await readInputStream(whole.stream, { totalBytes: null })).text).toBe(line.toString() + line.toString());
    expect(whole.seen).toEqual({ cancelled: 0, pulled: 3 });
  });

  test('gzip that inflates past the limit stops with too-large', async () => {
    const text = Buffer.from('00400000-00452000 r-xp 00000000 08:02 173521 /bin/x\n'.repeat(20_000)); // ~1 MB
    const error = await failure(read(gzipSync(text), { maxTextBytes: 300_000 }));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/decompresses to more than 0\.3 MB/);
  });

  test('bytes that are not valid UTF-8 are kept exactly and warned about on their line', async () => {
    const line1 = '00400000-00452000 r-xp 00000000 08:02 1 /bin/ok\n';
    const line2 = '00452000-00460000 r--p 00000000 08:02 1 /tmp/caf';
    const bytes = Buffer.concat([Buffer.from(line1 + line2), Buffer.from([0xe9, 0xff]), Buffer.from('\n')]);
    const got = await read(bytes, { chunks: [3, 50] });
    expect(got.text).toBe(line1 + line2 + '\udce9\udcff\n');
    expect(countReplacementChars(got.text)).toBe(0);
    expect(got.diagnostics.diagnostics).toMatchObject([{ line: 2, column: line2.length + 1, severity: 'warning', code: 'invalid-utf8' }]);
    const sample = await read(readFileSync(new URL('android-arm64-app.maps', SAMPLES)));
    expect(sample.diagnostics.diagnosticGroups).toEqual([]);
  });
});

describe('parseMapsBytes (src/node, synchronous) reads bytes as the CLI and the app do', () => {
  const capture = readFileSync(new URL('../fixtures/input/python-odd-names.smaps', import.meta.url));
  test.each(TRANSFORMS.filter((t) => t.name !== 'gzip').map((t) => [t.name, t] as const))('%s: the same result as readInputBytes + parseInputText', async (_name, transform) => {
    const bytes = transform.apply(capture);
    const got = parseMapsBytes(bytes);
    const want = await readAndParse(bytes);
    expect(got.format).toBe(want.format);
    expect(regionsOf(got)).toEqual(regionsOf(want));
    expect(got.diagnostics).toEqual(want.diagnostics);
  });

  test('gzip, binary and empty input: the InputError of the asynchronous reader, gzip saying what to use', async () => {
    const gz = gzipSync(capture);
    expect(() => parseMapsBytes(gz)).toThrow(expect.objectContaining({ code: 'unreadable', message: expect.stringContaining('readInputBytes') }));
    for (const bytes of [makePng(4, 4), new Uint8Array(0)]) {
      const async = await readAndParse(bytes).catch((e: unknown) => e);
      expect(async).toBeInstanceOf(InputError);
      expect(() => parseMapsBytes(bytes)).toThrow((async as InputError).message);
    }
  });
});
