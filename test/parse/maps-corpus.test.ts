/**
 * Every *.maps file of the corpus (test/fixtures/corpus/README.md says where each comes from
 * and how close it is to kernel output). For all: each line accounted for, fields equal to a
 * plain regex reading, order warnings equal to brute force. Kernel-verbatim files must parse
 * clean and round-trip byte for byte; the hand-written ones must give the errors and warnings
 * their README row predicts. Counts below are the README's, or read off the file by eye.
 */
import { describe, expect, it } from 'vitest';
import { formatMapsLine } from '../../src/model/region';
import { parseProcMaps } from '../../src/parse/maps';
import type { ParseResult } from '../../src/parse/result';
import { accountFor, checkOrderWarnings, listCorpus, readCorpus, referenceFields, splitLines } from '../helpers/fixtures';
import { orderWarnings } from './maps-expect';

interface CorpusExpectation {
  /**
   * How lines round-trip through formatMapsLine: the kernel's 64- or 32-bit layout byte for
   * byte; `trimmed` = 64-bit layout whose anonymous lines lost their trailing space; `none` =
   * not the kernel's layout (hand-typed or tool output).
   */
  layout: 64 | 32 | 'trimmed' | 'none';
  errors: [line: number, code: string][];
  warnings: [line: number, code: string][];
  /** Pathnames of some lines, as the file's text has them. */
  pathnames?: Record<number, string | null>;
  /** Extra checks of the README's edge cases. */
  check?: (result: ParseResult, lines: string[]) => void;
}

const regionsOf = (r: ParseResult) => r.regions.toArray();

