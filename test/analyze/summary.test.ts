/**
 * The summary: groups partition the regions and sum exactly (property), smaps sums agree with the
 * kernel's own smaps_rollup (a fixture and a live process), the largest gap agrees with a
 * brute-force search on every real file, and the region limit flag sits where the kernel's
 * default puts it.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_MAP_COUNT, groupModules, summarizeRegions, summarizeSelection, startSelectionSummary, findLargestGap, type RegionTable, type SummaryRow } from '../../src/internal';
import { generateMaps } from '../bench/generate-maps';
import { referenceSmaps } from '../cli/reference-smaps';
import { startSleeper } from '../cli/sleeper';
import { listCorpus, readCorpus, readFixture } from '../helpers/fixtures';
import { load } from './analyze-helpers';

const hex = (v: bigint) => v.toString(16).padStart(8, '0');
const U64 = (1n << 64n) - 1n;

describe('summarizeRegions', () => {
  it('groups partition the regions and sum exactly, past 2^64 in total (property against linear sums)', () => {
    const names = [null, '/usr/lib/libc.so.6', '[heap]', '[stack]', '/memfd:x (deleted)', '[anon:y]', '[vsyscall]'];
    const perms = ['r--p', 'rw-p', 'r-xp', '---p', 'rw-s', 'rwxp'];
    const region = fc.record({
      begin: fc.bigInt({ min: 0n, max: U64 }),
      size: fc.oneof(fc.bigInt({ min: 0n, max: 1n << 20n }), fc.bigInt({ min: 0n, max: 1n << 63n })),
      perms: fc.constantFrom(...perms),
      name: fc.constantFrom(...names),
    });
    fc.assert(
      fc.property(fc.array(region, { maxLength: 40 }), (regions) => {
        const lines = regions.map((r) => {
          const end = r.begin + r.size > U64 ? U64 : r.begin + r.size;
          return { ...r, end, text: `${hex(r.begin)}-${hex(end)} ${r.perms} 00000000 00:00 0 ${r.name ?? ''}` };
        });
        const { table, order } = load(lines.map((l) => l.text).join('\n'));
        expect(table.length).toBe(lines.length);
        const s = summarizeRegions(table, order);
        const sum = lines.reduce((t, l) => t + (l.end - l.begin), 0n);
        expect(s.total).toMatchObject({ key: 'total', count: lines.length, sizeBytes: sum, rssBytes: null });
        for (const groups of [s.byKind, s.byPerms]) {
          expect(groups.reduce((n, g) => n + g.count, 0)).toBe(lines.length);
          expect(groups.reduce((t, g) => t + g.sizeBytes, 0n)).toBe(sum);
          expect(new Set(groups.map((g) => g.key)).size).toBe(groups.length);
          for (let i = 1; i < groups.length; i++) expect(groups[i - 1].sizeBytes >= groups[i].sizeBytes).toBe(true);
        }
        for (const g of s.byPerms) {
          const mine = lines.filter((l) => l.perms === g.key);
          expect(g.count).toBe(mine.length);
          expect(g.sizeBytes).toBe(mine.reduce((t, l) => t + (l.end - l.begin), 0n));
        }
        expect(s.mapCount).toBe(lines.filter((l) => l.name !== '[vsyscall]').length);
      }),
      { numRuns: 200 },
    );
  });

  it('by module: one row per file, counting every segment of its modules (.bss and holes too)', () => {
    for (const name of ['aosp-libprocinfo-arm64.maps', 'fuglu-glibc-abort-stack-tid.maps', 'dlhiddensym-openjdk8-docker.maps']) {
      const { table, order } = load(readCorpus(name), name);
      const grouping = groupModules(table, order);
      const s = summarizeRegions(table, order, grouping);
      const expected = new Map<string, { count: number; size: bigint }>();
      for (const m of grouping.modules) {
        const e = expected.get(m.pathname) ?? { count: 0, size: 0n };
        e.count += m.segments.length;
        for (const seg of m.segments) e.size += table.get(seg.row).sizeBytes;
        expected.set(m.pathname, e);
      }
      expect(new Map(s.byModule.map((r) => [r.key, { count: r.count, size: r.sizeBytes }])), name).toEqual(expected);
    }
  });

  it('a selection of rows (a search), summed at once or in steps: the same figures as a file of only those lines, grouped by the whole file\'s modules', () => {
    const text = readFixture('smaps/python-mapper.smaps');
    const { table, order } = load(text, 'smaps');
    const grouping = groupModules(table, order);
    const records = text.split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/);
    expect(records.length).toBe(table.length);
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: table.length, maxLength: table.length }), fc.integer({ min: 1, max: 40 }), (keep, stepRows) => {
        const rows = Uint32Array.from(order.filter((row) => keep[row]));
        const s = summarizeSelection(table, grouping, rows);
        // The same sums taken a few rows at a time (the panel sums between frames).
        const summer = startSelectionSummary(table, grouping, rows);
        let steps = 0;
        while (!summer.step(stepRows)) steps++;
        expect(steps).toBe(Math.max(0, Math.ceil(rows.length / stepRows) - 1));
        const stepped = summer.result();
        // And read in pieces, as the app reads a search's answer (PositionSet.copyFrom): a source
        // that hands out at most `stepRows` a call, fewer only at its end.
        let next = 0;
        const pieces = startSelectionSummary(table, grouping, (out) => {
          const count = Math.min(out.length, rows.length - next);
          out.set(rows.subarray(next, next + count));
          next += count;
          return count;
        });
        let pieceSteps = 0;
        while (!pieces.step(stepRows)) pieceSteps++;
        expect(pieceSteps).toBe(Math.floor(rows.length / stepRows));
        expect(pieces.step(stepRows)).toBe(true);
        const read = pieces.result();
        const kept = records.filter((_, i) => keep[i]);
        const alone = kept.length === 0 ? null : load(kept.join('\n'), 'smaps');
        const reference = alone === null ? null : summarizeRegions(alone.table, alone.order);
        expect(s.total.count).toBe(kept.length);
        expect(s.total.sizeBytes).toBe(reference?.total.sizeBytes ?? 0n);
        expect(s.total.rssBytes).toBe(reference?.total.rssBytes ?? 0);
        expect(s.total.pssBytes).toBe(reference?.total.pssBytes ?? 0);
        // Kinds and modules: each selected row counts for the kind and module the whole file gives it
        // (a thread stack is one by its guard page, which a file of the selected lines may lack).
        const kinds = new Map<string, [number, bigint]>();
        const modules = new Map<string, number>();
        keep.forEach((k, row) => {
          if (!k) return;
          const r = table.get(row);
          const [count, size] = kinds.get(r.kind) ?? [0, 0n];
          kinds.set(r.kind, [count + 1, size + r.sizeBytes]);
          const m = grouping.moduleOfRow[row];
          if (m >= 0) modules.set(grouping.modules[m].pathname, (modules.get(grouping.modules[m].pathname) ?? 0) + 1);
        });
        expect(stepped.total).toEqual(s.total);
        expect(read.total).toEqual(s.total);
        for (const summary of [s, stepped, read]) {
          expect(new Map([...summary.byKind].map(([key, r]) => [key, [r.count, r.sizeBytes]]))).toEqual(kinds);
          expect(new Map([...summary.byModule].map(([key, r]) => [key, r.count]))).toEqual(modules);
          expect([...summary.byPerms.values()].reduce((n, r) => n + r.count, 0)).toBe(kept.length);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('python-mapper.smaps: Rss and Swap add up to its smaps_rollup, Pss within the drift between captures; sums match a line-by-line reading', () => {
    const text = readFixture('smaps/python-mapper.smaps');
    const { table, order } = load(text, 'smaps');
    const s = summarizeRegions(table, order);
    const reference = referenceSmaps(text);
    const sum = (key: string) => reference.reduce((t, r) => t + (r.fields[key] ?? 0), 0);
    expect(s.hasSmaps).toBe(true);
    expect(s.total).toMatchObject({ rssBytes: sum('Rss'), pssBytes: sum('Pss'), swapBytes: sum('Swap') });
    const [rollup] = referenceSmaps(readFixture('smaps/python-mapper.smaps_rollup'));
    expect(s.total.rssBytes).toBe(rollup.fields.Rss);
    expect(s.total.swapBytes).toBe(rollup.fields.Swap);
    // test/fixtures/smaps/README.md: Pss depends on the other processes at the moment of capture.
    expect(Math.abs(s.total.pssBytes! - rollup.fields.Pss)).toBeLessThan(rollup.fields.Pss * 0.05);
    // By kind, Rss partitions the total.
    expect(s.byKind.reduce((t, g) => t + g.rssBytes!, 0)).toBe(s.total.rssBytes);
  });

  it('a sleep process started now: Rss and Swap of /proc/PID/smaps equal its smaps_rollup, Pss up to per-region rounding', async () => {
    const sleeper = await startSleeper();
    try {
      // Pss moves when another process maps or unmaps the same pages between two reads: retry
      // until two rollups around the smaps read agree.
      for (let attempt = 0; ; attempt++) {
        const before = referenceSmaps(readFileSync(`/proc/${sleeper.pid}/smaps_rollup`, 'utf8'))[0].fields;
        const smapsText = readFileSync(`/proc/${sleeper.pid}/smaps`, 'utf8');
        const after = referenceSmaps(readFileSync(`/proc/${sleeper.pid}/smaps_rollup`, 'utf8'))[0].fields;
        if (before.Pss !== after.Pss && attempt < 20) continue;
        const { table, order } = load(smapsText, 'smaps');
        const s = summarizeRegions(table, order);
        expect(s.total.rssBytes).toBe(after.Rss);
        expect(s.total.swapBytes).toBe(after.Swap);
        // fs/proc/task_mmu.c: smaps_rollup sums Pss with PSS_SHIFT fraction bits and truncates once;
        // smaps truncates each region to whole kB, so the sum of regions is at most one kB per region lower.
        expect(s.total.pssBytes).toBeLessThanOrEqual(after.Pss);
        expect(s.total.pssBytes).toBeGreaterThan(after.Pss - table.length * 1024);
        break;
      }
    } finally {
      sleeper.child.kill();
    }
  });

  it('maps without smaps fields: no Rss, Pss or Swap; old gdb listings without perms: one "unknown" group', () => {
    const { table, order } = load(readCorpus('rsprocmaps-golden.maps'));
    const s = summarizeRegions(table, order);
    expect(s.hasSmaps).toBe(false);
    expect([s.total.rssBytes, s.total.pssBytes, s.total.swapBytes]).toEqual([null, null, null]);
    const gdb = load(readFixture('gdb/python-mapper.gdb11-noperms.txt'));
    expect(gdb.table.known.perms).toBe(false);
    expect(summarizeRegions(gdb.table, gdb.order).byPerms.map((g) => [g.key, g.count])).toEqual([['unknown', gdb.table.length]]);
  });
});

/**
 * The largest gap by brute force: regions sorted by begin, each gap from the highest end so far to
 * the next begin; the gap up to [vsyscall] or [vectors] (kernel addresses) left out.
 */
