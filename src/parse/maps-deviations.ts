/**
 * Maps lines the kernel could not have written but that read without doubt: tabs, runs of spaces,
 * upper-case hex, `8:1` devices, inclusive ends, more or less padding before the name. The checked
 * path (maps-line.ts) accepts them and counts each kind here; the parse then says so once per kind,
 * with the count and the first line, instead of once per line (a hand-edited file of 65,530 lines
 * would otherwise bury every other diagnostic).
 *
 * The kernel's layout, which the fast paths take and nothing here flags (fs/proc/task_mmu.c,
 * show_vma_header_prefix and show_map_vma): `%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu `, then
 * seq_pad to 25 + 6 * sizeof(void *) - 1 columns and one space before a name; addresses are whole
 * pages (mm/mmap.c aligns every VMA to PAGE_SIZE).
 */
import { clipDiagnosticText, type Diagnostic } from '../model/diagnostic.js';

export const DEV_INDENTED = 0;
export const DEV_TABS = 1;
export const DEV_SPACES = 2;
export const DEV_UPPER_CASE = 3;
export const DEV_DEVICE = 4;
export const DEV_NUMBER_WIDTH = 5;
export const DEV_INCLUSIVE_END = 6;
export const DEV_UNALIGNED = 7;
export const DEV_SHORT_PADDING = 8;
/** More padding than the kernel's, in a text that is not aligned as the kernel writes: dropped. */
export const DEV_EXTRA_PADDING_DROPPED = 9;
/** Spaces past the kernel's column in a kernel-aligned text: the name's own, kept. */
export const DEV_EXTRA_PADDING_KEPT = 10;
const KINDS = 11;

/** Code of each kind, and what is said of it after "N lines …". */
const KIND_TEXT: readonly [code: string, plural: string, singular: string, outcome: string][] = [
  ['indented', 'are indented', 'is indented', 'the indentation was skipped'],
  ['tab-separated', 'use tabs between fields', 'uses tabs between fields', 'accepted'],
  ['extra-spaces', 'have more than one space between fields', 'has more than one space between fields', 'accepted'],
  ['upper-case-hex', 'write hex digits in upper case (the kernel writes lower case)', 'writes hex digits in upper case (the kernel writes lower case)', 'accepted'],
  ['device-format', 'write the device other than as the kernel\'s %02x:%02x (such as 8:1 for 08:01)', 'writes the device other than as the kernel\'s %02x:%02x (such as 8:1 for 08:01)', 'accepted'],
  ['number-format', 'write an address or the offset with other than the kernel\'s %08lx digits, or an inode with leading zeros', 'writes an address or the offset with other than the kernel\'s %08lx digits, or an inode with leading zeros', 'accepted'],
  ['inclusive-end', 'end one byte below a page boundary (an inclusive end such as 0x…fff, as unwinder tools write)', 'ends one byte below a page boundary (an inclusive end such as 0x…fff, as unwinder tools write)', 'read as written (one byte short of whole pages)'],
  ['unaligned-address', 'have an address that is not a multiple of the 4 KiB page (the kernel\'s regions are whole pages)', 'has an address that is not a multiple of the 4 KiB page (the kernel\'s regions are whole pages)', 'read as written'],
  ['short-padding', 'have less padding before the name than the kernel\'s (names start at column 74, or 50 from a 32-bit kernel)', 'has less padding before the name than the kernel\'s (names start at column 74, or 50 from a 32-bit kernel)', 'accepted'],
  ['extra-padding', 'have more padding before the name than the kernel\'s, in a text not aligned as the kernel writes it', 'has more padding before the name than the kernel\'s, in a text not aligned as the kernel writes it', 'the extra spaces were dropped from the names'],
  ['name-leading-spaces', 'have names that start with spaces after the kernel\'s padding', 'has a name that starts with spaces after the kernel\'s padding', 'kept as part of the names: the kernel writes a name as it is, and the other lines are aligned as the kernel writes them'],
];

/**
 * Counts of each kind of deviation in one parse, and the first line of each: its number, the
 * column, and where its text lies (so the warning needs no table of line starts).
 */
export class MapsDeviations {
  readonly count = new Int32Array(KINDS);
  readonly firstLine = new Int32Array(KINDS);
  readonly firstColumn = new Int32Array(KINDS);
  private readonly firstStart = new Int32Array(KINDS);
  private readonly firstEnd = new Int32Array(KINDS);

  /** Counts one line of `kind`, text[start..end); `column` is 1-based. */
  add(kind: number, line: number, column: number, start: number, end: number): void {
    if (this.count[kind]++ === 0) {
      this.firstLine[kind] = line;
      this.firstColumn[kind] = column;
      this.firstStart[kind] = start;
      this.firstEnd[kind] = end;
    }
  }

  /** Moves `n` lines of one kind to another (the padding decision, made once the file is read). */
  move(from: number, to: number, n: number): void {
    if (n <= 0) return;
    if (this.count[to] === 0 || this.firstLine[from] < this.firstLine[to]) {
      this.firstLine[to] = this.firstLine[from];
      this.firstColumn[to] = this.firstColumn[from];
      this.firstStart[to] = this.firstStart[from];
      this.firstEnd[to] = this.firstEnd[from];
    }
    this.count[to] += n;
    this.count[from] -= n;
  }

  /** One warning per kind seen, on its first line: "12 lines (this one first) use tabs …; accepted". */
  diagnostics(text: string): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (let k = 0; k < KINDS; k++) {
      const n = this.count[k];
      if (n === 0) continue;
      const [code, plural, singular, outcome] = KIND_TEXT[k];
      const message = n === 1 ? `this line ${singular}; ${outcome}` : `${n.toLocaleString('en-US')} lines (this one first) ${plural}; ${outcome}`;
      const line = this.firstLine[k];
      const lineText = text.slice(this.firstStart[k], this.firstEnd[k]);
      out.push({ line, column: this.firstColumn[k], severity: 'warning', code, message, text: clipDiagnosticText(lineText) });
    }
    return out;
  }
}
