/**
 * ELF core files: real cores written by the kernel and by gdb's gcore of processes started here
 * (64-bit, and 32-bit built with gcc -m32), compared with the process's /proc/PID/maps read at the
 * same moment; hand-built cores (core-builder.ts) for big-endian, corrupt notes and cut-short
 * files; and a property: whatever PT_LOADs and NT_FILE entries a core holds come back exactly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryByteSource } from '../../src/artifact/byte-source';
import { InputError } from '../../src/input/read-input';
import { pathnameBytes } from '../../src/input/utf8-lossless';
import { readBinaryArtifact } from '../../src/input/read-artifact';
import { formatPermissions } from '../../src/model/permissions';
import { parseProcMaps } from '../../src/parse/maps';
import type { ParseResult } from '../../src/parse/result';
import { readMapsFromPath } from '../../src/node/read';
import { buildCore, type CoreSpec } from './core-builder';
import { buildCoreTarget, gcoreCrash, gcoreLive, kernelRunsI386, writeMappedFile } from './gcore';

const work = mkdtempSync(join(tmpdir(), 'mapscope-core-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
/** False on a kernel that refuses i386 programs (kernelRunsI386): the real 32-bit crash cannot be made there; the hand-built 32-bit cores below still run. */
const i386 = kernelRunsI386(work);

async function readCore(bytes: Uint8Array): Promise<ParseResult> {
  const result = await readBinaryArtifact(memoryByteSource(bytes));
  if (result === undefined) throw new Error('not read as an artifact');
  return result;
}

/** The region holding `address`, by a linear scan. */
function regionAt(result: ParseResult, address: bigint) {
  return [...result.regions].find((r) => r.begin <= address && address < r.end);
}

/** gcore dumps neither vvar page (gdb cannot read them through ptrace): they are in the maps file, not in the core. */
const NOT_IN_GCORE = new Set(['[vvar]', '[vvar_vclock]']);

/**
 * Every region of the maps file is in the core (same range; same permissions where the core has
 * a PT_LOAD; same file name and offset where it is file-backed), and the core has no other. The
 * kernel writes a PT_LOAD for every mapping with its flags; gcore leaves out what it cannot read
 * and the file-backed memory it does not dump, and marks [vsyscall] readable.
 */
function expectSameMap(core: ParseResult, mapsText: string, writer: 'kernel' | 'gcore'): void {
  const maps = parseProcMaps(mapsText);
  expect(maps.diagnostics).toEqual([]);
  const unloaded = new Set(core.diagnostics.filter((d) => d.code === 'file-without-segment').map((d) => /at (0x[0-9a-f]+)-/.exec(d.message)![1]));
  if (writer === 'kernel') expect(core.diagnostics).toEqual([]);
  const coreRegions = [...core.regions];
  const expected = [...maps.regions].filter((r) => writer === 'kernel' || !NOT_IN_GCORE.has(r.pathname ?? ''));
  expect(coreRegions.map((r) => `${r.begin.toString(16)}-${r.end.toString(16)}`)).toEqual(expected.map((r) => `${r.begin.toString(16)}-${r.end.toString(16)}`));
  expected.forEach((m, i) => {
    const c = coreRegions[i];
    const fileBacked = m.inode !== 0n;
    expect(c.pathname, m.toString()).toBe(fileBacked ? m.pathname : null);
    if (fileBacked) expect(c.offset, m.toString()).toBe(m.offset);
    if (unloaded.has('0x' + c.begin.toString(16))) {
      // No PT_LOAD: gcore left out this file-backed memory, so its permissions are unknown.
      expect(fileBacked).toBe(true);
      expect(formatPermissions(c.perms)).toBe('---p');
    } else if (writer === 'kernel' || m.pathname !== '[vsyscall]') {
      expect(formatPermissions(c.perms), m.toString()).toBe(formatPermissions(m.perms & 7));
    }
  });
}

