/**
 * The maps parser's fast paths (maps-ascii.ts: bytes, a window at a time; MapsLineParser's
 * parseKernelLine: character codes) against the checked path they fall back to: for any text the
 * three give the same regions, pathnames, diagnostics and counts. Also the seams of the fast
 * paths: window boundaries, lines longer than a window, text that is ASCII only at first, the
 * pathname index (collisions, names the builder already had), and a low row estimate.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { U64_MAX } from '../../src/address';
import type { Diagnostic } from '../../src/model/diagnostic';
import { DiagnosticStore } from '../../src/model/diagnostic-store';
import { RegionTableBuilder, type RegionColumns } from '../../src/model/region-table';
import { formatMapsLine, type RegionFields } from '../../src/model/region';
import { MapsLineParser, parseProcMaps, parseProcMapsUsing, type MapsReadPath } from '../../src/parse/maps';
import type { ParseResult } from '../../src/parse/result';
import { WINDOW_CHARS } from '../../src/parse/maps-wasm';
import { WINDOW_PADDING, mapsScanner } from '../../src/parse/wasm/maps-scanner';
import { generateMaps } from '../bench/generate-maps';
import { accountFor, listCorpus, readCorpus } from '../helpers/fixtures';

const COLUMNS: (keyof RegionColumns)[] = [
  'beginHi', 'beginLo', 'endHi', 'endLo', 'offsetHi', 'offsetLo', 'inodeHi', 'inodeLo',
  'devMajor', 'devMinor', 'perms', 'kind', 'line', 'pathId',
];

/** Everything a parse result says, as plain data (pathnames resolved per row). */
function summary(r: ParseResult) {
  const t = r.regions;
  return {
    format: r.format,
    stats: r.stats,
    diagnostics: r.diagnostics.map((d: Diagnostic) => ({ ...d })),
    columns: Object.fromEntries(COLUMNS.map((n) => [n, Array.from(t.columns[n])])),
    rowNames: Array.from({ length: t.length }, (_, i) => t.pathname(i)),
    pathnames: [...t.pathnames],
  };
}

/** Parses `text` on every path; expects one answer and returns it. */
function sameOnEveryPath(text: string): ReturnType<typeof summary> {
  const checked = summary(parseProcMapsUsing(text, 'checked'));
  for (const path of ['text', 'bytes', 'wasm'] as MapsReadPath[]) expect(summary(parseProcMapsUsing(text, path)), path).toEqual(checked);
  return checked;
}

