/**
 * /proc/<pid>/smaps and /proc/<pid>/smaps_rollup — a maps header line, then one `Key: value` line
 * per field. References: proc_pid_smaps(5); the kernel's fs/proc/task_mmu.c (show_smap,
 * __show_smap, show_smaps_rollup, show_smap_vma_flags); docs/format.md.
 *
 *   7f2c1b600000-7f2c1b628000 r--p 00000000 fe:00 1234  /usr/lib/x86_64-linux-gnu/libc.so.6
 *   Size:                160 kB
 *   THPeligible:           0
 *   VmFlags: rd mr mw me
 *
 * smaps_rollup is the same shape with a single header (pathname `[rollup]`) and summed fields.
 * A 262,144-region smaps is about 6 million lines, so the loop scans character codes, reuses the
 * previous record's key strings, and allocates one record object per region.
 */
import { hiLoToNumber } from '../address.js';
import { clipDiagnosticText } from '../model/diagnostic.js';
import { DiagnosticStore } from '../model/diagnostic-store.js';
import { RegionTableBuilder, type RegionTable, type SmapsRecord } from '../model/region-table.js';
import { isBlank, textShape, type LineEndings } from './lines.js';
import { MapsLineParser, checkRegionOrder, classifyRegions, lineTextLookup } from './maps.js';
import { settleExtraPadding } from './maps-padding.js';
import type { ParseResult } from './result.js';
import { keepShapes } from './shape-keeper.js';
import { FieldRun, FieldsBuilder, KeyCache, OrphanRun, TextValues, VmFlagsReader, growStamps } from './smaps-fields.js';
import { KNOWN_SMAPS_KEYS, UNIT_NONE } from './smaps-keys.js';
import { REJECTED, readUnusualValue, type ExactOut } from './smaps-values.js';
import { settleCutFieldLine } from './truncation.js';

export { KNOWN_SMAPS_KEYS, UNITLESS_SMAPS_KEYS } from './smaps-keys.js';

// The character tests of the hot loop stay in this module: a call into another module's export
// measured ~35% slower here (the loop runs once per character of 6 million lines).
function isIdentChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
}

function isHexChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/**
 * A field's value as the kernel writes it, from just after the colon: blanks, 1–15 digits (exact
 * in a double), then " kB" or nothing. Matched where the line's value starts (sticky); the line is in
 * this shape when the match ends where the line does. Checks in the regular expression engine's
 * native code what a fresh process's interpreter would otherwise step through character by character.
 */
const KERNEL_VALUE = /[ \t]*\d{1,15}(?: kB)?/y;

/**
 * Parses the text of an smaps or smaps_rollup file. Tolerant: every line becomes a region, a
 * field of the region above it, a blank line, or part of an error diagnostic; never throws.
 * `ends`: lineEndings(text), when the caller has it. `fastPath: false` reads every line character
 * by character (the reference the native fast paths are tested against).
 */
