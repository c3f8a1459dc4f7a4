/**
 * The maps parser against real kernel output: frozen copies in test/fixtures/maps/ (made on
 * Linux 6.18, see make-fixture.c) and, on every run, live /proc/<pid>/maps of this test's own
 * process and of a process it starts (make-fixture.c compiled with gcc). Expectations come
 * from what the program itself mapped (addresses, names it chose) and from stat(2), never from
 * the parser's output.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePathname } from '../../src/model/kind';
import { formatMapsLine, type Region } from '../../src/model/region';
import { parseProcMaps } from '../../src/parse/maps';
import type { ParseResult } from '../../src/parse/result';
import { accountFor, fixturePath, readFixture, referenceFields, splitLines } from '../helpers/fixtures';

/** What make-fixture.c reported: feature name -> [address, length], and the features it skipped. */
interface Features {
  mapped: Map<string, { addr: bigint; len: bigint }>;
  skipped: Map<string, string>;
}

function parseFeatures(text: string): Features {
  const mapped = new Map<string, { addr: bigint; len: bigint }>();
  const skipped = new Map<string, string>();
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    if (f[0] === 'skipped') skipped.set(f[1], f[2]);
    else if (f.length === 3) mapped.set(f[0], { addr: BigInt('0x' + f[1]), len: BigInt('0x' + f[2]) });
  }
  return { mapped, skipped };
}

interface Expectation {
  kind: string;
  pathname: string | null;
  perms?: string;
  offset?: bigint;
  /** The region is exactly the mapping (a file or shmem mapping cannot merge with its neighbours). */
  exact?: boolean;
  /** The file in DIR behind it, to compare the inode with stat(2). */
  file?: string;
}

/** What each mapping of make-fixture.c must look like; `dir` is the directory it was given. */
function expectations(dir: string): Record<string, Expectation> {
  return {
    heap: { kind: 'heap', pathname: '[heap]', perms: 'rw-p' },
    stack: { kind: 'stack', pathname: '[stack]', perms: 'rw-p' },
    vdso: { kind: 'vdso', pathname: '[vdso]', perms: 'r-xp' },
    anonymous: { kind: 'anonymous', pathname: null, perms: 'rw-p' },
    deleted: { kind: 'deleted-file', pathname: `${dir}/deleted.bin (deleted)`, perms: 'r--p', offset: 0n, exact: true },
    memfd: { kind: 'memfd', pathname: '/memfd:mapscope memfd (deleted)', perms: 'rw-s', exact: true },
    'shared-anonymous': { kind: 'shared-memory', pathname: '/dev/zero (deleted)', perms: 'rw-s', exact: true },
    // ipc/shm.c: "SYSV%08x" of the key; IPC_PRIVATE is key 0.
    'sysv-shm': { kind: 'sysv-shm', pathname: '/SYSV00000000 (deleted)', perms: 'rw-s', exact: true },
    'name-two-spaces': { kind: 'file', pathname: `${dir}/two  spaces`, exact: true, file: 'two  spaces' },
    'name-leading-space': { kind: 'file', pathname: `${dir}/ leading space`, exact: true, file: ' leading space' },
    'name-trailing-space': { kind: 'file', pathname: `${dir}/trailing space `, exact: true, file: 'trailing space ' },
    // seq_file_path(m, file, "\n"): a newline is written as \012, nothing else is escaped.
    'name-newline': { kind: 'file', pathname: `${dir}/new\\012line`, exact: true, file: 'new\nline' },
    'name-controls': { kind: 'file', pathname: `${dir}/ctl\r\v\f\tu2028\u2028end`, exact: true, file: 'ctl\r\v\f\tu2028\u2028end' },
    'name-backslash': { kind: 'file', pathname: `${dir}/back\\012slash`, exact: true, file: 'back\\012slash' },
    // A live file really named "real (deleted)": the text cannot tell it from an unlinked one.
    'name-fake-deleted': { kind: 'deleted-file', pathname: `${dir}/real (deleted)`, exact: true, file: 'real (deleted)' },
    'split-readable': { kind: 'file', pathname: `${dir}/split.bin`, perms: 'r--p', offset: 0n, exact: true, file: 'split.bin' },
    'split-guard': { kind: 'file', pathname: `${dir}/split.bin`, perms: '---p', offset: 0x1000n, exact: true, file: 'split.bin' },
    'anon-name': { kind: 'named-anonymous', pathname: '[anon:mapscope anon name]', perms: 'rw-p', exact: true },
    'anon-shmem-name': { kind: 'shared-memory', pathname: '[anon_shmem:mapscope shmem name]', perms: 'rw-s', exact: true },
  };
}

