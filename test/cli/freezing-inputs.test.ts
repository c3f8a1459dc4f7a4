/**
 * The built CLI answers the inputs that once froze the app (issue 11, case 14) within a bounded
 * heap: every line counted, the first examples of each kind printed, the exit status right.
 * Output goes to a file (a million regions of JSON), and the test reads its diagnostics back.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FREEZING_INPUTS } from '../bench/freezing-inputs';
import { buildCli, runBuilt } from './built-cli';

/** A bounded heap (the issue saw 754 MB of heap at 300 MB of duplicate lines): the CLI must answer within it. */
const HEAP = ['--max-old-space-size=512'];

let cli: string;
let removeCli: () => void;
let dir: string;
beforeAll(async () => {
  ({ cli, remove: removeCli } = await buildCli());
  dir = mkdtempSync(join(tmpdir(), 'mapscope-freeze-'));
}, 120_000);
afterAll(() => {
  removeCli?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Group {
  code: string;
  severity: string;
  count: number;
  firstLine: number;
  exampleLines: number[];
}

/** Runs `parse --json` on the input named `name` with stdout to a file; returns the status, stderr, and the JSON's diagnostics. */
async function parseJson(name: string) {
  const input = join(dir, 'input.maps');
  writeFileSync(input, FREEZING_INPUTS.find(([n]) => n.startsWith(name))![1]());
  const outPath = join(dir, 'out.json');
  const fd = openSync(outPath, 'w');
  let run;
  try {
    run = await runBuilt(cli, ['parse', '--json', input], { stdout: fd, nodeArgs: HEAP });
  } finally {
    closeSync(fd);
  }
  const out = readFileSync(outPath, 'utf8');
  // The diagnostics follow the regions: parse that part alone (the regions are a million lines).
  const from = out.lastIndexOf('\n"diagnostics":[');
  const tail = JSON.parse(`{${out.slice(from + 1)}`) as { diagnostics: { line: number; code: string }[]; diagnosticGroups: Group[]; stats: Record<string, number> };
  return { status: run.status, stderr: run.stderr, regionLines: from < 0 ? -1 : out.slice(0, from).split('\n').length - 2, ...tail };
}

describe('the built CLI on the freezing inputs, in a 512 MB heap', () => {
  it('1,000,000 duplicate lines: every region listed, 999,999 warnings counted, 100 listed; exit 0', async () => {
    const r = await parseJson('1,000,000');
    expect(r.status).toBe(0);
    expect(r.regionLines).toBe(1_000_000);
    expect(r.diagnosticGroups.map((g) => [g.code, g.severity, g.count, g.firstLine, g.exampleLines.length])).toEqual([['duplicate', 'warning', 999_999, 2, 100]]);
    expect(r.diagnostics).toHaveLength(100);
    expect(r.stderr.match(/: warning: /g)).toHaveLength(10);
    expect(r.stderr).toMatch(/: … and 999,989 more duplicate warnings \(lines 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, …\)\n/);
    expect(r.stderr).toMatch(/: 0 errors, 999,999 warnings/);
  }, 300_000);

  it('1,500,000 bad lines: each kind counted exactly; exit 1', async () => {
    const r = await parseJson('1,500,000');
    expect(r.status).toBe(1);
    expect(r.stats).toEqual({ lines: 1_500_000, regions: 1, blank: 0, recognized: 0, rejected: 1_499_999 });
    expect(r.diagnosticGroups.map((g) => [g.code, g.count])).toEqual([
      ['missing-field', 500_000],
      ['bad-device', 500_000],
      ['bad-permissions', 499_999],
    ]);
    expect(r.diagnostics).toHaveLength(300);
    expect(r.stderr.match(/: error: /g)).toHaveLength(30);
    expect(r.stderr).toMatch(/: … and 499,989 more bad-permissions errors \(lines 34, 37, 40,/);
    expect(r.stderr).toMatch(/: 1,499,999 errors, 0 warnings/);
  }, 300_000);

  it('one 50 MB pathname: the region with its whole name; exit 0', async () => {
    const r = await parseJson('one 50 MB');
    expect(r.status).toBe(0);
    expect(r.regionLines).toBe(1);
    expect(r.diagnosticGroups).toEqual([]);
    expect(r.stderr).toBe('');
  }, 300_000);
});
