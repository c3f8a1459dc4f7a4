/**
 * The problems badge: "3 lines could not be read", "2 warnings" — a button that opens the
 * problems panel, like Perfetto's "N import errors — click for details". When every line was
 * read, a quiet confirmation instead, so that no badge never means "not checked".
 */
import { countDiagnostics, formatCount } from '../../src/internal';
import { useMemo } from 'react';
import type { LoadedFile } from '../state/loaded-file';

interface DiagnosticsBadgeProps {
  file: LoadedFile;
  open: boolean;
  onToggle: () => void;
}

/** Counts of a file's problems. */
export interface ProblemCounts {
  /** Lines that could not be read (rejected lines). */
  unreadLines: number;
  errors: number;
  warnings: number;
  notices: number;
}

/** Counts errors, warnings (every one, not only the kept examples) and notices of a loaded file. */
export function countProblems(file: LoadedFile): ProblemCounts {
  const { errors, warnings } = countDiagnostics(file.diagnosticGroups);
  return { unreadLines: file.stats?.rejected ?? 0, errors, warnings, notices: file.notices.length };
}

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** The badge's text, e.g. `3 lines could not be read, 2 warnings`. */
export function problemsText(c: ProblemCounts): string {
  const parts: string[] = [];
  if (c.unreadLines > 0) parts.push(`${plural(c.unreadLines, 'line', 'lines')} could not be read`);
  else if (c.errors > 0) parts.push(plural(c.errors, 'error', 'errors'));
  if (c.warnings > 0) parts.push(plural(c.warnings, 'warning', 'warnings'));
  if (c.notices > 0) parts.push(plural(c.notices, 'note', 'notes'));
  return parts.join(', ');
}

/** The header's problems badge. */
export function DiagnosticsBadge({ file, open, onToggle }: DiagnosticsBadgeProps) {
  const counts = useMemo(() => countProblems(file), [file.diagnosticGroups, file.notices, file.stats]);
  const text = problemsText(counts);
  if (text === '') {
    const lines = file.stats?.lines ?? 0;
    return (
      <span className="badge badge-ok" data-field="problems">
        <span className="badge-icon" aria-hidden="true">
          ✓
        </span>
        <span>{lines === 1 ? 'the line was read' : `all ${formatCount(lines)} lines read`}</span>
      </span>
    );
  }
  const tone = counts.errors > 0 ? 'badge-error' : counts.warnings > 0 ? 'badge-warning' : 'badge-note';
  return (
    <button
      type="button"
      id="problems-badge"
      className={`badge ${tone}`}
      data-field="problems"
      aria-expanded={open}
      aria-controls="problems-panel"
      onClick={onToggle}
      title={open ? 'Hide the list of problems' : 'Show every problem with its line, column and text'}
    >
      <span className="badge-icon" aria-hidden="true">
        {counts.errors > 0 ? '⚠' : '●'}
      </span>
      {text}
    </button>
  );
}