describe('a core the kernel writes', () => {
  it('a 64-bit process killed by SIGSEGV: every mapping of its /proc/self/maps, with its permissions, and the fault address', async () => {
    // core(5): with core_pattern a plain name (this machine's is "core"), the core is written in the
    // process's working directory, as NAME or NAME.PID (core_uses_pid).
    const pattern = readFileSync('/proc/sys/kernel/core_pattern', 'utf8').trim();
    expect(pattern, 'this test needs core_pattern to be a file name, not a pipe to a crash handler').toMatch(/^[^|%/]+$/);
    const dir = mkdtempSync(join(work, 'kernel-'));
    const bin = buildCoreTarget(work, 64);
    const mapped = writeMappedFile(work);
    const run = spawnSync('sh', ['-c', 'ulimit -c unlimited; exec "$0" "$1" crash "$2"', bin, mapped, join(dir, 'maps')], { cwd: dir, encoding: 'utf8' });
    expect(run.signal ?? run.status).not.toBe(0);
    const core = readdirSync(dir).find((f) => f === pattern || f.startsWith(`${pattern}.`));
    expect(core, `no core file in ${dir}: ${readdirSync(dir).join(', ')}`).toBeDefined();
    const result = await readMapsFromPath(join(dir, core!));
    expectSameMap(result, readFileSync(join(dir, 'maps'), 'utf8'), 'kernel');
    const ro = BigInt(/^ro (0x[0-9a-f]+)$/m.exec(run.stderr)![1]);
    expect(result.artifact?.signal).toBe('SIGSEGV');
    expect(result.artifact?.addresses.find((a) => a.label === 'fault address')?.address).toBe(ro + 0x18n);
  });
});

describe('cores gcore writes', () => {
  let bin64: string;
  let bin32: string;
  let mapped: string;
  beforeAll(() => {
    bin64 = buildCoreTarget(work, 64);
    bin32 = buildCoreTarget(work, 32);
    mapped = writeMappedFile(work);
  });

  it('a waiting 64-bit process: the core holds the map /proc/PID/maps shows at the same moment, read through positioned reads', async () => {
    const live = await gcoreLive(bin64, mapped, work);
    expect(live.mapsAfter).toBe(live.mapsBefore);
    const result = await readMapsFromPath(live.core);
    expect(result.format).toBe('core');
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expectSameMap(result, live.mapsBefore, 'gcore');
    // The mapped file's second page, at file offset 4096, read-only and executable.
    const tail = [...result.regions].find((r) => r.pathname === mapped && r.offset === 4096n);
    expect(tail).toBeDefined();
    expect(result.artifact?.pid).toBe(live.pid);
    // gcore of a live process: no signal is being handled, so no fault address.
    expect(result.artifact?.addresses.some((a) => a.label === 'fault address')).toBe(false);
    expect(result.stats.lines).toBe(result.stats.regions + result.stats.recognized + result.stats.rejected + result.stats.blank);
  });

  for (const bits of [64, 32] as const) {
    it.runIf(bits === 64 || i386)(`a ${bits}-bit process that crashed: SIGSEGV, si_addr in its read-only page, pc in its own code${bits === 32 ? ' (needs a kernel that runs i386 programs)' : ''}`, async () => {
      const crash = gcoreCrash(bits === 64 ? bin64 : bin32, mapped, work, `crash${bits}`);
      const result = await readMapsFromPath(crash.core);
      expectSameMap(result, crash.maps, 'gcore');
      const artifact = result.artifact!;
      expect(artifact.format).toBe('core');
      expect(artifact.signal).toBe('SIGSEGV');
      expect(artifact.title).toBe(`ELF core file · pid ${artifact.pid} · SIGSEGV`);
      const fault = artifact.addresses.find((a) => a.label === 'fault address');
      expect(fault?.address).toBe(crash.roPage + 0x18n);
      const faultRegion = regionAt(result, fault!.address);
      expect(faultRegion && formatPermissions(faultRegion.perms)).toBe('r--p');
      const pc = artifact.addresses.find((a) => a.label === 'pc');
      const code = regionAt(result, pc!.address);
      expect(code?.pathname).toBe(bits === 64 ? bin64 : bin32);
      expect(code!.perms & 4).toBe(4);
      expect(artifact.context).toContainEqual({ key: 'Command', value: `core-target-${bits}` });
    });
  }
});

const x86_64: Omit<CoreSpec, 'loads'> = { is64: true, little: true };

