/**
 * Every region that passes the filter and matches the search, in a virtualized grid (only the
 * rows in view are rendered; row-scroll.ts maps the scroll position onto them, at any count):
 * sortable by each column, keyboard navigable (arrows, Page Up/Down, Home/End), and sharing the
 * selection with the map through the view store.
 */
import { memo, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { RegionIndex } from '../../src/internal';
import { type SortKey } from '../state/find-store';
import { findStore, useFindState } from '../state/app-store';
import { listRows, tableRows } from '../state/table-order';
import { useViewModel } from '../state/view-model';
import { useViewState } from '../state/app-store';
import { useFindResults, type FindActions } from '../hooks/useFind';
import { columnsOf, splitPath, type RegionColumn } from './region-columns';
import type { PackedModule } from '../workers/analysis';
import { useAnalysis } from '../state/module-index';
import { toggleModuleExpanded, useModuleCollapse } from '../state/app-store';
import { collapseModules, moduleCellText, moduleRowTitle } from './module-rows';
import { useChangeFilteredRows, useComparisonOf } from '../hooks/useComparison';
import { useScrollInView } from '../hooks/useScrollInView';
import { afterNextPaint } from '../hooks/after-paint';
import { isScaled, offsetAt, rowScroll, scrollTopShowing } from './row-scroll';

interface Props {
  index: RegionIndex;
  actions: FindActions;
}

const ROW_PX = 24;
/** The header row's height (Find.css: .region-grid-head). */
const HEAD_PX = 26;
/** Rows rendered beyond each edge of the view. */
const EDGE_ROWS = 4;

/** The grid's element id: the skip link (SkipLink) moves focus to it. */
export const REGION_GRID_ID = 'region-grid';

export function RegionTable({ index, actions }: Props) {
  const table = index.table;
  const results = useFindResults(index);
  const sortKey = useFindState((s) => s.sortKey);
  const descending = useFindState((s) => s.sortDescending);
  const selectedRow = useViewState((s) => s.selectedRow);
  const model = useViewModel(table, index);
  const allRows = tableRows(model, results, sortKey, descending);
  // Modules collapsed into one row each (the Modules panel's switch), once the analysis is ready.
  const collapse = useModuleCollapse();
  const { analysis } = useAnalysis(table);
  const collapsed = useMemo(
    () => (collapse.on && analysis !== null ? collapseModules(listRows(allRows), analysis.moduleOfRow, analysis.modules.count, collapse.expanded) : null),
    [collapse, analysis, allRows],
  );
  // One object per module shown, kept while the analysis is: ModuleColumns.at makes a new object
  // on each call, and GridRow's memo compares its props by identity, so that a fresh one on every
  // render re-rendered every module row in view on each keystroke and selection.
  const moduleObjects = useMemo(() => new Map<number, PackedModule>(), [analysis]);
  const moduleObject = (m: number): PackedModule => {
    let module = moduleObjects.get(m);
    if (module === undefined) moduleObjects.set(m, (module = analysis!.modules.at(m)));
    return module;
  };
  const comparison = useComparisonOf(table);
  const rows = useChangeFilteredRows(collapsed?.rows ?? allRows, comparison);
  const columns = useMemo(() => columnsOf(table, comparison, model.columnWidths()), [table, comparison, model]);
  const template = columns.map((col) => col.width).join(' ');
  const scroller = useRef<HTMLDivElement>(null);
  // The grid itself scrolls (its header sticks at the top), so that the element that scrolls is
  // the one that has keyboard focus (axe: scrollable-region-focusable); the rows start HEAD_PX down
  // and are seen below the header: at scrollTop s, the rows' offsetAt(s) is at the view's top.
  // Rows have one fixed height: no measurement per row (@tanstack/virtual-core kept one object per
  // item and rebuilt them all when the count changed, on every keystroke).
  const view = useScrollInView(scroller, ROW_PX, isScaled(rows.length, ROW_PX));
  const scroll = rowScroll(rows.length, ROW_PX, view.clientHeight - HEAD_PX);
  const offset = offsetAt(scroll, view.scrollTop);
  // Row i is laid out at i * ROW_PX + shift of the scroll content (shift: 0 unless scaled).
  const shift = view.scrollTop - offset;
  // In the default order the table's rows are the matches: found by address position, not by a scan.
  const selectedIndex = selectedRow < 0 ? -1 : rows.indexOf(selectedRow);
  // The rows in view, and EDGE_ROWS beyond each edge.
  const firstShown = Math.max(0, Math.floor(offset / ROW_PX) - EDGE_ROWS);
  const lastShown = Math.min(rows.length, Math.ceil((offset + scroll.viewPx) / ROW_PX) + EDGE_ROWS);
  // The most rows shown at any offset (lastShown - firstShown): row i's element is slot i % slots,
  // so that a view in the middle uses (about) every slot and a jump keeps the elements.
  const slots = Math.ceil(scroll.viewPx / ROW_PX) + 2 * EDGE_ROWS + 1;

  // The selection made elsewhere (the map, a match step, a lookup) scrolls into view here, in the
  // frame after the one that shows the selection (a lookup's answer and the map's pin come first):
  // from the position last read, so that nothing forces a layout of the rows about to be replaced;
  // the rows there are rendered and the element scrolled in that one task (useScrollInView).
  useEffect(() => {
    if (selectedIndex < 0) return;
    return afterNextPaint(() => {
      const { scrollTop, clientHeight } = view.exact();
      // The sticky header covers the view's first HEAD_PX.
      const to = scrollTopShowing(rowScroll(rows.length, ROW_PX, clientHeight - HEAD_PX), scrollTop, selectedIndex, ROW_PX);
      if (to !== scrollTop) view.scrollTo(to);
    });
    // On a new selection or new rows only, not on every scroll.
  }, [selectedIndex, rows]);

  const sortBy = (key: SortKey) => findStore.set(key === sortKey ? { sortDescending: !descending } : { sortKey: key, sortDescending: false });

  const onKeyDown = (event: KeyboardEvent) => {
    if (rows.length === 0) return;
    const page = Math.max(1, Math.floor(((scroller.current?.clientHeight ?? ROW_PX * 10) - HEAD_PX) / ROW_PX) - 1);
    const at = selectedIndex;
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = at < 0 ? 0 : at + 1;
        break;
      case 'ArrowUp':
        next = at < 0 ? rows.length - 1 : at - 1;
        break;
      case 'PageDown':
        next = at + page;
        break;
      case 'PageUp':
        next = at - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = rows.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    actions.select(rows.at(Math.min(rows.length - 1, Math.max(0, next)))!);
  };

  return (
    <section className="region-table" aria-label="Region table">
      <div
        className="region-grid"
        role="grid"
        aria-label="Regions"
        aria-rowcount={rows.length + 1}
        aria-colcount={columns.length}
        aria-activedescendant={selectedIndex >= 0 ? rowId(selectedRow) : undefined}
        id={REGION_GRID_ID}
        ref={scroller}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div className="region-grid-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
          {columns.map((col) => {
            const sorted = col.key === sortKey;
            return (
              <div
                key={col.key}
                role="columnheader"
                className={col.numeric ? 'numeric' : ''}
                aria-sort={sorted ? (descending ? 'descending' : 'ascending') : 'none'}
              >
                {col.key === 'change' ? (
                  col.header
                ) : (
                  <button type="button" className="sort-button" onClick={() => sortBy(col.key as SortKey)} title={`Sort by ${col.header.toLowerCase()}`}>
                    {col.header}
                    <span className="sort-mark" aria-hidden="true">
                      {sorted ? (descending ? '▼' : '▲') : ''}
                    </span>
                  </button>
                )}
              </div>
            );
          })}
        </div>
        <div className="region-grid-body">
          <div style={{ height: scroll.contentPx, position: 'relative' }}>
            {Array.from({ length: Math.max(0, lastShown - firstShown) }, (_, k) => firstShown + k).map((i) => {
              // Keyed by slot (position modulo the rows a view can hold), not by region: a keystroke
              // that changes the matches, or a jump to a far row, keeps the ~40 row elements and
              // rewrites their text, instead of unmounting and mounting ~500 elements (their
              // style, layout and paint were most of a keystroke's cost at 262,144 regions).
              // Placed with `top`, not a transform: no paint property node per row.
              const row = rows.at(i)!;
              const module = collapsed !== null && collapsed.moduleAt[i] >= 0 ? moduleObject(collapsed.moduleAt[i]) : null;
              return <GridRow key={i % slots} index={index} columns={columns} template={template} row={row} position={i} top={i * ROW_PX + shift} selected={row === selectedRow} module={module} actions={actions} />;
            })}
          </div>
          {rows.length === 0 && <p className="region-grid-empty">No region matches.</p>}
        </div>
      </div>
    </section>
  );
}

const rowId = (row: number) => `region-row-${row}`;

interface GridRowProps {
  index: RegionIndex;
  columns: RegionColumn[];
  template: string;
  row: number;
  /** The row's position in the table. */
  position: number;
  top: number;
  selected: boolean;
  /** The module this row stands for, when modules are collapsed into one row each. */
  module: PackedModule | null;
  actions: FindActions;
}

/**
 * One row of the grid. Memoised: a new selection (a click, a step, a pasted address) re-renders
 * the table's list of rows but only the two rows whose selection changed, not every row's cells.
 */
const GridRow = memo(function GridRow({ index, columns, template, row, position, top, selected, module, actions }: GridRowProps) {
  const table = index.table;
  return (
    <div
      id={rowId(row)}
      role="row"
      aria-rowindex={position + 2}
      aria-selected={selected}
      className={selected ? 'region-grid-row selected' : 'region-grid-row'}
      style={{ gridTemplateColumns: template, top, height: ROW_PX }}
      onClick={() => {
        if (module !== null) toggleModuleExpanded(module.index);
        actions.select(row);
      }}
      title={module !== null ? moduleRowTitle(module) : undefined}
    >
      {columns.map((col) => {
        const text = module === null ? col.text(table, row) : col.key === 'change' ? '' : moduleCellText(col.key, module, table, index.order);
        return (
          <div key={col.key} role="gridcell" className={cellClass(col, module !== null)} title={col.key === 'pathname' ? text : undefined}>
            {col.key !== 'pathname' ? (
              text
            ) : module !== null ? (
              <bdi dir="auto" className="name">
                {text}
              </bdi>
            ) : (
              <PathText text={text} />
            )}
          </div>
        );
      })}
    </div>
  );
});

/** A cell's classes: a path cell (a region's pathname), numeric, and clip for a track narrower than its text (RegionColumn.clips). */
function cellClass(col: RegionColumn, moduleRow: boolean): string {
  if (col.key === 'pathname' && !moduleRow) return 'path-cell';
  if (!col.clips) return col.numeric ? 'numeric' : '';
  return col.numeric ? 'numeric clip' : 'clip';
}

/** A pathname cell: the directory cut with an ellipsis before the file name, which stays whole (the full path is the cell's title). */
function PathText({ text }: { text: string }) {
  const [dir, base] = splitPath(text);
  return (
    <bdi dir="auto" className="name">
      {dir !== '' && <span className="path-dir">{dir}</span>}
      <span className="path-base">{base}</span>
    </bdi>
  );
}
