/**
 * Fuzzing the tolerant parse as the app and the CLI run it (bytes → readInputStream → parseInputText
 * → RegionIndex.build) over arbitrary strings, arbitrary bytes, and byte-level
 * mutations of real files (this process's /proc/self/maps, test fixtures, the corpus,
 * the hostile corpus): nothing throws but a documented InputError, and every line is accounted
 * for (test/parse/format-accounting.ts). Then the worst shapes for parse time (one 1 MiB line,
 * 100,000 empty lines, a realistic file) are read and accounted for; whether their time stays
 * linear in the size is timed by test/bench/harden.bench.ts (no timing here). (detect.test.ts
 * fuzzes damaged lines of real files as text; this adds bytes and sizes.)
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError, parseInputText, readInputStream, type InputText } from '../../src/internal';
import { FORMAT_NAMES, RegionIndex, parseMaps, type FormatName, type ParseResult } from '../../src/internal';
import { generateMaps } from '../bench/generate-maps';
import { MANY_LINE_SHAPES, ONE_LINE_SHAPES } from '../bench/worst-shapes';
import { hostileMapsBytes, hostileSmapsText } from '../fixtures/hostile/names';
import { CORPUS_DIR, fixturePath, listCorpus } from '../helpers/fixtures';
import { accountForFormat } from './format-accounting';

/** Fuzz runs per property (the README's "Hardening" section quotes the total). */
export const FUZZ_RUNS = { strings: 2000, bytes: 1000, mutations: 1500, formats: 600 } as const;

const FORMATS: (FormatName | undefined)[] = [undefined, ...FORMAT_NAMES];
const FILE_NAMES = [undefined, 'maps', 'smaps', '1234.smaps_rollup', 'pmap.txt', 'gdb.log', 'x.maps.gz'];

/** Parses and indexes like the worker; returns the problems found (none expected). */
function parseLikeTheApp(text: string, options: { format?: FormatName; fileName?: string } = {}, input?: InputText): { result: ParseResult; problems: string[] } {
  // From bytes, the decoder's notes (invalid UTF-8 lines) join the parse's, and are accounted for too.
  const result = input ? parseInputText(input, options) : parseMaps(text, options);
  const problems = accountForFormat(text, result);
  const index = RegionIndex.build(result.regions);
  // The index covers every region exactly once, whatever the input's order or overlaps.
  if (index.order.length !== result.regions.length) problems.push(`index holds ${index.order.length} of ${result.regions.length} regions`);
  return { result, problems };
}

/** The worker's path from bytes: an InputError (binary, empty …) is an answer, anything else thrown is a bug. */
async function loadBytes(bytes: Uint8Array, fileName?: string): Promise<string[]> {
  let input: InputText;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream() as ReadableStream<Uint8Array>;
    input = await readInputStream(stream, { totalBytes: bytes.length });
  } catch (error) {
    if (error instanceof InputError && error.message.length > 10) return [];
    throw error;
  }
  return parseLikeTheApp(input.text, { fileName }, input).problems;
}

/** Real files as bytes: this process's maps and smaps, fixtures, the corpus, the hostile corpus. */
function realFiles(): Uint8Array[] {
  const files: Uint8Array[] = [readFileSync('/proc/self/maps'), readFileSync('/proc/self/smaps')];
  for (const f of ['maps/node-20-self.maps', 'smaps/python-mapper.smaps', 'pmap/python-mapper.pmap-X.txt', 'gdb/python-mapper.gdb13.txt']) files.push(readFileSync(fixturePath(f)));
  for (const f of listCorpus('')) if (f !== 'README.md') files.push(readFileSync(`${CORPUS_DIR}/${f}`));
  files.push(hostileMapsBytes({ badLines: true }), new TextEncoder().encode(hostileSmapsText()));
  // Large files are cut to their first 64 KiB: mutations matter, not length.
  return files.map((b) => (b.length > 65_536 ? b.subarray(0, 65_536) : b));
}

/** Bytes that matter to the parsers and the decoder. */
const interestingByte = fc.constantFrom(0x0a, 0x0d, 0x20, 0x09, 0x2d, 0x3a, 0x5b, 0x5d, 0x30, 0x66, 0x78, 0x7f, 0x80, 0xc3, 0xe2, 0xed, 0xef, 0xbb, 0xbf, 0xff, 0x00);
const someBytes = fc.array(fc.oneof(interestingByte, fc.integer({ min: 0, max: 255 })), { maxLength: 24 });

type Mutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'set'; at: number; value: number }
  | { op: 'insert'; at: number; bytes: number[] }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number; to: number }
  | { op: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: fc.oneof(interestingByte, fc.integer({ min: 0, max: 255 })) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: someBytes }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 400 }), to: fc.nat() }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(input: Uint8Array, mutations: Mutation[]): Uint8Array {
  let b = Array.from(input);
  for (const m of mutations) {
    const at = b.length === 0 ? 0 : m.at % (b.length + 1);
    switch (m.op) {
      case 'flip':
        if (at < b.length) b[at] ^= 1 << m.bit;
        break;
      case 'set':
        if (at < b.length) b[at] = m.value;
        break;
      case 'insert':
        b.splice(at, 0, ...m.bytes);
        break;
      case 'delete':
        b.splice(at, m.length);
        break;
      case 'duplicate':
        b.splice(b.length === 0 ? 0 : m.to % (b.length + 1), 0, ...b.slice(at, at + m.length));
        break;
      case 'truncate':
        b = b.slice(0, at);
        break;
    }
  }
  return Uint8Array.from(b);
}

describe('fuzz: tolerant parsing never throws and accounts for every line', () => {
  // Found by the properties below; kept as cases.
  it.each([
    ['a CR alone on a line of a file that is not CRLF is text, not an empty line', '\n\r\n'],
    ['the same at the end, without a newline', '\n\r'],
    ['smaps: the last line of a CRLF file keeps a CR with no newline after it', '\r\nx\r'],
    ['smaps: and a last line of spaces and a CR is not blank', '\r\n \r'],
  ])('%s', (_, text) => {
    for (const format of FORMATS) expect(parseLikeTheApp(text, { format }).problems).toEqual([]);
  });

  it('arbitrary strings, every format forced or detected, every file-name hint', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.string({ unit: 'grapheme-ascii', maxLength: 400 }),
      // Text built from the formats' own tokens reaches deeper than random characters.
      fc
        .array(
          fc.constantFrom('7f00', '0000', 'ffffffffff600000', '-', ' ', '  ', '\t', 'r-xp', 'rw-s', '---p', '08:01', '00:00', '1234', '0x', '[heap]', '/lib/x.so', 'kB', 'Size:', 'Rss:', 'VmFlags:', 'rd', '\n', '\r\n', '\ufeff', 'Address', 'Kbytes', 'total', 'Start Addr', '\u202e', '\u001b'),
          { maxLength: 80 },
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, fc.constantFrom(...FORMATS), fc.constantFrom(...FILE_NAMES), (t, format, fileName) => {
        expect(parseLikeTheApp(t, { format, fileName }).problems).toEqual([]);
      }),
      { numRuns: FUZZ_RUNS.strings },
    );
  });

  it('arbitrary bytes, decoded as the app decodes them (UTF-8, not fatal; gzip and binary sniffed)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 2000 }), someBytes.map((b) => Uint8Array.from(b))), fc.constantFrom(...FILE_NAMES), async (bytes, fileName) => {
        expect(await loadBytes(bytes, fileName)).toEqual([]);
      }),
      { numRuns: FUZZ_RUNS.bytes },
    );
  });

  it('byte-level mutations of real files (/proc/self, fixtures, corpus, hostile names)', async () => {
    const files = realFiles();
    expect(files.length).toBeGreaterThan(15);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: files.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 12 }), fc.constantFrom(...FILE_NAMES), async (which, mutations, fileName) => {
        expect(await loadBytes(mutate(files[which], mutations), fileName)).toEqual([]);
      }),
      { numRuns: FUZZ_RUNS.mutations },
    );
  });

  it('mutated real files read as each format in turn', () => {
    const files = realFiles();
    const decoder = new TextDecoder('utf-8');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: files.length - 1 }), fc.array(mutation, { maxLength: 6 }), fc.constantFrom(...FORMAT_NAMES), (which, mutations, format) => {
        const text = decoder.decode(mutate(files[which], mutations));
        expect(parseLikeTheApp(text, { format }).problems).toEqual([]);
      }),
      { numRuns: FUZZ_RUNS.formats },
    );
  });
});

describe('the worst shapes for parse time, read and accounted for (their timing: npm run bench -- harden)', () => {
  // Whether the parse time stays linear in these shapes is a timing question: harden.bench.ts
  // times each at two sizes and prints the per-byte ratio. Here, what they must give.
  const MiB = 1024 * 1024;
  for (const [shape, make] of ONE_LINE_SHAPES) {
    it(`one line of 1 MiB: ${shape}, detected and as each format`, () => {
      const text = make(MiB);
      for (const format of FORMATS) expect(parseLikeTheApp(text, { format }).problems, format ?? 'detected').toEqual([]);
    });
  }

  for (const [shape, make] of MANY_LINE_SHAPES) {
    it(`100,000 lines: ${shape}`, () => {
      const text = make(100_000);
      for (const format of [undefined, 'maps', 'smaps'] as const) expect(parseLikeTheApp(text, { format }).problems, format ?? 'detected').toEqual([]);
    });
  }

  it('realistic maps of 2 MB: every region read and indexed', () => {
    const g = generateMaps({ regions: Math.round(2e6 / 90), seed: 7 });
    const { result, problems } = parseLikeTheApp(g.text);
    expect(problems).toEqual([]);
    expect(result.regions.length).toBe(g.text.trimEnd().split('\n').length);
  });
});