describe('hand-built cores', () => {
  const loads = [
    { vaddr: 0x400000n, memsz: 0x1000n, flags: 5 },
    { vaddr: 0x401000n, memsz: 0x2000n, flags: 6 },
    { vaddr: 0x7ff000000000n, memsz: 0x21000n, flags: 6 },
  ];
  const files = [{ start: 0x400000n, end: 0x403000n, pageOffset: 2n, name: '/usr/bin/prog' }];

  for (const [is64, little] of [[true, false], [false, false], [false, true]] as const) {
    it(`${is64 ? 64 : 32}-bit ${little ? 'little' : 'big'}-endian: regions, names, offsets, signal, fault address and pc`, async () => {
      const spec: CoreSpec = {
        is64,
        little,
        machine: is64 ? 62 : 3,
        loads: is64 ? loads : loads.slice(0, 2),
        files,
        status: { tid: 4242, cursig: 7, pc: 0x400123n },
        siginfo: { signo: 7, code: 2, addr: 0x402008n },
      };
      const result = await readCore(buildCore(spec));
      expect(result.diagnostics).toEqual([]);
      expect([...result.regions].map((r) => `${r.begin.toString(16)}-${r.end.toString(16)} ${formatPermissions(r.perms)} ${r.offset.toString(16)} ${r.pathname}`)).toEqual([
        '400000-401000 r-xp 2000 /usr/bin/prog',
        '401000-403000 rw-p 3000 /usr/bin/prog',
        ...(is64 ? ['7ff000000000-7ff000021000 rw-p 0 null'] : []),
      ]);
      expect(result.artifact?.signal).toBe('SIGBUS');
      expect(result.artifact?.pid).toBe(4242);
      expect(result.artifact?.addresses.map((a) => [a.label, a.address])).toEqual([
        ['fault address', 0x402008n],
        ['pc', 0x400123n],
      ]);
    });
  }

  it('a file name that is not UTF-8 keeps its bytes, as a maps file\'s does', async () => {
    const name = Uint8Array.from([...new TextEncoder().encode('/tmp/caf'), 0xe9, 0xff]);
    const result = await readCore(buildCore({ ...x86_64, loads, files: [{ start: 0x400000n, end: 0x401000n, pageOffset: 0n, name }] }));
    expect(pathnameBytes(result.regions.get(0).pathname!)).toEqual(name);
  });

  it('a signal sent by kill (si_code <= 0) has no fault address', async () => {
    const result = await readCore(buildCore({ ...x86_64, loads, status: { tid: 9, cursig: 11, pc: 0x400000n }, siginfo: { signo: 11, code: 0, addr: 0x1234n } }));
    expect(result.artifact?.signal).toBe('SIGSEGV');
    expect(result.artifact?.addresses.map((a) => a.label)).toEqual(['pc']);
  });

  it('a corrupt NT_FILE (a count larger than the note): an error naming it, and every PT_LOAD as a region without a name', async () => {
    const result = await readCore(buildCore({ ...x86_64, loads, files, fileCountOverride: 1000n }));
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual(['corrupt-nt-file']);
    expect(errors[0].message).toMatch(/NT_FILE note is corrupt: it says 1000 files/);
    expect(errors[0].line).toBe(1);
    expect(result.regions.length).toBe(3);
    expect([...result.regions].every((r) => r.pathname === null)).toBe(true);
  });

  it('a note whose size runs past its segment: an error, the notes before it kept, the regions kept', async () => {
    const result = await readCore(buildCore({ ...x86_64, loads, files, status: { tid: 77, cursig: 0, pc: 0n }, firstNoteDescszOverride: 0x7fffffff }));
    expect(result.diagnostics.map((d) => d.code)).toContain('corrupt-note');
    expect(result.diagnostics.find((d) => d.code === 'corrupt-note')?.message).toMatch(/note 1 of the PT_NOTE segment .* is corrupt/);
    expect(result.regions.length).toBe(3);
  });

  it('a core cut inside its program headers: an error saying how many are missing, the regions of the others', async () => {
    const whole = buildCore({ ...x86_64, loads, files });
    const result = await readCore(whole.subarray(0, 64 + 56 * 3 + 10));
    const cut = result.diagnostics.filter((d) => d.code === 'core-cut-short' || d.code === 'notes-missing');
    // In line order: the PT_NOTE (program header 1) lies past the end, program header 4 is missing.
    expect(cut.map((d) => [d.line, d.code])).toEqual([
      [1, 'notes-missing'],
      [4, 'core-cut-short'],
    ]);
    expect(cut[1].message).toMatch(/4 program headers but only 3/);
    expect(result.regions.length).toBe(2);
  });

  it('a core cut before its ELF header ends: a clear message, nothing else', async () => {
    await expect(readCore(buildCore({ ...x86_64, loads }).subarray(0, 40))).rejects.toThrow(/cut short: its ELF header needs 64 bytes, and the file has 40 bytes/);
  });

  it('an ELF program or library is not a core: the "not a core" message', async () => {
    const program = buildCore({ ...x86_64, loads });
    program[16] = 3; // ET_DYN
    const error = await readCore(program).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('binary');
    expect((error as InputError).message).toMatch(/shared library or position-independent executable \(ET_DYN\), not a core dump/);
  });

  it('property: every PT_LOAD comes back exactly, named by the NT_FILE entry holding it, in either class and byte order', async () => {
    const page = 0x1000n;
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.record({ gap: fc.bigInt(0n, 0xffffn), pages: fc.bigInt(1n, 0x100n), flags: fc.integer({ min: 0, max: 7 }), named: fc.boolean(), pageOffset: fc.bigInt(0n, 0xffffn) }), { maxLength: 20 }),
        async (is64, little, shapes) => {
          let at = 0x10000n;
          const loads: CoreSpec['loads'] = [];
          const files: NonNullable<CoreSpec['files']> = [];
          shapes.forEach((s, i) => {
            at += s.gap * page;
            loads.push({ vaddr: at, memsz: s.pages * page, flags: s.flags });
            if (s.named) files.push({ start: at, end: at + s.pages * page, pageOffset: s.pageOffset, name: `/lib/f${i}.so` });
            at += s.pages * page;
          });
          if (!is64 && at >= 1n << 32n) return;
          const result = await readCore(buildCore({ is64, little, loads, files }));
          expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          expect([...result.regions].map((r) => [r.begin, r.end, r.perms & 7, r.pathname, r.offset])).toEqual(
            loads.map((l) => {
              const f = files.find((x) => x.start === l.vaddr);
              const flags = ((l.flags & 4) >> 2) | (l.flags & 2) | ((l.flags & 1) << 2);
              return [l.vaddr, l.vaddr + l.memsz, flags, f?.name ?? null, f ? f.pageOffset * page : 0n];
            }),
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('a 2 GiB sparse core', () => {
  it('opens by reading its headers and notes only: the bytes read are counted through the ByteSource', async () => {
    const path = join(work, 'sparse.core');
    const gib = 1024n ** 3n;
    const loads = Array.from({ length: 64 }, (_, i) => ({ vaddr: 0x7f0000000000n + BigInt(i) * 32n * 1024n * 1024n, memsz: 32n * 1024n * 1024n, flags: 6, offset: 0x10000n + BigInt(i) * 32n * 1024n * 1024n, filesz: 32n * 1024n * 1024n }));
    const headers = buildCore({ ...x86_64, loads, files: [{ start: loads[0].vaddr, end: loads[0].vaddr + loads[0].memsz, pageOffset: 0n, name: '/dev/shm/big' }], status: { tid: 5, cursig: 6, pc: 0x7f0000000010n } });
    const handle = await open(path, 'w+');
    await handle.write(headers, 0, headers.length, 0);
    await handle.truncate(Number(2n * gib));
    const size = (await handle.stat()).size;
    expect(size).toBe(2 * 1024 ** 3);
    const { fileByteSource } = await import('../../src/node/file-byte-source');
    const source = fileByteSource(handle.fd, size);
    let reads = 0;
    let bytesRead = 0;
    const counted = {
      sizeBytes: source.sizeBytes,
      read: async (offset: number, length: number) => {
        const bytes = await source.read(offset, length);
        reads++;
        bytesRead += bytes.byteLength;
        return bytes;
      },
    };
    const result = await readBinaryArtifact(counted);
    await handle.close();
    expect(result?.regions.length).toBe(64);
    expect(result?.artifact?.signal).toBe('SIGABRT');
    // The ELF magic, the ELF header, the program headers and the notes: a few kilobytes of 2 GiB.
    expect(reads).toBe(4);
    expect(bytesRead).toBe(4 + 64 + 65 * 56 + (headers.length - 64 - 65 * 56));
  });
});
