import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, textLines } from './reference-maps';
import { referenceSmaps } from './reference-smaps';
import { runCli } from './run-cli';
import { startSleeper } from './sleeper';

interface SmapsRegionJson {
  line: number;
  begin: string;
  end: string;
  perms: string;
  pathname: string | null;
  fields: Record<string, number>;
  vmFlags: string[] | null;
  text?: Record<string, string>;
}
interface SmapsOut {
  format: string;
  regions: SmapsRegionJson[];
  diagnostics: { severity: string }[];
}

async function parseJson(args: string[]): Promise<SmapsOut> {
  const run = await runCli(['parse', '--json', ...args]);
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as SmapsOut;
}

describe('mapscope parse --json on smaps', () => {
  for (const file of ['promprocfs-26231-alertmanager.smaps', 'aosp-libmeminfo-short-excerpt.smaps', 'aosp-libmeminfo-x86_64.smaps']) {
    it(`${file}: fields in bytes, VmFlags and text fields, record by record`, async () => {
      const ref = referenceSmaps(readFileSync(join(CORPUS, file), 'utf8'));
      const out = await parseJson([join(CORPUS, file)]);
      expect(out.format).toBe('smaps');
      expect(out.regions).toHaveLength(ref.length);
      out.regions.forEach((r, i) => {
        const e = ref[i];
        expect([r.line, r.begin, r.end, r.perms, r.pathname]).toEqual([e.line, e.begin, e.end, e.perms, e.pathname]);
        expect(r.fields).toEqual(e.fields);
        expect(r.vmFlags).toEqual(e.vmFlags);
        if (Object.keys(e.text).length > 0) expect(r.text).toEqual(e.text);
        else expect(r.text).toBeUndefined();
      });
    });
  }

  it('smaps_rollup: one [rollup] record with its sums', async () => {
    const path = join(CORPUS, 'promprocfs-26231-rollup.smaps');
    const ref = referenceSmaps(readFileSync(path, 'utf8'));
    const out = await parseJson(['--format', 'smaps_rollup', path]);
    expect(out.format).toBe('smaps_rollup');
    expect(out.regions).toHaveLength(1);
    expect(out.regions[0].pathname).toBe('[rollup]');
    expect(out.regions[0].end).toBe('0xffffffffff601000');
    expect(out.regions[0].fields).toEqual(ref[0].fields);
  });

  it('the table adds RSS and PSS columns', async () => {
    const path = join(CORPUS, 'promprocfs-26231-alertmanager.smaps');
    const ref = referenceSmaps(readFileSync(path, 'utf8'));
    const run = await runCli(['parse', path]);
    const rows = textLines(run.stdout);
    expect(rows[0]).toMatch(/\sINODE\s+RSS\s+PSS\s+KIND\s+PATHNAME$/);
    expect(rows).toHaveLength(ref.length + 1);
    // The first record's Rss, in KiB as the file says it, appears in binary units.
    const rssKiB = ref[0].fields.Rss / 1024;
    expect(rssKiB).toBeGreaterThan(0);
    const shown = rssKiB < 1024 ? `${rssKiB} KiB` : `${(rssKiB / 1024).toFixed(2).replace(/\.?0+$/, '')} MiB`;
    expect(rows[1]).toContain(`  ${shown}  `);
  });
});

describe('mapscope --pid N --smaps / --smaps-rollup of a process we started', () => {
  let sleeper: Awaited<ReturnType<typeof startSleeper>>;
  beforeAll(async () => {
    sleeper = await startSleeper();
  });
  afterAll(() => {
    sleeper.child.kill();
  });

  it('--smaps gives every region of the maps with its Size and VmFlags', async () => {
    const out = await parseJson(['--pid', String(sleeper.pid), '--smaps']);
    expect(out.format).toBe('smaps');
    // Size and VmFlags do not change while sleep sleeps (Rss may, as the kernel ages pages).
    const ref = referenceSmaps(readFileSync(`/proc/${sleeper.pid}/smaps`, 'utf8'));
    const maps = textLines(sleeper.mapsText);
    expect(out.regions).toHaveLength(maps.length);
    out.regions.forEach((r, i) => {
      expect(r.begin).toBe(ref[i].begin);
      expect(r.fields.Size).toBe(ref[i].fields.Size);
      expect(r.fields.Size).toBe(Number(BigInt(r.end) - BigInt(r.begin)));
      expect(r.vmFlags).toEqual(ref[i].vmFlags);
      expect(typeof r.fields.Rss).toBe('number');
    });
  });

  it('--smaps-rollup gives one [rollup] record', async () => {
    const out = await parseJson(['--pid', String(sleeper.pid), '--smaps-rollup']);
    expect(out.format).toBe('smaps_rollup');
    expect(out.regions).toHaveLength(1);
    expect(out.regions[0].pathname).toBe('[rollup]');
    expect(out.regions[0].fields.Rss).toBeGreaterThan(0);
  });
});