const u64 = fc.oneof(
  fc.bigInt({ min: 0n, max: U64_MAX }),
  // 12 digits: the usual x86-64 line, which maps-ascii.ts reads at fixed places.
  fc.bigInt({ min: 0x1000_0000_0000n, max: 0xffff_ffff_ffffn }),
  fc.bigInt({ min: 0n, max: 0xffff_ffffn }),
  fc.constantFrom(0n, 0xffffn, 0x1_0000n, 0xffff_ffffn, 0x1_0000_0000n, 0x7f61_c7f8_4000n, 0xffff_ffff_ff60_0000n, U64_MAX),
);
const nameChar = fc.oneof(
  fc.constantFrom(' ', ' ', '\t', '\r', '-', '/', '0', 'a', 'F', '[', ']', ':', 'é', '😀', '\u2028'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\n'),
);
const name = fc.oneof(
  fc.constantFrom('/usr/lib/libc.so.6', '/usr/lib/libm.so.6', '[heap]', '[stack]', '[vsyscall]', '/dev/zero (deleted)', '[anon: a b]'),
  fc.string({ unit: nameChar, minLength: 1, maxLength: 30 }),
);
const fields: fc.Arbitrary<RegionFields> = fc
  .record({
    a: u64,
    b: u64,
    perms: fc.integer({ min: 0, max: 15 }),
    offset: u64,
    major: fc.constantFrom(0, 8, 0xfe, 0x103, 0xfff),
    minor: fc.constantFrom(0, 1, 0x1d, 0xffff, 0xfffff),
    inode: fc.oneof(fc.constantFrom(0n, 7n, 999_999_999_999_999n, 1_000_000_000_000_000n, U64_MAX), u64),
    pathname: fc.option(name, { nil: null, freq: 3 }),
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

const kernelLine = fc.tuple(fields, fc.constantFrom(64, 32) as fc.Arbitrary<32 | 64>).map(([f, bits]) => formatMapsLine(f, { pointerBits: bits }));
const editChar = fc.constantFrom(' ', '\t', '-', ':', '0', 'f', 'F', 'g', 'x', 'r', 'w', 'p', 's', '\r', '9', 'é', '\u0000', '');
/**
 * Kernel lines changed the ways real files are (maps-deviations.ts): upper-case hex, tabs or runs
 * of spaces between fields, `8:1` devices, inclusive ends, more or less padding before the name,
 * indentation, zero-padded addresses. The fast paths must leave all of them to the checked path.
 */
const deviantLine = fc
  .tuple(fields, fc.constantFrom(64, 32) as fc.Arbitrary<32 | 64>, fc.constantFrom('upper', 'tabs', 'spaces', 'device', 'inclusive', 'pad+', 'pad-', 'indent', 'zeros'), fc.integer({ min: 1, max: 30 }))
  .map(([f, bits, how, n]) => {
    if (how === 'inclusive' && f.end > f.begin) return formatMapsLine({ ...f, end: f.end - 1n }, { pointerBits: bits });
    const line = formatMapsLine(f, { pointerBits: bits });
    const prefix = formatMapsLine({ ...f, pathname: null }); // "start-end perms offset dev inode "
    const rest = line.slice(prefix.length);
    switch (how) {
      case 'upper':
        return prefix.replace(/^[0-9a-f]+-[0-9a-f]+/, (m) => m.toUpperCase()) + rest;
      case 'tabs':
        return prefix.replace(/ /g, (m) => (n-- > 0 ? '\t' : m)) + rest;
      case 'spaces':
        return prefix.replace(/ /g, (m) => (n-- > 0 ? '  ' : m)) + rest;
      case 'device':
        return prefix.replace(/ 0([0-9a-f]):0([0-9a-f]) /, ' $1:$2 ') + rest;
      case 'pad+':
        return f.pathname === null ? line : prefix + ' '.repeat(n) + rest;
      case 'pad-':
        return f.pathname === null ? line : prefix + rest.slice(Math.min(n, rest.length - f.pathname.length));
      case 'indent':
        return ' '.repeat(n) + line;
      default:
        return '0000' + line;
    }
  });
const anyLine = fc.oneof(
  kernelLine,
  kernelLine,
  deviantLine,
  fc.tuple(kernelLine, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 2 }), editChar), { minLength: 1, maxLength: 3 })).map(([l, e]) => mutate(l, e)),
  fc.string({ unit: fc.constantFrom('0', '1', 'f', 'F', '-', ' ', '\t', ':', 'r', 'w', 'x', 'p', 's', '\r'), maxLength: 60 }),
  fc.constantFrom('', ' ', '\t', '\r', '0-0 ---p 0 0:0 0', '00400000-00401000 r--p 00000000 08:02 7'),
);
const anyText = fc
  .tuple(fc.array(anyLine, { maxLength: 25 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean())
  .map(([lines, eol, bom, finalEol]) => (bom ? '\ufeff' : '') + lines.join(eol) + (finalEol && lines.length > 0 ? eol : ''));

describe('maps fast paths agree with the checked path', () => {
  it('on any text: kernel lines, edited lines, junk, CRLF, BOM, non-ASCII names', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        sameOnEveryPath(text);
      }),
      { numRuns: 1500 },
    );
  });

  it('on kernel text with a few deviant lines (the padding decision, the grouped warnings)', () => {
    fc.assert(
      fc.property(fc.array(kernelLine, { maxLength: 20 }), fc.array(fc.tuple(fc.nat(), deviantLine), { maxLength: 6 }), (lines, deviant) => {
        const all = [...lines];
        for (const [at, line] of deviant) all.splice(at % (all.length + 1), 0, line);
        sameOnEveryPath(all.join('\n') + '\n');
      }),
      { numRuns: 800 },
    );
  });

  it('on every corpus file and on generated text of 20,000 regions', () => {
    for (const file of listCorpus('.maps')) sameOnEveryPath(readCorpus(file));
    const summary = sameOnEveryPath(generateMaps({ regions: 20_000, seed: 7 }).text);
    expect(summary.stats.regions).toBe(20_000);
  });
});

