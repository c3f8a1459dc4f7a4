/** The header's words for a comparison: "N added, M removed, K changed", the diff's own sentence on how much matched as its title. */
import type { Comparison } from '../state/snapshot-set';
import { changeCountsText } from '../state/snapshot-set';
import './Compare.css';

export function ChangeCounts({ comparison }: { comparison: Comparison }) {
  return (
    <span className="fact change-counts" data-field="changes" title={comparison.summary}>
      {changeCountsText(comparison.counts)}
    </span>
  );
}
