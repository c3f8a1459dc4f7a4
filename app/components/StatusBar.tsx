/** The bottom bar: the privacy note, and how the input's lines were accounted for. */
import { formatBytes, formatCount, type ResultFormat } from '../../src/internal';
import type { LoadedFile } from '../state/loaded-file';
import { PrivacyNote } from './PrivacyNote';

/**
 * What a format's non-region lines are, for "840 smaps fields": one entry per format, so that a
 * new format does not type-check until it says what its other lines are.
 */
const OTHER_LINES: Readonly<Record<ResultFormat | 'unknown', string>> = {
  maps: 'other lines',
  smaps: 'smaps fields',
  smaps_rollup: 'smaps fields',
  pmap: 'header and total lines',
  'pmap-d': 'header and total lines',
  'pmap-x': 'header and total lines',
  'pmap-X': 'header and total lines',
  'pmap-XX': 'header and total lines',
  gdb: 'header and total lines',
  // A crash artifact's lines around its map: its header, registers, backtrace, …
  tombstone: 'other tombstone lines',
  hs_err: 'other log lines',
  'glibc-abort': 'other log lines',
  apport: 'other report lines',
  'coredump-journal': 'other journal lines',
  sanitizer: 'other report lines',
  log: 'other log lines',
  minidump: 'other lines',
  core: 'other lines',
  unknown: 'other lines',
};

/** The app's status bar. */
export function StatusBar({ file }: { file: LoadedFile }) {
  const s = file.stats;
  const t = file.timingsMs;
  return (
    <footer className="status-bar">
      <PrivacyNote />
      {s !== null && file.status !== 'loading' && (
        <span className="line-stats" title="Every line is a region, a blank line, another line the format defines, or a problem">
          {formatCount(s.lines)} {s.lines === 1 ? 'line' : 'lines'}: {formatCount(s.regions)} {file.format === 'smaps_rollup' ? (s.regions === 1 ? 'rollup header' : 'rollup headers') : s.regions === 1 ? 'region' : 'regions'}
          {s.recognized > 0 && `, ${formatCount(s.recognized)} ${OTHER_LINES[file.format ?? 'unknown']}`}
          {s.blank > 0 && `, ${formatCount(s.blank)} blank`}
          {s.rejected > 0 && `, ${formatCount(s.rejected)} unread`}
          {file.textBytes !== null && ` · ${formatBytes(file.textBytes)}`}
          {t !== null && ` · parsed in ${Math.round(t.read + t.parse + t.index)} ms`}
        </span>
      )}
    </footer>
  );
}
