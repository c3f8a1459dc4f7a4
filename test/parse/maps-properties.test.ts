/**
 * Properties of the maps parser (fast-check): kernel-formatted lines round-trip exactly, and
 * any text at all — unicode, control characters, broken lines — parses without throwing, with
 * every line accounted for and a line kept as a region exactly when a plain regex reading of it
 * (test/helpers/fixtures.ts referenceFields) finds valid fields.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { U64_MAX } from '../../src/address';
import { formatMapsLine, type RegionFields } from '../../src/model/region';
import { parseProcMaps } from '../../src/parse/maps';
import type { ParseResult } from '../../src/parse/result';
import { accountFor, checkOrderWarnings, referenceFields, splitLines } from '../helpers/fixtures';
import { DEVIATION_CODES, orderWarnings } from './maps-expect';

const u64 = fc.oneof(
  fc.bigInt({ min: 0n, max: U64_MAX }),
  fc.constantFrom(0n, 1n, 0xffff_ffffn, 0x1_0000_0000n, 2n ** 53n + 1n, 0xffff_ffff_ff60_0000n, U64_MAX),
);
const u32 = fc.bigInt({ min: 0n, max: 0xffff_ffffn });
/** The kernel's addresses are whole pages (mm/mmap.c); other ones are deviations, tested apart. */
const page = (a: fc.Arbitrary<bigint>) => a.map((x) => x & ~0xfffn);

