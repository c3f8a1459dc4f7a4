/**
 * The pieces of the smaps parser that keep its hot loop cheap: field keys as reused ids, record
 * objects copied from a template, interned text values and VmFlags codes, and the run of field
 * lines that lost their header. See smaps.ts for the format.
 */
import { clipDiagnosticText } from '../model/diagnostic.js';
import type { DiagnosticStore } from '../model/diagnostic-store.js';
import { KNOWN_VM_FLAGS, unitOfKey } from './smaps-keys.js';

/**
 * Field keys as small integer ids, reused from the previous record when the next one lists the
 * same keys in the same order (it always does in a kernel file), so a field line costs a
 * `startsWith`, not a substring. `names` holds internalized strings: V8 stores properties under
 * them without looking them up in its string table each time.
 */
export class KeyCache {
  readonly names: string[] = [];
  /** Each key followed by its colon, by id: what predict compares. */
  private readonly labels: string[] = [];
  /** The unit of each key (smaps-keys.ts UNIT_*), by id. */
  readonly units: number[] = [];
  private byPosition: number[] = [];
  private readonly ids = new Map<string, number>();
  constructor(private readonly text: string) {}

  /**
   * The id of the key the previous records had at `position` when the line at `s` starts with that
   * key and a colon (what id would return for it), else -1: a native comparison, no character loop.
   */
  predict(s: number, position: number): number {
    const known = this.byPosition[position];
    return known !== undefined && this.text.startsWith(this.labels[known], s) ? known : -1;
  }

  /** The id of the key text[s..e), the `position`-th key of its record. */
  id(s: number, e: number, position: number): number {
    const known = this.byPosition[position];
    if (known !== undefined) {
      const name = this.names[known];
      if (name.length === e - s && this.text.startsWith(name, s)) return known;
    }
    const sliced = this.text.slice(s, e);
    let id = this.ids.get(sliced);
    if (id === undefined) {
      id = this.names.length;
      const name = Object.keys({ [sliced]: 0 })[0]; // an internalized copy, not a view of the text
      this.names.push(name);
      this.labels.push(name + ':');
      this.units.push(unitOfKey(name));
      this.ids.set(name, id);
    }
    this.byPosition[position] = id;
    return id;
  }
}

/**
 * Builds each record's `fields` object once the record is complete. A kernel file lists the same
 * keys in the same order in every record, so after the first record each object is a copy of a
 * template (`{...template}`: one allocation of the right shape) whose values are overwritten;
 * adding some 25 properties one by one to a fresh object per record costs several times more.
 */
export class FieldsBuilder {
  private ids: number[] = [];
  private values: number[] = [];
  private count = 0;
  private hasDuplicate = false;
  private template: Record<string, number> | null = null;
  private templateIds: number[] = [];
  constructor(private readonly names: string[]) {}

  /** Adds a field of the record being read. */
  add(id: number, value: number, duplicate: boolean): void {
    if (duplicate) this.hasDuplicate = true;
    this.ids[this.count] = id;
    this.values[this.count] = value;
    this.count++;
  }

  /** The fields added since the last build; later values of a repeated key win. */
  build(): Record<string, number> {
    const n = this.count;
    const names = this.names;
    const ids = this.ids;
    const values = this.values;
    const duplicate = this.hasDuplicate;
    this.count = 0;
    this.hasDuplicate = false;
    let same = !duplicate && this.template !== null && n === this.templateIds.length;
    for (let i = 0; same && i < n; i++) same = ids[i] === this.templateIds[i];
    if (same) {
      const fields = { ...this.template };
      for (let i = 0; i < n; i++) fields[names[ids[i]]] = values[i];
      return fields;
    }
    const fields: Record<string, number> = {};
    for (let i = 0; i < n; i++) fields[names[ids[i]]] = values[i];
    if (!duplicate) {
      // A fresh object that had many keys added becomes a slow dictionary in V8; its spread copy
      // is a fast object with one map, which later spreads duplicate cheaply.
      this.template = { ...fields };
      this.templateIds = ids.slice(0, n);
    }
    return fields;
  }
}
/**
 * The run of field lines a kernel file repeats under every header (`Size:` … `THPeligible:`, the
 * same keys in the same order, each `Key:   N kB` or `Key:   N`), learnt from the first record and
 * then read under each header by one sticky regular expression: a record's two dozen lines cost
 * one native match, not two dozen trips through the interpreter's line loop. The run is the first
 * record's field lines from its first on, as long as each was in the kernel's layout with nothing
 * to say about it (what the line loop calls clean); a record that differs anywhere in its run is
 * read line by line.
 */
