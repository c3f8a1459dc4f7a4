import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, referenceFile, textLines } from './reference-maps';
import { runCli } from './run-cli';

interface Group {
  count: number;
  sizeBytes: string;
}
interface StatsOut {
  format: string;
  total: Group;
  byKind: (Group & { kind: string })[];
  byPerms: (Group & { perms: string })[];
  diagnostics: unknown[];
}

describe('mapscope stats', () => {
  for (const file of ['aosp-libprocinfo-arm64.maps', 'gomarkablestream-remarkable-arm32.maps', 'rsprocmaps-golden.maps']) {
    it(`${file}: totals by perms equal sums over the line text`, async () => {
      const ref = referenceFile(join(CORPUS, file));
      const expected = new Map<string, { count: number; size: bigint }>();
      let total = 0n;
      let anonymous = 0;
      for (const r of ref.regions) {
        expect(r).toBeDefined();
        const g = expected.get(r!.perms) ?? { count: 0, size: 0n };
        g.count++;
        g.size += BigInt(r!.sizeBytes);
        expected.set(r!.perms, g);
        total += BigInt(r!.sizeBytes);
        if (r!.pathname === null) anonymous++;
      }
      const run = await runCli(['stats', '--json', join(CORPUS, file)]);
      expect(run.status).toBe(0);
      const out = JSON.parse(run.stdout) as StatsOut;
      expect(out.total).toEqual({ count: ref.lines.length, sizeBytes: total.toString() });
      expect(new Map(out.byPerms.map((g) => [g.perms, { count: g.count, size: BigInt(g.sizeBytes) }]))).toEqual(expected);
      // By kind: the groups partition the regions; regions without a pathname are anonymous, or
      // thread stacks when right above an inaccessible guard (model/thread-stacks.ts).
      expect(out.byKind.reduce((n, g) => n + g.count, 0)).toBe(ref.lines.length);
      expect(out.byKind.reduce((n, g) => n + BigInt(g.sizeBytes), 0n)).toBe(total);
      const count = (kind: string) => out.byKind.find((g) => g.kind === kind)?.count ?? 0;
      expect(count('anonymous') + count('thread-stack')).toBeGreaterThanOrEqual(anonymous);
      // Largest first.
      for (const groups of [out.byKind, out.byPerms]) {
        for (let i = 1; i < groups.length; i++) expect(BigInt(groups[i - 1].sizeBytes) >= BigInt(groups[i].sizeBytes)).toBe(true);
      }
    });
  }

  it('sums exactly beyond 2^64 (bigint, not doubles)', async () => {
    // Two hand-written regions of nearly 2^64 bytes each, overlapping: the sum needs 65 bits.
    const text = '0000000000000000-ffffffffffffffff rw-p 00000000 00:00 0 \n0000000000000001-fffffffffffffffe r--p 00000000 00:00 0 \n';
    const run = await runCli(['stats', '--json', '-'], text);
    const out = JSON.parse(run.stdout) as StatsOut;
    const expected = 0xffffffffffffffffn + (0xfffffffffffffffen - 1n);
    expect(out.total.sizeBytes).toBe(expected.toString());
    expect(out.byKind).toEqual([{ kind: 'anonymous', count: 2, sizeBytes: expected.toString() }]);
    // The overlap is warned about, not an error.
    expect(run.status).toBe(0);
    const diagnostics = out.diagnostics as { code: string; severity: string }[];
    expect(diagnostics.filter((d) => d.code === 'overlap')).toEqual([expect.objectContaining({ severity: 'warning' })]);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('prints two tables ending in the total, and exits 1 with errors', async () => {
    const text = '00400000-00401000 r--p 00000000 08:02 1 /a\n00401000-00403000 r-xp 00001000 08:02 1 /a\n00403000-00404000 r-xp\n';
    const run = await runCli(['stats', '-'], text);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^<stdin>:3:\d+: error: /m);
    const lines = textLines(run.stdout);
    expect(lines[0]).toMatch(/^KIND\s+REGIONS\s+SIZE\s+BYTES$/);
    expect(lines[1]).toMatch(/^file\s+2\s+12 KiB\s+12288$/);
    expect(lines[2]).toMatch(/^total\s+2\s+12 KiB\s+12288$/);
    expect(lines[3]).toBe('');
    expect(lines[4]).toMatch(/^PERMS\s+REGIONS\s+SIZE\s+BYTES$/);
    expect(lines.slice(5)).toEqual([expect.stringMatching(/^r-xp\s+1\s+8 KiB\s+8192$/), expect.stringMatching(/^r--p\s+1\s+4 KiB\s+4096$/), expect.stringMatching(/^total\s+2\s+12 KiB\s+12288$/)]);
  });

  it('an empty input has zero totals', async () => {
    const run = await runCli(['stats', '--json', '-'], '');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: { count: 0, sizeBytes: '0' }, byKind: [], byPerms: [] });
  });
});
