/** The parts of README.md that tests hold to the code: the public API list and the library example. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root directory. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The names in the README's public API table (between the `public-api:start` and `:end`
 * markers): every backticked name in the first cell of each row.
 */
export function readmePublicApi(readme: string): string[] {
  const block = /<!-- public-api:start -->\n([\s\S]*?)<!-- public-api:end -->/.exec(readme);
  if (!block) throw new Error('README.md has no <!-- public-api:start --> … <!-- public-api:end --> block');
  const names: string[] = [];
  for (const line of block[1].split('\n')) {
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
