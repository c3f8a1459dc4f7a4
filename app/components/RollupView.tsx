/**
 * An smaps_rollup file (src/analyze/rollup.ts): totals over all of a process's mappings, shown as
 * totals — the headline sizes (Rss, Pss and how it divides, Swap) and every field with its
 * meaning — instead of a map with one region spanning user space. Keys and values from the file
 * are rendered as text nodes only.
 */
import { findSmapsFieldInfo, formatBytes, formatHexPadded, formatNameForDisplay, ROLLUP_HEADLINE_KEYS, UNITLESS_SMAPS_KEYS, type Rollup } from '../../src/internal';
import './Rollup.css';

/** A field's exact value: the big value when the file's passed 2^53, else the number. */
function exact(record: Rollup['record'], key: string): bigint {
  return record.exactFields?.[key] ?? BigInt(record.fields[key]);
}

function shown(record: Rollup['record'], key: string): string {
  return UNITLESS_SMAPS_KEYS.has(key) ? exact(record, key).toString() : formatBytes(exact(record, key));
}

/** `92%` of a whole, or '' when the whole is 0. */
function share(part: bigint, whole: bigint): string {
  return whole === 0n ? '' : `${Number((part * 1000n) / whole) / 10}% of Pss`;
}

function RollupTotals({ rollup, index, count }: { rollup: Rollup; index: number; count: number }) {
  const { record } = rollup;
  const keys = Object.keys(record.fields);
  const headline = ROLLUP_HEADLINE_KEYS.filter((k) => keys.includes(k));
  const pss = keys.includes('Pss') ? exact(record, 'Pss') : 0n;
  const title = count === 1 ? 'Totals of the process (smaps_rollup)' : `Totals ${index + 1} of ${count} (smaps_rollup, line ${rollup.line})`;
  return (
    <section className="rollup" aria-label={title}>
      <h2>{title}</h2>
      <p className="muted">
        smaps_rollup sums smaps over every mapping of a process, so it has no regions to draw. Its header&apos;s range,{' '}
        <span className="mono">
          {formatHexPadded(rollup.spanBegin)}-{formatHexPadded(rollup.spanEnd)}
        </span>
        , is the span from the lowest mapping&apos;s start to the highest mapping&apos;s end, not memory.
      </p>
      <dl className="rollup-headline" aria-label="Headline totals">
        {headline.map((key) => (
          <div key={key} className="rollup-total" title={findSmapsFieldInfo(key)?.description}>
            <dt className="mono">{key}</dt>
            <dd className="rollup-value">{shown(record, key)}</dd>
            <dd className="muted">
              {findSmapsFieldInfo(key)?.name}
              {key.startsWith('Pss_') && pss > 0n ? ` · ${share(exact(record, key), pss)}` : ''}
            </dd>
          </div>
        ))}
      </dl>
      <table className="summary-table rollup-fields" aria-label="Every smaps_rollup field">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Size</th>
            <th scope="col">Bytes</th>
            <th scope="col">Meaning</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const info = findSmapsFieldInfo(key);
            return (
              <tr key={key}>
                <th scope="row" className="mono">
                  {formatNameForDisplay(key)}
                </th>
                <td>{UNITLESS_SMAPS_KEYS.has(key) ? '' : formatBytes(exact(record, key))}</td>
                <td className="mono">{exact(record, key).toString()}</td>
                <td className="rollup-meaning">{info === undefined ? <i>a field mapscope has no explanation for</i> : info.description}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** The totals view of an smaps_rollup file. */
export function RollupView({ rollups }: { rollups: readonly Rollup[] }) {
  return (
    <div className="rollup-view">
      {rollups.map((r, i) => (
        <RollupTotals key={r.row} rollup={r} index={i} count={rollups.length} />
      ))}
    </div>
  );
}
