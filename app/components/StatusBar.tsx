/** The bottom bar: the privacy note, and how the input's lines were accounted for. */
import { formatBytes, formatCount } from '../../src/internal';
import type { LoadedFile } from '../state/loaded-file';
import { PrivacyNote } from './PrivacyNote';

/** What a format's non-region lines are, for "840 smaps fields". */
function otherLinesName(format: LoadedFile['format']): string {
  if (format === 'smaps' || format === 'smaps_rollup') return 'smaps fields';
  if (format === 'pmap-x' || format === 'pmap-X' || format === 'pmap-XX' || format === 'gdb') return 'header and total lines';
  return 'other lines';
}

/** The app's status bar. */
export function StatusBar({ file }: { file: LoadedFile }) {
  const s = file.stats;
  const t = file.timingsMs;
  return (
    <footer className="status-bar">
      <PrivacyNote />
      {s !== null && file.status !== 'loading' && (
        <span className="line-stats" title="Every line is a region, a blank line, another line the format defines, or a problem">
          {formatCount(s.lines)} {s.lines === 1 ? 'line' : 'lines'}: {formatCount(s.regions)} {s.regions === 1 ? 'region' : 'regions'}
          {s.recognized > 0 && `, ${formatCount(s.recognized)} ${otherLinesName(file.format)}`}
          {s.blank > 0 && `, ${formatCount(s.blank)} blank`}
          {s.rejected > 0 && `, ${formatCount(s.rejected)} unread`}
          {file.textBytes !== null && ` · ${formatBytes(file.textBytes)}`}
          {t !== null && ` · parsed in ${Math.round(t.read + t.parse + t.index)} ms`}
        </span>
      )}
    </footer>
  );
}
