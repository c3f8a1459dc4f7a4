/**
 * Hardening benchmarks: parse time is linear in the input at sizes too slow for the unit tests
 * (test/parse/fuzz.test.ts checks the same shapes at 1 and 8 MiB). For each shape, the per-byte
 * CPU cost at the big size over that at the small one: ~1 when linear, the size ratio when
 * quadratic; PASS below half the size ratio. Shapes: a 100 MB realistic maps file (parse and
 * index), a single 10 MiB line read as every format, a million empty lines, a million bad lines
 * (one diagnostic each).
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
  for (const format of [undefined, ...FORMAT_NAMES] as (FormatName | undefined)[]) {
    list.push({ name: `one line of junk, ${format ?? 'detected'}`, make: (n) => '- '.repeat(n / 2), small: MiB, big: 10 * MiB, unit: 'B', parse: (t) => parseMaps(t, { format }) });
    list.push({ name: `header + one huge name, ${format ?? 'detected'}`, make: (n) => `${header}    /${'a'.repeat(n)}\n`, small: MiB, big: 10 * MiB, unit: 'B', parse: (t) => parseMaps(t, { format }) });
  }
  list.push(
    { name: 'empty lines', make: (n) => '\n'.repeat(n), small: 100_000, big: 1_000_000, unit: 'lines', parse: (t) => parseMaps(t) },
    { name: 'a region, then empty lines', make: (n) => `${header} /lib/x.so\n` + '\n'.repeat(n), small: 100_000, big: 1_000_000, unit: 'lines', parse: (t) => parseMaps(t) },
    { name: 'a region, then bad lines', make: (n) => `${header} /lib/x.so\n` + 'zz-yy r-xp 0 0:0 0\n'.repeat(n), small: 100_000, big: 1_000_000, unit: 'lines', parse: (t) => parseMaps(t, { format: 'maps' }) },
  );
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
