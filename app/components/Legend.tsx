/**
 * The legend of the map's colours, with the marks every colouring shares: stripes and a marker for
 * writable-and-executable regions, the break of an unmapped gap, and (permissions) the shared bar.
 * Its words are the search's (kinds as `kind:` takes them, permissions as `perm:` does, module
 * names); an entry is a button that shows only its regions (the search), and again shows all.
 */
import { formatCount, formatNameForDisplay } from '../../src/internal';
import type { Coloring, LegendEntry } from '../paint/coloring';
import { findStore, useFindState } from '../state/app-store';
import { VIEW_KEYS } from '../hooks/useViewKeys';
import type { Comparison } from '../state/snapshot-set';
import type { ThemeColors } from '../paint/palette';
import { ChangeLegend } from './ChangeLegend';

/** An entry reads whether its search is the query itself: a keystroke re-renders only the entries it turns on or off, not the legend. */
function Entry({ entry }: { entry: LegendEntry }) {
  const active = useFindState((s) => entry.filter !== null && s.query.trim() === entry.filter);
  const body = (
    <>
      <span className="swatch" style={{ background: entry.color }} />
      {entry.label}
      <span className="legend-count">{formatCount(entry.count)}</span>
    </>
  );
  if (entry.filter === null) return <li title={entry.description}>{body}</li>;
  const filter = entry.filter;
  return (
    <li data-kinds={entry.kinds?.join(',')}>
      <button
        type="button"
        className="legend-entry"
        aria-pressed={active}
        title={`${entry.description}. ${active ? 'Click to show all regions' : `Click to show only these (search ${formatNameForDisplay(filter)})`}`}
        onClick={() => findStore.set({ query: active ? '' : filter, currentMatch: -1 })}
      >
        {body}
      </button>
    </li>
  );
}

/** What the landmark entry means: the map's rules for landmarks and for the least width of a region (docs/architecture.md, "Landmarks"). */
const LANDMARK_RULE =
  'Landmarks — the main binary, [heap], the six largest libraries (by Rss with smaps, else by size) and libc, [stack], the thread stacks, [vdso], [vvar] and [vsyscall] — are marked over their regions above the band at every zoom, and labelled where their labels do not overlap. ' +
  'Every region is drawn at least 2 px wide where the next one leaves room, in address order; the extra pixels are its own when hovered or clicked. ' +
  'Regions narrower than a pixel share their pixel column, drawn in the colour of a landmark among them, else of the largest.';

export function Legend({ coloring, compressed, comparison = null, theme }: { coloring: Coloring; compressed: boolean; comparison?: Comparison | null; theme: ThemeColors }) {
  return (
    <div className="map-legend" aria-label="Legend">
      <ul className="legend-entries">
        {coloring.legend.map((e, i) => (
          <Entry key={i} entry={e} />
        ))}
        {coloring.moreModules > 0 && <li className="muted">+{formatCount(coloring.moreModules)} more modules</li>}
        <li title="writable and executable at once: a W^X violation (JIT code, or something worse). Striped over its whole height; over the top third of a pixel column where it is one of many regions">
          <span className="swatch swatch-wx" />
          <span className="legend-wx">▼</span> writable + executable
        </li>
        {coloring.mode === 'perms' && (
          <li title="shared mapping (s): writes are visible to other processes">
            <span className="swatch swatch-shared" />
            shared
          </li>
        )}
        {comparison !== null && <ChangeLegend comparison={comparison} theme={theme} />}
        <li title={LANDMARK_RULE}>
          <span className="swatch swatch-landmark" />
          landmark · every region ≥ 2 px
        </li>
        {compressed && (
          <li title="unmapped address space, drawn at a fixed width whatever its size">
            <span className="swatch swatch-gap" />
            unmapped gap (not to scale)
          </li>
        )}
      </ul>
      <details className="legend-keys">
        <summary>Keys</summary>
        <p className="muted">
          {VIEW_KEYS.map(([keys, what]) => (
            <span key={keys}>
              <kbd>{keys}</kbd> {what}
            </span>
          ))}
        </p>
      </details>
    </div>
  );
}
