/**
 * The live series as a recording file (docs/recording.md, the format `mapscope record` writes and
 * `mapscope diff` and the app read): the snapshots' bytes exactly as the kernel gave them, each
 * under its `#mapscope snapshot` header line (recordingLines, shared with `mapscope record`).
 */
import { recordingLines } from '../../src/internal';
import type { LiveSnapshot } from './live-client';

/** The recording of `snapshots` as a Blob; `ended`: the process exited (else the user saved it while it runs). */
export function recordingBlob(snapshots: readonly LiveSnapshot[], ended: boolean): Blob {
  const parts: BlobPart[] = [recordingLines.start()];
  for (const s of snapshots) {
    parts.push(recordingLines.snapshot(s.time, s.pid, `/proc/${s.pid}/${s.file}`));
    parts.push(s.bytes as Uint8Array<ArrayBuffer>);
    if (recordingLines.needsNewline(s.bytes)) parts.push('\n');
  }
  parts.push(recordingLines.end(snapshots.at(-1)?.time ?? Date.now(), snapshots.length, ended ? 'exited' : 'saved'));
  return new Blob(parts, { type: 'text/plain' });
}