export class FieldRun {
  /** Key ids of the run, in order, and whether each carries " kB". */
  private readonly ids: number[] = [];
  private readonly kib: boolean[] = [];
  private pattern: RegExp | null = null;
  private sealed = false;
  /** Where the last run read ends: after the newline of its last line. */
  end = 0;

  /** Notes the clean field line at `position` of the first record: part of the run while positions follow on. */
  note(position: number, id: number, kib: boolean): void {
    if (this.sealed || position !== this.ids.length) return;
    this.ids.push(id);
    this.kib.push(kib);
  }

  /** Ends the learning at the end of the first record: a run of two lines or more becomes the pattern. */
  seal(names: readonly string[]): void {
    if (this.sealed) return;
    this.sealed = true;
    // Key names are identifier characters ([A-Za-z0-9_], KeyCache): nothing to escape.
    if (this.ids.length >= 2) this.pattern = new RegExp(this.ids.map((id, i) => `${names[id]}:[ \\t]*(\\d{1,15})${this.kib[i] ? ' kB' : ''}\\n`).join(''), 'y');
  }

  /**
   * Reads the run at text[s..] into `fields` and stamps its keys as seen in record `recordNo`;
   * returns the number of lines read (0 when the text there is not the run: nothing changed).
   */
  read(text: string, s: number, fields: FieldsBuilder, seenIn: Int32Array, recordNo: number): number {
    const pattern = this.pattern;
    if (pattern === null) return 0;
    pattern.lastIndex = s;
    const m = pattern.exec(text);
    if (m === null) return 0;
    const ids = this.ids;
    // At most 15 digits: an exact double, and times 1024 exact too (smaps-values.ts).
    for (let i = 0; i < ids.length; i++) {
      fields.add(ids[i], this.kib[i] ? +m[i + 1] * 1024 : +m[i + 1], false);
      seenIn[ids[i]] = recordNo;
    }
    this.end = pattern.lastIndex;
    return ids.length;
  }
}

// Two-letter VmFlags codes (show_smap_vma_flags prints each as two lowercase letters), interned,
// and which of them the kernel's table names (smaps-keys.ts).
const flagCodes: (string | undefined)[] = new Array(26 * 26);
const knownFlag = new Uint8Array(26 * 26);
for (const code of KNOWN_VM_FLAGS) {
  const a = code.charCodeAt(0) - 97;
  const b = code.charCodeAt(1) - 97;
  if (a >= 0 && a < 26 && b >= 0 && b < 26) knownFlag[a * 26 + b] = 1;
}

/**
 * Reads `VmFlags:` lines. fs/proc/task_mmu.c show_smap_vma_flags prints each set flag as its
 * two-letter mnemonic and a space, "??" for a flag its table does not name (proc(5)). A known
 * code is kept; a well-formed code not in KNOWN_VM_FLAGS is kept too (newer kernels add flags)
 * and all such codes are noted in one warning; a token that is not two lower-case letters
 * (`RD`, `x`, `rd,wr`) is no code the kernel prints: left out, with a warning on its line.
 */
export class VmFlagsReader {
  /** Unknown well-formed codes and how many lines carried each. */
  private readonly unknown = new Map<string, number>();
  private firstUnknownLine = 0;
  private firstUnknownText = '';

