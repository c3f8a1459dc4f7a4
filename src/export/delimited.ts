/**
 * The region table as CSV (RFC 4180) or TSV: `mapscope parse --csv|--tsv` and the app's Export.
 * One record a region, a header first:
 *
 *   line,begin,end,size_bytes,perms,offset,device,inode,kind,pathname[,<smaps field>…,VmFlags]
 *
 * Exact: addresses and offsets as 0x-hex, sizes and inodes as decimal integers from bigints,
 * smaps values in bytes (`Rss: 4 kB` → 4096; a value past 2^53 as its exact integer). A field the
 * format does not carry (pmap -x: device) is empty. Records end with CRLF (RFC 4180 §2.1).
 *
 * Names are untrusted text, and a spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` as
 * a formula (OWASP "CSV injection"). So the pathname cell is the name as formatNameForDisplay
 * shows it — reversible escapes for control, bidi and invisible characters (`\x0a`, `\u{202e}`)
 * and `\\` for a backslash, so a record is one line and a name cannot reorder the row — with a `'`
 * put before it when it begins with one of those four characters, as OWASP recommends (the
 * spreadsheet shows the name and runs nothing). Every other cell is ours: hex, digits, letters.
 * The exact bytes of every name are in the JSON export. TSV has no quoting: the escaped name has
 * no tab or newline left, so no TSV cell contains one.
 */
import { addrFromHiLo, formatHex } from '../address.js';
import { formatNameForDisplay } from '../model/display-text.js';
import { formatPermissions } from '../model/permissions.js';
import type { RegionTable } from '../model/region-table.js';

export type Separator = ',' | '\t';

/** The first characters a spreadsheet reads as the start of a formula. */
const FORMULA_START = /^[=+\-@]/;

/** A name as a safe cell's text (before CSV quoting): displayed escapes, `'` before a formula start. */
export function nameCellText(pathname: string): string {
  const shown = formatNameForDisplay(pathname);
  return FORMULA_START.test(shown) ? `'${shown}` : shown;
}

/** RFC 4180 §2.6-2.7: a field with a comma, quote, CR or LF is quoted, its quotes doubled. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The smaps field keys present in the table, in order of first appearance, and whether any record has VmFlags. */
function smapsColumns(table: RegionTable, rows: ArrayLike<number>): { keys: string[]; vmFlags: boolean } {
  const keys = new Set<string>();
  let vmFlags = false;
  const smaps = table.smaps;
  if (smaps === null) return { keys: [], vmFlags };
  for (let k = 0; k < rows.length; k++) {
    const record = smaps[rows[k]];
    if (!record) continue;
    for (const key in record.fields) keys.add(key);
    if (record.vmFlags !== null) vmFlags = true;
  }
  return { keys: [...keys], vmFlags };
}

/** The device as maps writes it: `%02x:%02x` (fs/proc/task_mmu.c show_vma_header_prefix). */
export function formatDevice(major: number, minor: number): string {
  return `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}`;
}

/**
 * The lines of the table as CSV (`,`) or TSV (`\t`), header first, each without its line end
 * (join with CRLF, or let a writer add it): a generator, so that a million regions never become
 * one string. `rows`: the table rows to write, in that order (default: all, in table order).
 */
export function* delimitedLines(table: RegionTable, separator: Separator, rows?: ArrayLike<number>): Generator<string> {
  const order = rows ?? { length: table.length };
  const rowAt = rows === undefined ? (k: number) => k : (k: number) => rows[k];
  const { keys, vmFlags } = smapsColumns(table, rows ?? Array.from({ length: table.length }, (_, i) => i));
  const field = separator === ',' ? csvField : (text: string) => text;
  const header = ['line', 'begin', 'end', 'size_bytes', 'perms', 'offset', 'device', 'inode', 'kind', 'pathname', ...keys, ...(vmFlags ? ['VmFlags'] : [])];
  yield header.map(field).join(separator);
  const c = table.columns;
  const known = table.known;
  const names: (string | undefined)[] = [];
  for (let k = 0; k < order.length; k++) {
    const i = rowAt(k);
    const begin = addrFromHiLo(c.beginHi[i], c.beginLo[i]);
    const end = addrFromHiLo(c.endHi[i], c.endLo[i]);
    const id = c.pathId[i];
    const cells = [
      String(c.line[i]),
      formatHex(begin),
      formatHex(end),
      (end - begin).toString(),
      known.perms ? formatPermissions(c.perms[i]) : '',
      known.offset ? formatHex(addrFromHiLo(c.offsetHi[i], c.offsetLo[i])) : '',
      known.device ? formatDevice(c.devMajor[i], c.devMinor[i]) : '',
      known.inode ? addrFromHiLo(c.inodeHi[i], c.inodeLo[i]).toString() : '',
      table.kind(i),
      id < 0 ? '' : (names[id] ??= field(nameCellText(table.pathnames[id]))),
    ];
    const record = table.smaps?.[i];
    for (const key of keys) {
      const exact = record?.exactFields?.[key];
      const value = record?.fields[key];
      cells.push(exact !== undefined ? exact.toString() : value === undefined ? '' : String(value));
    }
    if (vmFlags) cells.push(record?.vmFlags?.join(' ') ?? '');
    // The name cell is already a field; the others need no quoting (hex, digits, letters, `:`).
    yield cells.join(separator);
  }
}
