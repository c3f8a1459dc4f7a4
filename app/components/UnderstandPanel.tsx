/**
 * The side panel that turns the regions into answers: Summary (what uses memory), Findings (what
 * looks unusual) and Modules (which files are loaded where), from the parse worker's analysis. It can be
 * folded away to give the map the whole width.
 */
import { useCallback, useMemo, useState } from 'react';
import type { RegionIndex, RegionTable } from '../../src/internal';
import { useAnalysis } from '../state/module-index';
import { useViewActions } from '../hooks/useViewActions';
import { useViewModel } from '../state/view-model';
import { viewStore } from '../state/app-store';
import { FindingsList } from './FindingsList';
import { ModuleList } from './ModuleList';
import { SummaryPanel } from './SummaryPanel';
import './Understand.css';

type Tab = 'summary' | 'findings' | 'modules';
const TABS: readonly Tab[] = ['summary', 'findings', 'modules'];
const TAB_LABEL: Record<Tab, string> = { summary: 'Summary', findings: 'Findings', modules: 'Modules' };

export function UnderstandPanel({ table, index }: { table: RegionTable; index: RegionIndex }) {
  const { analysis, error } = useAnalysis(table);
  const [tab, setTab] = useState<Tab>('summary');
  const [folded, setFolded] = useState(false);
  const model = useViewModel(table, index);
  const view = useViewActions(model, viewStore);
  const select = useCallback((row: number) => view.selectAndReveal(row), [view]);
  // What the Summary sums a selection by: the rows' modules and the modules' files (the modules themselves are columns).
  const grouping = useMemo(() => (analysis === null ? null : { moduleOfRow: analysis.moduleOfRow, files: analysis.files }), [analysis]);

  if (folded) {
    return (
      <aside className="understand folded" aria-label="Understand">
        <button type="button" className="icon-button" aria-label="Show the summary panel" title="Show the summary panel" onClick={() => setFolded(false)}>
          «
        </button>
      </aside>
    );
  }
  const count = (t: Tab) => (analysis === null ? null : t === 'findings' ? analysis.findings.length : t === 'modules' ? analysis.modules.count : null);
  const warnings = analysis?.findings.filter((f) => f.severity === 'warning').length ?? 0;
  return (
    <aside className="understand" aria-label="Understand">
      <div className="understand-head">
        <div className="understand-tabs" role="tablist" aria-label="Understand">
          {TABS.map((t) => (
            <button key={t} type="button" role="tab" id={`understand-tab-${t}`} aria-selected={tab === t} aria-controls="understand-body" className="understand-tab" onClick={() => setTab(t)}>
              {TAB_LABEL[t]}
              {count(t) !== null && <span className={t === 'findings' && warnings > 0 ? 'tab-count warn' : 'tab-count'}>{count(t)!.toLocaleString('en-US')}</span>}
            </button>
          ))}
        </div>
        <button type="button" className="icon-button" aria-label="Hide the summary panel" title="Hide the summary panel" onClick={() => setFolded(true)}>
          »
        </button>
      </div>
      <div className="understand-body" id="understand-body" role="tabpanel" aria-labelledby={`understand-tab-${tab}`}>
        {error !== null ? (
          <p className="understand-error">The analysis failed: {error}</p>
        ) : analysis === null ? (
          <p className="muted" role="status">
            Analysing {table.length.toLocaleString('en-US')} regions…
          </p>
        ) : tab === 'summary' ? (
          <SummaryPanel summary={analysis.summary} table={table} index={index} grouping={grouping!} />
        ) : tab === 'findings' ? (
          <FindingsList findings={analysis.findings} table={table} onSelect={select} />
        ) : (
          <ModuleList modules={analysis.modules} table={table} index={index} roleOfRow={analysis.roleOfRow} hasSmaps={analysis.summary.hasSmaps} onSelect={select} />
        )}
      </div>
    </aside>
  );
}
