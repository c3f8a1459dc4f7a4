/**
 * The one clear message when a file could not be opened at all: what it is, what was expected,
 * and the examples. The per-line reasons, when there are any, stay one click away.
 */
import { formatCount, formatNameForDisplay } from '../../src/internal';
import type { LoadErrorCode } from '../workers/protocol';
import type { LoadedFile } from '../state/loaded-file';
import type { Sample } from '../hooks/useSamples';
import { ExpectedFormats } from './ExpectedFormats';
import { SampleList } from './SampleList';

const TITLE: Record<LoadErrorCode, string> = {
  empty: 'This file is empty',
  binary: 'This is not a memory map',
  'too-large': 'This file is too large for the browser',
  unreadable: 'This file could not be read',
  'nothing-read': 'Nothing in this file could be read',
  crashed: 'The parser stopped',
};

interface LoadErrorProps {
  file: LoadedFile;
  samples: Sample[];
  samplesFailed: boolean;
  onOpenSample: (fileName: string) => void;
  onShowProblems: () => void;
}

/** Explains why the file is not shown. */
export function LoadError({ file, samples, samplesFailed, onOpenSample, onShowProblems }: LoadErrorProps) {
  const error = file.error;
  if (error === null) return null;
  const firstErrors = file.diagnostics.filter((d) => d.severity === 'error').slice(0, 3);
  const total = file.diagnosticGroups.reduce((n, g) => n + g.count, 0);
  return (
    <div className="card-screen">
      <div className="card card-error" role="alert" aria-labelledby="load-error-title">
        <h2 id="load-error-title">{TITLE[error.code]}</h2>
        <p className="file-line">
          <span className="file-name">{formatNameForDisplay(file.fileName ?? '')}</span>
          {file.sizeBytes !== null && <span className="muted"> · {formatCount(file.sizeBytes)} bytes</span>}
        </p>
        <p>{error.message}</p>
        {firstErrors.length > 0 && (
          <div className="first-problems">
            <ul>
              {firstErrors.map((d) => (
                <li key={`${d.line}:${d.column}:${d.code}`}>
                  <span className="problem-where">{d.line === 0 ? 'whole file' : `line ${d.line}`}</span> {d.message}
                </li>
              ))}
            </ul>
            {total > firstErrors.length && (
              <button type="button" className="link-button" onClick={onShowProblems}>
                Show all {formatCount(total)} problems
              </button>
            )}
          </div>
        )}
        {(error.code === 'binary' || error.code === 'nothing-read' || error.code === 'empty') && <ExpectedFormats />}
        <h3>Open an example instead</h3>
        <SampleList samples={samples} failed={samplesFailed} onOpenSample={onOpenSample} />
      </div>
    </div>
  );
}
