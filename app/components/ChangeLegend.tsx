/** The legend's entries for a comparison's marks (app/paint/paint-changes.ts), each with its count. */
import { formatCount } from '../../src/internal';
import { changeColors } from '../paint/paint-changes';
import type { ThemeColors } from '../paint/palette';
import type { Comparison } from '../state/snapshot-set';
import { nameText } from './Name';
import './Compare.css';

export function ChangeLegend({ comparison, theme }: { comparison: Comparison; theme: ThemeColors }) {
  const colors = changeColors(theme);
  const { counts, beforeName, afterName } = comparison;
  const entries = [
    { key: 'added', color: colors.added, label: 'added', count: counts.added, description: `in ${nameText(afterName)} only` },
    { key: 'removed', color: colors.removed, label: 'removed', count: counts.removed, description: `in ${nameText(beforeName)} only: drawn veiled, at its addresses there` },
    { key: 'changed', color: colors.changed, label: 'changed', count: counts.changed, description: 'matched in both, with something different (size, permissions, Rss…)' },
  ] as const;
  return (
    <>
      {entries.map((e) => (
        <li key={e.key} title={e.description}>
          <span className="swatch" style={{ background: `linear-gradient(var(--bg-subtle) 0 55%, ${e.color} 55%)` }} />
          {e.label}
          <span className="legend-count">{formatCount(e.count)}</span>
        </li>
      ))}
    </>
  );
}
