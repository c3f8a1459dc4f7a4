/** What is loaded, in one line of the header: file name, format, `N regions`, mapped size, and the problems badge. */
import { FORMAT_LABEL, formatBytes, formatCount } from '../../src/internal';
import type { LoadedFile } from '../state/loaded-file';
import { ChangeCounts } from './ChangeCounts';
import { DiagnosticsBadge } from './DiagnosticsBadge';
import { Name, nameText } from './Name';

interface FileSummaryProps {
  file: LoadedFile;
  problemsOpen: boolean;
  onToggleProblems: () => void;
}

/** The header's "Loaded file" section. */
export function FileSummary({ file, problemsOpen, onToggleProblems }: FileSummaryProps) {
  if (file.fileName === null) return <section className="file-summary" aria-label="Loaded file" />;
  // An smaps_rollup's header lines are totals, not regions (src/analyze/rollup.ts): none mapped.
  const rollup = file.format === 'smaps_rollup';
  const regions = rollup ? 0 : (file.table?.length ?? 0);
  const format = file.format === null ? null : file.format === 'unknown' ? 'unknown format' : FORMAT_LABEL[file.format];
  return (
    <section className="file-summary" aria-label="Loaded file">
      {/* The file's own name is untrusted text too (display-text.ts). */}
      <span className="file-name" data-field="name" title={nameText(file.fileName)}>
        <Name text={file.fileName} />
      </span>
      {file.status === 'loading' && <span className="muted">opening…</span>}
      {file.status === 'failed' && <span className="chip chip-error">not opened</span>}
      {file.status === 'ready' && (
        <>
          {format !== null && (
            <span className="chip" data-field="format" title={file.compressed ? 'gzip-compressed, decompressed in this browser' : undefined}>
              {format}
              {file.compressed ? ' · gz' : ''}
            </span>
          )}
          <span className="fact" data-field="regions">
            {formatCount(regions)} {regions === 1 ? 'region' : 'regions'}
          </span>
          {file.comparison !== null && <ChangeCounts comparison={file.comparison} />}
          {rollup && (
            <span className="fact" title="smaps_rollup sums smaps over every mapping of a process: totals, no regions">
              <span data-field="size">totals</span> of all mappings
            </span>
          )}
          {!rollup && file.mappedBytes !== null && (
            <span className="fact" title={`${file.mappedBytes.toLocaleString('en-US')} bytes (0x${file.mappedBytes.toString(16)}): the sum of the regions' sizes`}>
              <span data-field="size">{formatBytes(file.mappedBytes)}</span> mapped
            </span>
          )}
          <DiagnosticsBadge file={file} open={problemsOpen} onToggle={onToggleProblems} />
        </>
      )}
    </section>
  );
}
