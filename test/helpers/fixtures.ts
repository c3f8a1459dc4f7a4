/**
 * Reads test fixtures (test/fixtures/), among them the corpus of real-world maps and smaps files
 * copied from public repositories (test/fixtures/corpus/; test/fixtures/SOURCES.md names the
 * origin and licence of each). Text is decoded as UTF-8 with a BOM kept, exactly as a user's file
 * would reach the parser. Nothing here reads outside the repository, so a bare clone tests alone.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** test/fixtures/. */
export const FIXTURES_DIR = join(REPO_ROOT, 'test/fixtures');

/** The corpus of real-world maps/smaps files (test/fixtures/corpus/README.md: where each comes from). */
export const CORPUS_DIR = join(FIXTURES_DIR, 'corpus');

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
 * newline does not start another line; in a CRLF file (more than half of the lines end in `\r\n`) the `\r`
 * before each `\n` is dropped. `entry`: as the parse entry (parseMaps) splits, which also drops
 * NUL padding after the last line and reads CR CR LF and CR-only line ends (the importers called
 * directly do not). Written independently of src/parse/lines.ts, to check it.
 */
export function splitLines(text: string, entry = false): string[] {
  // NUL padding after the text (a fixed-size buffer dump) is dropped by the parse entry.
  let body = text.startsWith('\ufeff') ? text.slice(1) : text;
  if (entry) body = body.replace(/(^|\n)\0+$/, '$1');
  // No LF at all, and a map line after the first CRs: CR-only line ends.
  const afterCr = /\r+([^]*)/.exec(body)?.[1];
  const lineStart = /^[ \t]*(?:[0-9a-fA-F]+-[0-9a-fA-F]+[ \t]|0x[0-9a-fA-F]+[ \t]|[0-9a-fA-F]{8,16}[ \t])|^[A-Za-z_][A-Za-z0-9_]*:/;
  if (entry && !body.includes('\n') && afterCr !== undefined && lineStart.test(afterCr)) body = body.replace(/\r/g, '\n');
  if (body === '') return [];
  const lines = body.split('\n');
  if (body.endsWith('\n')) lines.pop();
  // Line ends are decided by the whole text: CRLF (or CR CR LF) when more than half of the LF-ended lines have the CR(s).
  const last = body.endsWith('\n') ? lines.length : lines.length - 1;
  let cr = 0;
  let crcr = 0;
  for (let i = 0; i < last; i++) {
    if (lines[i].endsWith('\r')) cr++;
    if (lines[i].endsWith('\r\r')) crcr++;
  }
  const strip = cr * 2 > last ? (entry && crcr * 2 > last ? 2 : 1) : 0;
  // Only CRs right before a newline end a line: a last line without one keeps its CRs.
  return lines.map((l, i) => {
    if (i >= last) return l;
    let n = 0;
    while (n < strip && l.endsWith('\r'.repeat(n + 1))) n++;
    return n > 0 ? l.slice(0, -n) : l;
  });
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

/** The fields of a maps line as a plain regex + BigInt reading finds them (see referenceFields). */
export interface ReferenceFields {
  begin: bigint;
  end: bigint;
  perms: string;
  offset: bigint;
  major: bigint;
  minor: bigint;
  inode: bigint;
}

const REFERENCE_RE =
  /^[ \t]*([0-9a-fA-F]+)-([0-9a-fA-F]+)[ \t]+([r-][w-][x-][sp])[ \t]+([0-9a-fA-F]+)[ \t]+([0-9a-fA-F]+):([0-9a-fA-F]+)[ \t]+([0-9]+)(?:[ \t]|$)/;
const U64 = 0xffff_ffff_ffff_ffffn;

/**
 * A deliberately simple reading of one maps line (proc_pid_maps(5): start-end perms offset
 * major:minor inode), independent of src/parse/maps.ts, to compare it with: the fields, or
 * undefined when the line is not a valid region (a value over 64 bits, end below start, a
 * device over 12:20 bits — include/linux/kdev_t.h). Pathnames are left to round-trip tests.
 */
export function referenceFields(line: string): ReferenceFields | undefined {
  const m = REFERENCE_RE.exec(line);
  if (m === null) return undefined;
  const f: ReferenceFields = {
    begin: BigInt('0x' + m[1]),
    end: BigInt('0x' + m[2]),
    perms: m[3],
    offset: BigInt('0x' + m[4]),
    major: BigInt('0x' + m[5]),
    minor: BigInt('0x' + m[6]),
    inode: BigInt(m[7]),
  };
  if (f.begin > U64 || f.end > U64 || f.offset > U64 || f.inode > U64 || f.end < f.begin) return undefined;
  if (f.major > 0xfffn || f.minor > 0xfffffn) return undefined;
  return f;
}

/**
 * Checks the order warnings of a parse (out-of-order, duplicate, overlap, empty-region) against
 * brute force over all pairs of regions, given as {line, begin, end} in file order. Returns the
 * problems found. Rules: out-of-order = starts below the region listed before it; empty = begin
 * equals end; duplicate = an earlier line has the same range (and the message names such a
 * line); overlap = the message names a line whose region really overlaps, and there is an
 * overlap warning exactly when two non-empty regions of different ranges overlap.
 */
export function checkOrderWarnings(
  regions: { line: number; begin: bigint; end: bigint }[],
  warnings: { line: number; code: string; message: string }[],
): string[] {
  const problems: string[] = [];
  const byLine = new Map(regions.map((r) => [r.line, r]));
  const linesWith = (code: string) =>
    warnings
      .filter((w) => w.code === code)
      .map((w) => w.line)
      .sort((a, b) => a - b);
  const same = (a: number[], b: number[], what: string) => {
    if (a.join() !== b.join()) problems.push(`${what}: warned on lines [${a}], expected [${b}]`);
  };
  same(
    linesWith('out-of-order'),
    regions.filter((r, i) => i > 0 && r.begin < regions[i - 1].begin).map((r) => r.line),
    'out-of-order',
  );
  same(
    linesWith('empty-region'),
    regions.filter((r) => r.begin === r.end).map((r) => r.line),
    'empty-region',
  );
  same(
    linesWith('duplicate'),
    regions.filter((r, i) => regions.slice(0, i).some((q) => q.begin === r.begin && q.end === r.end)).map((r) => r.line),
    'duplicate',
  );
  const overlaps = (a: { begin: bigint; end: bigint }, b: { begin: bigint; end: bigint }) =>
    a.begin < a.end && b.begin < b.end && a.begin < b.end && b.begin < a.end && !(a.begin === b.begin && a.end === b.end);
  for (const w of warnings) {
    if (w.code !== 'duplicate' && w.code !== 'overlap') continue;
    const other = byLine.get(Number(/line (\d+)/.exec(w.message)?.[1]));
    const self = byLine.get(w.line);
    if (other === undefined || self === undefined || other === self) {
      problems.push(`line ${w.line}: ${w.code} names no other region: ${w.message}`);
    } else if (w.code === 'duplicate' && !(other.begin === self.begin && other.end === self.end && other.line < self.line)) {
      problems.push(`line ${w.line}: duplicate of a region with another range or a later line: ${w.message}`);
    } else if (w.code === 'overlap' && !overlaps(self, other)) {
      problems.push(`line ${w.line}: overlap with a region it does not overlap: ${w.message}`);
    }
  }
  const anyOverlap = regions.some((a, i) => regions.some((b, j) => j > i && overlaps(a, b)));
  if (anyOverlap !== linesWith('overlap').length > 0) {
    problems.push(anyOverlap ? 'regions overlap but no overlap warning' : 'an overlap warning where no regions overlap');
  }
  const known = new Set(['out-of-order', 'empty-region', 'duplicate', 'overlap']);
  for (const w of warnings) if (!known.has(w.code)) problems.push(`unknown warning code ${w.code} on line ${w.line}`);
  return problems;
}