describe('maps fast paths: table of edge lines, in LF and CRLF files', () => {
  const a12 = '7f0000000000-7f0000001000';
  const cases: string[] = [
    // the usual x86-64 shape, and each of its fixed places disturbed
    `${a12} r--p 00000000 fe:00 42                         /usr/lib/libc.so.6`,
    `${a12} r--p 0000 000 fe:00 42 /x`,
    `${a12} r--p 00000000  fe:00 42 /x`,
    `${a12} r--p 0000000000:00 0`,
    `${a12} r--p 00000000xfe:00 0`,
    `7F0000000000-7F0000001000 R--P 0000000A FE:0A 42 /x`,
    `7f0000000000-7f0000001000 r--p 0000000A FE:0A 42 /x`,
    `7f000000000g-7f0000001000 r--p 00000000 fe:00 0`,
    `7f0000001000-7f0000000000 r--p 00000000 fe:00 0`,
    `7f0000001000-7f0000001000 r--p 00000000 fe:00 0`,
    // address widths
    '00400000-00401000 r-xp 00000000 08:02 7 /bin/x',
    '0-1 r-xp 0 0:0 0',
    'ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]',
    '1ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0',
    '0000000000000000001-2 ---p 0 0:0 0',
    // perms
    `${a12} rwxs 00000000 00:00 0`,
    `${a12} rwxS 00000000 00:00 0`,
    `${a12} r-x 00000000 00:00 0`,
    `${a12} r-xpp 00000000 00:00 0`,
    // offset widths
    `${a12} r--p 100000000 00:00 0`,
    `${a12} r--p ffffffffffffffff 00:00 0`,
    `${a12} r--p 1ffffffffffffffff 00:00 0`,
    // device: digit counts at and past the kernel's 12 and 20 bits, with and without leading zeros
    `${a12} r--p 00000000 fff:fffff 0`,
    `${a12} r--p 00000000 1000:00 0`,
    `${a12} r--p 00000000 00:100000 0`,
    `${a12} r--p 00000000 000fe:00 0`,
    `${a12} r--p 00000000 fe:0000001 0`,
    `${a12} r--p 00000000 fe: 0`,
    `${a12} r--p 00000000 :00 0`,
    `${a12} r--p 00000000 fe00 0`,
    // inode widths
    `${a12} r--p 00000000 00:00 999999999999999`,
    `${a12} r--p 00000000 00:00 1000000000000000`,
    `${a12} r--p 00000000 00:00 9007199254740993`,
    `${a12} r--p 00000000 00:00 18446744073709551615`,
    `${a12} r--p 00000000 00:00 18446744073709551616`,
    `${a12} r--p 00000000 00:00 00000000000000000007`,
    `${a12} r--p 00000000 00:00 4294967296 /x`,
    // what follows the inode
    `${a12} r--p 00000000 00:00 0`,
    `${a12} r--p 00000000 00:00 0 `,
    `${a12} r--p 00000000 00:00 0\r`,
    `${a12} r--p 00000000 00:00 0 \r`,
    `${a12} r--p 00000000 00:00 0\t/x`,
    `${a12} r--p 00000000 00:00 0x`,
    `${a12} r--p 00000000 00:00 0` + ' '.repeat(100),
    `${a12} r--p 00000000 00:00 0` + ' '.repeat(100) + '\r',
    `${a12} r--p 00000000 00:00 0` + ' '.repeat(47) + 'x',
    `${a12} r--p 00000000 00:00 0` + ' '.repeat(48) + 'x',
    `${a12} r--p 00000000 00:00 0 \u0000`,
    '00010000-00011000 r-xp 00000000 b3:03 1234' + ' '.repeat(6) + '  x',
    // not a region
    '',
    '   ',
    'Size: 4 kB',
  ];
  it.each(cases.map((line) => [JSON.stringify(line), line]))('%s', (_, line) => {
    const other = '00001000-00002000 r--p 00000000 00:00 0 ';
    for (const eol of ['\n', '\r\n']) {
      sameOnEveryPath(line);
      sameOnEveryPath(line + eol);
      sameOnEveryPath(other + eol + line);
      sameOnEveryPath(other + eol + line + eol + other);
      sameOnEveryPath(line + eol + line + eol);
    }
  });
});

