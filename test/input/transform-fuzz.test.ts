/**
 * Issue 11's property: for any real capture and any transformation a user's tools apply to it
 * (CRLF, CR CR LF, CR-only, a prefix of each shape, a quote, UTF-16LE/BE with a BOM, a UTF-8
 * BOM, NUL padding, gzip — transforms.ts), read in any chunking as the CLI and the app read bytes,
 * the regions and names come back equal to the original's, and no new problem appears beyond
 * the one note the transformation earns.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInputText, readInputStream } from '../../src/internal';
import { TRANSFORMS, problemsOf, regionsOf } from './transforms';

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** Real captures: kernel output from this project's fixtures, and this process's own maps now. */
const CAPTURES: { name: string; bytes: Uint8Array }[] = [
  ...['maps/node-20-self.maps', 'maps/kernel-6.18-make-fixture.maps', 'maps/kernel-6.18-leading-space.maps', 'smaps/python-mapper.smaps', 'smaps/python-mapper.smaps_rollup', 'input/python-odd-names.maps', 'input/python-odd-names.smaps'].map(
    (name) => ({ name, bytes: readFileSync(new URL(name, FIXTURES)) }),
  ),
  { name: '/proc/self/maps', bytes: readFileSync('/proc/self/maps') },
];

/** A stream of `bytes` in chunks of the given sizes (cycled), as a file or network read gives them. */
function streamOf(bytes: Uint8Array, sizes: number[]): ReadableStream<Uint8Array> {
  let at = 0;
  let k = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const n = sizes[k++ % sizes.length];
      controller.enqueue(bytes.slice(at, at + n));
      at += n;
    },
  });
}

async function read(bytes: Uint8Array, sizes: number[]) {
  return parseInputText(await readInputStream(streamOf(bytes, sizes), { totalBytes: bytes.length }));
}

describe('every transformation of every real capture gives the original regions and names', () => {
  const originals = new Map<string, Awaited<ReturnType<typeof read>>>();
  const readOriginals = async () => {
    if (originals.size === 0) for (const c of CAPTURES) originals.set(c.name, await read(c.bytes, [1 << 20]));
  };

  it('the captures hold maps, smaps and smaps_rollup', async () => {
    await readOriginals();
    const formats = new Set([...originals.values()].map((r) => r.format));
    expect([...formats].sort()).toEqual(['maps', 'smaps', 'smaps_rollup']);
  });

  // Every pair, not only those the property draws: each transformation on maps and on smaps.
  it.each(TRANSFORMS.map((t) => [t.name, t] as const))('%s, on every capture', async (_name, transform) => {
    await readOriginals();
    let applied = 0;
    for (const capture of CAPTURES) {
      if (!(transform.keeps?.(capture.bytes) ?? true)) continue;
      applied++;
      const original = originals.get(capture.name)!;
      const got = await read(transform.apply(capture.bytes), [1 << 20]);
      const what = `${capture.name}, ${transform.name}`;
      expect(got.format, what).toBe(transform.format?.(original.format) ?? original.format);
      expect(regionsOf(got), what).toEqual(regionsOf(original));
      expect(problemsOf(got, transform.note ? [transform.note] : []), what).toEqual(problemsOf(original));
    }
    // At least the maps and the smaps capture without odd names.
    expect(applied).toBeGreaterThanOrEqual(5);
  });

  it('property: any capture, any transformation, any chunking', async () => {
    await readOriginals();
    await fc.assert(
      fc.asyncProperty(
        // Indices, so that a counterexample prints as two numbers, not as the capture's bytes.
        fc.integer({ min: 0, max: CAPTURES.length - 1 }),
        fc.integer({ min: 0, max: TRANSFORMS.length - 1 }),
        fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 4 }),
        async (c, t, sizes) => {
          const capture = CAPTURES[c];
          const transform = TRANSFORMS[t];
          fc.pre(transform.keeps?.(capture.bytes) ?? true);
          const original = originals.get(capture.name)!;
          const got = await read(transform.apply(capture.bytes), sizes);
          const what = `${capture.name}, ${transform.name}`;
          expect(got.format, what).toBe(transform.format?.(original.format) ?? original.format);
          expect(regionsOf(got), what).toEqual(regionsOf(original));
          expect(problemsOf(got, transform.note ? [transform.note] : []), what).toEqual(problemsOf(original));
        },
      ),
      { numRuns: 150 },
    );
  });
});
