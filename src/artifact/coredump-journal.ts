/**
 * systemd-coredump's journal entries, as journalctl prints them. The fields come from systemd
 * src/coredump/coredump.c gather_pid_metadata (`COREDUMP_PROC_MAPS=` — the process's
 * /proc/PID/maps —, `COREDUMP_PID`, `COREDUMP_SIGNAL_NAME`, `COREDUMP_EXE`, `COREDUMP_COMM`) and
 * submit_coredump (the `MESSAGE` with the stack trace of src/shared/elf-util.c:
 * `Stack trace of thread N:` and `#0  0x00007f… raise (libc.so.6 + 0x3bd5c)`).
 *
 * `journalctl -o json` (src/shared/logs-show.c output_json): one JSON object a line; a field of
 * more than 4096 bytes is `null` unless journalctl runs with --all, and a value that is not
 * UTF-8 is an array of its bytes. The map's lines are the lines of one JSON string: each region's
 * line is the entry's line.
 *
 * `journalctl -o export` (systemd docs/JOURNAL_EXPORT_FORMATS.md): `FIELD=value` lines, and a
 * value holding a newline as `FIELD`, a newline, its size as a little-endian 64-bit number, the
 * bytes, a newline; entries separated by a blank line, each starting with `__CURSOR=`. The map's
 * lines are lines of the export.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { ParseResult } from '../parse/result.js';
import type { ArtifactAddress, ArtifactInfo } from './artifact.js';
import { ArtifactText, MapLines, artifactNote, artifactTitle, hexAddr, mapChoices, readEmbeddedMap } from './embedded-map.js';

const MAPS_FIELD = 'COREDUMP_PROC_MAPS';
const FRAME = /^\s*#(\d+)\s+(0x[0-9a-f]+) /;
const THREAD = /^\s*Stack trace of thread (\d+):/;

/** True when the text is journalctl output holding a systemd-coredump entry's map field. */
export function isCoredumpJournal(text: string): boolean {
  const head = text.slice(0, 256);
  return text.includes(MAPS_FIELD) && (head.startsWith('{') || /^(__CURSOR|__REALTIME_TIMESTAMP|_BOOT_ID|MESSAGE|COREDUMP_\w+)[=\n]/m.test(head));
}

/** A JSON field's value as text: a string, an array of bytes (UTF-8 decoded), the first of repeated values; null for a field left out. */
function fieldText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((b) => typeof b === 'number')) return new TextDecoder().decode(Uint8Array.from(value as number[]));
  if (Array.isArray(value) && value.length > 0) return fieldText(value[0]);
  return null;
}

/** What one coredump entry says: its fields as text, and the stack trace lines of its MESSAGE. */
interface EntryFacts {
  fields: Map<string, string>;
  /** Frames of the MESSAGE's stack traces, with the artifact line they are on. */
  frames: ArtifactAddress[];
}

/** The pid, signal, executable and frames of an entry, into `info`. */
function describe(info: ArtifactInfo, facts: EntryFacts): void {
  const f = facts.fields;
  const pid = f.get('COREDUMP_PID');
  info.pid = pid !== undefined && /^\d+$/.test(pid) ? Number(pid) : null;
  info.signal = f.get('COREDUMP_SIGNAL_NAME') ?? null;
  for (const key of ['COREDUMP_EXE', 'COREDUMP_COMM', 'COREDUMP_CMDLINE', 'COREDUMP_TIMESTAMP', '_HOSTNAME']) {
    const value = f.get(key);
    if (value !== undefined) info.context.push({ key, value });
  }
  const exe = f.get('COREDUMP_EXE') ?? f.get('COREDUMP_COMM');
  info.title = artifactTitle('systemd-coredump', exe, info.pid, info.signal);
  info.addresses.push(...facts.frames);
}

/** Frames of stack trace lines: the first thread's as `#0 pc`, the others' as `tid 123 #0 pc`. */
function framesOf(lines: Iterable<{ text: string; line: number }>): ArtifactAddress[] {
  const out: ArtifactAddress[] = [];
  let thread = '';
  let threads = 0;
  for (const { text, line } of lines) {
    const t = THREAD.exec(text);
    if (t !== null) thread = threads++ === 0 ? '' : `tid ${t[1]} `;
    const f = FRAME.exec(text);
    if (f !== null && threads > 0) out.push({ address: hexAddr(f[2])!, label: `${thread}#${f[1]} pc`, line });
  }
  return out;
}

/** Reads the map of a systemd-coredump journal entry (journalctl -o json or -o export); `choice` picks one of several entries. */
export function readCoredumpJournal(text: string, choice = 0): ParseResult {
  const source = new ArtifactText(text);
  return text.trimStart().startsWith('{') ? readJson(source, choice) : readExport(source, choice);
}

