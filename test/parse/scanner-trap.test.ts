/**
 * A WebAssembly trap in the maps scanner (its memory cannot grow: the module runs `unreachable`
 * rather than write past its memory) never reaches the user: the parse reads the text on the
 * JavaScript byte path and gives the checked path's answer, the lookup that scans declines (the
 * full parse answers), and the trapped instance is dropped so the next use compiles a fresh one.
 * The trap is thrown by a wrapper around the real scanner, on one of its exports (`scan`, or the
 * thread-stack pass of src/parse/row-passes.ts: `threadRows`).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { regionJson } from '../../src/export/region-json';
import { KIND_CODE } from '../../src/model/kind';
import { parseMaps } from '../../src/parse';
import { parseProcMaps, parseProcMapsUsing } from '../../src/parse/maps';
import type { ParseResult } from '../../src/parse/result';
import { scanLookup } from '../../src/parse/scan-lookup';
import * as scannerModule from '../../src/parse/wasm/maps-scanner';
import { generateMaps } from '../bench/generate-maps';

/** `on`: the export that traps (false: none). */
const trap = vi.hoisted(() => ({ on: false as false | 'scan' | 'threadRows', thrown: 0 }));

vi.mock('../../src/parse/wasm/maps-scanner', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/parse/wasm/maps-scanner')>();
  return {
    ...actual,
    mapsScanner: () => {
      const real = actual.mapsScanner();
      if (real === null || !trap.on) return real;
      return {
        ...real,
        [trap.on]: () => {
          trap.thrown++;
          throw new WebAssembly.RuntimeError('unreachable');
        },
      };
    },
  };
});

afterEach(() => {
  trap.on = false;
  trap.thrown = 0;
});

/** What a parse says, as plain data. */
function summary(r: ParseResult) {
  const t = r.regions;
  return {
    stats: r.stats,
    diagnostics: r.diagnostics.map((d) => ({ ...d })),
    rows: Array.from({ length: t.length }, (_, i) => regionJson(t.get(i))),
    pathnames: [...t.pathnames],
  };
}

const TEXT = generateMaps({ regions: 3000, seed: 7 }).text;

describe('a trap in the WebAssembly scanner', () => {
  it('is there to test: the scanner compiles in this runtime', () => {
    expect(scannerModule.mapsScanner()).not.toBeNull();
  });

  // In the scan (which gives the rows their kinds too): the byte path reads the text, and JavaScript classifies the rows and marks the thread stacks.
  it('in the scan leaves the parse to JavaScript, with the checked path’s answer', () => {
    const checked = summary(parseProcMapsUsing(TEXT, 'checked'));
    expect(checked.rows.some((r) => r.kind === 'thread-stack')).toBe(true);
    trap.on = 'scan';
    const trapped = summary(parseProcMaps(TEXT));
    expect(trap.thrown).toBeGreaterThan(0);
    expect(trapped).toEqual(checked);
  });

  it('drops the trapped instance: the next use compiles a fresh one', () => {
    const before = scannerModule.mapsScanner();
    trap.on = 'scan';
    parseProcMaps(TEXT);
    trap.on = false;
    const after = scannerModule.mapsScanner();
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
    expect(summary(parseProcMaps(TEXT))).toEqual(summary(parseProcMapsUsing(TEXT, 'checked')));
  });

  it('makes the lookup that scans decline, where it answers without one', () => {
    const bytes = new TextEncoder().encode(TEXT);
    const first = TEXT.slice(0, TEXT.indexOf('-'));
    const addresses = [BigInt(`0x${first}`)];
    expect(scanLookup(bytes, addresses)).toBeDefined();
    trap.on = 'scan';
    expect(scanLookup(bytes, addresses)).toBeUndefined();
    expect(trap.thrown).toBeGreaterThan(0);
  });

  // The pass after a parse that did not mark them (here the checked path's; smaps, pmap, gdb alike).
  it('in the thread-stack pass leaves it to JavaScript, with the same kinds', () => {
    const { regions } = parseMaps(TEXT);
    const kinds = Array.from(regions.columns.kind);
    expect(kinds).toContain(KIND_CODE['thread-stack']);
    trap.on = 'threadRows';
    const trapped = parseProcMapsUsing(TEXT, 'checked').regions;
    expect(trap.thrown).toBe(1);
    expect(Array.from(trapped.columns.kind)).toEqual(kinds);
  });

  it('is told from other errors: a TypeError is not a trap', () => {
    expect(scannerModule.scannerTrapped(new TypeError('x'))).toBe(false);
    expect(scannerModule.scannerTrapped(new WebAssembly.RuntimeError('unreachable'))).toBe(true);
  });
});
