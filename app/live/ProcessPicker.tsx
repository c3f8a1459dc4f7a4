/** `mapscope serve` without --pid: the processes whose memory map this user may read, searchable; picking one follows it. */
import { useMemo, useState } from 'react';
import { formatNameForDisplay } from '../../src/index';
import { follow, loadProcesses, useLive } from './live-client';

export function ProcessPicker() {
  const processes = useLive((s) => s.processes);
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const all = processes ?? [];
    return q === '' ? all : all.filter((p) => String(p.pid).startsWith(q) || p.name.toLowerCase().includes(q) || p.commandLine.toLowerCase().includes(q));
  }, [processes, query]);
  return (
    <section className="process-picker" aria-labelledby="picker-title">
      <h2 id="picker-title">Watch a running process</h2>
      <p className="muted">The processes whose memory map you may read. Pick one to see its map, updated live.</p>
      <div className="picker-search">
        <input type="search" aria-label="Search processes" placeholder="pid, name or command line" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus />
        <button type="button" className="button" onClick={() => void loadProcesses()}>
          Refresh list
        </button>
      </div>
      {processes === null ? (
        <p role="status">Reading the list of processes…</p>
      ) : (
        <>
          <p role="status" className="muted">
            {shown.length === processes.length ? `${processes.length} processes` : `${shown.length} of ${processes.length} processes`}
          </p>
          <ul className="picker-list">
            {shown.map((p) => (
              <li key={p.pid}>
                <button type="button" className="picker-row" onClick={() => void follow(p.pid)} aria-label={`Watch process ${p.pid} (${formatNameForDisplay(p.name)})`}>
                  <span className="picker-pid">{p.pid}</span>
                  <span className="picker-name">{formatNameForDisplay(p.name)}</span>
                  <span className="picker-cmd" title={formatNameForDisplay(p.commandLine)}>
                    {formatNameForDisplay(p.commandLine)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
