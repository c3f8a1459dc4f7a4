/**
 * The kinds the WebAssembly scanner gives (its classify, its thread-stack test as it reads a maps
 * text, and threadRows, the pass of src/parse/row-passes.ts) against the JavaScript they replace:
 * classifyPathname (model/kind.ts) on any ASCII name, markThreadStacks (model/thread-stacks.ts) on
 * any table, including pairs that straddle the row area's chunks, and the checked path's kinds on
 * maps texts of guard and stack pairs read by either path. The kinds a maps parse gives its named
 * rows on the WebAssembly path are held to the checked path's by test/parse/maps-fast-path.test.ts too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KIND_CODE, REGION_KINDS, classifyPathname } from '../../src/model/kind';
import { RegionTableBuilder, type RegionTable } from '../../src/model/region-table';
import { markThreadStacks } from '../../src/model/thread-stacks';
import { parseProcMaps, parseProcMapsUsing } from '../../src/parse/maps';
import { markTableThreadStacks } from '../../src/parse/row-passes';
import { mapsScanner } from '../../src/parse/wasm/maps-scanner';
import { generateMaps } from '../bench/generate-maps';

const scanner = mapsScanner();

describe('the row passes in WebAssembly', () => {
  it('are there to test: the scanner compiles in this runtime', () => {
    expect(scanner).not.toBeNull();
  });
});

/** The scanner's kind of an ASCII name, private or shared, as a REGION_KINDS entry. */
function wasmKind(name: string, shared: boolean): string {
  const wasm = scanner!;
  wasm.start(16, 16); // a parse's state, with nothing in it: scratch is then safe to use
  const at = wasm.scratch(name.length);
  new Uint8Array(wasm.memory.buffer, at, name.length + 8).set(new TextEncoder().encode(name + '\0'.repeat(8)));
  return REGION_KINDS[wasm.classifyName(at, name.length, shared ? 1 : 0)] ?? 'unknown';
}

// Pieces of every name classifyPathname tells apart, and of the near misses around them.
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(
    '[', ']', '[anon:', '[anon: ', ' ', '\t', '\r', '\x0b', '\x0c', 'glibc: pthread stack: ', 'glibc: pthread user stack: ',
    'glibc: pthread ', 'stack_and_tls:', 'thread signal stack', '1', '42', '[stack:', '[anon_shmem:', '[heap]', '[stack]',
    '[vdso]', '[vvar]', '[vvar_vclock]', '[vsyscall]', '/memfd:', '/SYSV', '0123abcd', 'ABCDEF', 'g', ' (deleted)',
    '(deleted)', '/dev/zero', '/dev/shm/', '/dev/ashmem', 'anon_inode:', '/usr/lib/x.so', 'a',
  ) },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 1, max: 127 }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 3 }) },
);
// The two patterns classifyPathname matches with regular expressions, near and on them.
const threadStackLike = fc
  .tuple(
    fc.constantFrom('[anon:', '[anon', '[anon_shmem:', '[stack:'),
    fc.array(fc.constantFrom(' ', '\t', '\r', '\x0b', '\x0c', '\n', 'x'), { maxLength: 3 }),
    fc.constantFrom('glibc: pthread stack: ', 'glibc: pthread user stack: ', 'glibc: pthread user  stack: ', 'stack_and_tls:', 'thread signal stack', ''),
    fc.constantFrom('', '1', '42', 'a', ']', '1]2', ' '),
    fc.constantFrom(']', '', ']]', ' ]'),
  )
  .map(([a, spaces, b, c, d]) => a + spaces.join('') + b + c + d);
const sysvLike = fc
  .tuple(fc.constantFrom('/SYSV', '/SYS', '/sysv'), fc.string({ unit: fc.constantFrom('0', '9', 'a', 'f', 'A', 'g'), minLength: 7, maxLength: 9 }), fc.constantFrom('', ' (deleted)', ' (deleted', '(deleted)'))
  .map(([a, b, c]) => a + b + c);