function bruteLargestGap(table: RegionTable): { begin: bigint; end: bigint } | undefined {
  const regions = table.toArray().filter((r) => r.end > r.begin).sort((a, b) => (a.begin < b.begin ? -1 : a.begin > b.begin ? 1 : 0));
  let best: { begin: bigint; end: bigint } | undefined;
  let reach = -1n;
  for (const r of regions) {
    const gate = r.kind === 'vsyscall' || r.pathname === '[vectors]';
    if (reach >= 0n && r.begin > reach && !gate && (best === undefined || r.begin - reach > best.end - best.begin)) best = { begin: reach, end: r.begin };
    if (r.end > reach) reach = r.end;
  }
  return best;
}

describe('findLargestGap', () => {
  const files = [
    ...listCorpus('.maps').map((name) => ({ name, text: readCorpus(name) })),
    ...listCorpus('.smaps').map((name) => ({ name, text: readCorpus(name) })),
    { name: 'smaps/python-mapper.smaps', text: readFixture('smaps/python-mapper.smaps') },
    { name: '/proc/self/maps', text: readFileSync('/proc/self/maps', 'utf8') },
  ];
  for (const f of files) {
    it(`${f.name}: the same gap as a brute-force search`, () => {
      const { table, order } = load(f.text, f.name);
      const gap = findLargestGap(table, order);
      const expected = bruteLargestGap(table);
      expect(gap === undefined ? undefined : { begin: gap.beginAddr, end: gap.endAddr }).toEqual(expected);
      if (gap !== undefined) {
        expect(gap.sizeBytes).toBe(gap.endAddr - gap.beginAddr);
        expect(table.end(gap.belowRow)).toBe(gap.beginAddr);
        expect(table.begin(gap.aboveRow)).toBe(gap.endAddr);
      }
    });
  }

  it('property: random, overlapping and unsorted regions agree with brute force; sizes near 2^64 compare exactly', () => {
    const region = fc.record({
      begin: fc.oneof(fc.bigInt({ min: 0n, max: 1n << 40n }), fc.bigInt({ min: 0n, max: U64 - 1n })),
      size: fc.bigInt({ min: 0n, max: 1n << 36n }),
      name: fc.constantFrom('', '[vsyscall]', '[vectors]', '/lib/x'),
    });
    fc.assert(
      fc.property(fc.array(region, { maxLength: 30 }), (regions) => {
        const text = regions.map((r) => `${hex(r.begin)}-${hex(r.begin + r.size > U64 ? U64 : r.begin + r.size)} r--p 00000000 00:00 0 ${r.name}`).join('\n');
        const { table, order } = load(text);
        const gap = findLargestGap(table, order);
        expect(gap === undefined ? undefined : { begin: gap.beginAddr, end: gap.endAddr }).toEqual(bruteLargestGap(table));
      }),
      { numRuns: 300 },
    );
  });
});

