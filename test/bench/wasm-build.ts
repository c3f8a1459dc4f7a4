/**
 * The WebAssembly modules of a tree that git archive extracted for a baseline (cold.bench.ts,
 * cli.bench.ts): their generated modules (src/parse/wasm/*.gen.ts) are build output, not in git,
 * so src/parse/wasm/build.mjs makes them there, with this tree's node_modules. Commits before the scanner have
 * no build script and need nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;

/** Builds the WebAssembly modules of the extracted tree at `tree`, if it has any. */
export function buildWasm(tree: string): void {
  const script = join(tree, 'src/parse/wasm/build.mjs');
  if (!existsSync(script)) return;
  if (!existsSync(join(tree, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
  execFileSync(process.execPath, [script], { stdio: 'ignore' });
}