export function parseSmaps(text: string, format: 'smaps' | 'smaps_rollup' = 'smaps', ends?: LineEndings, fastPath = true): ParseResult {
  const diagnostics = new DiagnosticStore();
  // About 1 kB of text per region on x86-64 kernels.
  const builder = new RegionTableBuilder(Math.max(256, (text.length / 1000) | 0));
  const headers = new MapsLineParser(text, builder, diagnostics, { classify: false });
  const keys = new KeyCache(text);
  const fields = new FieldsBuilder(keys.names);
  const run = new FieldRun();
  const textValues = new TextValues();
  const vmFlags = new VmFlagsReader();
  const exactOut: ExactOut = { exact: null };
  const { start, crlf } = textShape(text, ends);
  const len = text.length;

  let line = 0;
  let blank = 0;
  let recognized = 0;
  let rejected = 0;

  let record: SmapsRecord | null = null;
  let recordNo = 0;
  // recordNo of the record in which each key id was last seen.
  let seenIn: Int32Array = new Int32Array(64);
  let recordLine = 0;
  let fieldPosition = 0;
  // Field lines that have no region: before the first header, or after a rejected one. (State
  // in an object, not in variables captured by a closure: V8 keeps captured variables on the heap.)
  const orphans = new OrphanRun();

  // The last line's field-line diagnostics start here: a cut-short line is said to be one (truncation.ts).
  let lineFirstDiagnostic = 0;
  let s = start;
  let lineStart = start;
  let e = start;
  while (s < len) {
    let nl = text.indexOf('\n', s);
    if (nl < 0) nl = len;
    e = nl;
    // lines.ts: only a CR before a newline ends a CRLF line; a last line without one keeps its CR.
    if (crlf && nl < len && e > s && text.charCodeAt(e - 1) === 13) e--;
    line++;
    lineStart = s;
    lineFirstDiagnostic = diagnostics.length;
    s = nl + 1;

    // The key the previous record had at this position, when the line starts with it and a colon
    // (a kernel file: every line after the first record): one native comparison, no character loop.
    let keyId = record !== null && fastPath ? keys.predict(lineStart, fieldPosition) : -1;
    let p = keyId >= 0 ? lineStart + keys.names[keyId].length : lineStart;
    let c = 0;
    if (keyId < 0) {
      const c0 = lineStart < e ? text.charCodeAt(lineStart) : 32;
      if ((c0 === 32 || c0 === 9) && isBlank(text, lineStart, e)) {
        blank++;
        continue;
      }

      // A field line is `Identifier:`; a header starts with hex digits and "-".
      let allHex = true;
      while (p < e && isIdentChar((c = text.charCodeAt(p)))) {
        if (allHex && !isHexChar(c)) allHex = false;
        p++;
      }
      const isField = p > lineStart && p < e && c === 58; /* : */

      if (!isField) {
        // Not hex, and not "word-" either: a broken field line; the record it sits in goes on.
        if (!allHex && p > lineStart && !(p < e && c === 45)) {
          rejected += orphans.flush(diagnostics);
          pushError(diagnostics, text, lineStart, e, line, lineStart, 'bad-field', `expected "Key: value" or a region header, found "${clipWord(text, lineStart, e)}"`);
          rejected++;
          continue;
        }
        rejected += orphans.flush(diagnostics);
        if (record !== null) {
          record.fields = fields.build();
          if (fastPath) run.seal(keys.names);
        }
        const row = headers.parseLine(lineStart, e, line);
        if (row < 0) {
          rejected++;
          record = null;
          orphans.headerLine = line;
          continue;
        }
        record = { fields: {}, vmFlags: null };
        builder.setSmaps(row, record);
        recordNo++;
        recordLine = line;
        fieldPosition = 0;
        // The kernel's run of field lines under the header, in one match (FieldRun); LF text only.
        const n = fastPath && !crlf ? run.read(text, s, fields, seenIn, recordNo) : 0;
        if (n > 0) {
          line += n;
          recognized += n;
          fieldPosition = n;
          s = run.end;
          e = s - 1;
          lineStart = text.lastIndexOf('\n', e - 1) + 1;
          lineFirstDiagnostic = diagnostics.length;
        }
        continue;
      }
    }
    if (record === null) {
      orphans.add(text, lineStart, e, line);
      continue;
    }
    if (keyId < 0) keyId = keys.id(lineStart, p, fieldPosition);
    fieldPosition++;
    const key = keys.names[keyId];
    // A key seen before in this record: keep the last value, say so.
    if (keyId >= seenIn.length) seenIn = growStamps(seenIn, keyId);
    const duplicate = seenIn[keyId] === recordNo;
    seenIn[keyId] = recordNo;
    if (key === 'VmFlags') {
      let q = p + 1;
      while (q < e && ((c = text.charCodeAt(q)) === 32 || c === 9)) q++;
      if (duplicate) duplicateWarning(diagnostics, text, lineStart, e, line, key, recordLine);
      record.vmFlags = vmFlags.read(text, q, e, line, lineStart, diagnostics);
      recognized++;
      continue;
    }

    // The value: digits, then an optional unit. In the kernel's layout (blanks, at most 15 digits,
    // " kB" or nothing, the end of the line) one sticky regular expression checks the line in native
    // code, and the digits are read back from their end; any other value is read character by character.
    let v = 0;
    let q: number;
    let d: number;
    KERNEL_VALUE.lastIndex = p + 1;
    if (fastPath && KERNEL_VALUE.test(text) && KERNEL_VALUE.lastIndex === e) {
      d = text.charCodeAt(e - 1) === 66 /* B */ ? e - 3 : e;
      q = d;
      for (let place = 1; (c = text.charCodeAt(q - 1)) >= 48 && c <= 57; place *= 10) {
        v += (c - 48) * place;
        q--;
      }
    } else {
      q = p + 1;
      while (q < e && ((c = text.charCodeAt(q)) === 32 || c === 9)) q++;
      d = q;
      while (d < e && (c = text.charCodeAt(d)) >= 48 && c <= 57) {
        v = v * 10 + (c - 48);
        d++;
      }
    }
    if (d === q) {
      if (KNOWN_SMAPS_KEYS.has(key)) {
        pushError(diagnostics, text, lineStart, e, line, q, 'bad-value', `invalid value "${clipWord(text, q, e)}" of ${key}: expected a number${keys.units[keyId] === UNIT_NONE ? '' : ' and kB'}`);
        rejected++;
        continue;
      }
      // Not a number, and a key we do not know as numeric: a text field (Android's `Name:`).
      if (record.text === undefined) record.text = {};
      if (duplicate) duplicateWarning(diagnostics, text, lineStart, e, line, key, recordLine);
      record.text[key] = textValues.get(text.slice(q, e));
      recognized++;
      continue;
    }
    // The kernel's shapes (smaps-keys.ts): at most 15 digits (exact in a double), then " kB" and
    // the end of the line, or the end of the line for a unit-less key. Anything else is read by
    // readUnusualValue, which says how it differs.
    const unit = keys.units[keyId];
    let exact: bigint | null = null;
    if (d - q <= 15 && unit !== UNIT_NONE && d + 3 === e && text.charCodeAt(d) === 32 && text.charCodeAt(d + 1) === 107 /* k */ && text.charCodeAt(d + 2) === 66 /* B */) {
      v *= 1024;
      if (!duplicate) run.note(fieldPosition - 1, keyId, true);
    } else if (d - q <= 15 && unit === UNIT_NONE && d === e) {
      if (!duplicate) run.note(fieldPosition - 1, keyId, false);
    } else {
      v = readUnusualValue(text, lineStart, e, line, q, d, key, unit, diagnostics, exactOut);
      if (v === REJECTED) {
        rejected++;
        continue;
      }
      exact = exactOut.exact;
    }
    if (duplicate) duplicateWarning(diagnostics, text, lineStart, e, line, key, recordLine);
    if (exact !== null) (record.exactFields ??= {})[key] = exact;
    else if (duplicate && record.exactFields !== undefined) delete record.exactFields[key];
    fields.add(keyId, v, duplicate);
    recognized++;
  }
  // A last field line that stops partway through (`Private`, `Rss:   12`): its diagnostics become one.
  if (line > 0) settleCutFieldLine(text, lineStart, e, line, diagnostics, lineFirstDiagnostic, KNOWN_SMAPS_KEYS);
  rejected += orphans.flush(diagnostics);
  if (record !== null) record.fields = fields.build();

  // Header lines share the maps parser's checks: padding past the kernel's column (maps-padding.ts)
  // and one warning per kind of layout the kernel does not write (maps-deviations.ts).
  const regions = settleExtraPadding(builder.finish(), headers);
  classifyRegions(regions); // on the table's own names: see classifyRegions
  for (const d of headers.deviations.diagnostics(text)) diagnostics.push(d);
  vmFlags.finish(diagnostics);
  const lineText = lineTextLookup(text, crlf);
  checkRegionOrder(regions, diagnostics, lineText);
  if (format === 'smaps') checkSizes(regions, diagnostics, lineText);
  else if (regions.length !== 1) {
    diagnostics.push({
      line: regions.length > 1 ? regions.columns.line[1] : 0,
      column: regions.length > 1 ? 1 : 0,
      severity: 'warning',
      code: 'rollup-shape',
      message: `smaps_rollup has exactly one [rollup] header; this text has ${regions.length}`,
      text: regions.length > 1 ? clipDiagnosticText(lineText(regions.columns.line[1])) : '',
    });
  }
  keepShapes(headers, keys, fields, run, textValues, vmFlags, orphans, diagnostics);
  return { format, regions, ...diagnostics.result(), stats: { lines: line, regions: regions.length, blank, recognized, rejected } };
}

