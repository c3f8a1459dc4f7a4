/**
 * A recording: timestamped snapshots of one process's memory map in one line-oriented text file
 * (docs/recording.md), as `mapscope record` writes it and any other tool can:
 *
 *   #mapscope recording v1
 *   #mapscope snapshot time=2026-12-03T08:00:00.000Z pid=1234 source=/proc/1234/smaps
 *   …the kernel's text, as read…
 *   #mapscope snapshot time=2026-12-03T08:00:01.000Z pid=1234 source=/proc/1234/smaps
 *   …
 *   #mapscope end time=2026-12-03T08:00:02.000Z snapshots=2 reason=exited
 *
 * No line of maps, smaps, pmap or gdb output starts with `#mapscope `. Each snapshot's text is
 * parsed as a file of its own (format detection included) and its lines and diagnostics are
 * numbered as the recording's lines; the header lines are recognised lines; anything else outside
 * a snapshot is an error on its line. Read as a stream of whole lines (RecordingReader), so that a
 * recording larger than one string can be read piece by piece, snapshot by snapshot.
 */
import { clipDiagnosticText, type Diagnostic } from '../model/diagnostic.js';
import { DiagnosticStore, type DiagnosticSet } from '../model/diagnostic-store.js';
import { concatResults } from './concat-results.js';
import { parseMaps } from './index.js';
import { RegionTable } from '../model/region-table.js';
import type { LineStats, ParseResult } from './result.js';

/** The first line of a recording (then ` v1`). */
export const RECORDING_MAGIC = '#mapscope recording';
/** The version this reader reads. */
export const RECORDING_VERSION = 'v1';
const PREFIX = '#mapscope ';

/** The lines a recording writer writes (docs/recording.md): `mapscope record` and the app's live view alike. */
export const recordingLines = {
  /** The first line. */
  start: (): string => `${RECORDING_MAGIC} ${RECORDING_VERSION}\n`,
  /** The header line before a snapshot's text, read at `timeMs` from `source` (`/proc/1234/smaps`). */
  snapshot: (timeMs: number, pid: number | string, source: string): string => `#mapscope snapshot time=${new Date(timeMs).toISOString()} pid=${pid} source=${source}\n`,
  /** The last line: how many snapshots, and why the recording stopped (`exited`, `count`, `saved`, …). */
  end: (timeMs: number, snapshots: number, reason: string): string => `#mapscope end time=${new Date(timeMs).toISOString()} snapshots=${snapshots} reason=${reason}\n`,
  /** True when a snapshot's bytes need a newline before the next header (the kernel ends its lines with one; an empty text needs none). */
  needsNewline: (bytes: Uint8Array): boolean => bytes.length > 0 && bytes[bytes.length - 1] !== 10,
};

/** True when the text's first non-blank line (after a byte-order mark) is a recording's first line. */
export function isRecordingText(text: string): boolean {
  let s = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (s < text.length && (text.charCodeAt(s) === 10 || text.charCodeAt(s) === 13 || text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
  return text.startsWith(RECORDING_MAGIC, s) && (s + RECORDING_MAGIC.length === text.length || /[ \t\r\n]/.test(text.charAt(s + RECORDING_MAGIC.length)));
}

/** What a snapshot's header line says. */
export interface SnapshotHeader {
  /** 0-based position in the recording. */
  index: number;
  /** The recording's line (1-based) of the `#mapscope snapshot` header. */
  headerLine: number;
  /** Milliseconds since 1970-01-01 UTC; null when the header has no readable `time=` (a warning says so). */
  timeMs: number | null;
  pid: number | null;
  /** The file the text was read from (`/proc/1234/smaps`); null when not given. */
  source: string | null;
  /** Every `key=value` of the header, unknown keys included. */
  fields: Record<string, string>;
}

/** One snapshot: its header and its text parsed, lines numbered as the recording's. */
export interface RecordingSnapshot extends SnapshotHeader {
  result: ParseResult;
}

/** A recording's own facts, beside its snapshots. */
export interface RecordingInfo extends DiagnosticSet {
  snapshotCount: number;
  /** True when the recording ends with its `#mapscope end` line (the recorder finished it). */
  complete: boolean;
  /** The end line's `key=value`s (`reason=exited`, `snapshots=10`), or null without one. */
  end: Record<string, string> | null;
  /** Every line of the recording: the header lines recognised, each snapshot's lines as its parse counted them. */
  stats: LineStats;
}

/** A recording read whole. */
export interface Recording extends RecordingInfo {
  snapshots: RecordingSnapshot[];
}

/** `key=value` tokens of a header line. */
function headerFields(line: string, from: number): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const token of line.slice(from).trim().split(/[ \t]+/)) {
    const eq = token.indexOf('=');
    if (eq > 0) fields[token.slice(0, eq)] = token.slice(eq + 1);
  }
  return fields;
}

