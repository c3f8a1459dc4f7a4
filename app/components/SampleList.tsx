/** The examples as a list of buttons with what each shows, for the empty and error screens. */
import type { Sample } from '../hooks/useSamples';

interface SampleListProps {
  samples: Sample[];
  failed: boolean;
  onOpenSample: (fileName: string) => void;
}

/** Buttons that open the bundled example files. */
export function SampleList({ samples, failed, onOpenSample }: SampleListProps) {
  if (failed) return <p className="muted">The list of examples could not be loaded.</p>;
  return (
    <ul className="sample-list" aria-label="Examples">
      {samples.map((s) => (
        <li key={s.file}>
          <button type="button" className="sample" onClick={() => onOpenSample(s.file)}>
            <span className="sample-title">{s.title}</span>
            <span className="sample-file">{s.file}</span>
            <span className="sample-description">{s.description}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
