/**
 * The identity rules of diffSnapshots, one hand-written case each (the README's examples are
 * these): which pairs each rule makes, and what the pair says changed.
 */
import { describe, expect, it } from 'vitest';
import { describeChange, detectDiffMode, diffSnapshots, MATCH_RULES, parseMaps, type SnapshotDiff } from '../../src/internal';

const maps = (...lines: string[]) => parseMaps(lines.join('\n') + '\n');

/** Each pair as "before line > after line rule [what]"; groups as "rule before lines > after lines". */
function pairsOf(d: SnapshotDiff): string[] {
  const x = d.before.regions.columns.line;
  const y = d.after.regions.columns.line;
  const out: string[] = [];
  for (let k = 0; k < d.changed.before.length; k++) out.push(`${x[d.changed.before[k]]}>${y[d.changed.after[k]]} ${MATCH_RULES[d.changed.rule[k]]} [${describeChange(d, k).join(',')}]`);
  for (let k = 0; k < d.unchanged.before.length; k++) out.push(`${x[d.unchanged.before[k]]}>${y[d.unchanged.after[k]]} ${MATCH_RULES[d.unchanged.rule[k]]}`);
  const g = d.groups;
  for (let k = 0; k < g.count; k++) {
    const rows = (all: Uint32Array, from: number, to: number, line: Uint32Array) => Array.from(all.subarray(from, to), (r) => line[r]).join(',');
    out.push(`${MATCH_RULES[g.rule[k]]} ${rows(g.beforeRows, g.beforeStart[k], g.beforeStart[k + 1], x)}>${rows(g.afterRows, g.afterStart[k], g.afterStart[k + 1], y)}`);
  }
  return out.sort();
}

// A small process: its executable (2 segments), libc (3 segments and the anonymous region after
// them, where its .bss may start: no module claims it — issue 18 — so it is matched as a neighbour),
// [heap], an anonymous region, [stack].
const EXE = ['55d0c8a00000-55d0c8a02000 r--p 00000000 fe:00 1001 /usr/bin/prog', '55d0c8a02000-55d0c8a05000 r-xp 00002000 fe:00 1001 /usr/bin/prog'];
const HEAP = '55d0c9000000-55d0c9021000 rw-p 00000000 00:00 0 [heap]';
const LIBC = [
  '7f1e2a000000-7f1e2a028000 r--p 00000000 fe:00 2002 /usr/lib/libc.so.6',
  '7f1e2a028000-7f1e2a1bd000 r-xp 00028000 fe:00 2002 /usr/lib/libc.so.6',
  '7f1e2a1bd000-7f1e2a1c1000 rw-p 001bc000 fe:00 2002 /usr/lib/libc.so.6',
  '7f1e2a1c1000-7f1e2a1ce000 rw-p 00000000 00:00 0',
];
const STACK = '7ffd5e800000-7ffd5e821000 rw-p 00000000 00:00 0 [stack]';

describe('one process at two times', () => {
  const before = maps(...EXE, HEAP, ...LIBC, STACK);

  it('same-range: a region left as it was', () => {
    const d = diffSnapshots(before, maps(...EXE, HEAP, ...LIBC, STACK));
    expect(d.mode).toBe('same-process');
    expect(pairsOf(d)).toEqual(['1>1 same-range', '2>2 same-range', '3>3 same-range', '4>4 same-range', '5>5 same-range', '6>6 same-range', '7>7 same-range', '8>8 same-range']);
  });

  it('overlap: a [heap] that grew in place is one changed region (size), not one removed and one added', () => {
    const grown = '55d0c9000000-55d0c9042000 rw-p 00000000 00:00 0 [heap]';
    const d = diffSnapshots(before, maps(...EXE, grown, ...LIBC, STACK));
    expect(pairsOf(d)).toContain('3>3 overlap [size]');
    expect([d.added.length, d.removed.length]).toEqual([0, 0]);
    expect(d.summary.changed.bytesDelta).toBe(0x21000n);
  });

  it('split: mprotect on part of a region makes one region two; merge: the reverse', () => {
    const anon = '7f1e29000000-7f1e29100000 rw-p 00000000 00:00 0';
    const halves = ['7f1e29000000-7f1e29080000 rw-p 00000000 00:00 0', '7f1e29080000-7f1e29100000 r--p 00000000 00:00 0'];
    const a = maps(...EXE, HEAP, anon, ...LIBC, STACK);
    const b = maps(...EXE, HEAP, ...halves, ...LIBC, STACK);
    expect(pairsOf(diffSnapshots(a, b)).filter((p) => !p.includes('same-range'))).toEqual(['split 4>4,5']);
    expect(pairsOf(diffSnapshots(b, a)).filter((p) => !p.includes('same-range'))).toEqual(['merge 4,5>4']);
  });

  it('a different backing at the same address is removed and added, not changed', () => {
    const file = '7f1e29000000-7f1e29100000 r--p 00000000 fe:00 3003 /data/big.bin';
    const anon = '7f1e29000000-7f1e29100000 r--p 00000000 00:00 0';
    const d = diffSnapshots(maps(...EXE, file, ...LIBC), maps(...EXE, anon, ...LIBC));
    expect([d.removed.length, d.added.length, d.changed.before.length]).toEqual([1, 1, 0]);
  });

  it('a file unlinked while mapped is the same region, its pathname changed', () => {
    const deleted = LIBC.map((l) => (l.endsWith('libc.so.6') ? l + ' (deleted)' : l));
    const d = diffSnapshots(before, maps(...EXE, HEAP, ...deleted, STACK));
    expect(pairsOf(d).filter((p) => p.includes('pathname'))).toEqual(['4>4 same-range [pathname]', '5>5 same-range [pathname]', '6>6 same-range [pathname]']);
  });
});

