/**
 * Search regexes (issue 13): the patterns that froze the tab, run by the search's linear-time
 * engine (re2js, src/query/search-regex.ts) over names made to make them backtrack, at two name
 * lengths: the per-character CPU cost at the big length over the small one is ~1 when linear
 * (PASS below half the length ratio). Baseline, in the same process: JavaScript's RegExp on the
 * same patterns at 16–24 characters, where each added character doubles its time; the 28 x of the
 * issue (4 s in the page) and the link's 30+ characters are not run, they would not end in time.
 * Also the whole search (parseSearchQuery + searchRegions) on 262,144 realistic regions, against
 * RegExp through the same filter where RegExp ends.
 *
 * Run: `npm run bench -- search-regex`.
 */
import { RegionIndex, filterRegions, parseMaps, parseSearchQuery, searchRegions } from '../../src/internal';
import { compileSearchRegex } from '../../src/query/search-regex';
import { generateMaps } from './generate-maps';
import { printTable, timeMs, verdict } from './measure';

const CASES: { pattern: string; name: (n: number) => string }[] = [
  // The engine skips a name without the pattern's literal ("!", "y"): each name holds it, in the wrong place.
  { pattern: '^(.+)+!$', name: (n) => 'x'.repeat(n) + '!x' },
  { pattern: '(x+x+)+y', name: (n) => 'x'.repeat(n) + '-y' },
  { pattern: '(a|aa)+$', name: (n) => 'a'.repeat(n) + 'b' },
  { pattern: '^(\\w+\\s?)*$', name: (n) => 'ab '.repeat(Math.ceil(n / 3)).slice(0, n) + '!' },
];

export function run(): void {
  const small = 10_000;
  const big = 1_000_000;
  const rows: string[][] = [];
  for (const c of CASES) {
    const regex = compileSearchRegex(c.pattern, '');
    if ('message' in regex) throw new Error(regex.message);
    const a = c.name(small);
    const b = c.name(big);
    const s = timeMs(() => regex.test(a), 5, 2);
    const l = timeMs(() => regex.test(b), 3, 1);
    const ratio = l.cpuMs / big / (Math.max(s.cpuMs, 0.01) / small);
    // JavaScript's RegExp, the engine the search used before: 16, 20 and 24 characters.
    const js = [16, 20, 24].map((n) => {
      const re = new RegExp(c.pattern);
      const name = c.name(n);
      return timeMs(() => re.test(name), 1, 0).wallMs;
    });
    rows.push([
      `/${c.pattern}/`,
      `${s.wallMs.toFixed(2)} ms`,
      `${l.wallMs.toFixed(1)} ms`,
      ratio.toFixed(2),
      js.map((ms) => ms.toFixed(1)).join(' / ') + ' ms',
      verdict(ratio < big / small / 2),
    ]);
  }
  printTable(['pattern', `re2js, ${small.toLocaleString('en-US')} chars`, `${big.toLocaleString('en-US')} chars`, 'per-char ratio', 'RegExp at 16 / 20 / 24 chars', 'linear'], rows);

  const { text } = generateMaps({ regions: 262_144, seed: 5 });
  const index = RegionIndex.build(parseMaps(text).regions);
  // No RegExp baseline for the first two: over realistic 30–60-character names it does not end.
  const searches: [string, RegExp | null][] = [
    ['/^(.+)+!$/', null],
    ['/(x+x+)+y/', null],
    ['/\\.so(\\.\\d+)*$/i', /\.so(\.\d+)*$/i],
    ['/\\.so(\\.\\d+)*$/', /\.so(\.\d+)*$/],
    ['/^\\/usr\\/lib/', /^\/usr\/lib/],
  ];
  const searchRows = searches.map(([q, native]) => {
    const t = timeMs(() => searchRegions(index, parseSearchQuery(q)), 7, 2);
    // Baseline: JavaScript's RegExp through the same filter (what the search ran before; safe on these realistic names).
    if (native === null) return [q, `${t.wallMs.toFixed(2)} ms`, 'does not end', '', verdict(t.wallMs < 20)];
    const base = timeMs(() => filterRegions(index.table, { regex: native }, index.order), 7, 2);
    return [q, `${t.wallMs.toFixed(2)} ms`, `${base.wallMs.toFixed(2)} ms`, (t.wallMs / base.wallMs).toFixed(1), verdict(t.wallMs < 20)];
  });
  printTable(['search on 262,144 regions', 're2js (parse + search)', 'RegExp baseline', 'ratio', '< 20 ms'], searchRows);
}