const asciiName = fc.oneof(
  fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join('')).filter((n) => n.length > 0),
  threadStackLike,
  sysvLike,
);

describe('the scanner’s classification of a name', () => {
  it('is classifyPathname’s, private and shared, on any ASCII name', () => {
    fc.assert(
      fc.property(asciiName, fc.boolean(), (name, shared) => {
        expect(wasmKind(name, shared)).toBe(classifyPathname(name, shared));
      }),
      { numRuns: 5000 },
    );
  });

  it('is classifyPathname’s on each kind’s own names', () => {
    const names = [
      '[heap]', '[stack]', '[vdso]', '[vvar]', '[vvar_vclock]', '[vsyscall]', '[stack:1234]', '[anon_shmem:x]',
      '[anon:glibc: pthread stack: 77]', '[anon: \tglibc: pthread user stack: 9]', '[anon:stack_and_tls:1234]',
      '[anon:thread signal stack]', '[anon:stack_and_tls:a]b]', '[anon:glibc: pthread stack: ]', '[anon:v8]', '[uprobes]',
      '/memfd:x (deleted)', '/SYSV0000abcd (deleted)', '/SYSV0000abcd', '/SYSV0000ABCD', '/SYSV0000abc', '/dev/zero',
      '/dev/zero (deleted)', '/dev/shm/x', '/dev/ashmem/y', 'anon_inode:[perf_event]', '/lib/x (deleted)', '/lib/x', 'x',
    ];
    for (const name of names) for (const shared of [false, true]) expect(wasmKind(name, shared), name).toBe(classifyPathname(name, shared));
    // The codes themselves: every kind is reached, so a shifted code would show above.
    const reached = new Set(names.flatMap((n) => [classifyPathname(n, false), classifyPathname(n, true)]));
    expect([...reached].sort()).toEqual(REGION_KINDS.filter((k) => k !== 'anonymous' || reached.has(k)).sort());
  });
});

interface Row {
  begin: bigint;
  end: bigint;
  perms: number;
  named: boolean;
}

/** A table of `rows`, named rows all called /lib/x; kinds as a parse leaves them before markThreadStacks. */
function tableOf(rows: Row[]): RegionTable {
  const b = new RegionTableBuilder(rows.length);
  const c = () => b.columns;
  for (const r of rows) {
    const i = b.addRow();
    c().beginHi[i] = Number(r.begin >> 32n);
    c().beginLo[i] = Number(r.begin & 0xffff_ffffn);
    c().endHi[i] = Number(r.end >> 32n);
    c().endLo[i] = Number(r.end & 0xffff_ffffn);
    c().perms[i] = r.perms;
    c().pathId[i] = r.named ? b.names.intern('/lib/x') : -1;
    c().kind[i] = r.named ? KIND_CODE.file : KIND_CODE.anonymous;
    c().line[i] = i + 1;
  }
  return b.finish();
}

const SIZES = [0n, 0x1000n, 0xf000n, 0x10000n, 0x11000n, 0x100000n, 0x800000n, 0x4000_0000n, 0x4000_1000n, 0xffff_f000n, 0x1_0000_0000n, 0x1_0000_1000n];
const gap = fc.oneof(fc.constant(0n), fc.constantFrom(0x1000n, 0x1_0000_0000n), fc.bigInt({ min: -0x2000n, max: 0x2000n }));
const size = fc.oneof(fc.constantFrom(...SIZES), fc.bigInt({ min: -0x1000n, max: 0x2_0000_0000n }));
const row = fc.record({
  gap,
  size,
  perms: fc.oneof(fc.constantFrom(0, 3, 1, 11, 16, 19), fc.integer({ min: 0, max: 31 })),
  named: fc.boolean(),
});

