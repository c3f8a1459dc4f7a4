/**
 * Hardening benchmarks: parse time is linear in the input (test/parse/fuzz.test.ts checks what the
 * same shapes give, without timing them). For each shape, the per-byte CPU cost at the big size
 * over that at the small one: ~1 when linear, the size ratio when quadratic; PASS below half the
 * size ratio. Shapes: a 100 MB realistic maps file (parse and index), single lines of 1 and
 * 10 MiB (junk, hex digits, a huge name, huge padding) read as every format, 100,000 and a million
 * empty, blank or CRLF lines detected and read as maps and smaps, a million bad lines (one
 * diagnostic each).
 *
 * Run: `npm run bench -- harden`.
 */
import { FORMAT_NAMES, RegionIndex, parseMaps, type FormatName } from '../../src/internal';
import { generateMaps } from './generate-maps';
import { printTable, timeMs, verdict } from './measure';

const MiB = 1024 * 1024;

interface Shape {
  name: string;
  make: (n: number) => string;
  small: number;
  big: number;
  unit: string;
  parse: (text: string) => unknown;
}

const header = '00400000-00401000 r-xp 00000000 08:01 1234';

function shapes(): Shape[] {
  const list: Shape[] = [
    {
      name: 'realistic maps, parse + index',
      make: (bytes) => generateMaps({ regions: Math.round(bytes / 90), seed: 11 }).text,
      small: 10e6,
      big: 100e6,
      unit: 'B',
      parse: (t) => RegionIndex.build(parseMaps(t).regions),
    },
  ];
  // One huge line, read as every format (test/parse/fuzz.test.ts checks what these give at 1 MiB).
  const oneLine: [string, (n: number) => string][] = [
    ['one line of junk', (n) => '- '.repeat(n / 2)],
    ['one line of x', (n) => 'x'.repeat(n)],
    ['one line of hex digits', (n) => '0'.repeat(n)],
    ['header + one huge name', (n) => `${header}    /${'a'.repeat(n)}\n`],
    ['header + huge padding', (n) => `${header}${' '.repeat(n)}/lib/x.so\n`],
  ];
  for (const format of [undefined, ...FORMAT_NAMES] as (FormatName | undefined)[]) {
    for (const [name, make] of oneLine) list.push({ name: `${name}, ${format ?? 'detected'}`, make, small: MiB, big: 10 * MiB, unit: 'B', parse: (t) => parseMaps(t, { format }) });
  }
  // Many short lines, detected and read as maps and as smaps.
  const manyLines: [string, (n: number) => string][] = [
    ['empty lines', (n) => '\n'.repeat(n)],
    ['a region, then empty lines', (n) => `${header} /lib/x.so\n` + '\n'.repeat(n)],
    ['an smaps record, then empty lines', (n) => `${header} /lib/x.so\nSize: 4 kB\nRss: 4 kB\n` + '\n'.repeat(n)],
    ['CRLF empty lines after a region', (n) => `${header} /lib/x.so\r\n` + '\r\n'.repeat(n)],
    ['lines of spaces', (n) => '   \n'.repeat(n)],
  ];
  for (const format of [undefined, 'maps', 'smaps'] as const) {
    for (const [name, make] of manyLines) list.push({ name: `${name}, ${format ?? 'detected'}`, make, small: 100_000, big: 1_000_000, unit: 'lines', parse: (t) => parseMaps(t, { format }) });
  }
  list.push({ name: 'a region, then bad lines', make: (n) => `${header} /lib/x.so\n` + 'zz-yy r-xp 0 0:0 0\n'.repeat(n), small: 100_000, big: 1_000_000, unit: 'lines', parse: (t) => parseMaps(t, { format: 'maps' }) });
  return list;
}

export function run(): void {
  const rows: string[][] = [];
  for (const s of shapes()) {
    let a: string | null = s.make(s.small);
    const small = timeMs(() => s.parse(a!), 3, 1);
    a = null;
    const b = s.make(s.big);
    const big = timeMs(() => s.parse(b), 3, 1);
    const ratio = big.cpuMs / s.big / (Math.max(small.cpuMs, 1) / s.small);
    const bound = s.big / s.small / 2;
    const size = (n: number) => (s.unit !== 'B' ? `${n.toLocaleString('en-US')} ${s.unit}` : n % MiB === 0 ? `${n / MiB} MiB` : `${(n / 1e6).toFixed(0)} MB`);
    rows.push([s.name, size(s.small), small.cpuMs.toFixed(0), size(s.big), big.cpuMs.toFixed(0), ratio.toFixed(2), `${verdict(ratio < bound)} < ${bound}`]);
  }
  printTable(['shape', 'small', 'CPU ms', 'big', 'CPU ms', 'per-byte ratio', 'linear'], rows);
}