/** Name characters: anything but "\n", weighted towards the ones that confuse parsers. */
const nameChar = fc.oneof(
  fc.constantFrom(' ', ' ', '\t', '\r', '\v', '\f', '\u2028', '\u0085', '\\', '(', ')', '[', ']', ':', '-', '/', '0', 'a', 'é', '😀'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\n'),
);
const pathname = fc.oneof(
  fc.string({ unit: nameChar, minLength: 1, maxLength: 40 }),
  fc.constantFrom('[heap]', '[stack]', '[vdso]', '[vvar]', '[vsyscall]', '/dev/zero (deleted)', '/usr/lib/libc.so.6', '[anon: glibc: loader malloc]'),
  fc.string({ unit: nameChar, maxLength: 20 }).map((s) => `/tmp/${s} (deleted)`),
);
/** proc(5): the kernel never writes an empty or all-space name (d_path starts with "/"). */
const optionalName = fc.option(
  pathname.filter((s) => /[^ ]/.test(s)),
  { nil: null, freq: 4 },
);

function regionFields(addr: fc.Arbitrary<bigint>, word: fc.Arbitrary<bigint>): fc.Arbitrary<RegionFields> {
  return fc
    .record({
      a: addr,
      b: addr,
      perms: fc.integer({ min: 0, max: 15 }),
      offset: word,
      major: fc.integer({ min: 0, max: 0xfff }),
      minor: fc.integer({ min: 0, max: 0xfffff }),
      inode: word,
      pathname: optionalName,
    })
    .map(({ a, b, perms, offset, major, minor, inode, pathname }) => ({
      begin: a < b ? a : b,
      end: a < b ? b : a,
      perms,
      offset,
      device: { major, minor },
      inode,
      pathname,
    }));
}

const fields64 = regionFields(page(u64), u64);

/** 32-bit lines: 8-digit addresses. */
const fields32 = regionFields(page(u32), u32);

/**
 * What a one-line text makes of a name that starts with spaces (maps-padding.ts): one line alone
 * is not "aligned as the kernel writes it", so spaces past the kernel's column are padding and
 * are dropped, with an `extra-padding` warning — unless they bring a 32-bit line's name exactly
 * to the 64-bit column, which is the kernel's own layout there.
 */
function oneLineName(f: RegionFields, bits: 32 | 64): { name: string | null; warn: boolean } {
  if (f.pathname === null) return { name: null, warn: false };
  const lead = /^ */.exec(f.pathname)![0].length;
  if (lead === 0) return { name: f.pathname, warn: false };
  const prefix = formatMapsLine({ ...f, pathname: null }).length; // "...inode "
  const col64 = Math.max(72, prefix) + 1;
  const at = (bits === 64 ? col64 : Math.max(48, prefix) + 1) + lead;
  return { name: f.pathname.slice(lead), warn: at !== col64 };
}

function expectFields(result: ParseResult, row: number, f: RegionFields, pathname = f.pathname): void {
  const r = result.regions.get(row);
  expect([r.begin, r.end, r.perms, r.offset, r.device, r.inode, r.pathname]).toEqual([
    f.begin,
    f.end,
    f.perms,
    f.offset,
    f.device,
    f.inode,
    pathname,
  ]);
}

describe('maps properties: kernel-formatted lines round-trip', () => {
  it.each([
    [64, fields64],
    [32, fields32],
  ] as const)('%i-bit: formatMapsLine -> parse gives the same fields, and format gives the same text', (bits, arb) => {
    fc.assert(
      fc.property(arb, (f) => {
        const line = formatMapsLine(f, { pointerBits: bits });
        const result = parseProcMaps(line);
        expect(accountFor(line, result)).toEqual([]);
        const { name, warn } = oneLineName(f, bits);
        const want = [...(f.begin === f.end ? [[1, 'empty-region']] : []), ...(warn ? [[1, 'extra-padding']] : [])];
        expect(result.diagnostics.map((d) => [d.line, d.code])).toEqual(want);
        expectFields(result, 0, f, name);
        if (name === f.pathname) expect(result.regions.get(0).format({ pointerBits: bits })).toBe(line);
      }),
      { numRuns: 400 },
    );
  });

  it('whole files (LF or CRLF, with or without BOM and final newline) keep every field of every line', () => {
    const first: RegionFields = {
      begin: 0x400000n,
      end: 0x401000n,
      perms: 5,
      offset: 0n,
      device: { major: 8, minor: 2 },
      inode: 7n,
      pathname: '/usr/bin/true',
    };
    fc.assert(
      fc.property(fc.array(fields64, { maxLength: 25 }), fc.boolean(), fc.boolean(), fc.boolean(), (rest, crlf, bom, finalNewline) => {
        const all = [first, ...rest];
        const eol = crlf ? '\r\n' : '\n';
        const text = (bom ? '\ufeff' : '') + all.map((f) => formatMapsLine(f)).join(eol) + (finalNewline ? eol : '');
        const result = parseProcMaps(text);
        expect(accountFor(text, result)).toEqual([]);
        expect(result.stats).toMatchObject({ lines: all.length, regions: all.length, rejected: 0 });
        // Names that start with spaces keep them when the named lines at the kernel's column are
        // at least as many (maps-padding.ts); otherwise the spaces are padding, dropped with a warning.
        const named = all.filter((f) => f.pathname !== null);
        const spaced = named.filter((f) => f.pathname!.startsWith(' ')).length;
        const keep = spaced === 0 || named.length - spaced >= spaced;
        all.forEach((f, i) => expectFields(result, i, f, keep ? f.pathname : (f.pathname?.replace(/^ +/, '') ?? null)));
        const spans = result.regions.toArray().map((r) => ({ line: r.line, begin: r.begin, end: r.end }));
        expect(checkOrderWarnings(spans, orderWarnings(result.diagnostics))).toEqual([]);
        const padding = result.diagnostics.filter((d) => d.code === 'extra-padding' || d.code === 'name-leading-spaces');
        expect(padding.map((d) => d.code)).toEqual(spaced === 0 ? [] : [keep ? 'name-leading-spaces' : 'extra-padding']);
        expect(result.diagnostics.length).toBe(orderWarnings(result.diagnostics).length + padding.length);
      }),
      { numRuns: 200 },
    );
  });
});

/** Applies edits (delete, insert, replace at a position) to a line. */
function mutate(line: string, edits: [number, number, string][]): string {
  let s = line;
  for (const [at, op, ch] of edits) {
    const i = s.length === 0 ? 0 : at % (s.length + 1);
    if (op === 0) s = s.slice(0, i) + s.slice(i + 1);
    else if (op === 1) s = s.slice(0, i) + ch + s.slice(i);
    else s = s.slice(0, i) + ch + s.slice(i + 1);
  }
  return s;
}

const editChar = fc.constantFrom(' ', '\t', '-', ':', '0', 'f', 'F', 'g', 'x', 'r', 'w', 'p', 's', '\r', '\n', '9', '\u00a0', '');
const mutatedLine = fc
  .tuple(
    fields64.map((f) => formatMapsLine(f)),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 2 }), editChar), { maxLength: 4 }),
  )
  .map(([line, edits]) => mutate(line, edits));
