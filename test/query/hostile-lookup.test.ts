/**
 * Lookup lines and annotated text (what the app shows in the lookup result and bulk lookup, and
 * what "Copy annotated text" copies) with the hostile-name corpus: every name shown escaped,
 * nothing raw, each answer one line.
 */
import { describe, expect, it } from 'vitest';
import { ModuleIndex, RegionIndex, annotateText, findAddresses, formatHex, formatLookupLine, parseMaps } from '../../src/internal';
import { rawUnsafeChar, unescapeDisplay } from '../fixtures/hostile/inert';
import { HOSTILE_NAMES, hostileMapsText, hostileRegions } from '../fixtures/hostile/names';

function tools() {
  const table = parseMaps(hostileMapsText()).regions;
  const index = RegionIndex.build(table);
  return { table, index, modules: ModuleIndex.build(table, index.order) };
}

const newlineOnly = (cp: number) => cp === 0x0a;

describe('lookup lines with hostile names', () => {
  const { table, index, modules } = tools();
  const regions = hostileRegions();

  it.each(HOSTILE_NAMES.map((n, i) => [n.id, i] as const))('%s: mapped, inside and in the gap after it', (_, i) => {
    const name = HOSTILE_NAMES[i].name;
    for (const address of [regions[i].begin + 0x10n, regions[i].end + 0x10n]) {
      const line = formatLookupLine(table, modules, index.lookup(address));
      expect(rawUnsafeChar(line)).toBeUndefined();
      expect(line).not.toContain('\n');
      if (address < regions[i].end) expect(unescapeDisplay(line)).toContain(name);
    }
  });

  it('annotated text: the pasted lines as they were, each annotation one escaped line', () => {
    const pasted = regions.map((r, i) => `#${i} ${formatHex(r.begin + 0x42n)} in f${i} ()`).join('\n') + '\n';
    const found = findAddresses(pasted, index, modules);
    expect(found.length).toBe(regions.length);
    const annotated = annotateText(pasted, index, modules, found);
    expect(rawUnsafeChar(annotated, newlineOnly)).toBeUndefined();
    const lines = annotated.split('\n').filter((l) => l !== '');
    expect(lines.length).toBe(2 * regions.length); // each pasted line, then its one annotation line
    const back = unescapeDisplay(annotated);
    for (const { name } of HOSTILE_NAMES) expect(back).toContain(name);
  });
});
