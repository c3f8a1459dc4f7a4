/**
 * The benchmark runner (`npm run bench`, or `npm run bench -- core` to run only modules whose file
 * name contains "core").
 *
 * Hook for more benchmarks: every `test/bench/*.bench.ts` module that exports
 * `run(): void | Promise<void>` is imported and run in file-name order; each prints its own table.
 * A browser-measured benchmark (e.g. parse in the page's worker, timed with playwright-core and
 * /usr/bin/chromium on a random loopback port) drops in as another `*.bench.ts` with a `run()`.
 * The runner always exits 0: benchmarks report, they do not gate.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const modules = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort();

const started = performance.now();
for (const file of modules) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { run?: () => void | Promise<void> };
  if (typeof mod.run !== 'function') continue;
  console.log(`\n=== ${file} ===`);
  try {
    await mod.run();
  } catch (error) {
    console.log(`${file} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
console.log(`\nbenchmarks done in ${((performance.now() - started) / 1000).toFixed(1)} s (node ${process.version})`);
process.exitCode = 0;
