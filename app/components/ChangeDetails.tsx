/**
 * Region details of a comparison: the region before and after side by side — every maps field and
 * the smaps fields either side has — the ones that differ marked, what happened to it, and which
 * identity rule (src/diff) matched the two.
 */
import { formatBytes, formatHexPadded, type RegionTable } from '../../src/internal';
import { useComparisonOf } from '../hooks/useComparison';
import type { Comparison } from '../state/snapshot-set';
import { CHANGE, CHANGE_NAMES, NO_RULE } from '../workers/compare-table';
import { formatDevice } from './Tooltip';
import { Name, nameText } from './Name';
import './Compare.css';

/** What each identity rule means, in the README's words (src/diff/types.ts MatchRule). */
const RULE_TEXT: Record<string, string> = {
  'same-range': 'the same range and backing',
  overlap: 'overlapping ranges with the same backing (it grew, shrank or moved an end in place)',
  split: 'one region became several',
  merge: 'several regions became one',
  regroup: 'several regions became several',
  'module-segment': 'the same module (path and device/inode) and segment (file offset and permissions)',
  'module-path': 'the same module by path alone (its device or inode differ) and segment',
  name: 'the same named region ([heap], [stack], [anon:…], [vdso])',
  'thread-stack': 'a thread stack of the same size',
  neighbour: 'its place between matched neighbours, same kind and permissions',
};

const SMAPS_SHOWN = ['Rss', 'Pss', 'Swap', 'Private_Dirty', 'Shared_Dirty', 'Anonymous'];

type Side = { table: RegionTable; row: number } | null;

/** One line of the side-by-side table: a field's text before and after. */
function fieldLines(before: Side, after: Side): [string, string, string][] {
  const of = (side: Side, text: (t: RegionTable, r: number) => string) => (side === null ? '—' : text(side.table, side.row));
  const line = (name: string, text: (t: RegionTable, r: number) => string): [string, string, string] => [name, of(before, text), of(after, text)];
  const lines = [
    line('range', (t, r) => `${formatHexPadded(t.begin(r))}-${formatHexPadded(t.end(r))}`),
    line('size', (t, r) => formatBytes(t.end(r) - t.begin(r))),
    line('perms', (t, r) => t.get(r).permissions.text),
    line('offset', (t, r) => formatHexPadded(t.get(r).offset)),
    line('device', (t, r) => formatDevice(t.columns.devMajor[r], t.columns.devMinor[r])),
    line('inode', (t, r) => t.get(r).inode.toString()),
    line('path', (t, r) => nameText(t.pathname(r) ?? '(anonymous)')),
    line('line', (t, r) => String(t.columns.line[r])),
  ];
  for (const field of SMAPS_SHOWN) {
    const value = (side: Side) => (side === null ? undefined : side.table.smaps?.[side.row]?.fields[field]);
    if (value(before) === undefined && value(after) === undefined) continue;
    lines.push(line(field, (t, r) => {
      const v = t.smaps?.[r]?.fields[field];
      return v === undefined ? '' : formatBytes(v);
    }));
  }
  return lines;
}

function sidesOf(comparison: Comparison, table: RegionTable, row: number): { before: Side; after: Side } {
  const b = comparison.beforeRow[row];
  return {
    before: b >= 0 ? { table: comparison.before, row: b } : null,
    after: row < comparison.afterRows ? { table, row } : null,
  };
}

/** The before/after section of the selected region of a comparison; nothing for a plain file. */
export function ChangeDetails({ table, row }: { table: RegionTable; row: number }) {
  const comparison = useComparisonOf(table);
  if (comparison === null) return null;
  const change = comparison.change[row];
  const { before, after } = sidesOf(comparison, table, row);
  const rule = comparison.rule[row] === NO_RULE ? null : comparison.rules[comparison.rule[row]];
  const what = comparison.fields.filter((_, bit) => comparison.what[row] & (1 << bit));
  return (
    <section className="change-details" aria-label="Before and after">
      <p className="compare-rule">
        <b className={`change-${CHANGE_NAMES[change]}`}>{CHANGE_NAMES[change]}</b>
        {change === CHANGE.added && <> — only in <Name text={comparison.afterName} /></>}
        {change === CHANGE.removed && <> — only in <Name text={comparison.beforeName} />, shown at its address there</>}
        {change === CHANGE.changed && what.length > 0 && <> — {what.join(', ')}</>}
        {rule !== null && (
          <>
            {' '}
            · matched by rule <span className="mono">{rule}</span>
            <span className="muted"> ({RULE_TEXT[rule] ?? rule})</span>
          </>
        )}
      </p>
      <table className="before-after">
        <thead>
          <tr>
            <th scope="col">field</th>
            <th scope="col">
              before (<Name text={comparison.beforeName} />)
            </th>
            <th scope="col">
              after (<Name text={comparison.afterName} />)
            </th>
          </tr>
        </thead>
        <tbody>
          {fieldLines(before, after).map(([name, b, a]) => (
            <tr key={name} className={before !== null && after !== null && b !== a && name !== 'line' ? 'differs' : undefined}>
              <th scope="row">{name}</th>
              <td className="mono">{b}</td>
              <td className="mono">{a}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