  /** The codes of text[p..e), the value of the VmFlags line `line` that starts at lineStart. */
  read(text: string, p: number, e: number, line: number, lineStart: number, diagnostics: DiagnosticStore): string[] {
    const flags: string[] = [];
    let bad: string[] | null = null;
    let badAt = 0;
    while (p < e) {
      let c = text.charCodeAt(p);
      if (c === 32 || c === 9) {
        p++;
        continue;
      }
      const start = p;
      while (p < e && (c = text.charCodeAt(p)) !== 32 && c !== 9) p++;
      const a = text.charCodeAt(start) - 97;
      const b = text.charCodeAt(start + 1) - 97;
      if (p - start === 2 && a >= 0 && a < 26 && b >= 0 && b < 26) {
        const i = a * 26 + b;
        const code = flagCodes[i] ?? (flagCodes[i] = text.slice(start, p));
        if (knownFlag[i] === 0) this.noteUnknown(code, line, text, lineStart, e);
        flags.push(code);
      } else if (p - start === 2 && text.startsWith('??', start)) {
        flags.push('??');
      } else {
        if (bad === null) {
          bad = [];
          badAt = start;
        }
        if (bad.length < 8) bad.push(text.slice(start, Math.min(p, start + 20)));
      }
    }
    if (bad !== null) {
      const list = bad.map((t) => `"${t}"`).join(', ');
      diagnostics.push({
        line,
        column: badAt - lineStart + 1,
        severity: 'warning',
        code: 'bad-vmflag',
        message: `VmFlags ${list}: not two lower-case letters as the kernel prints them (e.g. "rd wr mr"); left out`,
        text: clipDiagnosticText(text.slice(lineStart, e)),
      });
    }
    return flags;
  }

  private noteUnknown(code: string, line: number, text: string, lineStart: number, e: number): void {
    if (this.firstUnknownLine === 0) {
      this.firstUnknownLine = line;
      this.firstUnknownText = clipDiagnosticText(text.slice(lineStart, e));
    }
    this.unknown.set(code, (this.unknown.get(code) ?? 0) + 1);
  }

  /** Adds the one warning that names the unknown codes, if any were seen. */
  finish(diagnostics: DiagnosticStore): void {
    if (this.unknown.size === 0) return;
    const list = [...this.unknown].map(([code, n]) => `"${code}" (${n} line${n === 1 ? '' : 's'})`).join(', ');
    diagnostics.push({
      line: this.firstUnknownLine,
      column: 1,
      severity: 'warning',
      code: 'unknown-vmflag',
      message: `VmFlags codes not in the kernel's table as mapscope knows it: ${list}; kept (a newer kernel, or an edited file?)`,
      text: this.firstUnknownText,
    });
  }
}
/**
 * Text field values (Android's `Name:`), interned as copies. V8 keeps a slice of 13 or more
 * characters as a view of the whole input, so storing slices would keep a 200 MB smaps alive as
 * long as the table; a concatenation sliced again is a copy of its own.
 */
export class TextValues {
  private readonly values = new Map<string, string>();
  /** The interned copy of a value cut from the text. */
  get(slice: string): string {
    let value = this.values.get(slice);
    if (value === undefined) {
      value = (' ' + slice).slice(1);
      this.values.set(value, value);
    }
    return value;
  }
}

/** A run of field lines without a region; reported as one error when the run ends. */
export class OrphanRun {
  first = 0;
  last = 0;
  count = 0;
  text = '';
  /** The rejected header they belong to; 0 before the first header. */
  headerLine = 0;

  /** Adds field line `line`, text[s..e), to the run. */
  add(text: string, s: number, e: number, line: number): void {
    if (this.count === 0) {
      this.first = line;
      this.text = clipDiagnosticText(text.slice(s, e));
    }
    this.last = line;
    this.count++;
  }

  /** Reports the run (if any) as one error; returns the number of lines it covered. */
  flush(diagnostics: DiagnosticStore): number {
    const n = this.count;
    if (n === 0) return 0;
    const one = n === 1;
    const what = one ? `1 field line (line ${this.first})` : `${n} field lines (lines ${this.first}–${this.last})`;
    const why =
      this.headerLine > 0
        ? `${one ? 'it belongs' : 'they belong'} to the rejected region header on line ${this.headerLine}`
        : `${one ? 'it comes' : 'they come'} before the first region header`;
    diagnostics.push({ line: this.first, column: 1, severity: 'error', code: 'orphan-fields', message: `${what} skipped: ${why}`, text: this.text });
    this.count = 0;
    return n;
  }
}
/** A copy of `stamps` with room for index `id`. */
export function growStamps(stamps: Int32Array, id: number): Int32Array {
  const next = new Int32Array(Math.max(stamps.length * 2, id + 1));
  next.set(stamps);
  return next;
}
