/** The bottom bar: the privacy note, and how the input's lines were accounted for. */
import { formatBytes } from '../../src/index';
import type { LoadedFile } from '../state/store';
import { formatCount } from './FileSummary';
import { PrivacyNote } from './PrivacyNote';

/** The app's status bar. */
export function StatusBar({ file }: { file: LoadedFile }) {
  const s = file.stats;
  const t = file.timingsMs;
  return (
    <footer className="status-bar">
      <PrivacyNote />
      {s !== null && file.status !== 'loading' && (
        <span className="line-stats" title="Every line is a region, a blank line, another line the format defines, or a problem">
          {formatCount(s.lines)} lines: {formatCount(s.regions)} regions
          {s.recognized > 0 && `, ${formatCount(s.recognized)} other`}
          {s.blank > 0 && `, ${formatCount(s.blank)} blank`}
          {s.rejected > 0 && `, ${formatCount(s.rejected)} unread`}
          {file.textBytes !== null && ` · ${formatBytes(file.textBytes)}`}
          {t !== null && ` · parsed in ${Math.round(t.read + t.parse + t.index)} ms`}
        </span>
      )}
    </footer>
  );
}