/** Features the kernel may refuse: PR_SET_VMA_ANON_NAME needs CONFIG_ANON_VMA_NAME (EINVAL without). */
const OPTIONAL = new Set(['anon-name', 'anon-shmem-name']);

/** The region containing addr, by a linear scan (the parser's own lookup is not used). */
function regionAt(result: ParseResult, addr: bigint): Region | undefined {
  return result.regions.toArray().find((r) => r.contains(addr));
}

/** Real kernel output: every line a region, no diagnostic at all, fields as a regex reads them. */
function expectCleanKernelParse(text: string, pointerBits: 64 | 32 = 64): ParseResult {
  const result = parseProcMaps(text);
  expect(accountFor(text, result)).toEqual([]);
  expect(result.diagnostics).toEqual([]);
  const lines = splitLines(text);
  expect(result.regions.length).toBe(lines.length);
  lines.forEach((line, i) => {
    const r = result.regions.get(i);
    const ref = referenceFields(line);
    expect(ref, line).toBeDefined();
    expect([r.begin, r.end, r.permissions.text, r.offset, BigInt(r.device.major), BigInt(r.device.minor), r.inode]).toEqual([
      ref!.begin,
      ref!.end,
      ref!.perms,
      ref!.offset,
      ref!.major,
      ref!.minor,
      ref!.inode,
    ]);
    // Byte-exact round trip: the pathname is exactly the text after the kernel's padding.
    expect(formatMapsLine(r, { pointerBits }), `line ${i + 1}`).toBe(line);
  });
  return result;
}

/** Checks each mapping make-fixture.c reported against the parsed map. */
function expectFeatures(result: ParseResult, features: Features, dir: string): void {
  const want = expectations(dir);
  for (const name of Object.keys(want)) {
    if (!features.mapped.has(name)) {
      expect(OPTIONAL.has(name), `${name} was not mapped: ${features.skipped.get(name)}`).toBe(true);
      expect(features.skipped.get(name)).toMatch(/Invalid argument/);
    }
  }
  for (const [name, { addr, len }] of features.mapped) {
    const w = want[name];
    expect(w, `unexpected feature ${name}`).toBeDefined();
    const r = regionAt(result, addr);
    expect(r, `no region contains ${name} at 0x${addr.toString(16)}`).toBeDefined();
    expect(r!.contains(addr + len - 1n)).toBe(true);
    expect({ name, kind: r!.kind, pathname: r!.pathname }).toEqual({ name, kind: w.kind, pathname: w.pathname });
    expect(r!.isDeleted).toBe(w.pathname !== null && w.pathname.endsWith(' (deleted)'));
    if (w.perms !== undefined) expect(r!.permissions.text, name).toBe(w.perms);
    if (w.offset !== undefined) expect(r!.offset, name).toBe(w.offset);
    if (w.exact) expect([r!.begin, r!.end], name).toEqual([addr, addr + len]);
  }
  // Without PR_SET_VMA_ANON_NAME no region may claim an [anon:…] name.
  if (!features.mapped.has('anon-name')) {
    expect(result.regions.toArray().filter((r) => r.kind === 'named-anonymous')).toEqual([]);
  }
}

/** [vsyscall], where present, is found by address above 2^53 and is exactly one page. */
function expectVsyscall(result: ParseResult, text: string): void {
  const present = text.includes('[vsyscall]');
  const r = regionAt(result, 0xffffffffff600000n);
  expect(r?.kind).toBe(present ? 'vsyscall' : undefined);
  if (r) expect([r.begin, r.end, r.pathname]).toEqual([0xffffffffff600000n, 0xffffffffff601000n, '[vsyscall]']);
}

