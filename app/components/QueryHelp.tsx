/** The search language in brief (src/query/search-query.ts is the reference), one click from the search box. */

const ROWS: [string, string][] = [
  ['libc', 'pathname contains “libc” (any case); "two words" for blanks'],
  ['/\\.so(\\.\\d+)*$/i', 'pathname matches a regular expression (RE2, linear time)'],
  ['0x7f3a2c029d90', 'the region holding the address'],
  ['kind:heap,stack', 'region kind, as the legend names it'],
  ['perm:rwx  perm:-w  perm:r-xp', 'permissions required, excluded, or exact'],
  ['size>1M  size<=4k', 'size bounds (k, M, G = 1024ⁿ)'],
  ['libc|libm', 'either term (no blanks around |)'],
  ['-libc  -kind:file', 'not this term'],
];

export function QueryHelp() {
  return (
    <details className="query-help">
      <summary>Syntax</summary>
      <div className="query-help-body">
        <p>Terms separated by blanks must all hold.</p>
        <dl>
          {ROWS.map(([term, meaning]) => (
            <div key={term}>
              <dt>
                <code>{term}</code>
              </dt>
              <dd>{meaning}</dd>
            </div>
          ))}
        </dl>
      </div>
    </details>
  );
}
