import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMaps } from '../../src/internal';
import { RegionJsonWriter, regionJson, toJson } from '../../src/export/region-json';
import { CORPUS } from '../cli/reference-maps';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const inputs = [
  ...readdirSync(CORPUS)
    .filter((f) => /\.(s?maps)$/.test(f))
    .map((f) => join(CORPUS, f)),
  ...['pmap/python-mapper.pmap-x.txt', 'pmap/python-mapper.pmap-XX.txt', 'gdb/python-mapper.gdb11-noperms.txt', 'smaps/python-mapper.smaps'].map((f) => join(FIXTURES, f)),
];

describe('RegionJsonWriter (the fast path of parse --json)', () => {
  for (const path of inputs) {
    it(`writes the same JSON as toJson(regionJson(region)): ${path.split('/').slice(-2).join('/')}`, () => {
      const table = parseMaps(readFileSync(path, 'utf8'), { fileName: path.split('/').pop() }).regions;
      // (psutil's hand-written smaps has no valid header, so no rows: nothing to compare there.)
      if (!path.includes('handwritten')) expect(table.length).toBeGreaterThan(0);
      const writer = new RegionJsonWriter(table);
      for (let i = 0; i < table.length; i++) expect(writer.row(i)).toBe(toJson(regionJson(table.get(i))));
    });
  }

  it('writes null for fields the format lacks (pmap -x has no device, old gdb no perms)', () => {
    const pmap = parseMaps(readFileSync(join(FIXTURES, 'pmap/python-mapper.pmap-x.txt'), 'utf8'), { fileName: 'pmap-x.txt' }).regions;
    expect(pmap.known.device).toBe(false);
    expect(JSON.parse(new RegionJsonWriter(pmap).row(0))).toMatchObject({ device: null, inode: null });
    const gdb = parseMaps(readFileSync(join(FIXTURES, 'gdb/python-mapper.gdb11-noperms.txt'), 'utf8')).regions;
    expect(gdb.known.perms).toBe(false);
    expect(JSON.parse(new RegionJsonWriter(gdb).row(0))).toMatchObject({ perms: null });
  });

  it('escapes names with control characters the same way', () => {
    const table = parseMaps('00001000-00002000 r--p 00000000 08:02 1 /a\u001b\u009b\u2028b\n').regions;
    const text = new RegionJsonWriter(table).row(0);
    expect(text).toBe(toJson(regionJson(table.get(0))));
    expect(text).toContain('"/a\\u001b\\u009b\\u2028b"');
  });
});