/** A time as ISO 8601 (`2026-12-03T08:00:00.123Z`) or seconds since the epoch (`1764748800.123`). */
export function parseRecordingTime(text: string): number | null {
  if (/^[0-9]+(\.[0-9]+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** The part of a file name the parser takes as a hint: `/proc/1234/smaps` → `smaps`. */
function sourceHint(source: string | null): string | undefined {
  if (source === null) return undefined;
  return source.slice(source.lastIndexOf('/') + 1) || undefined;
}

/** Reads a recording as a stream of whole lines; calls `onSnapshot` with each snapshot once its text is complete. */
export class RecordingReader {
  private readonly diagnostics = new DiagnosticStore();
  private readonly stats: LineStats = { lines: 0, regions: 0, blank: 0, recognized: 0, rejected: 0 };
  /** Lines read so far. */
  private line = 0;
  private header: SnapshotHeader | null = null;
  private body: string[] = [];
  private count = 0;
  private sawMagic = false;
  private end: Record<string, string> | null = null;
  private afterEnd = false;
  /** A line cut by the end of a piece, waiting for the rest. */
  private carry = '';

  constructor(private readonly onSnapshot: (snapshot: RecordingSnapshot) => void) {}

  /** Reads more text (pieces may end anywhere; a line is read once its newline or the end comes). */
  push(text: string): void {
    let s = 0;
    if (this.carry.length > 0) {
      const nl = text.indexOf('\n');
      if (nl < 0) {
        this.carry += text;
        return;
      }
      this.readLine(this.carry + text.slice(0, nl + 1));
      this.carry = '';
      s = nl + 1;
    }
    if (this.line === 0 && text.charCodeAt(s) === 0xfeff) s++;
    // Snapshot text goes to the body a run at a time: only lines starting with "#mapscope " are looked at.
    while (s < text.length) {
      const next = this.header === null ? s : this.nextHeaderLine(text, s);
      if (next > s) {
        this.addBody(text.slice(s, next));
        s = next;
        continue;
      }
      const nl = text.indexOf('\n', s);
      if (nl < 0) {
        this.carry = text.slice(s);
        return;
      }
      this.readLine(text.slice(s, nl + 1));
      s = nl + 1;
    }
  }

  /** Ends the recording: the last snapshot is parsed; returns the recording's own facts. */
  finish(): RecordingInfo {
    if (this.carry.length > 0) {
      this.readLine(this.carry);
      this.carry = '';
    }
    this.closeSnapshot();
    if (!this.sawMagic && this.line === 0) this.note(0, '', 'error', 'empty-recording', 'the recording is empty: no snapshots');
    else if (this.count === 0) this.note(0, '', 'error', 'no-snapshots', 'the recording holds no snapshot (no "#mapscope snapshot" line)');
    if (this.count > 0 && this.end === null) {
      this.note(0, '', 'warning', 'recording-cut-short', `the recording has no "#mapscope end" line: it was cut short (the recorder stopped before finishing it?); its ${this.count} snapshots were read`);
    }
    return { ...this.diagnostics.result(), snapshotCount: this.count, complete: this.end !== null && !this.afterEnd, end: this.end, stats: { ...this.stats } };
  }

  /** The start of the next line at or after `s` that starts with "#mapscope ", or the text's length. */
  private nextHeaderLine(text: string, s: number): number {
    if (text.startsWith(PREFIX, s)) return s;
    const at = text.indexOf('\n' + PREFIX, s);
    return at < 0 ? this.lastLineStart(text, s) : at + 1;
  }

  /** Where the text's last unfinished line starts (so that a header cut by the piece's end is found whole), or its length. */
  private lastLineStart(text: string, s: number): number {
    if (text.charCodeAt(text.length - 1) === 10) return text.length;
    const nl = text.lastIndexOf('\n');
    return nl < s ? s : nl + 1;
  }

  /** Snapshot text: whole lines, but for the recording's last line, which may lack its newline. */
  private addBody(text: string): void {
    this.body.push(text);
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.line++;
    if (text.charCodeAt(text.length - 1) !== 10) this.line++;
  }

  private note(line: number, text: string, severity: Diagnostic['severity'], code: string, message: string): void {
    this.diagnostics.push({ line, column: line > 0 ? 1 : 0, severity, code, message, text: clipDiagnosticText(text) });
  }

  /** One line outside a snapshot's text, or one that completes a line cut by a piece's end (with its newline, if it has one). */
  private readLine(raw: string): void {
    const text = raw.replace(/\r?\n$/, '').replace(/\r$/, '');
    if (this.header !== null && !text.startsWith(PREFIX)) {
      this.addBody(raw);
      return;
    }
    const lineNo = ++this.line;
    this.stats.lines++;
    if (text.startsWith(PREFIX)) {
      this.stats.recognized++;
      this.readHeader(text, lineNo);
      return;
    }
    if (/^[ \t]*$/.test(text)) {
      this.stats.blank++;
      return;
    }
    this.stats.rejected++;
    if (this.end !== null) this.note(lineNo, text, 'error', 'after-recording-end', 'text after the recording\'s "#mapscope end" line, in no snapshot');
    else this.note(lineNo, text, 'error', 'before-first-snapshot', 'text before the first "#mapscope snapshot" line, in no snapshot');
  }

  private readHeader(text: string, lineNo: number): void {
    const word = text.slice(PREFIX.length).split(/[ \t]/, 1)[0];
    switch (word) {
      case 'recording': {
        if (this.sawMagic || this.count > 0) this.note(lineNo, text, 'warning', 'recording-restarted', 'a second "#mapscope recording" line: the snapshots after it are read as part of this recording');
        this.sawMagic = true;
        const version = text.slice(RECORDING_MAGIC.length).trim();
        if (version !== RECORDING_VERSION) this.note(lineNo, text, 'warning', 'recording-version', `recording version "${version}": this reader reads ${RECORDING_VERSION}; read as ${RECORDING_VERSION}`);
        return;
      }
      case 'snapshot':
        this.closeSnapshot();
        this.openSnapshot(text, lineNo);
        return;
      case 'end':
        this.closeSnapshot();
        if (this.end !== null) this.note(lineNo, text, 'warning', 'recording-end-again', 'a second "#mapscope end" line');
        this.end = headerFields(text, PREFIX.length + 3);
        this.afterEnd = false;
        return;
      default:
        this.stats.recognized--;
        this.stats.rejected++;
        this.note(lineNo, text, 'error', 'unknown-recording-line', `unknown recording line "#mapscope ${word}": expected recording, snapshot or end`);
    }
  }

  private openSnapshot(text: string, lineNo: number): void {
    if (!this.sawMagic && this.count === 0) this.note(lineNo, text, 'warning', 'recording-no-magic', `the recording does not start with "${RECORDING_MAGIC} ${RECORDING_VERSION}"`);
    if (this.end !== null) this.afterEnd = true;
    const fields = headerFields(text, PREFIX.length + 'snapshot'.length);
    const timeMs = fields.time === undefined ? null : parseRecordingTime(fields.time);
    if (timeMs === null) {
      this.note(lineNo, text, 'warning', 'snapshot-time', fields.time === undefined ? 'the snapshot has no time= (its place on a timeline is unknown)' : `unreadable time "${fields.time}": expected ISO 8601 (2026-12-03T08:00:00.000Z) or seconds since 1970`);
    }
    let pid: number | null = null;
    if (fields.pid !== undefined) {
      if (/^[1-9][0-9]{0,9}$/.test(fields.pid)) pid = Number(fields.pid);
      else this.note(lineNo, text, 'warning', 'snapshot-pid', `unreadable pid "${fields.pid}": expected a positive decimal number`);
    }
    this.header = { index: this.count++, headerLine: lineNo, timeMs, pid, source: fields.source ?? null, fields };
  }

  /** Parses the open snapshot's text and hands it on. */
  private closeSnapshot(): void {
    const header = this.header;
    if (header === null) return;
    const text = this.body.join('');
    this.body = [];
    this.header = null;
    const parsed = parseMaps(text, { fileName: sourceHint(header.source) });
    // Numbered as the recording's lines: the snapshot's text starts on the line after its header.
    const result = concatResults([{ result: parsed, firstLine: header.headerLine + 1 }]);
    for (const k of ['lines', 'regions', 'blank', 'recognized', 'rejected'] as const) this.stats[k] += result.stats[k];
    this.onSnapshot({ ...header, result });
  }
}

/** Reads a whole recording (every snapshot kept). */
export function parseRecording(text: string): Recording {
  const snapshots: RecordingSnapshot[] = [];
  const reader = new RecordingReader((s) => snapshots.push(s));
  reader.push(text);
  return { ...reader.finish(), snapshots };
}

/**
 * A recording read where one map is wanted (`mapscope parse`, a single file in the app): its last
 * snapshot, with a note saying so; every line of the others is counted (recognised) and their
 * diagnostics are kept, numbered as the recording's lines. Feed `onSnapshot` to a RecordingReader.
 */
export class RecordingAsMap {
  private last: RecordingSnapshot | null = null;
  private readonly diagnostics = new DiagnosticStore();

  readonly onSnapshot = (snapshot: RecordingSnapshot): void => {
    this.diagnostics.addSet(snapshot.result);
    this.last = snapshot;
  };

  /** The result, once the reader has finished with `info`. */
  result(info: RecordingInfo): ParseResult {
    const last = this.last;
    const store = this.diagnostics;
    store.addSet(info);
    if (last !== null) {
      const when = last.timeMs === null ? '' : `, taken ${new Date(last.timeMs).toISOString()}`;
      store.push({
        line: 0,
        column: 0,
        severity: 'warning',
        code: 'recording-last-snapshot',
        message: `a recording of ${info.snapshotCount} snapshots: the last one (line ${last.headerLine}${when}) is shown; mapscope diff and the app's timeline compare them`,
        text: '',
      });
    }
    const s = info.stats;
    const regions = last?.result.stats.regions ?? 0;
    return {
      format: last?.result.format ?? 'unknown',
      regions: last?.result.regions ?? RegionTable.empty(),
      ...store.result(),
      stats: { lines: s.lines, regions, blank: s.blank, rejected: s.rejected, recognized: s.lines - regions - s.blank - s.rejected },
    };
  }
}

/** parseMaps of a recording's text: its last snapshot (RecordingAsMap). */
export function parseRecordingAsMap(text: string): ParseResult {
  const collector = new RecordingAsMap();
  const reader = new RecordingReader(collector.onSnapshot);
  reader.push(text);
  return collector.result(reader.finish());
}
