/** What is loaded, in one line of the header: file name, format, `N regions`, mapped size, and the problems badge. */
import { FORMAT_LABEL, formatBytes, formatCount, type ArtifactInfo } from '../../src/internal';
import { reloadWithChoice } from '../workers/parse-client';
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
          {file.artifact !== null && <ArtifactTitle artifact={file.artifact} />}
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

/**
 * What the crash artifact is, after its format chip: the rest of its title (program, pid, signal),
 * and when it holds several memory maps, which one is shown, to pick another (read again in the worker).
 */
function ArtifactTitle({ artifact }: { artifact: ArtifactInfo }) {
  const label = FORMAT_LABEL[artifact.format];
  const rest = artifact.title.startsWith(label + ' · ') ? artifact.title.slice(label.length + 3) : artifact.title === label ? '' : artifact.title;
  return (
    <>
      {rest !== '' && (
        <span className="artifact-title" data-field="artifact" aria-label={`Crash: ${nameText(artifact.title)}`} title={nameText(artifact.title)}>
          <Name text={rest} />
        </span>
      )}
      {artifact.choices.length > 1 && (
        <label className="artifact-choice">
          <span className="muted">map</span>
          <select aria-label="Memory map shown" value={artifact.chosen} onChange={(event) => reloadWithChoice(Number(event.currentTarget.value))}>
            {artifact.choices.map((c, i) => (
              <option key={i} value={i}>
                {i + 1} of {artifact.choices.length}: {nameText(c.label)}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}
