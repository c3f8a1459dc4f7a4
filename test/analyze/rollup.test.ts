/**
 * smaps_rollup is totals, not a region (issue 18 point 9): this process's own rollup, the
 * corpus's older-kernel rollup (its span reaching [vsyscall]), and files that are not rollups.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findRollups, parseMaps } from '../../src/internal';
import { readCorpus } from '../helpers/fixtures';
import { runCli } from '../cli/run-cli';

/** `Key: N kB` lines of a rollup text, read with a regex (not the parser), in bytes. */
function fieldsByRegex(text: string): Map<string, bigint> {
  const fields = new Map<string, bigint>();
  for (const m of text.matchAll(/^(\w+):\s+(\d+) kB$/gm)) fields.set(m[1], BigInt(m[2]) * 1024n);
  return fields;
}

describe('findRollups', () => {
  it("this process's /proc/self/smaps_rollup: one rollup, every field exact, its span from the header line", () => {
    const text = readFileSync('/proc/self/smaps_rollup', 'utf8');
    const [rollup, ...more] = findRollups(parseMaps(text, { fileName: 'smaps_rollup' }).regions)!;
    expect(more).toEqual([]);
    const [begin, end] = text.slice(0, text.indexOf(' ')).split('-').map((h) => BigInt('0x' + h));
    expect([rollup.spanBegin, rollup.spanEnd]).toEqual([begin, end]);
    const expected = fieldsByRegex(text);
    expect(expected.has('Pss_Anon')).toBe(true); // Linux 5.0+
    expect(new Map(Object.keys(rollup.record.fields).map((k) => [k, BigInt(rollup.record.fields[k])]))).toEqual(expected);
  });

  it('an older kernel\'s rollup (no Pss_Anon, [vsyscall] at the top): its span runs to 0xffffffffff601000 and it is still totals', () => {
    const text = readCorpus('promprocfs-26231-rollup.smaps');
    const [rollup] = findRollups(parseMaps(text).regions)!;
    expect(rollup.spanEnd).toBe(0xffff_ffff_ff60_1000n);
    expect(rollup.record.fields.Rss).toBe(29948 * 1024);
    expect(rollup.record.fields.Swap).toBe(1940 * 1024);
  });

  it('not a rollup: smaps, maps, and a [rollup] line among regions', () => {
    expect(findRollups(parseMaps(readFileSync('/proc/self/smaps', 'utf8')).regions)).toBeNull();
    expect(findRollups(parseMaps(readFileSync('/proc/self/maps', 'utf8')).regions)).toBeNull();
    const mixed = readFileSync('/proc/self/smaps', 'utf8') + readFileSync('/proc/self/smaps_rollup', 'utf8');
    expect(findRollups(parseMaps(mixed).regions)).toBeNull();
  });
});

describe('mapscope on an smaps_rollup', () => {
  it('parse and stats print the totals, headline first, with exact bytes — no 128 TiB or 16 EiB region', async () => {
    const text = readCorpus('promprocfs-26231-rollup.smaps');
    for (const command of ['parse', 'stats']) {
      const run = await runCli([command, '-'], text);
      expect(run.status).toBe(0);
      const lines = run.stdout.split('\n');
      expect(lines[0]).toBe('smaps_rollup (line 1): totals over the mappings from 0x400000 to 0xffffffffff601000 — a span, not a region');
      expect(lines[1]).toMatch(/^FIELD +SIZE +BYTES +MEANING$/);
      expect(lines[2]).toMatch(/^Rss +29\.2 MiB +30666752 +resident set size$/);
      expect(lines[4]).toMatch(/^Swap +1\.89 MiB +1986560 +swap$/);
      expect(run.stdout).not.toMatch(/EiB|TiB|pseudo/);
    }
  });

  it('--json adds the rollups, every value exact', async () => {
    const text = readFileSync('/proc/self/smaps_rollup', 'utf8');
    const run = await runCli(['parse', '--json', '-'], text);
    const json = JSON.parse(run.stdout) as { format: string; rollups: { line: number; fields: Record<string, string> }[] };
    expect(json.format).toBe('smaps_rollup');
    expect(json.rollups).toHaveLength(1);
    expect(new Map(Object.entries(json.rollups[0].fields).map(([k, v]) => [k, BigInt(v)]))).toEqual(fieldsByRegex(text));
  });
});
