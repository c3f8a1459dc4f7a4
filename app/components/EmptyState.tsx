/** The first screen when no file is open (or the start-up example could not be loaded). */
import type { Sample } from '../hooks/useSamples';
import { ExpectedFormats } from './ExpectedFormats';
import { SampleList } from './SampleList';

interface EmptyStateProps {
  samples: Sample[];
  samplesFailed: boolean;
  onOpenSample: (fileName: string) => void;
}

/** Invites the user to open, drop or paste a file, or to try an example. */
export function EmptyState({ samples, samplesFailed, onOpenSample }: EmptyStateProps) {
  return (
    <div className="card-screen">
      <div className="card">
        <h2>Open a memory map</h2>
        <p>
          Drop a file anywhere on this page, press <kbd>Ctrl</kbd>+<kbd>V</kbd> to paste one, or use <strong>Open file</strong>.
        </p>
        <ExpectedFormats />
        <h3>Or look at an example</h3>
        <SampleList samples={samples} failed={samplesFailed} onOpenSample={onOpenSample} />
      </div>
    </div>
  );
}
