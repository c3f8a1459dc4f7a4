/**
 * The problems panel: each kind of problem with its exact count (ProblemKinds), and the kept
 * examples (the first 100 of a kind, see ParseResult) with their line number, column, reason and
 * the raw text of the line (the offending token marked), plus notes about the whole input. The
 * examples are virtualised, so the list paints only its visible rows however long it is.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { formatCount, formatNameForDisplay, type Diagnostic } from '../../src/internal';
import type { LoadedFile } from '../state/loaded-file';
import { countProblems } from './DiagnosticsBadge';
import { kindKey, ProblemKinds } from './ProblemKinds';
import { ProblemRow } from './ProblemRow';

interface DiagnosticsPanelProps {
  file: LoadedFile;
  onClose: () => void;
}

type Filter = 'all' | 'error' | 'warning';

const ROW_HEIGHT_PX = 58;

/** The problems panel (a drawer under the view). */
export function DiagnosticsPanel({ file, onClose }: DiagnosticsPanelProps) {
  const [filter, setFilter] = useState<Filter>('all');
  const [kind, setKind] = useState<string | null>(null);
  const counts = useMemo(() => countProblems(file), [file]);
  const groups = useMemo(() => (filter === 'all' ? file.diagnosticGroups : file.diagnosticGroups.filter((g) => g.severity === filter)), [file.diagnosticGroups, filter]);
  const shown: readonly Diagnostic[] = useMemo(
    () => (kind !== null ? file.diagnostics.filter((d) => kindKey(d) === kind) : filter === 'all' ? file.diagnostics : file.diagnostics.filter((d) => d.severity === filter)),
    [file.diagnostics, filter, kind],
  );
  const title = useRef<HTMLHeadingElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: 8,
  });

  // Keyboard users land in the panel when it opens.
  useEffect(() => title.current?.focus(), []);

  const filterButton = (value: Filter, label: string, n: number) => (
    <button type="button" className="segment" aria-pressed={filter === value} onClick={() => {
        setFilter(value);
        setKind(null);
      }} disabled={n === 0 && value !== 'all'}>
      {label} <span className="segment-count">{formatCount(n)}</span>
    </button>
  );

  return (
    <section
      id="problems-panel"
      className="problems"
      aria-labelledby="problems-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="problems-head">
        <h2 id="problems-title" ref={title} tabIndex={-1}>
          Problems in {formatNameForDisplay(file.fileName ?? '')}
        </h2>
        <div className="segments" role="group" aria-label="Show">
          {filterButton('all', 'All', counts.errors + counts.warnings)}
          {filterButton('error', 'Errors', counts.errors)}
          {filterButton('warning', 'Warnings', counts.warnings)}
        </div>
        <button type="button" className="icon-button" aria-label="Close problems" title="Close (Esc)" onClick={onClose}>
          ✕
        </button>
      </div>
      {file.notices.length > 0 && (
        <ul className="notices" aria-label="Notes about the file">
          {file.notices.map((notice) => (
            <li key={notice}>{formatNameForDisplay(notice) /* may name dropped files */}</li>
          ))}
        </ul>
      )}
      <div className="problems-body">
        <ProblemKinds groups={groups} chosen={kind} onChoose={setKind} />
        <div ref={scroller} className="problems-list" tabIndex={0} role="list" aria-label={`Problems by line (${formatCount(shown.length)} listed)`}>
          <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => (
              <ProblemRow
                key={item.key}
                diagnostic={shown[item.index]}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT_PX, transform: `translateY(${item.start}px)` }}
              />
            ))}
          </div>
        </div>
      </div>
    </section>
  );
}
