/**
 * docs/format.md names every diagnostic code the parsers (src/parse/), the input pipeline
 * (src/input/) and the crash artifact readers (src/artifact/) can emit: a code added to the source without a line in the docs fails here.
 *
 * Codes are found in the source text, two ways: every hyphenated string literal (`'bad-range'`,
 * wherever it is written: a `code:` property, an argument, a table row) except the few that
 * name something else (NOT_CODES); and one-word literals where a code stands — after `code:` or
 * `code =`, in a `…_CODE = '…'` constant, or as the argument before a message (a string, a
 * template or a message function: `warn(i, 'overlap', (line) => …)`).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Hyphenated literals in src/parse, src/input and src/artifact that are not diagnostic codes. */
const NOT_CODES = new Set([
  // format names (src/parse/result.ts) and detection's names for them
  'pmap-d', 'pmap-x', 'pmap-ext', 'pmap-plain',
  // encodings (src/input/read-input.ts)
  'utf-8', 'utf-16le', 'utf-16be',
  // region kinds that pmap's names give (src/model/kind.ts)
  'sysv-shm', 'shared-memory',
  // the permission letters' pattern, r-w-x-sp (truncation.ts)
  'r-w-x-sp',
  // crash artifact formats (src/model/artifact.ts) and the name a title gives systemd-coredump
  'glibc-abort', 'coredump-journal', 'systemd-coredump',
  // ArtifactError's code for an ELF file that is not a core (read-artifact.ts): refused, not a diagnostic
  'not-core',
]);

/** The .ts files under dir, recursively. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Each code found, with the files that write it. */
function codesInSource(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const add = (code: string, file: string) => found.set(code, [...(found.get(code) ?? []), file]);
  for (const file of [...sources('src/parse'), ...sources('src/input'), ...sources('src/artifact')]) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/'([a-z][a-z0-9]*(?:-[a-z0-9]+)+)'/g)) if (!NOT_CODES.has(m[1])) add(m[1], file);
    for (const m of text.matchAll(/\bcode(?::| =) '([a-z]+)'|_CODE = '([a-z]+)'|'([a-z]+)',(?=\s*(?:`|'[^']* |\())/g)) {
      const code = m[1] ?? m[2] ?? m[3];
      if (code !== 'error' && code !== 'warning') add(code, file);
    }
  }
  return found;
}

/** The codes docs/format.md names in its Diagnostics section: each `code` in a table's first column. */
function documentedCodes(): Set<string> {
  const docs = readFileSync(join(ROOT, 'docs/format.md'), 'utf8');
  const section = docs.slice(docs.indexOf('\n## Diagnostics'));
  const codes = new Set<string>();
  for (const row of section.matchAll(/^\| ([^|]+) \|/gm)) for (const c of row[1].matchAll(/`([a-z0-9-]+)`/g)) codes.add(c[1]);
  for (const c of section.matchAll(/`(empty|binary|too-large|unreadable)`/g)) codes.add(c[1]);
  return codes;
}

describe('docs/format.md lists every diagnostic code', () => {
  it('each code in src/parse, src/input and src/artifact has a line in the Diagnostics section', () => {
    const found = codesInSource();
    // The sweep finds the codes of every kind of writer: a table row, a positional argument, a property, a constant.
    for (const code of ['tab-separated', 'bad-range', 'overlap', 'duplicate', 'truncated', 'invalid-utf8', 'total-mismatch', 'binary']) expect(found.has(code), code).toBe(true);
    const documented = documentedCodes();
    const missing = [...found].filter(([code]) => !documented.has(code)).map(([code, files]) => `${code} (${[...new Set(files)].join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('the docs name no code that the source no longer has', () => {
    const found = codesInSource();
    expect([...documentedCodes()].filter((code) => !found.has(code))).toEqual([]);
  });
});
