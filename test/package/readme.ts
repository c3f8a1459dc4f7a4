/** The parts of README.md that tests hold to the code: the public API list and the library example. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root directory. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The names in one of the README's API tables (between the `<block>:start` and `:end` markers:
 * `public-api` for `mapscope`, `node-api` for `mapscope/node`): every backticked name in the first
 * cell of each row.
 */
export function readmePublicApi(readme: string, block = 'public-api'): string[] {
  const found = new RegExp(`<!-- ${block}:start -->\\n([\\s\\S]*?)<!-- ${block}:end -->`).exec(readme);
  if (!found) throw new Error(`README.md has no <!-- ${block}:start --> … <!-- ${block}:end --> block`);
  const names: string[] = [];
  for (const line of found[1].split('\n')) {
    const firstCell = /^\|([^|]*)\|/.exec(line)?.[1];
    if (firstCell === undefined) continue;
    for (const m of firstCell.matchAll(/`([^`]+)`/g)) names.push(m[1]);
  }
  return names;
}

/** The README's library example: its only ```ts block. */
export function readmeLibraryExample(readme: string): string {
  const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  if (blocks.length !== 1) throw new Error(`README.md should have exactly one \`\`\`ts block (the library example), has ${blocks.length}`);
  return blocks[0];
}
