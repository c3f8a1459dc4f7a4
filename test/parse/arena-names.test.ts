/**
 * arenaNames (src/parse/maps-wasm.ts): the scanner's names read back from its arena a piece at a
 * time, each piece ending at a newline. The names must come back whole and in id order wherever
 * the pieces end: inside a run of short names, at an empty name, or inside a name longer than a
 * piece; with bytes that are not valid UTF-8 the fatal reading declines and the other one replaces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arenaNames } from '../../src/parse/maps-wasm';
import { mapsScanner, type MapsScanner } from '../../src/parse/wasm/maps-scanner';

function scanner(): MapsScanner {
  const wasm = mapsScanner();
  if (wasm === null) throw new Error('no WebAssembly');
  return wasm;
}

/** A name as bytes: anything but a newline (the arena's separator, which no name holds); empty: a name reserved for the JavaScript side. */
const nameBytes = fc.uint8Array({ maxLength: 40 }).map((b) => b.filter((x) => x !== 10));

/** Interns the names into a fresh parse of the scanner (an empty one reserved, as a name that is not ASCII is); returns each name's id. */
function internAll(wasm: MapsScanner, names: Uint8Array[]): number[] {
  wasm.start(64, 16);
  return names.map((bytes) => {
    if (bytes.length === 0) return wasm.reserveName();
    const at = wasm.scratch(bytes.length);
    new Uint8Array(wasm.memory.buffer, at, bytes.length).set(bytes);
    return wasm.intern(at, bytes.length);
  });
}

describe('arenaNames', () => {
  it('gives every name in id order, whole, wherever the pieces end; fatal: undefined at bytes that are not UTF-8', () => {
    fc.assert(
      fc.property(fc.array(nameBytes, { maxLength: 60 }), fc.integer({ min: 1, max: 64 }), (names, piece) => {
        const wasm = scanner();
        const ids = internAll(wasm, names);
        // The names by id: the first of equal byte strings holds the id (reserved ones are each their own).
        const byId: Uint8Array[] = [];
        ids.forEach((id, k) => (byId[id] ??= names[k]));
        expect(byId.length).toBe(wasm.nameCount());
        const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
        expect(arenaNames(wasm, false, piece)).toEqual(byId.map((b) => lenient.decode(b)));
        const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
        let expected: string[] | undefined;
        try {
          expected = byId.map((b) => strict.decode(b));
        } catch {
          expected = undefined;
        }
        expect(arenaNames(wasm, true, piece)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a real parse\'s names in 32 kB pieces as in one piece', () => {
    const wasm = scanner();
    const text = Array.from({ length: 3000 }, (_, i) => `/usr/lib/x86_64-linux-gnu/lib${'n'.repeat(i % 50)}${i}.so`);
    internAll(wasm, text.map((t) => new TextEncoder().encode(t)));
    expect(arenaNames(wasm, true)).toEqual(text);
    expect(arenaNames(wasm, true, 1 << 30)).toEqual(text);
  });
});
