/**
 * Reads test fixtures (test/fixtures/) and the shared real-world corpus (../shared/corpus/, see
 * its README.md; MAPSCOPE_CORPUS overrides the location). Text is decoded as UTF-8 with a BOM
 * kept, exactly as a user's file would reach the parser.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** test/fixtures/. */
export const FIXTURES_DIR = join(REPO_ROOT, 'test/fixtures');

/** The shared corpus of real maps/smaps files. */
export const CORPUS_DIR = process.env.MAPSCOPE_CORPUS ?? resolve(REPO_ROOT, '../shared/corpus');

/** Absolute path of a fixture, e.g. `maps/node-20-self.maps`. */
export function fixturePath(relPath: string): string {
  return join(FIXTURES_DIR, relPath);
}

/** A fixture's text (UTF-8; a BOM is kept). */
export function readFixture(relPath: string): string {
  return readFileSync(fixturePath(relPath), 'utf8');
}

/** A fixture's raw bytes. */
export function readFixtureBytes(relPath: string): Buffer {
  return readFileSync(fixturePath(relPath));
}

/** Names of the fixtures in a folder of test/fixtures/ whose names end in `suffix`, sorted. */
export function listFixtures(folder: string, suffix: string): string[] {
  return readdirSync(join(FIXTURES_DIR, folder))
    .filter((name) => name.endsWith(suffix))
    .sort();
}

/** Names of the corpus files whose names end in `suffix` (e.g. `.maps`), sorted. */
export function listCorpus(suffix: string): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((name) => name.endsWith(suffix))
    .sort();
}

/** A corpus file's text (UTF-8). */
export function readCorpus(name: string): string {
  return readFileSync(join(CORPUS_DIR, name), 'utf8');
}

/**
 * The lines of a text as the parsers count them: after a UTF-8 BOM, split on `\n` only; a final
 * newline does not start another line; in a CRLF file (first line ends in `\r\n`) one `\r` is
 * dropped from each line end. Written independently of src/parse/lines.ts, to check it.
 */
export function splitLines(text: string): string[] {
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  if (body === '') return [];
  const lines = body.split('\n');
  if (body.endsWith('\n')) lines.pop();
  const crlf = lines.length > 0 && body.length > lines[0].length && lines[0].endsWith('\r');
  return crlf ? lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)) : lines;
}

/** What accountFor needs of a parse result (structurally; keeps this helper free of src/ types). */
interface AccountedResult {
  regions: { length: number; columns: { line: Uint32Array } };
  diagnostics: { line: number; column: number; severity: string; text: string }[];
  stats: { lines: number; regions: number; blank: number; recognized: number; rejected: number };
}

/** The longest diagnostic text, as src/model/diagnostic.ts clips it (checked there too). */
const TEXT_MAX = 512;

/**
 * Checks "nothing lost, nothing silent" for a maps parse of `text`, against an independent
 * line split: each line is exactly one of a region, a blank line or one error; the counts add
 * up; diagnostics point at a real line and column and carry that line's text. Returns the
 * problems found (empty when all is well), so that properties can use it too.
 */
export function accountFor(text: string, result: AccountedResult): string[] {
  const problems: string[] = [];
  const lines = splitLines(text);
  const { stats } = result;
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  check(stats.lines === lines.length, `stats.lines ${stats.lines} !== ${lines.length} lines`);
  check(stats.regions === result.regions.length, `stats.regions ${stats.regions} !== table length ${result.regions.length}`);
  check(
    stats.lines === stats.regions + stats.blank + stats.recognized + stats.rejected,
    `lines ${stats.lines} !== regions ${stats.regions} + blank ${stats.blank} + recognized ${stats.recognized} + rejected ${stats.rejected}`,
  );
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  check(errors.length === stats.rejected, `${errors.length} errors but stats.rejected ${stats.rejected}`);
  const kindOfLine = new Map<number, string>();
  const claim = (line: number, what: string) => {
    const before = kindOfLine.get(line);
    check(before === undefined, `line ${line} is both ${before} and ${what}`);
    kindOfLine.set(line, what);
  };
  for (const line of result.regions.columns.line) claim(line, 'a region');
  for (const d of errors) claim(d.line, 'an error');
  lines.forEach((t, i) => {
    if (/^[ \t]*$/.test(t)) claim(i + 1, 'blank');
  });
  const blank = lines.filter((t) => /^[ \t]*$/.test(t)).length;
  check(stats.blank === blank, `stats.blank ${stats.blank} !== ${blank} blank lines`);
  for (let i = 1; i < result.regions.length; i++) {
    check(result.regions.columns.line[i] > result.regions.columns.line[i - 1], `region lines not increasing at row ${i}`);
  }
  for (const d of result.diagnostics) {
    const t = lines[d.line - 1];
    if (t === undefined) {
      problems.push(`diagnostic on line ${d.line} of ${lines.length}`);
      continue;
    }
    const clipped = t.length > TEXT_MAX ? t.slice(0, TEXT_MAX) + '…' : t;
    check(d.text === clipped, `diagnostic text of line ${d.line} differs from the line`);
    check(d.column >= 1 && d.column <= t.length + 1, `column ${d.column} outside line ${d.line} (length ${t.length})`);
  }
  check(kindOfLine.size === lines.length, `${lines.length - kindOfLine.size} lines unaccounted for`);
  return problems;
}
