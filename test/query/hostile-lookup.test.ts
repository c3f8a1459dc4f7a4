/**
 * Lookup lines and annotated text (what the app shows in the lookup result and bulk lookup, and
 * what "Copy annotated text" copies) with the hostile-name corpus: every name shown escaped,
 * nothing raw, each answer one line.
 */
import { describe, expect, it } from 'vitest';
import { ModuleIndex, RegionIndex, annotateText, findAddresses, formatHex, formatLookupLine as isolatedLookupLine, parseMaps } from '../../src/internal';
import { rawUnsafeChar, unescapeDisplay } from '../fixtures/hostile/inert';
import { HOSTILE_NAMES, hostileMapsText, hostileRegions } from '../fixtures/hostile/names';

function tools() {
  const table = parseMaps(hostileMapsText()).regions;
  const index = RegionIndex.build(table);
  return { table, index, modules: ModuleIndex.build(table, index.order) };
}

const newlineOnly = (cp: number) => cp === 0x0a;
/** Copied text may hold the isolates mapscope puts around each name (U+2068 … U+2069), nothing else. */
const isolates = (cp: number) => cp === 0x2068 || cp === 0x2069;

describe('lookup lines with hostile names', () => {
  it('a right-to-left name is isolated: pasted, the address after it keeps its place', () => {
    const rtl = '/tmp/\u05d0\u05d1\u05d2 1234 5678';
    const result = parseMaps(`7f0000000000-7f0000001000 r-xp 00000000 08:01 7 ${rtl}\n`);
    const idx = RegionIndex.build(result.regions);
    const line = isolatedLookupLine(result.regions, ModuleIndex.build(result.regions), idx.lookup(0x7f0000000010n));
    expect(line.endsWith(` \u2068${rtl}\u2069`)).toBe(true);
    expect(line.startsWith('\u2068')).toBe(true); // the module label (from the name) too
  });

  const { table, index, modules } = tools();
  const regions = hostileRegions();

  it.each(HOSTILE_NAMES.map((n, i) => [n.id, i] as const))('%s: mapped, inside and in the gap after it', (_, i) => {
    const name = HOSTILE_NAMES[i].name;
    for (const address of [regions[i].begin + 0x10n, regions[i].end + 0x10n]) {
      const line = isolatedLookupLine(table, modules, index.lookup(address));
      expect(rawUnsafeChar(line, isolates)).toBeUndefined();
      expect(line).not.toContain('\n');
      // The name, escaped, between its isolates.
      if (address < regions[i].end) expect(unescapeDisplay(line.replace(/[\u2068\u2069]/g, ''))).toContain(name);
      if (address < regions[i].end) expect(line).toMatch(/\u2068[^\u2068\u2069]*\u2069$/);
    }
  });

  it('annotated text: the pasted lines as they were, each annotation one escaped line', () => {
    const pasted = regions.map((r, i) => `#${i} ${formatHex(r.begin + 0x42n)} in f${i} ()`).join('\n') + '\n';
    const found = findAddresses(pasted, index, modules);
    expect(found.length).toBe(regions.length);
    const annotated = annotateText(pasted, index, modules, found);
    expect(rawUnsafeChar(annotated, (cp) => newlineOnly(cp) || isolates(cp))).toBeUndefined();
    const lines = annotated.split('\n').filter((l) => l !== '');
    expect(lines.length).toBe(2 * regions.length); // each pasted line, then its one annotation line
    const back = unescapeDisplay(annotated.replace(/[\u2068\u2069]/g, ''));
    for (const { name } of HOSTILE_NAMES) expect(back).toContain(name);
  });
});
