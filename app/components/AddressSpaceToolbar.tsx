/** The map's toolbar: scale (gaps compressed or to scale), colouring, reset, and the visible window. */
import type { AddressScale, ScaleMode } from '../../src/internal';
import type { ThemeColors } from '../paint/palette';
import { COLOR_MODES, type ColorMode } from '../state/view-store';
import { useViewState, viewStore } from '../state/app-store';
import type { ViewActions } from '../hooks/useViewActions';
import { MetricSwitch } from './MetricSwitch';
import { MapWindow } from './MapWindow';

const SCALE_LABEL: Record<ScaleMode, string> = { compressed: 'Compressed gaps', linear: 'To scale' };
const SCALE_TITLE: Record<ScaleMode, string> = {
  compressed: 'Unmapped gaps collapsed to a fixed width; region widths grow with the log of their size',
  linear: 'Linear in address: zoom from the whole 64-bit space down to a single page',
};
const COLOR_LABEL: Record<ColorMode, string> = { kind: 'Kind', perms: 'Permissions', module: 'Module' };

function Segments<T extends string>(props: { label: string; values: readonly T[]; current: T; text: (v: T) => string; title?: (v: T) => string; onPick: (v: T) => void }) {
  return (
    <div className="toolbar-group" role="group" aria-label={props.label}>
      <span className="toolbar-label">{props.label}</span>
      <div className="segments">
        {props.values.map((v) => (
          <button key={v} type="button" className="segment" aria-pressed={v === props.current} title={props.title?.(v)} onClick={() => props.onPick(v)}>
            {props.text(v)}
          </button>
        ))}
      </div>
    </div>
  );
}

export function AddressSpaceToolbar({ actions, scale, theme }: { actions: ViewActions; scale: AddressScale; theme: ThemeColors }) {
  const scaleMode = useViewState((s) => s.scaleMode);
  const colorMode = useViewState((s) => s.colorMode);
  return (
    <div className="map-toolbar">
      <Segments
        label="Scale"
        values={['compressed', 'linear'] as const}
        current={scaleMode}
        text={(v) => SCALE_LABEL[v]}
        title={(v) => SCALE_TITLE[v]}
        onPick={actions.setScaleMode}
      />
      <Segments label="Colour" values={COLOR_MODES} current={colorMode} text={(v) => COLOR_LABEL[v]} onPick={(colorMode) => viewStore.set({ colorMode })} />
      <MetricSwitch />
      <button type="button" className="button" onClick={actions.reset} title="Show every region (0)">
        Reset
      </button>
      <MapWindow scale={scale} theme={theme} />
    </div>
  );
}