function readJson(source: ArtifactText, choice: number): ParseResult {
  const entries = source.findAll((line) => line.startsWith('{') && line.includes(`"${MAPS_FIELD}"`));
  const { choices, chosen, header } = mapChoices(entries, () => 'coredump entry', choice);
  const info: ArtifactInfo = { format: 'coredump-journal', title: 'systemd-coredump', pid: null, signal: null, addresses: [], context: [], choices, chosen };
  const map = new MapLines(source);
  const notes: Diagnostic[] = [];
  let entry: Record<string, unknown> | undefined;
  try {
    entry = JSON.parse(source.line(header)) as Record<string, unknown>;
  } catch (error) {
    notes.push(artifactNote(source, header, 'error', 'artifact-json', `this journal entry is not valid JSON (${error instanceof Error ? error.message : String(error)}): cut short?`));
  }
  if (entry !== undefined) {
    const fields = new Map<string, string>();
    for (const [key, value] of Object.entries(entry)) {
      const t = fieldText(value);
      if (t !== null) fields.set(key, t);
    }
    const message = fields.get('MESSAGE') ?? '';
    describe(info, { fields, frames: framesOf(message.split('\n').map((t) => ({ text: t, line: header + 1 }))) });
    const maps = fields.get(MAPS_FIELD);
    if (maps === undefined) {
      notes.push(
        artifactNote(source, header, 'error', 'artifact-map-missing', `${MAPS_FIELD} is null: journalctl leaves out fields over 4096 bytes unless it runs with --all (journalctl -o json --all); no regions to show`),
      );
    } else {
      for (const line of maps.split('\n')) if (line !== '') map.add(header, 0, line);
    }
  }
  return readEmbeddedMap(source, map, info, { notes });
}

/** Bytes of a line of the decoded text in the input: UTF-8 lengths, one for a byte kept as an escape (U+DC80–U+DCFF). */
function utf8Bytes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 || (c >= 0xdc80 && c <= 0xdcff)) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The little-endian 64-bit size at the start of a line (its 8 characters as bytes), or undefined when they are not 8 bytes. */
function exportSize(line: string): number | undefined {
  if (line.length < 8) return undefined;
  let size = 0;
  for (let k = 7; k >= 0; k--) {
    const c = line.charCodeAt(k);
    const byte = c < 0x80 ? c : c >= 0xdc80 && c <= 0xdcff ? c - 0xdc00 : -1;
    if (byte < 0) return undefined;
    size = size * 256 + byte;
  }
  return size;
}

function readExport(source: ArtifactText, choice: number): ParseResult {
  const headers = source.findAll((line) => line === MAPS_FIELD);
  const { choices, chosen, header } = mapChoices(headers, () => 'coredump entry', choice);
  const info: ArtifactInfo = { format: 'coredump-journal', title: 'systemd-coredump', pid: null, signal: null, addresses: [], context: [], choices, chosen };
  const map = new MapLines(source);
  const notes: Diagnostic[] = [];
  // The entry: from the blank line before the field's entry to the blank line after it, stepping over binary values.
  const size = header + 1 < source.count ? exportSize(source.line(header + 1)) : undefined;
  if (size === undefined) {
    notes.push(artifactNote(source, header, 'error', 'artifact-map-missing', `${MAPS_FIELD} is not followed by its 8-byte size and value: the export is cut short or damaged; no regions to show`));
  } else {
    let left = size;
    for (let i = header + 1; i < source.count && left > 0; i++) {
      const cut = i === header + 1 ? 8 : 0;
      const bytes = utf8Bytes(source.line(i).slice(cut)) + 1;
      if (bytes > left) break; // the value ends inside this line: it holds the next field
      left -= bytes;
      if (source.ends[i] > source.starts[i] + cut) map.add(i, cut);
    }
    if (left > 0) {
      notes.push(artifactNote(source, header, 'warning', 'artifact-map-cut', `${MAPS_FIELD} announces ${size} bytes but ${size - left} follow: the export is cut short in its map; the lines present were read`));
    }
  }
  // The entry: from its __CURSOR= line (each entry of an export starts with one) to the next.
  const from = Math.max(0, ...source.findAll((line, i) => i <= header && line.startsWith('__CURSOR=')));
  let to = header + 1;
  while (to < source.count && !source.line(to).startsWith('__CURSOR=')) to++;
  const fields = new Map<string, string>();
  const message: { text: string; line: number }[] = [];
  for (let i = from; i < to; i++) {
    const line = source.line(i);
    const eq = line.indexOf('=');
    if (eq > 0 && /^[A-Z_][A-Z0-9_]*$/.test(line.slice(0, eq)) && !fields.has(line.slice(0, eq))) fields.set(line.slice(0, eq), line.slice(eq + 1));
    message.push({ text: line, line: i + 1 });
  }
  describe(info, { fields, frames: framesOf(message) });
  return readEmbeddedMap(source, map, info, { notes });
}