describe('maps bytes path: windows, long lines, non-ASCII text', () => {
  // maps-ascii.ts encodes 1 MB (2^20 characters) at a time, the WebAssembly path WINDOW_CHARS: the
  // first seam of each is at that many characters.
  const seams = [2 ** 20, WINDOW_CHARS];
  const big = generateMaps({ regions: 40_000, seed: 11 }).text; // about 2.7 MB: two window seams at least

  it('lines that cross a window boundary read the same as on the checked path', () => {
    expect(big.length).toBeGreaterThan(2 * 2 ** 20);
    const r = sameOnEveryPath(big);
    expect(r.stats).toMatchObject({ lines: 40_000, regions: 40_000, rejected: 0 });
    // Shift every line across the seams by one character at a time, a few times over.
    for (const pad of ['\n', '\n\n\n', ' \n']) sameOnEveryPath(pad + big);
  });

  it('a line longer than a window goes to the checked path and keeps its name', () => {
    const longName = '/tmp/' + 'x'.repeat(2 ** 20 + 10);
    const text = `00400000-00401000 r--p 00000000 08:02 7 ${longName}\n` + big.slice(0, 100_000) + `\n00401000-00402000 r--p 00000000 08:02 7 ${longName}`;
    const r = sameOnEveryPath(text);
    expect(r.rowNames[0]).toBe(longName);
    expect(r.rowNames[r.rowNames.length - 1]).toBe(longName);
    expect(r.pathnames.filter((n) => n === longName)).toHaveLength(1);
  });

  it('text that stops being ASCII after the first window is read again on the character path', () => {
    const nonAscii = '7fffff000000-7fffff001000 r--p 00000000 fe:00 42                         /home/josé/lib.so\n';
    const text = big + '\n' + nonAscii + big.slice(0, 5000);
    const r = sameOnEveryPath(text);
    expect(r.rowNames).toContain('/home/josé/lib.so');
    expect(accountFor(text, parseProcMaps(text))).toEqual([]);
  });

  it.each(seams)('lines whose names run past a window\'s end (%i characters), ASCII or not, share ids with the same names read inside a window', (seamAt) => {
    // The line starts inside the first window and ends in the next: the fast paths hand it to
    // the checked path, whose name is then read from the text, not the window.
    const at = big.lastIndexOf('\n', seamAt - 6000) + 1;
    const seam = (name: string) => `7fffff000000-7fffff001000 r--p 00000000 fe:00 42                         ${name}`;
    const ascii = '/opt/' + 'a'.repeat(8000) + '/lib.so';
    const more = big.slice(at, big.indexOf('\n', at + 300_000) + 1); // whole lines
    const text = big.slice(0, at) + seam(ascii) + '\n' + more + seam(ascii) + '\n';
    const r = sameOnEveryPath(text);
    expect(r.pathnames.filter((n) => n === ascii)).toHaveLength(1);
    expect(r.rowNames.filter((n) => n === ascii)).toHaveLength(2);
    // Not ASCII after the window's end: that part is never in a window, so the byte paths keep the ASCII window and name it apart.
    const other = '/opt/' + 'b'.repeat(8000) + '/josé.so';
    const text2 = big.slice(0, at) + seam(other) + '\n' + more;
    const r2 = sameOnEveryPath(text2);
    expect(r2.rowNames).toContain(other);
    expect(r2.stats.rejected).toBe(0);
  });

  it('a final line without a newline, ending exactly at the end of the text, on both sides of a seam', () => {
    for (const cut of seams.flatMap((seam) => [seam - 1, seam, seam + 1])) {
      const at = big.lastIndexOf('\n', cut);
      sameOnEveryPath(big.slice(0, at)); // ends right before a newline
      sameOnEveryPath(big.slice(0, at + 1)); // ends with it
    }
  });
});

describe('maps WebAssembly path', () => {
  it('is the one parseProcMaps takes in Node: the scanner compiles and holds the names of the last parse', () => {
    const scanner = mapsScanner();
    expect(scanner).not.toBeNull();
    const text = generateMaps({ regions: 2000, seed: 3 }).text;
    const r = parseProcMaps(text);
    // The scanner's name table is the parse's: as many names as the table has, in its arena.
    expect(scanner?.nameCount()).toBe(r.regions.pathnames.length);
    expect(r.regions.pathnames.length).toBeGreaterThan(10);
  });
});

