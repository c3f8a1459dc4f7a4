/**
 * A parse result must not keep the input text alive once the caller drops it: V8 represents a
 * slice of 13 or more characters as a view of the whole parent string, so a pathname or a
 * diagnostic's text cut from the input would pin all of it. Measured in a child process run with
 * --expose-gc (heap and array buffers after full collections, once the job that parsed has ended),
 * on 10 MB texts with long names,
 * errors and order warnings, on each maps read path.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const REPO = new URL('../..', import.meta.url).pathname;

/** Bytes still in use after parsing a text built by `make` and dropping the text (not the result). */
function retainedAfterDrop(make: string, nonAscii: boolean, path: 'wasm' | 'bytes' | 'text' | 'checked'): { textBytes: number; retained: number; regions: number; diagnostics: number } {
  const script = `
    const { parseProcMapsUsing } = await import('./src/parse/maps.ts');
    const used = () => { for (let i = 0; i < 4; i++) gc(); const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
    const make = ${make};
    let result = null;
    let textBytes = 0;
    const before = used();
    (() => {
      const text = make();
      textBytes = text.length * ${nonAscii ? 2 : 1};
      result = parseProcMapsUsing(text, ${JSON.stringify(path)});
    })();
    // Let the job end, so that nothing of the parse is left in a stack frame or register, and
    // take the least of a few measurements: the collector may free a large string a little late
    // on a busy machine, while a text the result pins stays in every one.
    let retained = Infinity;
    for (let round = 0; round < 5; round++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      retained = Math.min(retained, used() - before);
    }
    console.log(JSON.stringify({ textBytes, retained, regions: result.regions.length, diagnostics: result.diagnosticGroups.reduce((n, g) => n + g.count, 0) }));
  `;
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as { textBytes: number; retained: number; regions: number; diagnostics: number };
}

// 20,000 lines of about 500 characters: 40 distinct 450-character names; every 50th line is bad
// (an error quoting 500 characters) and every 97th starts below its predecessor (a warning).
const MAKE = (nonAscii: boolean) => `() => {
  const lines = [];
  for (let i = 0; i < 20000; i++) {
    const begin = (i % 97 === 0 && i > 0 ? i - 1 : i) * 0x1000 + 0x7f0000000000;
    const name = '/opt/' + ${nonAscii ? "'é'" : "'e'"} + String(i % 40).padStart(3, '0') + '/' + 'n'.repeat(440);
    const line = begin.toString(16) + '-' + (begin + 0x1000).toString(16) + ' r--p 00000000 fe:00 42' + ' '.repeat(26) + name;
    lines.push(i % 50 === 0 ? line.replace('r--p', 'r?-p') : line);
  }
  return lines.join('\\n');
}`;

describe('a parse result does not pin its input text', () => {
  it.each([
    ['ASCII text, WebAssembly path', false, 'wasm'],
    ['ASCII text, bytes path', false, 'bytes'],
    ['ASCII text, character fast path', false, 'text'],
    ['ASCII text, checked path', false, 'checked'],
    ['text with non-ASCII names (bytes path falls back)', true, 'bytes'],
    ['text with non-ASCII names (WebAssembly path falls back)', true, 'wasm'],
  ] as const)('%s', (_, nonAscii, path) => {
    const r = retainedAfterDrop(MAKE(nonAscii), nonAscii, path);
    expect(r.regions).toBe(20000 - 400);
    expect(r.diagnostics).toBeGreaterThan(400); // 400 errors, and order warnings
    expect(r.textBytes).toBeGreaterThan(9_000_000);
    // The result itself: ~50 B a region, 40 names, the first 100 diagnostics of each kind (up to 512 characters each).
    expect(r.retained).toBeLessThan(r.textBytes / 4);
  });
});