describe('maps: frozen kernel output (test/fixtures/maps/)', () => {
  it('make-fixture.c on Linux 6.18: every mapping has the kind and name the program made', () => {
    const text = readFixture('maps/kernel-6.18-make-fixture.maps');
    const result = expectCleanKernelParse(text);
    const features = parseFeatures(readFixture('maps/kernel-6.18-make-fixture.features'));
    expect(features.mapped.size).toBeGreaterThanOrEqual(17);
    expectFeatures(result, features, '/tmp/mapscope-fixture');
    expectVsyscall(result, text);
    // The frozen copy was made where CONFIG_ANON_VMA_NAME is off; the live test below re-checks.
    expect(decodePathname(result.regions.toArray().find((r) => r.pathname?.includes('new\\012'))!.pathname!)).toBe(
      '/tmp/mapscope-fixture/new\nline',
    );
  });

  it('a name with CR, VT, FF, tab and U+2028 stays one line (split on \\n only)', () => {
    const bytes = readFileSync(fixturePath('maps/kernel-6.18-make-fixture.maps'));
    const newlines = bytes.filter((b) => b === 0x0a).length;
    const result = parseProcMaps(bytes.toString('utf8'));
    expect(result.stats.lines).toBe(newlines);
    expect(result.regions.toArray().filter((r) => r.pathname?.includes('\r\v\f\t'))).toHaveLength(1);
  });

  it('node 20 /proc/self/maps: clean, and lookups above 2^53 find [vsyscall]', () => {
    const text = readFixture('maps/node-20-self.maps');
    const result = expectCleanKernelParse(text);
    expectVsyscall(result, text);
    const kinds = new Set(result.regions.toArray().map((r) => r.kind));
    for (const k of ['file', 'anonymous', 'heap', 'stack', 'vdso', 'vvar', 'vsyscall']) expect(kinds, k).toContain(k);
  });
});

describe('maps: live kernel output', () => {
  it("this process's /proc/self/maps: clean; node's own binary has the inode stat(2) gives", () => {
    const text = readFileSync(`/proc/${process.pid}/maps`, 'utf8');
    const result = expectCleanKernelParse(text);
    expectVsyscall(result, text);
    const exe = realpathSync(process.execPath);
    const st = statSync(exe, { bigint: true });
    const mine = result.regions.toArray().filter((r) => r.pathname === exe);
    expect(mine.length).toBeGreaterThan(0);
    for (const r of mine) {
      expect(r.inode).toBe(st.ino);
      expect(r.kind).toBe('file');
    }
    // The V8 heap and thread stacks are anonymous; there is always some.
    expect(result.regions.toArray().some((r) => r.kind === 'anonymous')).toBe(true);
  });

  const work = mkdtempSync(join(tmpdir(), 'mapscope-live-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  // gcc is a test requirement (test/e2e/ensure-tools.sh installs it): this test never skips.
  it('make-fixture.c compiled and run now: /proc/<pid>/maps has every mapping it made', async () => {
    const bin = join(work, 'make-fixture');
    const cc = spawnSync('gcc', ['-O1', '-Wall', '-o', bin, fixturePath('maps/make-fixture.c')], { encoding: 'utf8' });
    expect(cc.stderr).toBe('');
    expect(cc.status).toBe(0);

    const dir = mkdtempSync(join(work, 'dir '));
    const child = spawn(bin, [dir], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      let out = '';
      child.stdout.setEncoding('utf8');
      for await (const chunk of child.stdout) {
        out += chunk;
        if (/^ready\t\d+$/m.test(out)) break;
      }
      expect(out).toMatch(new RegExp(`^ready\\t${child.pid}$`, 'm'));
      const text = readFileSync(`/proc/${child.pid}/maps`, 'utf8');
      const stats = new Map(
        Object.values(expectations(dir))
          .filter((w) => w.file !== undefined)
          .map((w) => [w.file!, statSync(join(dir, w.file!), { bigint: true })]),
      );

      const result = expectCleanKernelParse(text);
      const features = parseFeatures(out);
      expect(features.mapped.size).toBeGreaterThanOrEqual(17);
      expectFeatures(result, features, dir);
      expectVsyscall(result, text);
      for (const [name, { addr }] of features.mapped) {
        const file = expectations(dir)[name].file;
        if (file !== undefined) expect(regionAt(result, addr)!.inode, name).toBe(stats.get(file)!.ino);
      }
    } finally {
      child.stdin.end();
      const [code] = child.exitCode === null ? await once(child, 'exit') : [child.exitCode];
      expect(code).toBe(0);
    }
  });
});
