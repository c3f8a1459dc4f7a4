/**
 * "Nothing lost, nothing silent" for every format, checked against an independent line split
 * (test/helpers/fixtures.ts splitLines): the counts add up, regions sit on distinct non-blank lines
 * in increasing order, no line is both a region and an error, every rejected line is covered by
 * an error, and each diagnostic points at a real line and column and carries its text.
 * Formats other than maps recognise lines (smaps fields, pmap headers) and may cover several
 * rejected lines with one error (field lines of a rejected smaps header, unknown text), so this
 * is looser than helpers' accountFor, which is exact for maps.
 */
import type { ParseResult } from '../../src/parse/result';
import { splitLines } from '../helpers/fixtures';

const TEXT_MAX = 512;

/** The problems found (empty when the result accounts for every line of `text`). */
export function accountForFormat(text: string, result: ParseResult): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  // As the parse entry splits: NUL padding dropped, CR-only and CR CR LF line ends.
  const lines = splitLines(text, true);
  const { stats, regions, diagnostics } = result;
  check(stats.lines === lines.length, `stats.lines ${stats.lines} !== ${lines.length} lines`);
  check(stats.regions === regions.length, `stats.regions ${stats.regions} !== table length ${regions.length}`);
  check(
    stats.lines === stats.regions + stats.blank + stats.recognized + stats.rejected,
    `lines ${stats.lines} !== regions ${stats.regions} + blank ${stats.blank} + recognized ${stats.recognized} + rejected ${stats.rejected}`,
  );
  const blank = lines.filter((t) => /^[ \t]*$/.test(t)).length;
  check(stats.blank === blank, `stats.blank ${stats.blank} !== ${blank} blank lines`);
  const regionLines = new Set<number>();
  for (let i = 0; i < regions.length; i++) {
    const line = regions.columns.line[i];
    if (i > 0) check(line > regions.columns.line[i - 1], `region lines not increasing at row ${i}`);
    check(line >= 1 && line <= lines.length && !/^[ \t]*$/.test(lines[line - 1]), `region on line ${line}, which is blank or missing`);
    regionLines.add(line);
  }
  const errors = diagnostics.filter((d) => d.severity === 'error');
  check(errors.length <= stats.rejected, `${errors.length} errors but only ${stats.rejected} rejected lines`);
  check(stats.rejected === 0 || errors.length > 0, `${stats.rejected} rejected lines and no error`);
  for (const d of errors) check(!regionLines.has(d.line), `line ${d.line} is both a region and an error`);
  for (const d of diagnostics) {
    check(d.code !== 'internal-error', `internal error: ${d.message}`);
    // A diagnostic about the whole input (empty input) has line 0; every other names a real line.
    if (d.line === 0) {
      check(d.column === 0 && d.text === '', `whole-input diagnostic with column ${d.column} or text`);
      continue;
    }
    const t = lines[d.line - 1];
    if (t === undefined) {
      problems.push(`diagnostic on line ${d.line} of ${lines.length}`);
      continue;
    }
    const clipped = t.length > TEXT_MAX ? t.slice(0, TEXT_MAX) + '…' : t;
    check(d.text === clipped, `diagnostic text of line ${d.line} differs from the line`);
    check(d.column >= 1 && d.column <= t.length + 1, `column ${d.column} outside line ${d.line} (length ${t.length})`);
  }
  for (let i = 1; i < diagnostics.length; i++) {
    check(diagnostics[i].line >= diagnostics[i - 1].line, `diagnostics out of line order at ${i}`);
  }
  return problems;
}
