/**
 * A plain list of the regions, in file order — the main area's stand-in until the address-space
 * view (issue 4) takes its place. Virtualised: only visible rows are formatted.
 */
import { useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { addrFromHiLo, formatBytes, formatHexPadded, formatNameForDisplay, formatPermissions, type RegionTable } from '../../src/internal';

const ROW_HEIGHT_PX = 20;

/** 16 hex digits when any address needs more than 32 bits, else 8 (as a 32-bit kernel prints). */
function addressDigits(table: RegionTable): number {
  const { endHi } = table.columns;
  for (let i = 0; i < table.length; i++) if (endHi[i] !== 0) return 16;
  return 8;
}

function Row({ table, i, digits, top }: { table: RegionTable; i: number; digits: number; top: number }) {
  const c = table.columns;
  const begin = addrFromHiLo(c.beginHi[i], c.beginLo[i]);
  const end = addrFromHiLo(c.endHi[i], c.endLo[i]);
  return (
    <div role="row" className="region-row" style={{ transform: `translateY(${top}px)` }}>
      <span role="cell" className="col-line">{c.line[i]}</span>
      <span role="cell" className="col-addr">
        {formatHexPadded(begin, digits)}-{formatHexPadded(end, digits)}
      </span>
      <span role="cell" className="col-perms">{formatPermissions(c.perms[i])}</span>
      <span role="cell" className="col-size">{formatBytes(end - begin)}</span>
      <span role="cell" className="col-kind">{table.kind(i)}</span>
      <span role="cell" className="col-path">{formatNameForDisplay(table.pathname(i) ?? '')}</span>
    </div>
  );
}

/** The regions as a table. */
export function RegionSummary({ table }: { table: RegionTable }) {
  const digits = useMemo(() => addressDigits(table), [table]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: table.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: 20,
  });
  return (
    <div className="region-table" role="table" aria-label="Regions" aria-rowcount={table.length + 1}>
      <div role="row" className="region-row region-head">
        <span role="columnheader" className="col-line">line</span>
        <span role="columnheader" className="col-addr">address range</span>
        <span role="columnheader" className="col-perms">perms</span>
        <span role="columnheader" className="col-size">size</span>
        <span role="columnheader" className="col-kind">kind</span>
        <span role="columnheader" className="col-path">pathname</span>
      </div>
      <div ref={scroller} className="region-scroll" tabIndex={0} role="rowgroup">
        <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => (
            <Row key={item.key} table={table} i={item.index} digits={digits} top={item.start} />
          ))}
        </div>
      </div>
    </div>
  );
}
