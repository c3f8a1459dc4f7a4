/**
 * The live series as a recording file (docs/recording.md, the format `mapscope record` writes and
 * `mapscope diff` and the app read): the snapshots' bytes exactly as the kernel gave them, each
 * under its `#mapscope snapshot` header line.
 */
import type { LiveSnapshot } from './live-client';

/** The recording of `snapshots` as a Blob; `ended` says why it stops (`exited`) or null while the process runs. */
export function recordingBlob(snapshots: readonly LiveSnapshot[], ended: boolean): Blob {
  const parts: BlobPart[] = ['#mapscope recording v1\n'];
  for (const s of snapshots) {
    parts.push(`#mapscope snapshot time=${new Date(s.time).toISOString()} pid=${s.pid} source=/proc/${s.pid}/${s.file}\n`);
    parts.push(s.bytes as Uint8Array<ArrayBuffer>);
    // The kernel ends every line with a newline; a snapshot that does not (an empty map) gets none added.
  }
  const last = snapshots.at(-1);
  parts.push(`#mapscope end time=${new Date(last?.time ?? Date.now()).toISOString()} snapshots=${snapshots.length} reason=${ended ? 'exited' : 'saved'}\n`);
  return new Blob(parts, { type: 'text/plain' });
}
