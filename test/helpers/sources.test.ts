/**
 * test/fixtures/SOURCES.md names the origin of every fixture: each file under test/fixtures/ has a
 * row (first cell, in backticks), and each row names a file that exists. A fixture added without
 * saying where it came from fails here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from './fixtures';

/** Paths of the files under `dir`, relative to FIXTURES_DIR, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [relative(FIXTURES_DIR, join(dir, e.name))],
  );
}

describe('test/fixtures/SOURCES.md', () => {
  const sources = readFileSync(join(FIXTURES_DIR, 'SOURCES.md'), 'utf8');
  // A table row whose first cell is one path in backticks: `| \`corpus/x.maps\` | … |`.
  const listed = [...sources.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
  const files = filesUnder(FIXTURES_DIR).filter((f) => f !== 'SOURCES.md');

  it('lists every fixture file once', () => {
    expect(new Set(listed).size, 'a file listed twice').toBe(listed.length);
    expect(files.filter((f) => !listed.includes(f)), 'files without a row').toEqual([]);
  });

  it('names only files that exist', () => {
    expect(listed.filter((f) => !files.includes(f)), 'rows without a file').toEqual([]);
  });
});
