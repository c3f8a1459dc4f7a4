/** The header's example picker: a native select (keyboard and screen-reader friendly for free). */
import type { Sample } from '../hooks/useSamples';

interface SampleMenuProps {
  samples: Sample[];
  /** The open example's file name, or null when the open file is not an example. */
  current: string | null;
  onOpenSample: (fileName: string) => void;
}

/** Picks one of the bundled example files. */
export function SampleMenu({ samples, current, onOpenSample }: SampleMenuProps) {
  if (samples.length === 0) return null;
  return (
    <label className="sample-menu">
      <span className="sample-menu-label">Example</span>
      <select
        aria-label="Example"
        value={current ?? ''}
        onChange={(event) => {
          if (event.target.value !== '') onOpenSample(event.target.value);
        }}
      >
        <option value="" disabled>
          {current === null ? 'choose…' : ''}
        </option>
        {samples.map((s) => (
          <option key={s.file} value={s.file} title={s.description}>
            {s.title}
          </option>
        ))}
      </select>
    </label>
  );
}