const anyLine = fc.oneof(
  mutatedLine,
  fields64.map((f) => formatMapsLine(f)),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: fc.constantFrom('0', '1', 'f', '-', ' ', '\t', ':', 'r', 'w', 'x', 'p', 's', '\r'), maxLength: 60 }),
  fc.constantFrom('', ' ', '\t', '\r', '\ufeff', '0-0 ---p 0 0:0 0'),
);
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 500 }),
  fc.tuple(fc.array(anyLine, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), fc.boolean()).map(([lines, eol, bom]) => (bom ? '\ufeff' : '') + lines.join(eol)),
);

describe('maps properties: tolerant parsing of any text', () => {
  it('never throws; every line accounted for; a region exactly where a regex reading finds valid fields', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = parseProcMaps(text);
        expect(accountFor(text, result)).toEqual([]);
        const rowOfLine = new Map(result.regions.toArray().map((r) => [r.line, r]));
        splitLines(text).forEach((line, i) => {
          if (/^[ \t]*$/.test(line)) return;
          const ref = referenceFields(line);
          const r = rowOfLine.get(i + 1);
          expect(r !== undefined, JSON.stringify(line)).toBe(ref !== undefined);
          if (r && ref) {
            expect([r.begin, r.end, r.permissions.text, r.offset, BigInt(r.device.major), BigInt(r.device.minor), r.inode]).toEqual([
              ref.begin,
              ref.end,
              ref.perms,
              ref.offset,
              ref.major,
              ref.minor,
              ref.inode,
            ]);
          }
        });
        const spans = result.regions.toArray().map((r) => ({ line: r.line, begin: r.begin, end: r.end }));
        expect(checkOrderWarnings(spans, orderWarnings(result.diagnostics))).toEqual([]);
        for (const d of result.diagnostics) {
          expect(d.message.length).toBeGreaterThan(0);
          expect(d.code).toMatch(/^[a-z-]+$/);
        }
        // Every other warning is one of the kinds of non-kernel syntax, at most once each.
        const others = result.diagnostics.filter((d) => d.severity === 'warning' && !orderWarnings([d]).length).map((d) => d.code);
        for (const code of others) expect(DEVIATION_CODES).toContain(code);
        expect(new Set(others).size).toBe(others.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('order warnings agree with brute force on random, often overlapping ranges', () => {
    const range = fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 })).map(([a, b]) => [BigInt(Math.min(a, b)) << 12n, BigInt(Math.max(a, b)) << 12n] as const);
    fc.assert(
      fc.property(fc.array(range, { maxLength: 12 }), (ranges) => {
        const text = ranges.map(([b, e]) => `${b.toString(16)}-${e.toString(16)} r--p 00000000 00:00 0 `).join('\n');
        const result = parseProcMaps(text);
        expect(result.regions.length).toBe(ranges.length);
        const spans = result.regions.toArray().map((r) => ({ line: r.line, begin: r.begin, end: r.end }));
        expect(checkOrderWarnings(spans, orderWarnings(result.diagnostics))).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});
