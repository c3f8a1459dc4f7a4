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
import { MANY_LINE_SHAPES, ONE_LINE_SHAPES } from './worst-shapes';
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
  for (const format of [undefined, ...FORMAT_NAMES] as (FormatName | undefined)[]) {
    for (const [name, make] of ONE_LINE_SHAPES) list.push({ name: `one line: ${name}, ${format ?? 'detected'}`, make, small: MiB, big: 10 * MiB, unit: 'B', parse: (t) => parseMaps(t, { format }) });
  }
  // Many short lines, detected and read as maps and as smaps.
  for (const format of [undefined, 'maps', 'smaps'] as const) {
    for (const [name, make] of MANY_LINE_SHAPES) list.push({ name: `${name}, ${format ?? 'detected'}`, make, small: 100_000, big: 1_000_000, unit: 'lines', parse: (t) => parseMaps(t, { format }) });
  }
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