/** Rows one after another from `base`, with the gaps and sizes drawn (negative: out of order, or end below begin). */
function layOut(base: bigint, drawn: { gap: bigint; size: bigint; perms: number; named: boolean }[]): Row[] {
  const mask = (1n << 64n) - 1n;
  let at = base;
  return drawn.map((d) => {
    const begin = (at + d.gap) & mask;
    const end = (begin + d.size) & mask;
    at = end;
    return { begin, end, perms: d.perms, named: d.named };
  });
}

/** markThreadStacks' answer and kinds, then markTableThreadStacks' on a second copy. */
function bothWays(rows: Row[]) {
  const js = tableOf(rows);
  const wasm = tableOf(rows);
  return { js: { marked: markThreadStacks(js), kinds: Array.from(js.columns.kind) }, wasm: { marked: markTableThreadStacks(wasm), kinds: Array.from(wasm.columns.kind) } };
}

describe('thread stacks marked in WebAssembly', () => {
  it('are markThreadStacks’ on any table', () => {
    const base = fc.oneof(fc.constantFrom(0n, 0x7f00_0000_0000n, 0xffff_f000n, 0xffff_ffff_fff0_0000n), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }));
    fc.assert(
      fc.property(base, fc.array(row, { maxLength: 40 }), (b, drawn) => {
        const { js, wasm } = bothWays(layOut(b, drawn));
        expect(wasm).toEqual(js);
      }),
      { numRuns: 3000 },
    );
  });

  it('are markThreadStacks’ across the row area’s chunks: a guard and its stack on either side of a seam', () => {
    const chunk = scanner!.rowChunk();
    // A file row, then guard/stack pairs: pairs at (chunk - 1, chunk) and later seams of the overlapping chunks.
    const drawn = [{ gap: 0n, size: 0x1000n, perms: 1, named: true }];
    for (let i = 0; i < 3 * chunk; i++) drawn.push(i % 2 === 0 ? { gap: 0x1000n, size: 0x1000n, perms: 0, named: false } : { gap: 0n, size: 0x100000n, perms: 3, named: false });
    const { js, wasm } = bothWays(layOut(0x7f00_0000_0000n, drawn));
    expect(js.marked).toBe(3 * chunk / 2);
    expect(wasm).toEqual(js);
  });

  it('need permissions: a table without them is left alone', () => {
    const rows = layOut(0x1000_0000n, [{ gap: 0n, size: 0x1000n, perms: 0, named: false }, { gap: 0n, size: 0x100000n, perms: 3, named: false }]);
    const t = tableOf(rows);
    const noPerms = new (t.constructor as typeof RegionTable)({ ...t.toData(), known: { ...t.known, perms: false } });
    expect(markTableThreadStacks(noPerms)).toBe(0);
    expect(markTableThreadStacks(t)).toBe(1);
  });
});

describe('a maps parse on the WebAssembly path', () => {
  it('gives a name that is not ASCII, read by the checked path, its kind from JavaScript, as the checked path does', () => {
    // A line that starts in a window and runs past its end is the checked path's, and its name
    // after the window's end is never in the scanner: the scanner reserves an id (KIND_ASK).
    const big = generateMaps({ regions: 40_000, seed: 3 }).text;
    const at = big.lastIndexOf('\n', 2 ** 20 - 6000) + 1;
    const seam = (name: string, perms: string) => `7fffff000000-7fffff001000 ${perms} 00000000 fe:00 42                         ${name}`;
    const long = '/opt/' + 'b'.repeat(8000);
    const text = big.slice(0, at) + seam(`${long}/josé.so (deleted)`, 'r--p') + '\n' + big.slice(at, at + 200_000) + '\n';
    const wasm = parseProcMaps(text).regions;
    const checked = parseProcMapsUsing(text, 'checked').regions;
    const row = Array.from({ length: wasm.length }, (_, i) => i).find((i) => wasm.pathname(i)?.endsWith('josé.so (deleted)'));
    expect(row).toBeDefined();
    expect(REGION_KINDS[wasm.columns.kind[row!]]).toBe('deleted-file');
    expect(Array.from(wasm.columns.kind)).toEqual(Array.from(checked.columns.kind));
  });
});

