/**
 * The lookup that scans (src/parse/scan-lookup.ts) against the full path it stands in for — the
 * input pipeline (readInputBytesSync, parseInputText: format detection, every check), a
 * RegionIndex over the whole table, findAddressSpaceShape: whenever the scan answers, the whole
 * parse has nothing to say about the text, and every address gets the same answer (the region, or
 * the gap and its two neighbours, each with its line, fields and kind).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { U64_MAX } from '../../src/address';
import { regionJson } from '../../src/export/region-json';
import { readInputBytesSync } from '../../src/input/read-input';
import { parseInputText } from '../../src/input/parse-input';
import { findAddressSpaceShape } from '../../src/model/address-space';
import type { RegionTable } from '../../src/model/region-table';
import { RegionIndex, type LookupResult } from '../../src/query/region-index';
import { bytesReader, scanLookup, scanLookupRead, WINDOW_BYTES, type ByteReader } from '../../src/parse/scan-lookup';
import { generateMaps } from '../bench/generate-maps';
import { listCorpus, readCorpus } from '../helpers/fixtures';
import { address, mapsText, mutation } from '../helpers/maps-texts';

const encode = (text: string) => new TextEncoder().encode(text);

/** A lookup answer as plain data, its rows as the regions they name (line, fields, kind). */
function describeAnswer(table: RegionTable, found: LookupResult) {
  const region = (row: number) => (row < 0 ? null : regionJson(table.get(row)));
  return found.mapped
    ? { mapped: true, address: found.address, region: region(found.row), offsetInRegion: found.offsetInRegion, fileOffset: found.fileOffset }
    : { mapped: false, address: found.address, gapBegin: found.gapBegin, gapEnd: found.gapEnd, before: region(found.beforeRow), after: region(found.afterRow) };
}

/** The full path's answers, or the scan's, or undefined when the scan declines. */
function fullAnswers(bytes: Uint8Array, addresses: bigint[], fileName?: string) {
  const result = parseInputText(readInputBytesSync(bytes), { fileName });
  const index = RegionIndex.build(result.regions);
  return { result, answers: addresses.map((a) => describeAnswer(result.regions, index.lookup(a))), shape: findAddressSpaceShape(result.regions) };
}
function scanAnswers(bytes: Uint8Array, addresses: bigint[], scan = () => scanLookup(bytes, addresses)) {
  const scanned = scan();
  if (scanned === undefined) return undefined;
  const index = RegionIndex.build(scanned.regions);
  return { answers: addresses.map((a) => describeAnswer(scanned.regions, index.lookup(a))), shape: scanned.addressSpace, lines: scanned.lines };
}

/** Expects the scan to agree with the full path on `text` whenever it answers; returns whether it answered. */
function agrees(text: string, addresses: bigint[]): boolean {
  const bytes = encode(text);
  let scan: ReturnType<typeof scanAnswers>;
  try {
    scan = scanAnswers(bytes, addresses);
  } catch (error) {
    throw new Error(`scanLookup threw on ${JSON.stringify(text)}: ${String(error)}`);
  }
  if (scan === undefined) return false;
  const full = fullAnswers(bytes, addresses);
  expect(full.result.diagnosticGroups, text).toEqual([]);
  expect(full.result.format).toBe('maps');
  expect(scan.lines).toBe(full.result.stats.lines);
  expect(scan.answers, text).toEqual(full.answers);
  expect(scan.shape).toEqual(full.shape);
  return true;
}

/** A generated map of a realistic process with `regions` regions (any seed), after one change that may take it off the scan's path. */
const generatedText = (regions: fc.Arbitrary<number>) =>
  fc.record({ seed: fc.integer({ min: 1, max: 0x7fff_ffff }), regions, mutate: mutation }).map(({ seed, regions: n, mutate }) => mutate(generateMaps({ regions: n, seed }).text));

