/**
 * The legend of the map's colours, with the marks every colouring shares: stripes and a marker for
 * writable-and-executable regions, the break of an unmapped gap, and (permissions) the shared bar.
 */
import { formatCount } from '../../src/internal';
import type { Coloring } from '../paint/coloring';
import { VIEW_KEYS } from '../hooks/useViewKeys';
import type { Comparison } from '../state/snapshot-set';
import type { ThemeColors } from '../paint/palette';
import { ChangeLegend } from './ChangeLegend';

export function Legend({ coloring, compressed, comparison = null, theme }: { coloring: Coloring; compressed: boolean; comparison?: Comparison | null; theme: ThemeColors }) {
  return (
    <div className="map-legend" aria-label="Legend">
      <ul className="legend-entries">
        {coloring.legend.map((e, i) => (
          <li key={i} title={e.description}>
            <span className="swatch" style={{ background: e.color }} />
            {e.label}
            <span className="legend-count">{formatCount(e.count)}</span>
          </li>
        ))}
        {coloring.moreModules > 0 && <li className="muted">+{formatCount(coloring.moreModules)} more modules</li>}
        <li title="writable and executable at once: a W^X violation (JIT code, or something worse)">
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