/** A maps line for `r` (named: `name`) in the kernel's layout, or (deviant) with two spaces after the range: a line the scanner leaves to the checked path. */
function mapsLine(r: Row, deviant: boolean, name = '/lib/x'): string {
  const hex = (v: bigint) => v.toString(16).padStart(8, '0');
  const perms = `${r.perms & 1 ? 'r' : '-'}${r.perms & 2 ? 'w' : '-'}${r.perms & 4 ? 'x' : '-'}${r.perms & 8 ? 's' : 'p'}`;
  const prefix = `${hex(r.begin)}-${hex(r.end)}${deviant ? '  ' : ' '}${perms} 00000000 00:00 0 `;
  return r.named ? prefix.padEnd(73) + name : prefix;
}

describe('thread stacks marked by the scanner as it reads the rows', () => {
  it('are the checked path’s (marked after its parse), whichever path read the guard and the stack; so are the named rows’ kinds', () => {
    const base = fc.constantFrom(0n, 0x7f00_0000_0000n, 0xffff_f000n, 0xffff_ffff_fff0_0000n);
    const one = (perms: number, sizes: bigint[]) =>
      fc.record({
        gap: fc.oneof({ weight: 3, arbitrary: fc.constant(0n) }, gap),
        size: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...sizes) }, size),
        perms: fc.oneof({ weight: 3, arbitrary: fc.constant(perms) }, fc.integer({ min: 0, max: 15 })),
        named: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, fc.boolean()),
        deviant: fc.boolean(),
        // Names whose kind depends on the region being shared (/dev/zero) or that are thread stacks by name.
        name: fc.constantFrom('/lib/x', '/dev/zero', '/dev/zero (deleted)', '[heap]', '[anon:glibc: pthread stack: 7]'),
      });
    // Rows, mostly in near-misses of guard (---p, up to 64 KiB) and stack (rw-p, 64 KiB to 1 GiB) pairs.
    const pair = fc.tuple(one(0, [0x1000n, 0x10000n, 0x11000n]), one(3, [0x10000n, 0x800000n, 0x4000_0000n, 0x4000_1000n, 0xf000n]));
    const drawn = fc.array(pair, { minLength: 1, maxLength: 15 }).map((pairs) => pairs.flat());
    let stacks = 0;
    fc.assert(
      fc.property(base, drawn, (b, d) => {
        const rows = layOut(b, d);
        const text = rows.map((r, i) => mapsLine(r, d[i].deviant, d[i].name)).join('\n') + '\n';
        const wasm = parseProcMaps(text).regions;
        const checked = parseProcMapsUsing(text, 'checked').regions;
        expect(Array.from(wasm.columns.kind)).toEqual(Array.from(checked.columns.kind));
        expect(Array.from(wasm.columns.pathId)).toEqual(Array.from(checked.columns.pathId));
        stacks += Array.from(checked.columns.kind).filter((k) => k === KIND_CODE['thread-stack']).length;
      }),
      { numRuns: 3000 },
    );
    // The property met thread stacks, not only tables without one.
    expect(stacks).toBeGreaterThan(100);
  });

  it('on a guard and its stack read on either path, in each order', () => {
    const guard: Row = { begin: 0x7f00_0000_0000n, end: 0x7f00_0000_1000n, perms: 0, named: false };
    const stack: Row = { begin: 0x7f00_0000_1000n, end: 0x7f00_0080_1000n, perms: 3, named: false };
    for (const [g, s] of [[false, false], [false, true], [true, false], [true, true]]) {
      const text = `${mapsLine(guard, g)}\n${mapsLine(stack, s)}\n`;
      expect(Array.from(parseProcMaps(text).regions.columns.kind), `${g} ${s}`).toEqual([KIND_CODE.anonymous, KIND_CODE['thread-stack']]);
    }
  });
});