function pushError(diagnostics: DiagnosticStore, text: string, s: number, e: number, line: number, at: number, code: string, message: string): void {
  diagnostics.push({ line, column: at - s + 1, severity: 'error', code, message, text: clipDiagnosticText(text.slice(s, e)) });
}

function clipWord(text: string, s: number, e: number): string {
  const t = text.slice(s, Math.min(e, s + 41));
  return t.length > 40 ? t.slice(0, 40) + '…' : t;
}

function duplicateWarning(diagnostics: DiagnosticStore, text: string, s: number, e: number, line: number, key: string, recordLine: number): void {
  diagnostics.push({
    line,
    column: 1,
    severity: 'warning',
    code: 'duplicate-field',
    message: `duplicate field "${key}" in the region of line ${recordLine}: the last value is kept`,
    text: clipDiagnosticText(text.slice(s, e)),
  });
}

/** fs/proc/task_mmu.c: `Size` is vma->vm_end - vm_start; a different value means an edited file. */
function checkSizes(regions: RegionTable, diagnostics: DiagnosticStore, lineText: (line: number) => string): void {
  const smaps = regions.smaps;
  if (smaps === null) return;
  const c = regions.columns;
  for (let i = 0; i < regions.length; i++) {
    const sizeBytes = smaps[i]?.fields.Size;
    if (sizeBytes === undefined) continue;
    const hi = c.endHi[i] - c.beginHi[i] - (c.endLo[i] < c.beginLo[i] ? 1 : 0);
    const lo = (c.endLo[i] - c.beginLo[i]) >>> 0;
    const rangeBytes = hiLoToNumber(hi, lo);
    if (rangeBytes !== sizeBytes) {
      diagnostics.push({
        line: c.line[i],
        column: 1,
        severity: 'warning',
        code: 'size-mismatch',
        message: `Size is ${sizeBytes / 1024} kB but the address range spans ${rangeBytes / 1024} kB`,
        text: clipDiagnosticText(lineText(c.line[i])),
      });
    }
  }
}
