/**
 * gdb's `info proc mappings` on a Linux target. Reference: gdb/linux-tdep.c (linux_info_proc,
 * linux_core_info_proc_mappings), checked against gdb 13.1 on this machine, live and on a core.
 *
 *   process 9646
 *   Mapped address spaces:
 *
 *             Start Addr           End Addr       Size     Offset  Perms  objfile
 *         0x559857337000     0x559857338000     0x1000        0x0  r--p   /usr/bin/python3.11
 *         0x5598749fb000     0x559874ad3000    0xd8000        0x0  rw-p   [heap]
 *
 * gdb 12 added the Perms column. Older gdb (`"  %18s %18s %10s %10s %s\n"`), and gdb 13 reading a
 * core file, print none; a 32-bit inferior's lines start with a tab (`"\t%10s %10s %10s %10s %s\n"`).
 * The objfile is the maps pathname, so kinds come out as maps gives them; device and inode are
 * not shown. With -batch gdb prints messages around the table: those lines are skipped, each
 * with a warning.
 */
import { clipDiagnosticText } from '../model/diagnostic.js';
import { DiagnosticStore } from '../model/diagnostic-store.js';
import { parsePermissionsAt } from '../model/permissions.js';
import { RegionTableBuilder } from '../model/region-table.js';
import { forEachLine, isBlank } from './lines.js';
import { checkRegionOrder, lineTextLookup } from './maps.js';
import type { ParseResult } from './result.js';
import { addRegionRow, isSpace, parseHexToken, tokenize, tokenText, type Token } from './row-writer.js';

interface RowProblem {
  at: number;
  code: string;
  message: string;
}

function isPermsToken(text: string, t: Token | undefined): boolean {
  return t !== undefined && t.end - t.start === 4 && parsePermissionsAt(text, t.start) >= 0;
}

/**
 * Parses gdb `info proc mappings` output. Tolerant: never throws; table rows become regions, the
 * header and gdb's own lines around the table are recognised (the latter with a warning each).
 */
export function parseGdbMappings(text: string): ParseResult {
  const diagnostics = new DiagnosticStore();
  const builder = new RegionTableBuilder(Math.max(256, (text.length / 90) | 0));
  const hasHeader = text.includes('Start Addr');
  // Without any header (rows pasted alone), every 0x line is a row.
  let inTable = !hasHeader;
  let headerPerms: boolean | null = null;
  let rowsWithPerms = 0;
  let rowsWithoutPerms = 0;
  let blank = 0;
  let recognized = 0;
  let rejected = 0;

  const push = (line: number, s: number, e: number, at: number, severity: 'error' | 'warning', code: string, message: string) =>
    diagnostics.push({ line, column: at - s + 1, severity, code, message, text: clipDiagnosticText(text.slice(s, e)) });

  const lines = forEachLine(text, (s, e, line) => {
    if (isBlank(text, s, e)) {
      blank++;
      return;
    }
    let t = s;
    while (t < e && isSpace(text.charCodeAt(t))) t++;

    if (text.startsWith('Start Addr', t)) {
      const names = tokenize(text, t, e).map((k) => text.slice(k.start, k.end));
      headerPerms = names.includes('Perms');
      inTable = true;
      recognized++;
      return;
    }
    // linux-tdep.c prints "process <pid>" and "Mapped address spaces:" before the header.
    if (/^process \d+\s*$/.test(text.slice(t, e)) || text.startsWith('Mapped address spaces:', t) || text.startsWith('(gdb) ', t)) {
      recognized++;
      return;
    }
    if (inTable && text.startsWith('0x', t)) {
      const problem = row(s, e, t, line);
      if (problem !== null) {
        push(line, s, e, problem.at, 'error', problem.code, problem.message);
        rejected++;
      }
      return;
    }
    if (hasHeader) inTable = false;
    push(line, s, e, t, 'warning', 'not-in-table', 'skipped: gdb output that is not part of the mappings table');
    recognized++;
  });

  function row(s: number, e: number, t: number, line: number): RowProblem | null {
    const tokens = tokenize(text, t, e);
    const names = ['start address', 'end address', 'size', 'offset'];
    const values: bigint[] = [];
    for (let i = 0; i < 4; i++) {
      const k = tokens[i];
      if (k === undefined) return { at: e, code: 'missing-field', message: `line ends before the ${names[i]}: expected Start Addr, End Addr, Size, Offset${headerPerms === false ? '' : ', Perms'} and objfile` };
      const v = parseHexToken(text, k.start, k.end, 'required');
      if (v === undefined) return { at: k.start, code: i < 2 ? 'bad-range' : 'bad-value', message: `invalid ${names[i]} "${tokenText(text, k)}": expected 0x and hex digits` };
      values.push(v);
    }
    const [begin, end, sizeBytes, offset] = values;
    if (end < begin) return { at: tokens[0].start, code: 'bad-range', message: `end address ${tokenText(text, tokens[1])} is below start address ${tokenText(text, tokens[0])}` };

    let perms = 0;
    let last = tokens[3];
    const withPerms = headerPerms ?? isPermsToken(text, tokens[4]);
    if (withPerms) {
      const k = tokens[4];
      if (!isPermsToken(text, k)) {
        return k === undefined
          ? { at: e, code: 'missing-field', message: 'line ends after the offset: expected permissions (Perms column)' }
          : { at: k.start, code: 'bad-permissions', message: `invalid permissions "${tokenText(text, k)}": expected [r-][w-][x-][sp]` };
      }
      perms = parsePermissionsAt(text, k.start);
      last = k;
      rowsWithPerms++;
    } else {
      rowsWithoutPerms++;
    }
    // The objfile is the rest of the line after gdb's padding; none for anonymous memory.
    let p = last.end;
    while (p < e && isSpace(text.charCodeAt(p))) p++;
    const pathname = p < e ? text.slice(p, e) : null;

    addRegionRow(builder, { line, begin, end, perms, offset, devMajor: 0, devMinor: 0, inode: 0n, pathname });
    if (end - begin !== sizeBytes) {
      push(line, s, e, tokens[2].start, 'warning', 'size-mismatch', `Size is 0x${sizeBytes.toString(16)} but End Addr - Start Addr is 0x${(end - begin).toString(16)}`);
    }
    return null;
  }

  // Perms are known when every row had them (or, with no rows, when the header names them).
  const perms = rowsWithPerms + rowsWithoutPerms === 0 ? headerPerms === true : rowsWithoutPerms === 0;
  const regions = builder.finish({ perms, offset: true, device: false, inode: false });
  checkRegionOrder(regions, diagnostics, lineTextLookup(text));
  return { format: 'gdb', regions, ...diagnostics.result(), stats: { lines, regions: regions.length, blank, recognized, rejected } };
}
