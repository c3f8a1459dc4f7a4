/**
 * The recording format (src/parse/recording.ts, docs/recording.md): snapshots numbered as the
 * recording's lines, every line accounted for, header problems as diagnostics on their lines, the
 * same result whatever pieces the text arrives in, and a recording read where one map is wanted.
 */
import { describe, expect, it } from 'vitest';
import { parseInputRecording, parseInputSeries, parseMaps, parseRecording, RecordingReader, type InputPiece, type RecordingSnapshot } from '../../src/internal';

const MAPS_A = '55d0c8a00000-55d0c8a02000 r--p 00000000 fe:00 1001 /usr/bin/prog\n55d0c9000000-55d0c9021000 rw-p 00000000 00:00 0 [heap]\n';
const MAPS_B = MAPS_A + '7f1e29000000-7f1e29100000 rw-p 00000000 00:00 0\n';
const SMAPS = '55d0c9000000-55d0c9021000 rw-p 00000000 00:00 0 [heap]\nSize: 132 kB\nRss: 8 kB\n';

const recording = [
  '#mapscope recording v1',
  '#mapscope snapshot time=2026-12-03T08:00:00.000Z pid=42 source=/proc/42/maps',
  MAPS_A.trimEnd(),
  '#mapscope snapshot time=2026-12-03T08:00:01.500Z pid=42 source=/proc/42/maps',
  MAPS_B.trimEnd(),
  '#mapscope snapshot time=1764748802 pid=42 source=/proc/42/smaps',
  SMAPS.trimEnd(),
  '#mapscope end time=2026-12-03T08:00:03.000Z snapshots=3 reason=exited',
  '',
].join('\n');

function accounted(stats: { lines: number; regions: number; blank: number; recognized: number; rejected: number }): number {
  return stats.regions + stats.blank + stats.recognized + stats.rejected;
}

