/** The top bar: the app's name, what is loaded (name, format, region count, mapped size, problems), and the ways to open a file. */
import { useRef } from 'react';
import type { LoadedFile } from '../state/loaded-file';
import type { Sample } from '../hooks/useSamples';
import { CompareButton } from './CompareButton';
import { FileSummary } from './FileSummary';
import { SampleMenu } from './SampleMenu';
import { ExportMenu } from './ExportMenu';
import { ShareButton } from './ShareDialog';

interface HeaderProps {
  file: LoadedFile;
  samples: Sample[];
  problemsOpen: boolean;
  onToggleProblems: () => void;
  onOpenFiles: (files: File[]) => void;
  onOpenSample: (fileName: string) => void;
  onPaste: () => void;
}

/** The app's top bar. */
export function Header(props: HeaderProps) {
  const { file } = props;
  const input = useRef<HTMLInputElement>(null);
  return (
    <header className="header">
      <h1 className="brand">
        <svg className="brand-mark" viewBox="0 0 16 16" aria-hidden="true">
          <rect x="1" y="2" width="14" height="3" />
          <rect x="1" y="6.5" width="9" height="3" />
          <rect x="1" y="11" width="5" height="3" />
        </svg>
        mapscope
      </h1>
      <FileSummary file={file} problemsOpen={props.problemsOpen} onToggleProblems={props.onToggleProblems} />
      <div className="header-actions">
        <ExportMenu file={file} />
        <ShareButton file={file} />
        <SampleMenu samples={props.samples} current={file.origin === 'sample' ? file.fileName : null} onOpenSample={props.onOpenSample} />
        <CompareButton file={file} />
        <button type="button" className="button" onClick={props.onPaste} title="Paste the text of a maps file (or press Ctrl+V anywhere)">
          Paste…
        </button>
        <button type="button" className="button primary" onClick={() => input.current?.click()} title="Open a maps, smaps, pmap or gdb listing (.gz too); two files are compared, three or more shown on a timeline">
          Open file
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          tabIndex={-1}
          onChange={(event) => {
            const files = Array.from(event.currentTarget.files ?? []);
            event.currentTarget.value = ''; // picking the same file again must load it again
            if (files.length > 0) props.onOpenFiles(files);
          }}
        />
      </div>
    </header>
  );
}