describe('scanLookup', () => {
  it('answers as the full path does, for random maps texts and addresses; declines what it cannot vouch for', () => {
    let answered = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        mapsText.chain(({ regions, text }) => fc.tuple(fc.constant(text), fc.array(address(regions), { minLength: 1, maxLength: 4 }))),
        ([text, addresses]) => {
          runs++;
          if (agrees(text, addresses)) answered++;
        },
      ),
      { numRuns: 1000 },
    );
    // The texts are mostly as the kernel writes them: the scan must answer a good share, not decline everything.
    expect(answered).toBeGreaterThan(runs / 4);
  });

  it('answers as the full path does on generated maps of realistic processes (up to three batches), with addresses on and around their lines, and one change that may take a text off its path', () => {
    let answered = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.record({
          text: generatedText(fc.oneof(fc.integer({ min: 2, max: 400 }), fc.integer({ min: 8000, max: 20_000 }))),
          picks: fc.array(
            fc.record({ special: fc.boolean(), at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), where: fc.constantFrom('begin', 'last byte', 'end', 'below') }),
            { minLength: 1, maxLength: 5 },
          ),
        }),
        ({ text, picks }) => {
          runs++;
          const lines = text.split('\n');
          // Lines whose kind depends on more than the name: shared mappings, and what lies above an anonymous ---p page (a thread stack?).
          const special = lines.flatMap((l, i) => (/^\S+ ...s /.test(l) || (i > 0 && / ---p 00000000 00:00 0\s*$/.test(lines[i - 1])) ? [i] : []));
          const addresses = picks.map(({ special: onSpecial, at, where }) => {
            const from = onSpecial && special.length > 0 ? special : lines.map((_, i) => i);
            const [begin = '0', end = '0'] = (lines[from[Math.floor(at * from.length)]] ?? '').split(/[- ]/);
            const b = BigInt('0x' + (/^[0-9a-f]+$/i.test(begin) ? begin : '0'));
            const e = BigInt('0x' + (/^[0-9a-f]+$/i.test(end) ? end : '0'));
            return where === 'begin' ? b : where === 'last byte' ? (e > 0n ? e - 1n : e) : where === 'end' ? e : b > 0n ? b - 1n : b;
          });
          if (agrees(text, addresses)) answered++;
        },
      ),
      { numRuns: 40 },
    );
    // Unchanged generated maps are the kernel's own text: the scan answers for them.
    expect(answered).toBeGreaterThan(runs / 3);
  });

  it('answers on a generated 65,530-region map and on the real captures it accepts, as the full path does', () => {
    const generated = generateMaps({ regions: 65_530 }).text;
    const lines = generated.split('\n');
    const picks = [0n, U64_MAX, 0xffff_ffff_ff60_0000n, ...[1, 2, 1000, 32_765, 65_529, 65_530].map((l) => BigInt('0x' + lines[l - 1].split('-')[0]))];
    expect(agrees(generated, picks)).toBe(true);
    const accepted: string[] = [];
    for (const file of listCorpus('maps')) {
      const text = readCorpus(file);
      const first = /^[0-9a-f]+(?=-)/i.exec(text);
      const firstBegin = first === null ? 0n : BigInt('0x' + first[0]);
      if (agrees(text, [0n, firstBegin, firstBegin + 0x1000n, 0x7fff_ffff_f000n, U64_MAX])) accepted.push(file);
    }
    // Real x86-64 and aarch64 captures are plain kernel text: most of them go the scan's way.
    expect(accepted.length).toBeGreaterThan(0);
  });

  it('answers across the scanner\'s batches (8,192 rows) and windows (WINDOW_BYTES): the lines before an answer may be in the batch before', () => {
    const generated = generateMaps({ regions: 30_000, seed: 5 }).text;
    const lines = generated.split('\n');
    const begin = (l: number) => BigInt('0x' + lines[l - 1].split('-')[0]);
    const end = (l: number) => BigInt('0x' + lines[l - 1].split(/[- ]/)[1]);
    const picks: bigint[] = [];
    for (const first of [8193, 16_385, 24_577]) {
      for (const l of [first - 2, first - 1, first, first + 1, first + 2]) picks.push(begin(l), end(l) - 1n);
      // In the gap below a batch's first line or the one after it, where there is one.
      for (const l of [first, first + 1, first + 2]) if (end(l - 1) < begin(l)) picks.push(begin(l) - 1n);
    }
    // The line that holds the window's end, and the ones around it.
    const seam = generated.slice(0, WINDOW_BYTES).split('\n').length;
    for (const l of [seam - 1, seam, seam + 1]) picks.push(begin(l));
    expect(agrees(generated, picks)).toBe(true);
    for (const at of picks) expect(agrees(generated, [at])).toBe(true);
  });

  it('reads its text in pieces as a file gives them (a page a read from procfs, any short read), across many windows: the answers of the text whole', () => {
    let answered = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.record({
          text: generatedText(fc.integer({ min: 1, max: 1500 })),
          // Small windows, to meet many seams; one the text's own length fills exactly (its end is seen only at the next read).
          window: fc.oneof(fc.integer({ min: 8192, max: 40_000 }), fc.constant('exact' as const)),
          pieces: fc.array(fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constantFrom(4096, 4067), fc.integer({ min: 1, max: 100_000 })), { minLength: 1, maxLength: 8 }),
          at: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 4 }),
        }),
        ({ text, window, pieces, at }) => {
          const bytes = encode(text);
          const windowBytes = window === 'exact' ? Math.max(bytes.length, 8192) : window;
          const lines = text.split('\n');
          const addresses = at.map((x) => BigInt('0x' + (/^[0-9a-f]+/i.exec(lines[Math.floor(x * lines.length)])?.[0] ?? '0')));
          runs++;
          const inner = bytesReader(bytes);
          let reads = 0;
          const read: ByteReader = (into) => inner(into.subarray(0, pieces[reads++ % pieces.length]));
          const whole = scanAnswers(bytes, addresses);
          const pieced = scanAnswers(bytes, addresses, () => scanLookupRead(read, addresses, { windowBytes }));
          expect(pieced, `window ${windowBytes}, pieces ${pieces.join(',')}`).toEqual(whole);
          if (pieced !== undefined && agrees(text, addresses)) answered++;
        },
      ),
      { numRuns: 60 },
    );
    expect(answered).toBeGreaterThan(runs / 3);
  });

  it('answers for a text whose last line, longer than the margin a window keeps, ends where its window ends', () => {
    const windowBytes = 16_384;
    const head = generateMaps({ regions: 40, seed: 3 }).text;
    const lastEnd = BigInt('0x' + /-([0-9a-f]+) [^\n]*\n$/.exec(head)![1]);
    const prefix = `${(lastEnd + 0x1000n).toString(16)}-${(lastEnd + 0x2000n).toString(16)} r--p 00000000 08:01 77`.padEnd(73, ' ') + '/opt/';
    const text = head + prefix + 'n'.repeat(windowBytes - head.length - prefix.length - 1) + '\n';
    expect(text.length).toBe(windowBytes);
    expect(text.length - head.length).toBeGreaterThan(4096);
    const addresses = [lastEnd + 0x1000n, 0x1000n];
    const bytes = encode(text);
    expect(agrees(text, addresses)).toBe(true);
    expect(scanAnswers(bytes, addresses, () => scanLookupRead(bytesReader(bytes), addresses, { windowBytes }))).toEqual(scanAnswers(bytes, addresses));
  });

  it('declines a text of more bytes than its limit, and stops reading there', () => {
    const bytes = encode(generateMaps({ regions: 3000, seed: 7 }).text);
    const inner = bytesReader(bytes);
    let read = 0;
    const counted: ByteReader = (into) => {
      const n = inner(into);
      read += n;
      return n;
    };
    expect(scanLookupRead(counted, [0x400000n], { maxBytes: 20_000, windowBytes: 16_384 })).toBeUndefined();
    expect(read).toBeLessThan(bytes.length / 2);
    expect(scanLookupRead(bytesReader(bytes), [0x400000n], { maxBytes: bytes.length - 1 })).toBeUndefined();
    expect(scanLookupRead(bytesReader(bytes), [0x400000n], { maxBytes: bytes.length })).toBeDefined();
    expect(() => scanLookupRead(bytesReader(bytes), [0n], { windowBytes: 4096 })).toThrow(RangeError);
  });

  it('declines a text with a byte outside printable ASCII in any name, wherever its line (a later window or batch; at the end of the name the line before has)', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 0x7fff_ffff }),
          regions: fc.oneof(fc.integer({ min: 2, max: 400 }), fc.integer({ min: 8000, max: 12_000 })),
          at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
          where: fc.double({ min: 0, max: 1, noNaN: true }),
          bad: fc.constantFrom('\t', '\r', '\0', '\x7f', '\x1b', 'é', '\u202e'),
        }),
        ({ seed, regions, at, where, bad }) => {
          const text = generateMaps({ regions, seed }).text;
          // The text as generated is answered: the byte alone makes the scan decline.
          expect(scanLookup(encode(text), [0n])).toBeDefined();
          expect(scanLookupRead(bytesReader(encode(text)), [0n], { windowBytes: 16_384 })).toBeDefined();
          const lines = text.split('\n');
          // The lines with a name (after the kernel's padding).
          const named = lines.flatMap((l, i) => (/ {2,}\S/.test(l) ? [i] : []));
          fc.pre(named.length > 0);
          const i = named[Math.floor(at * named.length)];
          const column = lines[i].search(/(?<= {2,})\S/);
          // Anywhere in the name, its end included (there, the name before it may be the same up to the bad byte).
          const cut = column + Math.floor(where * (lines[i].length - column));
          lines[i] = lines[i].slice(0, cut) + bad + lines[i].slice(cut);
          const bytes = encode(lines.join('\n'));
          expect(scanLookup(bytes, [0n])).toBeUndefined();
          expect(scanLookupRead(bytesReader(bytes), [0n], { windowBytes: 16_384 })).toBeUndefined();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('declines text whose full parse has something to say, and addresses it cannot hold', () => {
    const good = '00400000-00401000 r--p 00000000 08:01 12 /bin/x\n00401000-00402000 r-xp 00001000 08:01 12 /bin/x\n';
    const aligned = good.replace(/ 12 /g, ' 12'.padEnd(50, ' ') + ' ');
    expect(scanLookup(encode(aligned), [0x400000n])).toBeUndefined(); // names past the kernel's column
    const kernel = ['00400000-00401000 r--p 00000000 08:01 12', '00401000-00402000 r-xp 00001000 08:01 12'];
    expect(scanLookup(encode(kernel.join('\n') + '\n'), [0x400000n])?.regions.length).toBe(1);
    expect(scanLookup(encode(kernel.join('\n')), [0x400000n])).toBeUndefined(); // the last line has no newline
    expect(scanLookup(encode([...kernel].reverse().join('\n') + '\n'), [0x400000n])).toBeUndefined(); // out of order
    expect(scanLookup(encode(kernel.join('\n') + '\n'), [-1n])).toBeUndefined();
    expect(scanLookup(encode(''), [0n])).toBeUndefined();
  });
});
