/**
 * A full GC does not throw the parser's optimised code away (issue 19; src/parse/shape-keeper.ts).
 * Without the kept sample objects, every full GC freed the hidden classes of a parse's objects and
 * V8 deoptimised the code that checks for them: `--trace-deopt` printed "reason: weak objects" for
 * readAsciiLines, internBytes, previousAt, findBytes, addPending, classifyRegions, markThreadStacks,
 * parseSmaps, readKernelLine … and the next parse ran in the interpreter (56–190 ms instead of 10–15).
 * The child parses until optimised, then parses between forced full GCs; V8's own trace says which
 * optimised code a GC discarded.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

/** Names of the functions and methods declared in the parse path's modules (src/parse, src/model). */
function parserFunctionNames(): Set<string> {
  const names = new Set<string>();
  for (const dir of ['src/parse', 'src/model']) {
    for (const file of readdirSync(join(root, dir)).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(root, dir, file), 'utf8');
      for (const m of text.matchAll(/\bfunction\s+(\w+)|^\s+(?:(?:private|static|readonly|get)\s+)*(\w+)\s*\([^)]*\)\s*(?::[^{]+)?\{/gm)) names.add(m[1] ?? m[2]);
    }
  }
  for (const keyword of ['if', 'for', 'while', 'switch', 'catch', 'constructor']) names.delete(keyword);
  return names;
}

describe('the parser after a full GC', () => {
  it('keeps its optimised code: no "weak objects" deoptimisation of a parser function at a forced GC', () => {
    const out = spawnSync(process.execPath, ['--expose-gc', '--trace-deopt', '--import', 'tsx', join(__dirname, 'gc-deopt-child.ts')], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 << 20,
      timeout: 240_000,
    });
    expect(out.status, out.stderr).toBe(0);
    const start = out.stdout.indexOf('=== gc phase');
    const end = out.stdout.indexOf('=== end');
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    // The trace works: the warm-up phase before the GCs shows V8 optimising and deoptimising as usual.
    expect(out.stdout.slice(0, start)).toMatch(/deoptimiz/);
    const ours = parserFunctionNames();
    expect(ours).toContain('readAsciiLines');
    expect(ours).toContain('internBytes');
    const discarded = [...out.stdout.slice(start, end).matchAll(/<SharedFunctionInfo (\w+)>\) \(opt id \d+\) for deoptimization, reason: weak objects/g)]
      .map((m) => m[1])
      .filter((name) => ours.has(name));
    expect(discarded).toEqual([]);
  }, 300_000);
});