describe('maps WebAssembly path: its 16-byte blocks (hex fields, newline and space searches)', () => {
  /** True when one scan of the ASCII `text` (LF lines, a window of its own) takes every line (it stops at or past the text's end). */
  function scannerTakesAll(text: string): boolean {
    const wasm = mapsScanner();
    if (wasm === null) throw new Error('no WebAssembly');
    const at = wasm.start(text.length, 8192);
    const bytes = new Uint8Array(wasm.memory.buffer, at, text.length + WINDOW_PADDING);
    bytes.set(new TextEncoder().encode(text));
    bytes.fill(0, text.length);
    return wasm.scan(0, text.length, text.length, 1, 0, 0, 8192) >= text.length;
  }
  const digits = (n: number, tail = '') => 'fedcba9876543210fedc'.slice(0, Math.max(0, n - tail.length)) + tail;

  it('hex fields of 1 to 18 digits, a-f and 0-9 in every lane of the block, with and without leading zeros', () => {
    const lines: string[] = [];
    for (let n = 1; n <= 18; n++) {
      const page = digits(n, '000'); // begin and end on pages (the scanner takes no other), so that their values are its to read
      const line = `${page}-${page} r--p ${digits(n)} 08:02 7`;
      // %08lx: the scanner takes 8 to 16 digits (and reads their values: sameOnEveryPath below); the checked path the rest.
      expect(scannerTakesAll(line), line).toBe(n >= 8 && n <= 16);
      lines.push(line);
      lines.push(`${'0'.repeat(Math.max(0, n - 4))}1000-${page} r--p 0${digits(n - 1)} 08:02 7`);
      lines.push(`00001000-${page} r--p ${digits(n)} 08:02 7`);
      lines.push(`00001000-00002000 r--p ${'9a'.repeat(9).slice(0, n)} 08:02 7`);
    }
    sameOnEveryPath(lines.join('\n') + '\n');
  });

  it("a name's newline at each place of a block, read the first time (the search) and again (the previous name), the text ending there or not", () => {
    for (let len = 1; len <= 40; len++) {
      const name = `/${'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH'.slice(0, len)}`;
      const line = (k: number) => formatMapsLine({ begin: BigInt(k) << 12n, end: BigInt(k + 1) << 12n, perms: 5, offset: 0n, device: { major: 8, minor: 1 }, inode: 7n, pathname: name });
      const text = [line(1), line(2), line(3)].join('\n');
      expect(scannerTakesAll(text)).toBe(true);
      expect(scannerTakesAll(text + '\n')).toBe(true);
      sameOnEveryPath(text); // the file's end inside the name's last block
      sameOnEveryPath(text + '\n');
      sameOnEveryPath(text + '\r\n');
    }
  });

  it('lines shorter than a block, and padding of every length before a name, the text ending at each', () => {
    for (let k = 0; k <= 40; k++) {
      const line = '00001000-00002000 r--p 00000000 08:02 7' + ' '.repeat(k);
      sameOnEveryPath(`0-1000 ---p 0 00:00 0\n${line}`);
      sameOnEveryPath(`${line}x\n${line}\n0-1000 ---p 0 00:00 0`);
    }
  });
});