describe('parseRecording', () => {
  it('reads each snapshot with its time, pid and source; regions carry the recording line numbers', () => {
    const r = parseRecording(recording);
    expect(r.complete).toBe(true);
    expect(r.end).toEqual({ time: '2026-12-03T08:00:03.000Z', snapshots: '3', reason: 'exited' });
    expect(r.snapshots.map((s) => [s.index, s.headerLine, s.timeMs, s.pid, s.source, s.result.format])).toEqual([
      [0, 2, Date.UTC(2026, 11, 3, 8, 0, 0), 42, '/proc/42/maps', 'maps'],
      [1, 5, Date.UTC(2026, 11, 3, 8, 0, 1, 500), 42, '/proc/42/maps', 'maps'],
      [2, 9, 1764748802000, 42, '/proc/42/smaps', 'smaps'],
    ]);
    expect(Array.from(r.snapshots[1].result.regions.columns.line)).toEqual([6, 7, 8]);
    expect(r.snapshots[2].result.regions.smaps?.[0]?.fields.Rss).toBe(8192);
    expect(r.diagnostics).toEqual([]);
    // 13 lines: 5 header lines and 2 smaps field lines recognised, 6 regions.
    expect(r.stats).toEqual({ lines: 13, regions: 6, blank: 0, recognized: 7, rejected: 0 });
  });

  it('the same snapshots whatever pieces the text arrives in (1 to 17 characters at a time)', () => {
    const whole = parseRecording(recording);
    const shape = (s: RecordingSnapshot) => [s.headerLine, s.timeMs, s.result.stats, Array.from(s.result.regions.columns.line), s.result.regions.toArray().map((x) => x.format())];
    for (const size of [1, 2, 3, 5, 7, 11, 17]) {
      const got: RecordingSnapshot[] = [];
      const reader = new RecordingReader((s) => got.push(s));
      for (let i = 0; i < recording.length; i += size) reader.push(recording.slice(i, i + size));
      const info = reader.finish();
      expect(got.map(shape)).toEqual(whole.snapshots.map(shape));
      expect(info.stats).toEqual(whole.stats);
    }
  });

  it('every line accounted for, problems on their own lines: stray text, bad header values, a bad map line, no end line', () => {
    const text = [
      '#mapscope recording v1',
      'some text before the first snapshot',
      '',
      '#mapscope snapshot time=yesterday pid=-3',
      MAPS_A.trimEnd(),
      '55d0c9100000-55d0c9121000 rwzp 00000000 00:00 0',
      '#mapscope what is this',
      '#mapscope snapshot',
      MAPS_A.trimEnd(),
    ].join('\n');
    const r = parseRecording(text);
    expect(r.complete).toBe(false);
    const own = r.diagnostics.map((d) => [d.line, d.severity, d.code]);
    expect(own).toEqual([
      [0, 'warning', 'recording-cut-short'],
      [2, 'error', 'before-first-snapshot'],
      [4, 'warning', 'snapshot-time'],
      [4, 'warning', 'snapshot-pid'],
      [8, 'error', 'unknown-recording-line'],
      [9, 'warning', 'snapshot-time'],
    ]);
    expect(r.snapshots[0].result.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.line, d.code])).toEqual([[7, 'bad-permissions']]);
    expect(r.snapshots[1].timeMs).toBeNull();
    const lines = text.split('\n').length;
    expect(r.stats.lines).toBe(lines);
    expect(accounted(r.stats)).toBe(lines);
  });

  it('read where one map is wanted: its last snapshot, with a note; every line still counted', () => {
    const result = parseMaps(recording);
    expect(result.format).toBe('smaps');
    expect(result.regions.length).toBe(1);
    expect(result.regions.columns.line[0]).toBe(10);
    // The note, and the other snapshots' diagnostics on their lines (these lines are not padded as the kernel pads them).
    expect(result.diagnostics.map((d) => [d.line, d.code])).toEqual([
      [0, 'recording-last-snapshot'],
      [3, 'short-padding'],
      [6, 'short-padding'],
      [10, 'short-padding'],
    ]);
    expect(result.diagnostics[0].message).toContain('a recording of 3 snapshots: the last one (line 9');
    expect(result.stats.lines).toBe(13);
    expect(accounted(result.stats)).toBe(13);
  });

  it('through the input pipeline in pieces: snapshots one by one, decoding notes numbered as the recording', async () => {
    const lines = recording.split('\n');
    const first = lines.slice(0, 5).join('\n') + '\n';
    const rest = lines.slice(5).join('\n');
    const invalid = { line: 2, column: 1, severity: 'warning' as const, code: 'invalid-utf8', message: 'x', text: '' };
    const pieces: InputPiece[] = [
      { text: first, textBytes: 0, compressed: false, encoding: 'utf-8', diagnostics: { diagnostics: [], diagnosticGroups: [] }, firstLine: 1 },
      { text: rest, textBytes: 0, compressed: false, encoding: 'utf-8', diagnostics: { diagnostics: [invalid], diagnosticGroups: [{ code: 'invalid-utf8', severity: 'warning', count: 1, firstLine: 2, examples: [invalid] }] }, firstLine: 6 },
    ];
    async function* stream() {
      yield* pieces;
    }
    const seen: number[] = [];
    const read = await parseInputSeries(stream(), (s) => seen.push(s.headerLine));
    expect(seen).toEqual([2, 5, 9]);
    expect('recording' in read && read.recording.diagnostics.map((d) => [d.line, d.code])).toEqual([[7, 'invalid-utf8']]);

    // The app's worker reads a decoded text whole: every snapshot kept, the decoder's notes with the recording's.
    const whole = parseInputRecording({ ...pieces[1], text: recording, diagnostics: pieces[1].diagnostics });
    expect(whole.snapshots.map((s) => s.headerLine)).toEqual([2, 5, 9]);
    expect(whole.diagnostics.map((d) => [d.line, d.code])).toEqual([[2, 'invalid-utf8']]);
  });
});