const CORPUS: Record<string, CorpusExpectation> = {
  'aosp-libmeminfo-short-excerpt.maps': {
    layout: 64,
    errors: [],
    // The README calls these 6 lines "NOT sorted"; they are unsorted only as text
    // ("701ea000" sorts after "70074dd8d000"). As numbers they ascend, so no warning is right.
    warnings: [],
    check: (result, lines) => {
      expect([...lines].sort()).not.toEqual(lines);
      const begins = lines.map((l) => referenceFields(l)!.begin);
      expect([...begins].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(begins);
      expect(regionsOf(result).map((r) => r.kind)).toEqual(['named-anonymous', 'file', 'named-anonymous', 'file', 'file', 'vsyscall']);
    },
  },
  'aosp-libprocinfo-arm64.maps': {
    layout: 64,
    errors: [],
    warnings: [],
    check: (result) => {
      const regions = regionsOf(result);
      expect(regions.some((r) => r.device.major === 0x103 && r.device.minor === 0x1d)).toBe(true);
      // README: 316 '/dev/ashmem/... (deleted)' names; 219 /dev/kgsl-3d0 lines, all shared
      // (the README says "rw-s"; one of them, by grep, is r--s).
      expect(regions.filter((r) => r.pathname?.startsWith('/dev/ashmem/') && r.isDeleted)).toHaveLength(316);
      const kgsl = regions.filter((r) => r.pathname === '/dev/kgsl-3d0');
      expect(kgsl).toHaveLength(219);
      expect(kgsl.every((r) => r.isShared)).toBe(true);
      for (const r of regions.filter((x) => x.pathname?.startsWith('/dev/ashmem/'))) expect(r.kind).toBe('shared-memory');
      expect(regions.some((r) => r.pathname === '/dev/ashmem/dalvik-main space (region space) (deleted)')).toBe(true);
      expect(regions.some((r) => r.pathname === '[anon:System property context nodes]' && r.kind === 'named-anonymous')).toBe(true);
      expect(regions.some((r) => r.permissions.text === '---p' && r.offset !== 0n && r.isDeleted)).toBe(true);
    },
  },
  'aosp-unwindstack-straddle_arm-toolgen.maps': {
    layout: 'none',
    errors: [],
    // Non-kernel syntax, said once per kind on the first line: inclusive ends (0x…fff) on all 4
    // lines, and 3 spaces before the name instead of the kernel's padding.
    warnings: [
      [1, 'inclusive-end'],
      [1, 'short-padding'],
    ],
    pathnames: { 1: 'libbase.so', 2: '[stack:25941]', 3: 'libc.so', 4: '/does/not/exist/libhidlbase.so' },
    check: (result) => {
      // Written by an unwinder with inclusive ends: every size is one byte short of a page multiple.
      for (const r of regionsOf(result)) expect(r.sizeBytes % 0x1000n).toBe(0xfffn);
      expect(regionsOf(result)[1].kind).toBe('thread-stack');
    },
  },
  'dlhiddensym-openjdk8-docker.maps': {
    layout: 'trimmed',
    errors: [],
    warnings: [],
    check: (result) => {
      const regions = regionsOf(result);
      expect(regions.some((r) => r.begin === 0xd9200000n && r.end === 0x100000000n)).toBe(true);
      expect(regions.some((r) => r.begin === 0x100000000n && r.end === 0x1001c0000n)).toBe(true);
      expect(regions.some((r) => r.permissions.text === 'r--s' && r.pathname?.endsWith('.jar'))).toBe(true);
    },
  },
  'fuglu-glibc-abort-stack-tid.maps': {
    layout: 'trimmed',
    errors: [],
    warnings: [],
    check: (result, lines) => {
      const tids = lines.filter((l) => /\[stack:\d+\]$/.test(l)).length;
      expect(tids).toBe(7); // README: [stack:12]..[stack:18]
      const stacks = regionsOf(result).filter((r) => r.kind === 'thread-stack').map((r) => r.pathname!);
      expect(stacks.sort()).toEqual(['12', '13', '14', '15', '16', '17', '18'].map((t) => `[stack:${t}]`));
      const kinds = new Set(regionsOf(result).map((r) => r.kind));
      for (const k of ['vvar', 'vdso', 'vsyscall', 'heap', 'stack']) expect(kinds).toContain(k);
    },
  },
  'gem5doc-aarch64-39bit.maps': {
    layout: 64,
    errors: [],
    warnings: [],
    check: (result) => {
      const regions = regionsOf(result);
      expect(regions.find((r) => r.pathname === '[stack]')?.end).toBe(0x8000000000n);
      const mem = regions.find((r) => r.pathname === '/dev/mem');
      expect([mem?.permissions.text, mem?.offset, mem?.device]).toEqual(['rw-s', 0x10010000n, { major: 0, minor: 6 }]);
    },
  },
  'gomarkablestream-remarkable-arm32.maps': {
    layout: 32,
    errors: [],
    warnings: [],
    check: (result, lines) => {
      const regions = regionsOf(result);
      const vectors = regions.find((r) => r.pathname === '[vectors]');
      expect([vectors?.begin, vectors?.kind]).toEqual([0xffff0000n, 'pseudo']);
      // Names start at index 49 on every named line of a 32-bit process.
      for (const r of regions) if (r.pathname !== null) expect(lines[r.line - 1].indexOf(r.pathname)).toBe(49);
    },
  },
  'promprocfs-26232-edited.maps': {
    layout: 64,
    errors: [],
    warnings: [],
    check: (result) => {
      const edited = regionsOf(result)[1];
      expect([edited.permissions.text, edited.offset, edited.pathname]).toEqual(['rwxs', 0xa000n, '/bin/cat']);
    },
  },
  'promprocfs-26234-oldstyle.maps': {
    layout: 'none',
    errors: [],
    // One space before each of the 3 names (2.4-era or hand-typed): one warning for the three.
    warnings: [[1, 'short-padding']],
    pathnames: { 1: '/bin/tcsh', 2: '/bin/tcsh', 3: null, 4: '/lib/ld-2.3.2.so' },
  },
  'pwndbg-vmmap-comment-excerpt.maps': { layout: 'trimmed', errors: [], warnings: [] },
  'rsprocmaps-golden.maps': {
    layout: 64,
    errors: [],
    warnings: [],
    check: (result) => {
      const vsyscall = regionsOf(result).find((r) => r.contains(0xffffffffff600000n));
      expect([vsyscall?.pathname, vsyscall?.permissions.text]).toEqual(['[vsyscall]', '--xp']);
    },
  },
  'rsprocmaps-unusual-handwritten.maps': {
    layout: 'none',
    // Line 1: device "255:2346278" — minor 0x2346278 is wider than the kernel's 20 bits.
    errors: [[1, 'bad-device']],
    // Lines 2-9 are all "1-1": empty, and each a duplicate of the one before it. Non-kernel
    // syntax, once per kind on its first line: 1-digit devices, addresses and offsets, addresses
    // inside a page, one space before the names.
    warnings: [
      [2, 'empty-region'],
      [2, 'device-format'],
      [2, 'number-format'],
      [2, 'unaligned-address'],
      ...[3, 4, 5, 6, 7, 8, 9].flatMap((line): [number, string][] => [
        [line, 'empty-region'],
        [line, 'duplicate'],
        ...(line === 6 ? [[6, 'short-padding'] as [number, string]] : []),
      ]),
    ],
    pathnames: { 2: null, 3: null, 6: 'something', 7: 'something (deleted)', 8: 'some\\e012thing (deleted)', 9: '[stack:999]', 10: 'foo' },
  },
};

describe('maps: the shared corpus', () => {
  const files = listCorpus('.maps');

  it('every corpus .maps file has an expectation here, and every expectation a file', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files).toEqual(Object.keys(CORPUS).sort());
  });

  it.each(files)('%s', (name) => {
    const want = CORPUS[name];
    const text = readCorpus(name);
    const lines = splitLines(text);
    const result = parseProcMaps(text);
    expect(accountFor(text, result)).toEqual([]);

    // A line is a region exactly when a regex reading finds valid fields, and then they agree.
    const rowOfLine = new Map(regionsOf(result).map((r) => [r.line, r]));
    lines.forEach((line, i) => {
      const ref = referenceFields(line);
      const r = rowOfLine.get(i + 1);
      if (/^[ \t]*$/.test(line)) return;
      expect(r !== undefined, `line ${i + 1}: ${line}`).toBe(ref !== undefined);
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

    const diag = (severity: string) => result.diagnostics.filter((d) => d.severity === severity).map((d) => [d.line, d.code]);
    expect(diag('error')).toEqual(want.errors);
    expect(diag('warning')).toEqual(want.warnings);
    const spans = regionsOf(result).map((r) => ({ line: r.line, begin: r.begin, end: r.end }));
    expect(checkOrderWarnings(spans, orderWarnings(result.diagnostics))).toEqual([]);

    if (want.layout !== 'none') {
      for (const r of regionsOf(result)) {
        const line = lines[r.line - 1];
        const formatted = formatMapsLine(r, { pointerBits: want.layout === 32 ? 32 : 64 });
        if (want.layout === 'trimmed' && r.pathname === null) expect(formatted).toBe(line + ' ');
        else expect(formatted, `line ${r.line}`).toBe(line);
      }
    }
    for (const [line, pathname] of Object.entries(want.pathnames ?? {})) {
      expect(rowOfLine.get(Number(line))?.pathname, `line ${line}`).toBe(pathname);
    }
    want.check?.(result, lines);
  });
});
