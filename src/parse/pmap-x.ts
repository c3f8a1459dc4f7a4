/**
 * `pmap -x` rows and totals (procps-ng src/pmap.c one_proc, checked against pmap 4.0.2 on this
 * machine), and the smaps values that -x and -X rows carry.
 *
 *   Address           Kbytes     RSS   Dirty Mode  Mapping
 *   000055c5741be000       8       8       0 r---- sleep
 *   ---------------- ------- ------- -------
 *   total kB            2280    1004     112
 */
import { PERM_SHARED } from '../model/permissions.js';
import type { RegionTableBuilder, SmapsRecord } from '../model/region-table.js';
import { mappingOf, parseMode, type RowProblem } from './pmap-plain.js';
import { addRegionRow, parseDecToken, parseHexToken, tokenText, type Token } from './row-writer.js';

/** pmap.c one_proc(): the -x header. */
export const X_HEADER = ['Address', 'Kbytes', 'RSS', 'Dirty', 'Mode', 'Mapping'];

export const KIB = 1024n;

/** Every count up to 2^53 is an exact double (see smaps-values.ts). */
const EXACT_COUNT_MAX = 1n << 53n;

/**
 * Sets field `name` of `record` to `count` units of `unitBytes`: exact as a number up to 2^53
 * units (a double times a power of two), kept as a bigint in exactFields beyond (smaps-values.ts).
 */
export function putValue(record: SmapsRecord, name: string, count: bigint, unitBytes: bigint): void {
  const value = count * unitBytes;
  record.fields[name] = Number(value);
  if (count > EXACT_COUNT_MAX) (record.exactFields ??= {})[name] = value;
}

/** The sums of a block's -x rows, in kB: [Kbytes, RSS, Dirty], to check its totals line. */
export type XSums = [bigint, bigint, bigint];

/** Reads a -x row into the builder and adds it to `sums`; or says what is wrong with it. */
export function xRow(builder: RegionTableBuilder, sums: XSums, text: string, tokens: Token[], s: number, e: number, line: number): RowProblem | null {
  if (tokens.length < 5) {
    return { at: tokens[0]?.start ?? s, code: 'bad-row', message: 'expected a pmap -x row: address, Kbytes, RSS, Dirty, Mode and mapping' };
  }
  const [a, k, r, d, m] = tokens;
  const begin = parseHexToken(text, a.start, a.end);
  if (begin === undefined) return { at: a.start, code: 'bad-range', message: `invalid address "${tokenText(text, a)}": expected hex digits` };
  const kbytes = parseDecToken(text, k.start, k.end);
  if (kbytes === undefined) return { at: k.start, code: 'bad-value', message: `invalid Kbytes "${tokenText(text, k)}": expected a decimal number` };
  const dash = (x: Token) => x.end - x.start === 1 && text.charCodeAt(x.start) === 45;
  const rss = dash(r) ? null : parseDecToken(text, r.start, r.end);
  if (rss === undefined) return { at: r.start, code: 'bad-value', message: `invalid RSS "${tokenText(text, r)}": expected a decimal number or "-"` };
  const dirty = dash(d) ? null : parseDecToken(text, d.start, d.end);
  if (dirty === undefined) return { at: d.start, code: 'bad-value', message: `invalid Dirty "${tokenText(text, d)}": expected a decimal number or "-"` };
  const perms = parseMode(text, m);
  if (perms < 0) return { at: m.start, code: 'bad-permissions', message: `invalid mode "${tokenText(text, m)}": expected [r-][w-][x-][s-][R-]` };
  const end = begin + kbytes * KIB;
  if (end > 0xffff_ffff_ffff_ffffn) return { at: k.start, code: 'too-wide', message: `the region ends above 2^64 (address + ${kbytes} kB)` };

  const name = m.end < e ? text.slice(m.end + 1, e) : '';
  const mapping = mappingOf(name, (perms & PERM_SHARED) !== 0);
  const row = addRegionRow(builder, { line, begin, end, perms, offset: 0n, devMajor: 0, devMinor: 0, inode: 0n, ...mapping });
  const record: SmapsRecord = { fields: {}, vmFlags: null };
  putValue(record, 'Size', kbytes, KIB);
  if (rss !== null) putValue(record, 'Rss', rss, KIB);
  // pmap.c: Dirty = Shared_Dirty + Private_Dirty; smaps has no single key for it.
  if (dirty !== null) putValue(record, 'Dirty', dirty, KIB);
  builder.setSmaps(row, record);
  sums[0] += kbytes;
  sums[1] += rss ?? 0n;
  sums[2] += dirty ?? 0n;
  return null;
}

/**
 * Why a -x total line does not match its rows, or null. pmap.c one_proc reads smaps once and
 * prints each row from the values it adds to the totals; the Kbytes total is the sum of the
 * regions' byte sizes >> 10, equal to the rows' sum since sizes are whole pages: there is no
 * rounding, so any difference is a row missing or edited — except that with -A (a range) pmap
 * still adds the Rss and Dirty of the regions it does not print.
 */
export function xTotalProblem(values: bigint[], sums: XSums): string | null {
  const names = ['Kbytes', 'RSS', 'Dirty'];
  const i = values.findIndex((v, k) => v !== sums[k]);
  if (i < 0) return null;
  const what = `the total of ${names[i]} is ${values[i]} kB but the rows above add up to ${sums[i]} kB`;
  if (i > 0 && values[0] === sums[0] && values[i] > sums[i]) return `${what}: pmap -A (a range) counts the ${names[i]} of regions it does not print; otherwise rows were edited`;
  return `${what}: rows missing or edited?`;
}
