/**
 * A horizontal bar chart of the summary's groups (d3-scale for the geometry, React for the SVG):
 * the largest groups by the chosen measure, the rest in one "other" bar. A click — or Enter or
 * Space on a focused bar — filters the map and the table to that group; again, clears it.
 * While a search or filter selects regions, each bar is dimmed and the part the selection covers
 * is drawn over it, from the left, at the same scale (its value reads "4 MiB of 12 MiB").
 */
import { scaleBand, scaleLinear } from 'd3-scale';

export interface ChartBar {
  key: string;
  label: string;
  value: number;
  valueText: string;
  /** Count and size, for the tooltip and the accessible name. */
  detail: string;
  /** The bar's filter is the current search. */
  active: boolean;
  /** False for the "other" bar and groups no search can select. */
  pickable: boolean;
  /** The part of `value` the search and filter select, or null when nothing narrows the regions. */
  selected: number | null;
}

const WIDTH = 340;
const ROW_PX = 22;
const LABEL_PX = 128;
const VALUE_PX = 70;
/** …wider for "4 MiB of 12 MiB". */
const VALUE_OF_PX = 122;

export function SummaryChart({ bars, label, onPick }: { bars: ChartBar[]; label: string; onPick: (key: string) => void }) {
  const height = Math.max(1, bars.length) * ROW_PX;
  const y = scaleBand<string>()
    .domain(bars.map((b) => b.key))
    .range([0, height])
    .paddingInner(0.2);
  const max = Math.max(0, ...bars.map((b) => b.value));
  const narrowed = bars.some((b) => b.selected !== null);
  const x = scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .range([0, WIDTH - LABEL_PX - (narrowed ? VALUE_OF_PX : VALUE_PX)]);
  return (
    <svg className="summary-chart" viewBox={`0 0 ${WIDTH} ${height}`} role="group" aria-label={label}>
      {bars.map((b) => {
        const top = y(b.key) ?? 0;
        const w = Math.max(b.value > 0 ? 1 : 0, x(b.value));
        const ws = b.selected === null ? 0 : Math.max(b.selected > 0 ? 1 : 0, x(b.selected));
        const pick = () => b.pickable && onPick(b.key);
        // The name holds the label and the value as shown, in that order (axe's
        // label-content-name-mismatch: what a voice-control user reads must be in the name); a
        // label cut short for its width is followed by the whole one. The label's text ends in a
        // space (not drawn) so that the two texts read as two words.
        const shown = b.label.length > 20 ? b.label.slice(0, 19) + '…' : b.label;
        const whole = shown === b.label ? '' : ` (${b.label})`;
        return (
          <g
            key={b.key}
            className={`summary-bar${b.active ? ' active' : ''}${b.pickable ? ' pickable' : ''}${b.selected === null ? '' : ' narrowed'}${b.selected === 0 ? ' none-selected' : ''}`}
            transform={`translate(0,${top})`}
            role={b.pickable ? 'button' : 'img'}
            tabIndex={b.pickable ? 0 : undefined}
            aria-pressed={b.pickable ? b.active : undefined}
            aria-label={`${shown}: ${b.valueText}${whole}, ${b.detail}${b.pickable ? (b.active ? '. Showing only these regions; click to show all' : '. Click to show only these regions') : ''}`}
            onClick={pick}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                pick();
              }
            }}
          >
            <title>{`${b.label}: ${b.valueText} (${b.detail})`}</title>
            <rect className="summary-bar-hit" x={0} y={0} width={WIDTH} height={y.bandwidth()} />
            <text className="summary-bar-label" x={LABEL_PX - 6} y={y.bandwidth() / 2} textAnchor="end" dominantBaseline="central">
              {shown}{' '}
            </text>
            <rect className="summary-bar-fill" x={LABEL_PX} y={0} width={w} height={y.bandwidth()} rx={2} />
            {b.selected !== null && <rect className="summary-bar-selected" x={LABEL_PX} y={0} width={ws} height={y.bandwidth()} rx={2} />}
            <text className="summary-bar-value" x={LABEL_PX + w + 4} y={y.bandwidth() / 2} dominantBaseline="central">
              {b.valueText}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
