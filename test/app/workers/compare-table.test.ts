/**
 * The comparison table (app/workers/compare-table.ts) over src/diff's diffSnapshots: the after's
 * rows first, exactly as they were, then the before's removed rows, exactly as they were (their
 * pathnames too), and per row a change that agrees with the diff — added rows are the diff's
 * added, removed its removed, each pair's after row points back to its before row. Checked on
 * generated snapshots with random lines dropped and permissions changed (fast-check), and on two
 * different programs from the samples (a bad pair).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSnapshots, parseMaps, type RegionTable } from '../../../src/internal';
import { CHANGE, buildComparison } from '../../../app/workers/compare-table';
import { compareSnapshots, pairingOf } from '../../../app/workers/compare-snapshots';
import type { HeldSnapshot } from '../../../app/workers/snapshots';
import { generateMaps } from '../../bench/generate-maps';

const sample = (name: string) => readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url), 'utf8');

/** Every field of row `r` of `t`, exact (bigints and strings). */
function fields(t: RegionTable, r: number): string {
  const g = t.get(r);
  return `${g.begin}-${g.end} ${g.perms} ${g.offset} ${g.device.major}:${g.device.minor} ${g.inode} ${g.pathname} ${g.line} ${JSON.stringify(t.smaps?.[r] ?? null)}`;
}

function check(beforeText: string, afterText: string): void {
  const before = parseMaps(beforeText, { fileName: 'before' });
  const after = parseMaps(afterText, { fileName: 'after' });
  const diff = diffSnapshots(before, after);
  const { table, data } = buildComparison(before.regions, after.regions, pairingOf(diff), { before: 'b', after: 'a', beforeIndex: 0, afterIndex: 1 });
  const nA = after.regions.length;
  expect(data.afterRows).toBe(nA);
  expect(table.length).toBe(nA + diff.removed.length);
  for (let r = 0; r < nA; r++) expect(fields(table, r)).toBe(fields(after.regions, r));
  for (let k = 0; k < diff.removed.length; k++) {
    const r = nA + k;
    expect(data.change[r]).toBe(CHANGE.removed);
    expect(data.beforeRow[r]).toBe(diff.removed[k]);
    expect(fields(table, r)).toBe(fields(before.regions, diff.removed[k]));
  }
  for (const row of diff.added) {
    expect(data.change[row]).toBe(CHANGE.added);
    expect(data.beforeRow[row]).toBe(-1);
  }
  for (const [list, code] of [
    [diff.changed, CHANGE.changed],
    [diff.unchanged, CHANGE.unchanged],
  ] as const) {
    for (let k = 0; k < list.after.length; k++) {
      expect(data.change[list.after[k]]).toBe(code);
      expect(data.beforeRow[list.after[k]]).toBe(list.before[k]);
      expect(data.rules[data.rule[list.after[k]]]).toBeDefined();
    }
  }
  // The row counts partition the table; the header counts are the diff's.
  const { added, removed, changed, unchanged } = data.rowCounts;
  expect(added + removed + changed + unchanged).toBe(table.length);
  expect(data.counts).toEqual({ added: diff.summary.added.regions, removed: diff.summary.removed.regions, changed: diff.summary.changed.regions, unchanged: diff.unchanged.before.length });
  // The before's own table travels beside it, whole.
  expect(data.before.length).toBe(before.regions.length);
}

describe('comparison table', () => {
  it('keeps the after and the removed rows exact, and agrees with the diff (property)', () => {
    const lines = generateMaps({ regions: 400, seed: 7 }).text.split('\n').filter((l) => l !== '');
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(lines.length - 1), { maxLength: 40 }), fc.uniqueArray(fc.nat(lines.length - 1), { maxLength: 40 }), (dropped, made) => {
        const drop = new Set(dropped);
        const mutate = new Set(made);
        const after = lines.filter((_, i) => !drop.has(i)).map((l, i) => (mutate.has(i) ? l.replace(/^(\S+) r-/, '$1 rw') : l));
        check(lines.join('\n'), after.join('\n'));
      }),
      { numRuns: 30 },
    );
  });

  it('compares two different programs (a bad pair) and says how little matched', () => {
    check(sample('c-hello.maps'), sample('openjdk17-jit.maps'));
    const held = (text: string, fileName: string): HeldSnapshot => ({ result: parseMaps(text, { fileName }), fileName, timeMs: null, textBytes: text.length, compressed: false, notices: [], readMs: 0, parseMs: 0 });
    const { comparison } = compareSnapshots(held(sample('c-hello.maps'), 'c-hello.maps'), held(sample('openjdk17-jit.maps'), 'jdk.maps'), { before: 0, after: 1 });
    expect(comparison.summary).toMatch(/^Matched \d+ of \d+ regions before \(\d+%\) and \d+ of \d+ after \(\d+%\); /);
  });

  it('names each side\'s diagnostics by its file', () => {
    const held = (text: string, fileName: string): HeldSnapshot => ({ result: parseMaps(text, { fileName }), fileName, timeMs: null, textBytes: text.length, compressed: false, notices: [], readMs: 0, parseMs: 0 });
    const bad = sample('c-hello.maps') + 'not a maps line\n';
    const { held: shown } = compareSnapshots(held(bad, 'one.maps'), held(sample('c-hello.maps') + 'nor this\n', 'two.maps'), { before: 0, after: 1 });
    const messages = shown.result.diagnostics.map((d) => d.message);
    expect(messages.some((m) => m.startsWith('one.maps: '))).toBe(true);
    expect(messages.some((m) => m.startsWith('two.maps: '))).toBe(true);
    expect(shown.result.diagnosticGroups.reduce((n, g) => n + g.count, 0)).toBe(2);
  });
});
