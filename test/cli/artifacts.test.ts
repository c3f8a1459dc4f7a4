/**
 * Crash artifacts through the built CLI (issue 14): `parse --json` gives the format, the regions
 * and the addresses; the table form the title and the addresses; `lookup` answers on an artifact
 * as on a maps file; a damaged artifact exits 1 with a message that names what is missing.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runBuilt } from './built-cli';

const ARTIFACTS = new URL('../fixtures/artifacts/', import.meta.url).pathname;
const file = (name: string) => join(ARTIFACTS, name);

let cli = '';
let removeCli = () => {};
beforeAll(async () => {
  ({ cli, remove: removeCli } = await buildCli());
}, 120_000);
afterAll(() => removeCli());

interface ParseJson {
  format: string;
  artifact?: { title: string; pid: number | null; signal: string | null; choices: { label: string; firstLine: number }[]; chosen: number };
  addresses?: { address: string; label: string; line: number }[];
  regions: { line: number; begin: string; end: string; perms: string | null; device: unknown; inode: string | null; pathname: string | null; attributes?: Record<string, string> }[];
  stats: { lines: number; regions: number; blank: number; recognized: number; rejected: number };
}

async function parseJson(name: string): Promise<ParseJson> {
  const run = await runBuilt(cli, ['parse', '--json', file(name)]);
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as ParseJson;
}

describe('mapscope parse on crash artifacts', () => {
  const cases: [string, string, string][] = [
    ['tombstone-arm64-handwritten.txt', 'tombstone', 'fault address'],
    ['hs_err-krashpad-dataset94.log', 'hs_err', 'si_addr'],
    ['glibc-abort-fuglu-readme.txt', 'glibc-abort', 'pointer'],
    ['apport-python3-segv.crash', 'apport', 'pc'],
    ['coredump-journal-export.txt', 'coredump-journal', '#0 pc'],
    ['coredump-journal.json', 'coredump-journal', '#0 pc'],
    ['sanitizer-asan-gcc12-uaf.txt', 'sanitizer', 'fault address'],
  ];
  for (const [name, format, firstLabel] of cases) {
    it(`${name}: --json gives format ${format}, its regions, and its addresses (absolute hex, labelled, with their line)`, async () => {
      const out = await parseJson(name);
      expect(out.format).toBe(format);
      expect(out.regions.length).toBeGreaterThan(0);
      expect(out.stats.rejected).toBe(0);
      expect(out.addresses![0].label).toBe(firstLabel);
      for (const a of out.addresses!) expect(a.address).toMatch(/^0x[0-9a-f]+$/);
      expect(out.artifact!.title.length).toBeGreaterThan(0);
    });
  }

  it('a tombstone: end exclusive, perms with p, no device or inode, BuildId and load bias as attributes', async () => {
    const out = await parseJson('tombstone-arm64-handwritten.txt');
    const exe = out.regions.find((r) => r.line === 26)!;
    // "    0000005d'1f401000-0000005d'1f402fff r-x      1000      2000  /system/bin/crasher64 (BuildId: …) (load bias 0x1000)"
    expect(exe).toMatchObject({ begin: '0x5d1f401000', end: '0x5d1f403000', perms: 'r-xp', device: null, inode: null, pathname: '/system/bin/crasher64' });
    expect(exe.attributes).toEqual({ BuildId: '3c1a1e0b8c2d4f6e9a7b5c3d1e0f2a4b', 'load bias': '0x1000' });
    expect(out.addresses!.slice(0, 2)).toEqual([
      { address: '0x7fe3a2b010', label: 'fault address', line: 11 },
      { address: '0x5d1f402a40', label: '#00 pc', line: 16 },
    ]);
    expect(out.artifact).toMatchObject({ pid: 4242, signal: 'SIGSEGV', chosen: 0 });
  });

  it('the table: the title and map above, each address with the region holding it below', async () => {
    const run = await runBuilt(cli, ['parse', file('tombstone-arm64-handwritten.txt')]);
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Android tombstone · /system/bin/crasher64 · pid 4242 · SIGSEGV');
    expect(lines[1]).toBe('memory map (8 entries) at line 24');
    expect(run.stdout).toMatch(/^0x7fe3a2b010 +fault address +11 +\[stack\] \+0x1f010 \(line 32\)$/m);
    expect(run.stdout).toMatch(/^0x5d1f402a40 +#00 pc +16 +\/system\/bin\/crasher64 \+0x1a40 \(line 26\)$/m);
  });

  it('a report with two maps says which was read', async () => {
    const run = await runBuilt(cli, ['parse', file('sanitizer-asan-gcc12-uaf.txt')]);
    expect(run.stdout.split('\n')[1]).toBe('process memory map at line 52 (1 of 2 maps in the file)');
    // The one note, on standard error.
    expect(run.stderr).toMatch(/sanitizer-map-fields/);
  });

  it('mapscope lookup ARTIFACT ADDRESS: the region holding the fault address, with the artifact\'s line', async () => {
    const run = await runBuilt(cli, ['lookup', '--json', file('tombstone-arm64-handwritten.txt'), '0x7fe3a2b010', '0x5d1f402a40']);
    expect(run.status).toBe(0);
    const [fault, pc] = JSON.parse(run.stdout) as { mapped: boolean; region: { line: number; pathname: string }; offsetInRegion: string }[];
    expect(fault).toMatchObject({ mapped: true, region: { line: 32, pathname: '[stack]' }, offsetInRegion: '0x1f010' });
    expect(pc).toMatchObject({ mapped: true, region: { line: 26, pathname: '/system/bin/crasher64' } });
  });

  it('journal JSON without --all: exit 1, and the message says how to get the map', async () => {
    const run = await runBuilt(cli, ['parse', file('coredump-journal-nomaps.json')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('COREDUMP_PROC_MAPS is null: journalctl leaves out fields over 4096 bytes unless it runs with --all');
  });
});
