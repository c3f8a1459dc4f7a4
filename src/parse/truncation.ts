/**
 * A file cut short: the kernel ends every line of maps and smaps with a newline
 * (fs/proc/task_mmu.c show_map_vma: seq_putc(m, '\n'); every smaps field is printed with its
 * "\n"), so a last line without one that stops partway through a line's shape was cut — a copy
 * that stopped early, a buffer of fixed size, a terminal's scrollback. Such a line fails to parse
 * ("end address 0x7f270a7 is below start address 0x7f270a7be000", `bad-field … found "Private"`);
 * the importers say what happened instead: "the file ends in the middle of line N: was it cut short?".
 *
 * Shared by the maps parser (maps-line.ts, also for smaps headers) and the smaps parser (smaps.ts)
 * for its field lines.
 */
import type { DiagnosticStore } from '../model/diagnostic-store.js';

/** The diagnostic code of a cut-short last line. */
export const TRUNCATED_CODE = 'truncated';

/** The message for a cut-short line `line`; `detail` is what the line as it stands fails on. */
export function cutShortMessage(line: number, detail?: string): string {
  return `the file ends in the middle of line ${line}: was it cut short?${detail === undefined ? '' : ` (as it stands: ${detail})`}`;
}

/**
 * When line `line`, text[s..e), is the text's last, has no line end, was rejected (an error on
 * that line among the diagnostics pushed from index `from` on) and stops partway through an smaps
 * field line (isSmapsFieldPrefix), replaces that line's diagnostics with one cut-short error that
 * keeps the error's finding as its detail. A line that was read (`Rss: 4`, a warning) stays as it
 * is, as a maps line that parses does.
 */
export function settleCutFieldLine(text: string, s: number, e: number, line: number, diagnostics: DiagnosticStore, from: number, keys: ReadonlySet<string>): void {
  const recent = diagnostics.since(from);
  const error = recent.find((d) => d.line === line && d.severity === 'error');
  if (error === undefined || !isUnterminatedLast(text, e) || !isSmapsFieldPrefix(text, s, e, keys)) return;
  const { message, text: lineText } = error;
  diagnostics.retractSince(from);
  for (const d of recent) if (d.line !== line) diagnostics.push(d);
  diagnostics.push({ line, column: e - s + 1, severity: 'error', code: TRUNCATED_CODE, message: cutShortMessage(line, message), text: lineText });
}

/** True when no newline follows text[..e): the line ending at e is the text's last and has no line end. */
export function isUnterminatedLast(text: string, e: number): boolean {
  return text.indexOf('\n', e) < 0;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * True when text[s..e) stops partway through a maps line's header (`start-end perms offset
 * major:minor inode`): every field up to the cut has a valid shape and the cut falls before the
 * inode's end. Numbers keep their limits (16 hex digits, 20 decimal ones), so a too-wide field is
 * not taken for a cut one; a line that reaches its name is complete as far as a cut can tell.
 */
export function isMapsLinePrefix(text: string, s: number, e: number): boolean {
  let p = s;
  const run = (test: (c: number) => boolean, max: number): number => {
    const from = p;
    while (p < e && test(text.charCodeAt(p))) p++;
    return p - from > max ? -1 : p - from;
  };
  run(isSpace, Infinity); // indentation
  if (run(isHex, 16) <= 0) return false;
  if (p === e) return true;
  if (text.charCodeAt(p++) !== 45 /* - */) return false;
  if (run(isHex, 16) < 0) return false;
  if (p === e) return true;
  if (run(isSpace, Infinity) <= 0) return false;
  const perms = 'r-w-x-sp';
  for (let i = 0; i < 4; i++) {
    if (p === e) return true;
    const c = text[p++];
    if (c !== perms[2 * i] && c !== perms[2 * i + 1]) return false;
  }
  for (const [sep, digits, max] of [[' ', isHex, 16], [' ', isHex, 3], [':', isHex, 5], [' ', isDigit, 20]] as const) {
    if (p === e) return true;
    if (sep === ':' ? text.charCodeAt(p++) !== 58 : run(isSpace, Infinity) <= 0) return false;
    if (p === e) return true;
    if (run(digits, max) <= 0) return false;
  }
  return p === e;
}

/**
 * True when text[s..e) stops partway through an smaps field line (`Key:   1234 kB`, `VmFlags: rd
 * wr`): a beginning of a key in `keys`, or a known key, its colon, and a value cut anywhere (digits,
 * then " kB" in part; for VmFlags, flag letters).
 */
export function isSmapsFieldPrefix(text: string, s: number, e: number, keys: ReadonlySet<string>): boolean {
  let p = s;
  while (p < e && text.charCodeAt(p) !== 58 /* : */) p++;
  const key = text.slice(s, p);
  if (key.length === 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return false;
  if (p === e) {
    for (const k of keys) if (k.startsWith(key)) return true;
    return false;
  }
  if (!keys.has(key)) return false;
  const value = text.slice(p + 1, e);
  if (key === 'VmFlags') return /^[ a-z?]*$/.test(value);
  // %8lu kB (or no unit: THPeligible, ProtectionKey): digits, then " kB" cut anywhere.
  return /^ *(\d+( (k(B)?)?)?)?$/.test(value);
}
