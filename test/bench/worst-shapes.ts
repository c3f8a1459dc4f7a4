/**
 * The worst input shapes for parse time, shared by test/parse/fuzz.test.ts (what each gives: every
 * line accounted for) and test/bench/harden.bench.ts (whether its time stays linear in the size).
 */

const header = '00400000-00401000 r-xp 00000000 08:01 1234';

/** One huge line of about `n` bytes, as [name, make(n)]: read as every format. */
export const ONE_LINE_SHAPES: readonly [string, (n: number) => string][] = [
  ['junk', (n) => 'x'.repeat(n)],
  ['hex digits', (n) => '0'.repeat(n)],
  ['a header and a huge pathname', (n) => `${header}    /${'a'.repeat(n)}\n`],
  ['a header and huge padding', (n) => `${header}${' '.repeat(n)}/lib/x.so\n`],
  ['dashes and spaces', (n) => '- '.repeat(n / 2)],
];

/** About `n` short lines, as [name, make(n)]: detected, and read as maps and as smaps. */
export const MANY_LINE_SHAPES: readonly [string, (n: number) => string][] = [
  ['empty lines', (n) => '\n'.repeat(n)],
  ['a region, then empty lines', (n) => `${header} /lib/x.so\n` + '\n'.repeat(n)],
  ['an smaps record, then empty lines', (n) => `${header} /lib/x.so\nSize: 4 kB\nRss: 4 kB\n` + '\n'.repeat(n)],
  ['CRLF empty lines after a region', (n) => `${header} /lib/x.so\r\n` + '\r\n'.repeat(n)],
  ['lines of spaces', (n) => '   \n'.repeat(n)],
  ['a region, then bad lines', (n) => `${header} /lib/x.so\n` + 'zz-yy r-xp 0 0:0 0\n'.repeat(n)],
];