describe('two runs of one program (ASLR moved everything)', () => {
  // The same program, every base moved; the anonymous region between [heap] and libc found by its neighbours.
  const ANON = '7f1e29000000-7f1e29100000 rw-p 00000000 00:00 0';
  const run1 = maps(...EXE, HEAP, ANON, ...LIBC, STACK);
  const moved = (line: string, from: string, to: string) => line.replaceAll(from, to);
  const EXE2 = EXE.map((l) => moved(l, '55d0c8a', '5612f33'));
  const HEAP2 = moved(HEAP, '55d0c90', '5612f40');
  const ANON2 = moved(ANON, '7f1e29', '7fa133');
  const LIBC2 = LIBC.map((l) => moved(l, '7f1e2a', '7fa134'));
  const STACK2 = moved(STACK, '7ffd5e8', '7ffc1a2');

  it('detects two runs, and says how', () => {
    const d = detectDiffMode(run1, maps(...EXE2, HEAP2, ANON2, ...LIBC2, STACK2));
    expect(d.mode).toBe('different-runs');
    expect(d.reason).toMatch(/^0 of 5 file mappings at the same address/);
  });

  it('module-segment, name and neighbour: everything matched, nothing changed', () => {
    const d = diffSnapshots(run1, maps(...EXE2, HEAP2, ANON2, ...LIBC2, STACK2));
    expect(pairsOf(d)).toEqual([
      '1>1 module-segment',
      '2>2 module-segment',
      '3>3 name',
      '4>4 neighbour',
      '5>5 module-segment',
      '6>6 module-segment',
      '7>7 module-segment',
      '8>8 neighbour',
      '9>9 name',
    ]);
  });

  it('module-path: the same path, another inode (a rebuilt library): matched, its inode changed', () => {
    const rebuilt = LIBC2.map((l) => l.replace(' 2002 ', ' 2999 '));
    const d = diffSnapshots(run1, maps(...EXE2, HEAP2, ANON2, ...rebuilt, STACK2));
    expect(pairsOf(d).filter((p) => p.includes('module-path'))).toEqual(['5>5 module-path [inode]', '6>6 module-path [inode]', '7>7 module-path [inode]']);
  });

  it('module-relative addresses: a segment that moved within its module is changed (address), not its absolute address', () => {
    // .text now starts a page later relative to libc's base.
    const shifted = LIBC2.map((l, i) => (i === 1 ? l.replace('7fa134028000-', '7fa134029000-') : l));
    const d = diffSnapshots(run1, maps(...EXE2, HEAP2, ANON2, ...shifted, STACK2));
    expect(pairsOf(d).filter((p) => p.includes('['))).toEqual(['6>6 module-segment [address,size]']);
  });

  it('name: [anon:NAME] regions k-th with k-th; thread-stack: a guard page and a stack of one size', () => {
    const named = ['7f1e28000000-7f1e28010000 rw-p 00000000 00:00 0 [anon:arena]', '7f1e28100000-7f1e28110000 rw-p 00000000 00:00 0 [anon:arena]'];
    const thread = ['7f1e27000000-7f1e27001000 ---p 00000000 00:00 0', '7f1e27001000-7f1e27801000 rw-p 00000000 00:00 0'];
    const a = maps(...EXE, ...thread, ...named, ...LIBC);
    const b = maps(...EXE2, ...thread.map((l) => moved(l, '7f1e27', '7f99a1')), ...named.map((l) => moved(l, '7f1e28', '7f0c00')), ...LIBC2);
    const d = diffSnapshots(a, b);
    expect(pairsOf(d).filter((p) => !p.includes('module'))).toEqual(['10>10 neighbour', '3>3 neighbour', '4>4 thread-stack', '5>5 name', '6>6 name']);
  });

  it('forcing a mode: the moved run compared by address matches nothing file-backed', () => {
    const d = diffSnapshots(run1, maps(...EXE2, HEAP2, ANON2, ...LIBC2, STACK2), { mode: 'same-process' });
    expect(d.modeReason).toBe('same-process (as asked)');
    expect(d.summary.matchedBefore).toBe(0);
  });
});

describe('summary', () => {
  it('by kind and by module, and exact smaps deltas when both sides have smaps', () => {
    const smaps = (rss: number) =>
      parseMaps(`7f1e2a000000-7f1e2a028000 r--p 00000000 fe:00 2002 /usr/lib/libc.so.6\nSize: 160 kB\nRss: ${rss} kB\n55d0c9000000-55d0c9021000 rw-p 00000000 00:00 0 [heap]\nSize: 132 kB\nRss: 8 kB\n`);
    const d = diffSnapshots(smaps(100), smaps(140));
    expect(d.summary.smaps.find((s) => s.field === 'Rss')).toEqual({ field: 'Rss', before: 108n * 1024n, after: 148n * 1024n, delta: 40n * 1024n });
    expect(d.summary.byModule.map((r) => [r.key, r.changed.regions, r.unchanged])).toEqual([
      ['(no module)', 0, 1],
      ['libc.so.6', 1, 0],
    ]);
    expect(describeChange(d, 0)).toEqual(['Rss']);
  });
});
