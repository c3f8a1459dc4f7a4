/**
 * Loading progress with a Cancel button. Appears at once for inputs over 2 MB and after 300 ms for
 * smaller ones, so that opening a small example does not flash a bar.
 */
import { useEffect, useState } from 'react';
import { formatBytes, formatNameForDisplay } from '../../src/internal';
import type { LoadedFile } from '../state/loaded-file';

const BIG_INPUT_BYTES = 2_000_000;
const SHOW_AFTER_MS = 300;

interface ProgressBarProps {
  file: LoadedFile;
  onCancel: () => void;
}

/** What the worker is doing, in words. */
function phaseText(file: LoadedFile): string {
  const p = file.progress;
  if (p === null) return 'Starting…';
  if (p.phase === 'reading') {
    const done = formatBytes(p.doneBytes);
    return p.totalBytes !== null ? `Reading ${done} of ${formatBytes(p.totalBytes)}` : `Reading… ${done}`;
  }
  if (p.phase === 'parsing') return `Parsing ${formatBytes(p.doneBytes)} of text…`;
  return 'Building the address index…';
}

/** The loading screen: bar, phase and Cancel. */
export function ProgressBar({ file, onCancel }: ProgressBarProps) {
  const [late, setLate] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setLate(true), SHOW_AFTER_MS);
    return () => clearTimeout(timer);
  }, [file.loadId]);
  if (!late && (file.sizeBytes ?? 0) < BIG_INPUT_BYTES) return null;

  const p = file.progress;
  // Reading has a known fraction; parsing and indexing run as one call each, so they have none.
  const fraction = p !== null && p.phase === 'reading' && p.totalBytes ? Math.min(1, p.doneBytes / p.totalBytes) : null;
  return (
    <div className="card-screen">
      <div className="card loading-card">
        <h2>
          Opening <span className="file-name">{formatNameForDisplay(file.fileName ?? '')}</span>
        </h2>
        <div
          className={`progress ${fraction === null ? 'indeterminate' : ''}`}
          role="progressbar"
          aria-label={`Loading ${formatNameForDisplay(file.fileName ?? '')}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
          aria-valuetext={phaseText(file)}
        >
          <div className="progress-fill" style={fraction === null ? undefined : { width: `${fraction * 100}%` }} />
        </div>
        <div className="loading-foot">
          <span className="muted">{phaseText(file)}</span>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