describe('maps pathname index', () => {
  it('names that agree in length and in their last characters stay apart (hash collisions cost time only)', () => {
    // Same length, same 16-character tail, different only far from the end: one hash bucket in
    // the character mode's sampled hash, and only the full comparison tells them apart.
    const names = Array.from({ length: 300 }, (_, i) => `/p/${String(i).padStart(4, '0')}/${'d'.repeat(40)}/libsame.so.1.2.3`);
    const lines = names.flatMap((n, i) => {
      const at = BigInt(i * 2) << 12n;
      return [0, 1].map((k) => formatMapsLine({ begin: at + (BigInt(k) << 12n), end: at + (BigInt(k + 1) << 12n), perms: 5, offset: 0n, device: { major: 8, minor: 1 }, inode: BigInt(i), pathname: n }));
    });
    // Every name twice in a row (the previous-name shortcut), then all again in reverse (the table).
    const text = [...lines, ...lines.slice().reverse()].join('\n');
    const r = sameOnEveryPath(text);
    expect(r.pathnames).toEqual(names);
    expect(r.rowNames).toEqual([...names.flatMap((n) => [n, n]), ...names.flatMap((n) => [n, n]).reverse()]);
  });

  it('1, 2, 3 and 4 characters past a 4-byte word: names that differ only in the last one', () => {
    const base = '/x/abcdefgh';
    const names = ['a', 'b', 'ab', 'ac', 'abc', 'abd', 'abcd', 'abce'].map((t) => base + t);
    const text = [...names, ...names].map((n, i) => `${(i * 0x1000).toString(16).padStart(8, '0')}-${((i + 1) * 0x1000).toString(16).padStart(8, '0')} r--p 00000000 08:02 7 ${n}`).join('\n');
    const r = sameOnEveryPath(text);
    expect(r.pathnames).toEqual(names);
    expect(r.rowNames).toEqual([...names, ...names]);
  });

  it.each(['chars', 'bytes'] as const)('%s mode: a name the builder already had keeps its id', (mode) => {
    const builder = new RegionTableBuilder();
    expect(builder.names.intern('/usr/lib/libc.so.6')).toBe(0);
    expect(builder.names.intern('/tmp/é')).toBe(1);
    const text = '7f0000000000-7f0000001000 r--p 00000000 fe:00 42 /usr/lib/libc.so.6\n7f0000001000-7f0000002000 r--p 00000000 fe:00 43 /new';
    const parser = new MapsLineParser(text, builder, new DiagnosticStore(), { names: mode, classify: false });
    const nl = text.indexOf('\n');
    expect(builder.columns.pathId[parser.parseLine(0, nl, 1)]).toBe(0);
    expect(builder.columns.pathId[parser.parseLine(nl + 1, text.length, 2)]).toBe(2);
    expect(builder.names.intern('/new')).toBe(2);
    expect(builder.finish().pathnames).toEqual(['/usr/lib/libc.so.6', '/tmp/é', '/new']);
  });
});

describe('pending pathnames (the bytes path names its regions at the end)', () => {
  it('a builder with pending names refuses intern and finish until replaceAll', () => {
    const b = new RegionTableBuilder();
    expect(b.names.intern('/a')).toBe(0);
    expect(b.names.addPending()).toBe(1);
    expect(b.names.count).toBe(2);
    expect(() => b.names.intern('/b')).toThrow(/pending/);
    expect(() => b.finish()).toThrow(/pending/);
    expect(() => b.names.replaceAll(['/a'])).toThrow(/1 names for 2/);
    b.names.replaceAll(['/a', '/b']);
    expect(b.names.intern('/b')).toBe(1);
    expect(b.finish().pathnames).toEqual(['/a', '/b']);
  });
});

describe('maps row estimate', () => {
  it('a text whose sampled parts have long lines and the rest short ones grows the columns and loses nothing', () => {
    const longLine = (i: number) => formatMapsLine({ begin: BigInt(i) << 12n, end: BigInt(i + 1) << 12n, perms: 1, offset: 0n, device: { major: 0, minor: 0 }, inode: 0n, pathname: '/' + 'n'.repeat(3000) });
    const shortLine = (i: number) => formatMapsLine({ begin: BigInt(i) << 12n, end: BigInt(i + 1) << 12n, perms: 1, offset: 0n, device: { major: 0, minor: 0 }, inode: 0n, pathname: null });
    const lines: string[] = [];
    let i = 0;
    for (const part of [0, 1, 2, 3, 4]) {
      // Long lines where estimateLines samples (start, middle, end); short ones between.
      const sampled = part % 2 === 0;
      for (let k = 0; k < (sampled ? 12 : 20_000); k++, i++) lines.push(sampled ? longLine(i) : shortLine(i));
    }
    const text = lines.join('\n');
    const r = parseProcMaps(text);
    expect(r.regions.length).toBe(lines.length);
    expect(r.diagnostics).toEqual([]);
    expect(summary(r)).toEqual(summary(parseProcMapsUsing(text, 'checked')));
    // Not more than the row estimate's slack in the buffers.
    expect(r.regions.columns.beginLo.buffer.byteLength / 4).toBeLessThanOrEqual(lines.length * 1.125 + 64);
  });
});
