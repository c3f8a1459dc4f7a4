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
import { formatMapsLine, type RegionFields } from '../../src/model/region';
import type { RegionTable } from '../../src/model/region-table';
import { RegionIndex, type LookupResult } from '../../src/query/region-index';
import { scanLookup } from '../../src/parse/scan-lookup';
import { generateMaps } from '../bench/generate-maps';
import { listCorpus, readCorpus } from '../helpers/fixtures';

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
function scanAnswers(bytes: Uint8Array, addresses: bigint[]) {
  const scanned = scanLookup(bytes, addresses);
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

const PAGE = 0x1000n;
const pages = (max: number) => fc.integer({ min: 0, max }).map((n) => BigInt(n) * PAGE);
const NAMES = ['/usr/lib/libc.so.6', '[heap]', '[stack]', '[vdso]', '[vvar]', '[anon:glibc: pthread stack: 12]', '/dev/zero (deleted)', '/memfd:x (deleted)', 'anon_inode:[perf]', '/a b', '/x '];
const name = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(' ', '/', 'a', '\\', '[', ']', '\t', 'é', '\u202e', '\r'), minLength: 1, maxLength: 8 }) },
);
/** One region above `at`: a gap of whole pages, a size of whole pages (64 KiB – 8 MiB sometimes, for thread stacks). */
const step = fc.record({
  gap: fc.oneof(fc.constant(0n), pages(4), pages(1 << 20)),
  size: fc.oneof(pages(3).map((s) => s + PAGE), fc.constantFrom(0x10000n, 0x800000n)),
  perms: fc.integer({ min: 0, max: 15 }),
  offset: fc.oneof(fc.constant(0n), pages(100)),
  device: fc.constantFrom({ major: 0, minor: 0 }, { major: 0xfe, minor: 1 }, { major: 0x103, minor: 0xfffff }),
  inode: fc.oneof({ weight: 30, arbitrary: fc.constantFrom(0n, 7n, 1234567n, 999_999_999_999_999n) }, { weight: 1, arbitrary: fc.constant(1_000_000_000_000_000n) }),
  pathname: fc.option(name, { nil: null, freq: 2 }),
  /** A thread stack instead (model/thread-stacks.ts): an anonymous ---p guard page, and anonymous rw-p memory right above it. */
  threadStack: fc.boolean(),
});

/** Ascending, non-overlapping regions from `base`, as the kernel lists them. */
function layout(base: bigint, steps: { gap: bigint; size: bigint; perms: number; offset: bigint; device: { major: number; minor: number }; inode: bigint; pathname: string | null; threadStack: boolean }[]): RegionFields[] {
  const regions: RegionFields[] = [];
  let at = base;
  const anonymous = { offset: 0n, device: { major: 0, minor: 0 }, inode: 0n, pathname: null };
  for (const s of steps) {
    const begin = at + s.gap;
    const end = begin + s.size;
    if (s.threadStack) {
      if (begin + PAGE + 0x10000n > U64_MAX) break;
      regions.push({ ...anonymous, begin, end: begin + PAGE, perms: 0 }, { ...anonymous, begin: begin + PAGE, end: begin + PAGE + 0x10000n, perms: 3 });
      at = begin + PAGE + 0x10000n;
      continue;
    }
    if (end > U64_MAX) break;
    regions.push({ begin, end, perms: s.perms, offset: s.offset, device: s.device, inode: s.inode, pathname: s.pathname });
    at = end;
  }
  return regions;
}

/** A change that may take the text off the scan's path (or not): the full path must then be taken. */
const mutation = fc.oneof(
  { weight: 12, arbitrary: fc.constant((t: string) => t) },
  fc.constant((t: string) => t.slice(0, -1)), // no final newline
  fc.constant((t: string) => t.replace(/\n/g, '\r\n')),
  fc.constant((t: string) => '\ufeff' + t),
  fc.constant((t: string) => t + '\n'),
  fc.constant((t: string) => t.toUpperCase()),
  fc.constant((t: string) => t.replace(/ {2,}/, ' ')),
  fc.constant((t: string) => t.replace(/ /, '  ')),
  fc.constant((t: string) => t.split('\n').reverse().join('\n')),
  fc.constant((t: string) => t.replace(/^([0-9a-f]+)-/m, (_, b: string) => `${b}-${b} `)),
  fc.integer({ min: 0, max: 40 }).map((i) => (t: string) => {
    const lines = t.split('\n');
    lines.splice(i % lines.length, 0, lines[(i * 7) % lines.length]); // a duplicate or an overlap
    return lines.join('\n');
  }),
  fc.constantFrom('garbage', 'Rss: 4 kB', '# header', '7f0000000000-7f0000001000 r--p 00000000 00:00 0 x').map((bad) => (t: string) => bad + '\n' + t),
);

const address = (regions: RegionFields[]) =>
  fc.oneof(
    fc.bigInt({ min: 0n, max: U64_MAX }),
    fc.constantFrom(0n, U64_MAX, 0xffff_ffff_ff60_0000n, 1n << 47n),
    ...(regions.length === 0
      ? []
      : [fc.integer({ min: 0, max: regions.length - 1 }).chain((i) => fc.constantFrom(regions[i].begin, regions[i].end - 1n, regions[i].end, regions[i].begin - 1n).filter((a) => a >= 0n))]),
  );

describe('scanLookup', () => {
  it('answers as the full path does, for random maps texts and addresses; declines what it cannot vouch for', () => {
    let answered = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.oneof(pages(0xffff), pages(0x7fff_ffff).map((p) => p << 12n), fc.constant(0xffff_ffff_ff60_0000n)),
        fc.array(step, { minLength: 1, maxLength: 14 }),
        fc.boolean(),
        mutation,
        fc.boolean(),
        (base, steps, withVsyscall, mutate, thirtyTwo) => {
          const regions = layout(base, steps);
          if (withVsyscall && (regions.length === 0 || regions[regions.length - 1].end <= 0xffff_ffff_ff60_0000n)) {
            regions.push({ begin: 0xffff_ffff_ff60_0000n, end: 0xffff_ffff_ff60_1000n, perms: 5, offset: 0n, device: { major: 0, minor: 0 }, inode: 0n, pathname: '[vsyscall]' });
          }
          const pointerBits = thirtyTwo && regions.every((r) => r.end <= 0xffff_ffffn) ? 32 : 64;
          const text = mutate(regions.map((r) => formatMapsLine(r, { pointerBits }) + '\n').join(''));
          return fc.assert(
            fc.property(fc.array(address(regions), { minLength: 1, maxLength: 4 }), (addresses) => {
              runs++;
              if (agrees(text, addresses)) answered++;
            }),
            { numRuns: 3 },
          );
        },
      ),
      { numRuns: 400 },
    );
    // The texts are mostly as the kernel writes them: the scan must answer a good share, not decline everything.
    expect(answered).toBeGreaterThan(runs / 4);
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
