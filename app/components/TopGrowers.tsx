/**
 * The Timeline's "top growers": the regions and the modules whose Rss (with smaps) or virtual size
 * grew most from the first snapshot to the last (src/diff topGrowers), with their growth rate.
 * Choosing a region shows the last snapshot with that region selected.
 */
import { useEffect, useState } from 'react';
import { formatBytes } from '../../src/internal';
import { selectRow, useLoadedSlice } from '../state/app-store';
import type { Growers } from '../workers/series-data';
import { showSnapshot } from '../workers/set-client';
import { Name } from './Name';

type Grower = Growers['regions'][number];

function rateText(g: Grower): string {
  return g.bytesPerSecond === null ? '' : `${formatBytes(Math.round(g.bytesPerSecond))}/s`;
}

function GrowerLine({ g, onChoose }: { g: Grower; onChoose?: () => void }) {
  const body = (
    <>
      <Name text={g.name} />
      <span className="grower-growth">+{formatBytes(g.growthBytes)}</span>
      <span className="muted grower-span">
        {formatBytes(g.firstBytes)} → {formatBytes(g.lastBytes)}
      </span>
      <span className="muted grower-rate">{rateText(g)}</span>
    </>
  );
  return <li>{onChoose ? <button type="button" className="grower" onClick={onChoose}>{body}</button> : <div className="grower">{body}</div>}</li>;
}

export function TopGrowers({ growers, last, shown }: { growers: Growers; last: number; shown: number }) {
  const [pending, setPending] = useState(-1);
  const table = useLoadedSlice((f) => f.table);
  // The region chosen, selected once the last snapshot is shown (after the map's own reset of the selection).
  useEffect(() => {
    if (pending < 0 || shown !== last || table === null) return;
    selectRow(pending);
    setPending(-1);
  }, [pending, shown, last, table]);
  const measure = growers.metric === 'rss' ? 'Rss' : 'virtual size';
  const choose = (row: number) => {
    setPending(row);
    if (shown !== last) showSnapshot(last);
  };
  return (
    <section className="top-growers" aria-label="Top growers">
      <h3>
        Top growers <span className="muted">by {measure}, first snapshot to last{growers.spanMs !== null ? ` (${(growers.spanMs / 1000).toLocaleString('en-US')} s)` : ''}</span>
      </h3>
      <div className="grower-lists">
        <div>
          <h4>Regions</h4>
          {growers.regions.length === 0 ? <p className="muted">No region grew.</p> : <ol aria-label="Regions that grew most">{growers.regions.map((g, i) => <GrowerLine key={i} g={g} onChoose={() => choose(g.lastRow)} />)}</ol>}
        </div>
        <div>
          <h4>Modules</h4>
          {growers.modules.length === 0 ? <p className="muted">No module grew.</p> : <ol aria-label="Modules that grew most">{growers.modules.map((g, i) => <GrowerLine key={i} g={g} />)}</ol>}
        </div>
      </div>
    </section>
  );
}
