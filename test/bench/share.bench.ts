/**
 * Share and export benchmarks (src/export/, issue 17) on generated realistic maps at 65,530 and
 * 262,144 regions: the CSV writer against parse --json's writer (the baseline, same process,
 * interleaved), redaction against the floor of splitting and joining the text's lines, and a share
 * link's data (bytes, deflate-raw, base64url), with its size. Targets: CSV ≤ 1.5× the JSON writer;
 * redaction of all names ≤ 10× the split/join floor; a 65,530-region link's data ≤ 300 ms of
 * CPU time (the Share dialog makes it on the page) and under the 2 MiB URL limit.
 *
 * Run: `npm run bench -- share`.
 */
import { delimitedLines, encodeShareData, MAX_URL_CHARS, parseJsonLines, parseMaps, redactMapsText } from '../../src/internal';
import { generateMaps } from './generate-maps';
import { consume, printTable, timeInterleaved, verdict } from './measure';

const SIZES = [65_530, 262_144];

function joinLines(lines: Iterable<string>): number {
  let n = 0;
  for (const line of lines) n += line.length;
  return n;
}

/** Medians of wall clock and CPU time (every thread of the process: zlib works off the main one) of an async call. */
async function medianAsyncMs(fn: () => Promise<unknown>, runs: number): Promise<{ wallMs: number; cpuMs: number }> {
  consume(await fn());
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    consume(await fn());
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
  return { wallMs: median(wall), cpuMs: median(cpu) };
}

export async function run(): Promise<void> {
  const rows: string[][] = [];
  for (const regions of SIZES) {
    const { text } = generateMaps({ regions });
    const result = parseMaps(text);
    const table = result.regions;
    const runs = regions > 100_000 ? 5 : 9;
    const [csv, json, redact, floor] = timeInterleaved(
      [
        () => joinLines(delimitedLines(table, ',')),
        () => joinLines(parseJsonLines(result)),
        () => redactMapsText(text, table, { homes: true, allNames: true }).text.length,
        () => text.split('\n').join('\n').length,
      ],
      runs,
    );
    const data = await encodeShareData(text);
    const encode = await medianAsyncMs(() => encodeShareData(text), runs);
    const csvRatio = csv.cpuMs / json.cpuMs;
    const redactRatio = redact.cpuMs / floor.cpuMs;
    const linkOk = regions !== 65_530 || (encode.cpuMs <= 300 && data.length < MAX_URL_CHARS);
    rows.push([
      regions.toLocaleString('en-US'),
      `${csv.cpuMs.toFixed(1)} / ${json.cpuMs.toFixed(1)} (${csvRatio.toFixed(2)}×) ${verdict(csvRatio <= 1.5)}`,
      `${redact.cpuMs.toFixed(1)} / ${floor.cpuMs.toFixed(1)} (${redactRatio.toFixed(1)}×) ${verdict(redactRatio <= 10)}`,
      `${encode.cpuMs.toFixed(1)} (${encode.wallMs.toFixed(1)} wall)`,
      `${(text.length / 1e6).toFixed(1)} MB → ${(data.length / 1e6).toFixed(2)} MB (${((100 * data.length) / text.length).toFixed(1)}%)`,
      regions === 65_530 ? `${verdict(linkOk)} ≤ 300 ms, < 2 MiB` : '',
    ]);
  }
  printTable(['regions', 'CSV / JSON writer ms CPU', 'redact all / split+join ms CPU', 'link data ms CPU', 'text → link data', 'link target'], rows);
}
