/**
 * warmMapsScanner (src/parse/maps-bytes.ts): a worker's idle-time warm-up of the maps scanner. It
 * must really run the scanner (a made-up map it turned away would warm nothing), and it must leave
 * nothing behind that a later parse reads.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readMapsBytes, warmMapsScanner } from '../../src/parse/maps-bytes';
import { mapsScanner } from '../../src/parse/wasm/maps-scanner';
import { generateMaps } from '../bench/generate-maps';

const plain = (v: unknown) => JSON.parse(JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : ArrayBuffer.isView(x) ? Array.from(x as Uint8Array) : x)));

describe('warmMapsScanner', () => {
  it('runs the scanner over every line of its map', () => {
    expect(warmMapsScanner()).toBe(true);
    // The scanner holds the warm-up's names: one per library (a quarter of the lines are unnamed).
    expect(mapsScanner()?.nameCount()).toBe(512);
  });

  it('leaves no trace in a later parse', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.nat(), (regions, seed) => {
        const bytes = new TextEncoder().encode(generateMaps({ regions, seed }).text);
        const before = plain(readMapsBytes(bytes, 0));
        warmMapsScanner();
        expect(plain(readMapsBytes(bytes, 0))).toEqual(before);
      }),
      { numRuns: 20 },
    );
  });
});
