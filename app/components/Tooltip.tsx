/**
 * The hover tooltip of the map: a region's range, size, permissions, offset, device, inode,
 * pathname and kind, and its Rss, Pss and Swap when the file is smaps — or an unmapped gap's size and neighbours. Pathnames are rendered as text
 * nodes (they are untrusted), never as HTML.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { KIND_DESCRIPTION, formatBytes, formatHexPadded, moduleName, type RegionTable } from '../../src/internal';
import { type HoverTarget } from '../state/view-store';
import { Name } from './Name';
import { smapsSize } from './region-columns';
import { useViewState } from '../state/app-store';

const OFFSET_PX = 14;
/** The smaps sizes the tooltip shows, as the table's columns and the Shade switch name them. */
const SMAPS_SIZES = ['Rss', 'Pss', 'Swap'] as const;

/** A region's device as maps prints it: `fe:01`. */
export function formatDevice(major: number, minor: number): string {
  return `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}`;
}

function RegionTip({ table, row, count }: { table: RegionTable; row: number; count: number }) {
  const r = table.get(row);
  const path = r.pathname;
  const wx = r.isWritable && r.isExecutable;
  return (
    <>
      <div className="tip-title">{path === null ? 'anonymous' : <Name text={moduleName(path)} />}</div>
      <div className="tip-range mono">
        {formatHexPadded(r.begin)}-{formatHexPadded(r.end)} <b>{r.permissions.text}</b>
      </div>
      <dl className="tip-fields">
        <dt>size</dt>
        <dd>{formatBytes(r.sizeBytes)}</dd>
        {r.smaps !== null && (
          <>
            <dt>resident</dt>
            <dd>
              {SMAPS_SIZES.map((field) => {
                const v = smapsSize(r.smaps, field);
                return v === undefined ? null : (
                  <span key={field} className="tip-smaps">
                    {field} <b>{formatBytes(v)}</b>
                  </span>
                );
              })}
            </dd>
          </>
        )}
        <dt>offset</dt>
        <dd className="mono">{formatHexPadded(r.offset)}</dd>
        <dt>device</dt>
        <dd className="mono">{formatDevice(r.device.major, r.device.minor)}</dd>
        <dt>inode</dt>
        <dd className="mono">{r.inode.toString()}</dd>
        <dt>kind</dt>
        <dd>
          {r.kind} <span className="muted">— {KIND_DESCRIPTION[r.kind]}</span>
        </dd>
        {path !== null && (
          <>
            <dt>path</dt>
            <dd className="tip-path mono">
              <Name text={path} />
            </dd>
          </>
        )}
      </dl>
      {wx && <div className="tip-alarm">Writable and executable</div>}
      {count > 1 && <div className="tip-more muted">largest of {count.toLocaleString('en-US')} regions in this pixel — zoom in to see them</div>}
    </>
  );
}

function GapTip({ table, gap }: { table: RegionTable; gap: Extract<HoverTarget, { kind: 'gap' }> }) {
  const { begin, end, beforeRow, afterRow } = gap;
  const name = (row: number) => {
    const p = table.pathname(row);
    return p === null ? 'anonymous' : <Name text={moduleName(p)} />;
  };
  return (
    <>
      <div className="tip-title">{formatBytes(end - begin)} unmapped</div>
      <div className="tip-range mono">
        {formatHexPadded(begin)}-{formatHexPadded(end)}
      </div>
      <dl className="tip-fields">
        <dt>after</dt>
        <dd>{name(beforeRow)}</dd>
        <dt>before</dt>
        <dd>{name(afterRow)}</dd>
      </dl>
    </>
  );
}

/** The tooltip, placed next to the pointer and kept inside the window. */
export function Tooltip({ table }: { table: RegionTable }) {
  const hover = useViewState((s) => s.hover);
  const box = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!hover || !el) return setPos(null);
    const { width, height } = el.getBoundingClientRect();
    let left = hover.clientX + OFFSET_PX;
    let top = hover.clientY + OFFSET_PX;
    if (left + width > window.innerWidth - 4) left = Math.max(4, hover.clientX - OFFSET_PX - width);
    if (top + height > window.innerHeight - 4) top = Math.max(4, hover.clientY - OFFSET_PX - height);
    setPos({ left, top });
  }, [hover]);
  if (!hover || !valid(hover, table)) return null;
  return (
    <div ref={box} className="map-tooltip" role="tooltip" style={pos ? { left: pos.left, top: pos.top } : { visibility: 'hidden' }}>
      {hover.kind === 'region' ? (
        <RegionTip table={table} row={hover.row} count={hover.count} />
      ) : (
        <GapTip table={table} gap={hover} />
      )}
    </div>
  );
}

function valid(hover: HoverTarget, table: RegionTable): boolean {
  if (hover.kind === 'region') return hover.row >= 0 && hover.row < table.length;
  return hover.beforeRow >= 0 && hover.afterRow >= 0 && hover.beforeRow < table.length && hover.afterRow < table.length;
}