describe('the order of the rows', () => {
  it('property: by kind, permissions and module, largest first, then by key; sizes above 2^53 that round to one double compare exactly', () => {
    const region = fc.record({
      begin: fc.bigInt({ min: 0n, max: 1n << 40n }),
      // Sizes above 2^53 a page apart round to one double: the exact sizes must still decide.
      size: fc.oneof(fc.constantFrom(0x1000n, 0x2000n, 0x3000n, (1n << 60n) + 0x1000n, (1n << 60n) + 0x2000n), fc.bigInt({ min: 1n, max: 1n << 36n })),
      perms: fc.constantFrom('r--p', 'rw-p', 'r-xp', '---p'),
      name: fc.constantFrom('', '[heap]', '/lib/a.so', '/lib/b.so', '/lib/c.so', '/usr/d', '/usr/e (deleted)', '/x/f', '/x/g', '/x/h'),
    });
    const ordered = (rows: readonly SummaryRow[]) =>
      [...rows].sort((a, b) => (a.sizeBytes !== b.sizeBytes ? (a.sizeBytes > b.sizeBytes ? -1 : 1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    fc.assert(
      fc.property(fc.array(region, { maxLength: 40 }), (regions) => {
        const text = regions.map((r) => `${hex(r.begin)}-${hex(r.begin + r.size)} ${r.perms} 00000000 08:01 ${r.name === '' || r.name.startsWith('[') ? 0 : 7} ${r.name}`).join('\n');
        const { table, order } = load(text);
        const s = summarizeRegions(table, order);
        for (const rows of [s.byKind, s.byPerms, s.byModule]) expect(rows.map((r) => r.key)).toEqual(ordered(rows).map((r) => r.key));
      }),
      { numRuns: 300 },
    );
  });
});

describe('the region limit', () => {
  it(`flags more than 90% of the default vm.max_map_count (${DEFAULT_MAX_MAP_COUNT}) and no fewer`, () => {
    // include/linux/mm.h: USHRT_MAX - MAPCOUNT_ELF_CORE_MARGIN.
    expect(DEFAULT_MAX_MAP_COUNT).toBe(65535 - 5);
    const threshold = Math.floor(DEFAULT_MAX_MAP_COUNT * 0.9); // 58,977: flagged above it
    for (const regions of [threshold + 1, threshold + 2]) {
      const { text } = generateMaps({ regions });
      const { table, order } = load(text);
      const gates = text.split('\n').filter((l) => l.endsWith('[vsyscall]')).length;
      const s = summarizeRegions(table, order);
      expect(s.mapCount).toBe(regions - gates);
      expect(s.mapCountShare).toBeCloseTo(s.mapCount / 65530, 12);
      expect(s.nearMapCountLimit).toBe(s.mapCount > threshold);
    }
  });
});
