/** The live view's strip under the header: which process, how many snapshots, Pause, Save recording, and the process's end. */
import { formatCount } from '../../src/internal';
import { recordingBlob } from './live-recording';
import { liveStore, setPaused, useLive } from './live-client';

function clock(time: number): string {
  return new Date(time).toLocaleTimeString('en-GB', { hour12: false });
}

/** Downloads the series as a recording file. */
function save(): void {
  const { snapshots, pid, status } = liveStore.get();
  const url = URL.createObjectURL(recordingBlob(snapshots, status === 'ended'));
  const a = document.createElement('a');
  a.href = url;
  a.download = `mapscope-pid${pid ?? 'unknown'}-${new Date().toISOString().replace(/[:.]/g, '-')}.recording`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Shown while the page follows (or followed) a process from `mapscope serve`. */
export function LiveBar() {
  const status = useLive((s) => s.status);
  const pid = useLive((s) => s.pid);
  const file = useLive((s) => s.file);
  const intervalMs = useLive((s) => s.intervalMs);
  const snapshots = useLive((s) => s.snapshots);
  const shownSeq = useLive((s) => s.shownSeq);
  const paused = useLive((s) => s.paused);
  const message = useLive((s) => s.message);
  const dropped = useLive((s) => s.dropped);
  if (status === 'off') return null;
  const shown = snapshots.findIndex((s) => s.seq === shownSeq);
  const newest = snapshots.at(-1);
  return (
    <section className={`live-bar live-${status}`} aria-label="Live view">
      <span className="live-dot" aria-hidden="true" />
      {status === 'connecting' && <span>Connecting to mapscope serve…</span>}
      {status === 'picking' && <span>Live: pick a process to watch.</span>}
      {(status === 'following' || status === 'ended' || (status === 'failed' && snapshots.length > 0)) && pid !== null && (
        <span className="live-what">
          <strong>{status === 'following' ? (paused ? 'Paused' : 'Live') : 'Ended'}</strong> · process {pid} · /proc/{pid}/{file} every{' '}
          {intervalMs >= 1000 ? `${intervalMs / 1000} s` : `${intervalMs} ms`} · {formatCount(snapshots.length)} {snapshots.length === 1 ? 'snapshot' : 'snapshots'}
          {dropped > 0 && ` (${formatCount(dropped)} older ones dropped by the server)`}
          {shown >= 0 && newest !== undefined && (
            <>
              {' '}
              · showing #{shown + 1} of {clock(snapshots[shown].time)}
              {paused && newest.seq !== shownSeq && ` (newest ${clock(newest.time)})`}
            </>
          )}
        </span>
      )}
      {message !== null && (
        <span className="live-message" role={status === 'failed' ? 'alert' : 'status'}>
          {message}
        </span>
      )}
      <span className="live-actions">
        {status === 'following' && (
          <button type="button" className="button" onClick={() => setPaused(!paused)} aria-pressed={paused}>
            {paused ? 'Resume live updates' : 'Pause live updates'}
          </button>
        )}
        {snapshots.length > 0 && (
          <button type="button" className="button" onClick={save} title="Save every snapshot as one recording file (mapscope diff and this app read it)">
            Save recording
          </button>
        )}
      </span>
    </section>
  );
}
