/**
 * The CLI on binary crash artifacts: a core gcore writes of a crashed process started here and the
 * minidump fixture, read through positioned reads (src/node/file-byte-source.ts): `parse --json`,
 * `lookup`, `stats`; an ELF program keeps its "not a core" message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCoreTarget, gcoreCrash, writeMappedFile, type CrashCore } from '../artifact/gcore';
import { runCli } from './run-cli';

const MINIDUMP = join(import.meta.dirname, '../fixtures/artifacts/minidump-rust-minidump-linux-mini.dmp');
const work = mkdtempSync(join(tmpdir(), 'mapscope-cli-core-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface JsonRegion {
  line: number;
  begin: string;
  end: string;
  perms: string | null;
  device: unknown;
  inode: string | null;
  pathname: string | null;
}

describe('mapscope on an ELF core file', () => {
  let bin: string;
  let crash: CrashCore;
  beforeAll(() => {
    bin = buildCoreTarget(work, 64);
    crash = gcoreCrash(bin, writeMappedFile(work), work, 'cli');
  });

  it('parse --json: format core, every region with its range and permissions, no device or inode', async () => {
    const run = await runCli(['parse', '--json', crash.core]);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as { format: string; regions: JsonRegion[] };
    expect(out.format).toBe('core');
    const ro = out.regions.find((r) => r.begin === '0x' + crash.roPage.toString(16));
    expect(ro).toMatchObject({ end: '0x' + (crash.roPage + 0x1000n).toString(16), perms: 'r--p', device: null, inode: null, pathname: null });
    expect(out.regions.some((r) => r.pathname === bin && r.perms === 'r-xp')).toBe(true);
  });

  it('lookup of the fault address names the read-only page it fell in', async () => {
    const fault = '0x' + (crash.roPage + 0x18n).toString(16);
    const run = await runCli(['lookup', '--json', crash.core, fault]);
    expect(run.status).toBe(0);
    const [found] = JSON.parse(run.stdout) as { mapped: boolean; region: { begin: string } }[];
    expect(found.mapped).toBe(true);
    expect(found.region.begin).toBe('0x' + crash.roPage.toString(16));
  });

  it('stats counts the core\'s regions', async () => {
    const parsed = JSON.parse((await runCli(['parse', '--json', crash.core])).stdout) as { regions: JsonRegion[] };
    const run = await runCli(['stats', crash.core]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^total\\s+${parsed.regions.length}\\s`, 'm'));
  });

  it('an ELF program is not a core: exit 3 and the message that says so', async () => {
    const run = await runCli(['parse', bin]);
    expect(run.status).toBe(3);
    expect(run.stderr).toBe(`mapscope: this file is an ELF shared library or position-independent executable (ET_DYN), not a core dump or the text of a memory map (${bin})\n`);
  });
});

describe('mapscope on a minidump', () => {
  it('parse --json: format minidump and the regions of its MD_LINUX_MAPS stream; lookup finds the crashing program', async () => {
    const run = await runCli(['parse', '--json', MINIDUMP]);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as { format: string; regions: JsonRegion[] };
    expect(out.format).toBe('minidump');
    expect(out.regions[0]).toMatchObject({ line: 1, begin: '0x400000', pathname: '/work/linux/build/crash', perms: 'r-xp' });
    const lookup = await runCli(['lookup', '--json', MINIDUMP, '0x401000']);
    expect((JSON.parse(lookup.stdout) as { region: { pathname: string } }[])[0].region.pathname).toBe('/work/linux/build/crash');
  });
});
