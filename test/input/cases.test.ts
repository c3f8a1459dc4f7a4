/**
 * Issue 11 cases 1-4 and 11 on a real capture (test/fixtures/input/python-odd-names.*: a Python
 * process that mapped a file whose name is not valid UTF-8 and one whose name holds a raw CR),
 * transformed the way each case describes, read as the CLI and the app read bytes
 * (readInputBytes + parseInputText). The expected regions are the untouched capture's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatNameForDisplay, pathnameBytes } from '../../src/internal';
import { TRANSFORMS, problemsOf, readAndParse, regionsOf } from './transforms';

const FIXTURES = new URL('../fixtures/input/', import.meta.url);
const maps = readFileSync(new URL('python-odd-names.maps', FIXTURES));
const smaps = readFileSync(new URL('python-odd-names.smaps', FIXTURES));
const transform = (name: string) => TRANSFORMS.find((t) => t.name.startsWith(name))!;

/** The capture's lines (LF-split bytes), and the line that maps the file with the non-UTF-8 name. */
const mapsLines = maps.toString('latin1').split('\n').slice(0, -1);
const oddLine = mapsLines.findIndex((l) => l.includes('mapscope-caf')) + 1;
const crLine = mapsLines.findIndex((l) => l.includes('mapscope-cr')) + 1;

describe('the capture itself', () => {
  it('holds the two odd names as the kernel wrote them', async () => {
    expect(oddLine).toBeGreaterThan(0);
    expect(crLine).toBeGreaterThan(0);
    const r = await readAndParse(maps);
    expect(r.format).toBe('maps');
    expect(r.regions.length).toBe(mapsLines.length);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('case 1: NUL bytes', () => {
  it('a NUL inside one name on line 65,525 of 65,530: every region, one warning on that line', async () => {
    // The capture's lines repeated at rising addresses would be more work than it is worth: the order
    // warnings of repeated lines do not matter here, only that no line is lost.
    const body: string[] = [];
    while (body.length < 65_530) body.push(...mapsLines);
    body.length = 65_530;
    const at = body[65_524].length - 2;
    const withNul = [...body];
    withNul[65_524] = body[65_524].slice(0, at) + '\0' + body[65_524].slice(at);
    const plain = await readAndParse(Buffer.from(body.join('\n') + '\n', 'latin1'));
    const r = await readAndParse(Buffer.from(withNul.join('\n') + '\n', 'latin1'));
    expect(r.regions.length).toBe(65_530);
    expect(r.regions.length).toBe(plain.regions.length);
    expect(r.diagnostics.filter((d) => d.code === 'nul-byte').map((d) => [d.line, d.column])).toEqual([[65_525, at + 1]]);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual(plain.diagnostics.filter((d) => d.severity === 'error'));
  });

  it('in a CRLF file, the NUL warning quotes its line as the parser reads it, without the line-ending CR', async () => {
    // Found by the byte-mutation fuzz: the warning kept the CR that every other diagnostic of the line drops.
    const crlf = Buffer.from(transform('CRLF').apply(maps)).toString('latin1').split('\r\n');
    crlf[2] = crlf[2].slice(0, 30) + '\0' + crlf[2].slice(30);
    const r = await readAndParse(Buffer.from(crlf.join('\r\n'), 'latin1'));
    const nul = r.diagnostics.filter((d) => d.code === 'nul-byte');
    expect(nul.map((d) => [d.line, d.column])).toEqual([[3, 31]]);
    expect(nul[0].text).toBe(crlf[2]);
    expect(nul[0].text.endsWith('\r')).toBe(false);
  });

  it('NUL padding after a complete file is dropped with one note; --format maps reads it as well', async () => {
    const padded = transform('64 NUL').apply(maps);
    const want = regionsOf(await readAndParse(maps));
    for (const format of [undefined, 'maps'] as const) {
      const r = await readAndParse(padded, format);
      expect(regionsOf(r)).toEqual(want);
      expect(r.diagnostics.filter((d) => d.code === 'trailing-nul').map((d) => [d.line, d.message])).toEqual([[0, expect.stringMatching(/^64 NUL bytes after the end/)]]);
    }
  });

  it('a program is still binary: one error', async () => {
    await expect(readAndParse(readFileSync(process.execPath).subarray(0, 200_000))).rejects.toMatchObject({ code: 'binary' });
  });
});

describe('case 2: UTF-16 with a byte-order mark', () => {
  // UTF-16 cannot carry the capture's non-UTF-8 bytes; take the lines that are UTF-8.
  const utf8 = Buffer.from(mapsLines.filter((_, i) => i + 1 !== oddLine).join('\n') + '\n', 'latin1');
  it.each(['UTF-16LE', 'UTF-16BE'])('%s gives the regions and names of the UTF-8 file', async (name) => {
    const input = transform(name).apply(utf8);
    const r = await readAndParse(input);
    expect(r.format).toBe('maps');
    expect(regionsOf(r)).toEqual(regionsOf(await readAndParse(utf8)));
    expect(r.regions.toArray().some((x) => x.pathname === '/tmp/mapscope-cr\rname.bin')).toBe(true);
  });
});

describe('case 3: line endings', () => {
  it.each([
    ['CRLF', 'CR LF'],
    ['CR CR LF', 'CR CR LF'],
  ])('%s: the line-end CRs go, the CR inside a name stays, one note says so; as smaps too, with no bad values', async (name, said) => {
    for (const capture of [maps, smaps]) {
      const original = await readAndParse(capture);
      const r = await readAndParse(transform(name).apply(capture));
      expect(regionsOf(r)).toEqual(regionsOf(original));
      expect(problemsOf(r, ['line-endings'])).toEqual(problemsOf(original));
      expect(r.diagnostics.filter((d) => d.code === 'line-endings').map((d) => [d.line, d.severity, d.message])).toEqual([[0, 'warning', expect.stringContaining(said)]]);
    }
    const names = (await readAndParse(transform(name).apply(maps))).regions.toArray().map((x) => x.pathname);
    expect(names).toContain('/tmp/mapscope-cr\rname.bin');
  });

  it('CR-only line ends: every line, not one region named after the rest of the file', async () => {
    const utf8 = Buffer.from(mapsLines.filter((_, i) => i + 1 !== crLine).join('\n') + '\n', 'latin1');
    const r = await readAndParse(transform('CR only').apply(utf8));
    const original = await readAndParse(utf8);
    expect(regionsOf(r)).toEqual(regionsOf(original));
    expect(r.diagnostics.map((d) => d.code)).toContain('line-endings');
    // The non-UTF-8 name's warning stays on its line.
    expect(problemsOf(r, ['line-endings'])).toEqual(problemsOf(original));
    expect(original.diagnostics.filter((d) => d.code === 'invalid-utf8')).toHaveLength(1);
    expect(r.diagnostics.filter((d) => d.code === 'invalid-utf8').map((d) => [d.line, d.text])).toEqual(original.diagnostics.filter((d) => d.code === 'invalid-utf8').map((d) => [d.line, d.text]));
  });

  it("the issue's mixed file (2 of 3 lines end in CR LF): the line-end CRs go, the names are the kernel's, one note", async () => {
    // ".../a\n...0 \r\n...[heap]\r\n": gave the names "\r" and "[heap]\r" with no word.
    const anon = mapsLines.find((l) => / 0 *$/.test(l))!.trimEnd() + ' ';
    const heap = mapsLines.find((l) => l.endsWith('[heap]'))!;
    const r = await readAndParse(Buffer.from([mapsLines[0], anon + '\r', heap + '\r'].join('\n') + '\n', 'latin1'));
    expect(r.regions.toArray().map((x) => [x.pathname, x.kind])).toEqual([
      [(await readAndParse(Buffer.from(mapsLines[0] + '\n', 'latin1'))).regions.get(0).pathname, 'file'],
      [null, 'anonymous'],
      ['[heap]', 'heap'],
    ]);
    // (The anonymous line is the capture's first: it may start above [heap], an order warning.)
    const said = r.diagnostics.filter((d) => d.code !== 'out-of-order').map((d) => [d.line, d.code, d.message]);
    expect(said).toEqual([[0, 'line-endings', expect.stringMatching(/^2 of 3 lines end in CR LF .* dropped; the other lines end in LF alone$/)]]);
  });

  it('an LF file with a few names ending in CR keeps them, and says so once', async () => {
    const heap = mapsLines.find((l) => l.endsWith('[heap]'))!;
    const text = [...mapsLines.slice(0, 4), heap + '\r'].join('\n') + '\n';
    const r = await readAndParse(Buffer.from(text, 'latin1'));
    expect(r.regions.get(4).pathname).toBe('[heap]\r');
    expect(r.diagnostics.filter((d) => d.code === 'line-endings').map((d) => d.message)).toEqual([expect.stringMatching(/^1 of 5 lines end in CR .* kept/)]);
  });
});

describe('case 4: prefixed or quoted lines', () => {
  for (const name of ['dmesg', 'journal', 'ISO', 'a mail quote', 'a nested mail quote', 'cat -n']) {
    it(`${name}: the same regions, one note naming the prefix`, async () => {
      for (const capture of [maps, smaps]) {
        const original = await readAndParse(capture);
        const r = await readAndParse(transform(name).apply(capture));
        expect(regionsOf(r)).toEqual(regionsOf(original));
        expect(Array.from(r.regions.columns.line)).toEqual(Array.from(original.regions.columns.line));
        expect(r.diagnostics.filter((d) => d.code === 'line-prefix')).toHaveLength(1);
        expect(problemsOf(r, ['line-prefix'])).toEqual(problemsOf(original));
      }
    });
  }

  it('a bad line in a quoted file keeps its original line number and column', async () => {
    const bad = [...mapsLines];
    bad[4] = bad[4].replace(/ [r-][w-][x-][ps] /, ' rwz- ');
    const quoted = transform('a mail quote').apply(Buffer.from(bad.join('\n') + '\n', 'latin1'));
    const plain = await readAndParse(Buffer.from(bad.join('\n') + '\n', 'latin1'));
    const r = await readAndParse(quoted);
    const errors = (x: typeof r) => x.diagnostics.filter((d) => d.severity === 'error');
    expect(errors(plain)).toHaveLength(1);
    expect(errors(r).map((d) => [d.line, d.column, d.code])).toEqual(errors(plain).map((d) => [d.line, d.column + 2, d.code]));
    expect(errors(r)[0].text).toBe('> ' + errors(plain)[0].text);
  });

  it('a 1,000-line log followed by the maps lines: a log with maps lines, every region, one note for the log', async () => {
    const r = await readAndParse(transform('after 1,000').apply(maps));
    expect(r.format).toBe('log');
    expect(r.stats).toMatchObject({ regions: mapsLines.length, recognized: 1000, rejected: 0 });
    expect(regionsOf(r)).toEqual(regionsOf(await readAndParse(maps)));
    expect(r.regions.columns.line[0]).toBe(1001);
    expect(r.diagnostics.filter((d) => d.code === 'skipped-lines').map((d) => d.message)).toEqual([expect.stringMatching(/^1,000 lines are not part of the map .*\(lines 1–1000\)/)]);
    expect(r.stats.lines).toBe(1000 + mapsLines.length);
  });

  it("a JVM crash log (hs_err): its maps section is read; the log's /proc/meminfo `Key: value` lines are recognised lines, not smaps field errors", async () => {
    const log = readFileSync(new URL('../fixtures/artifacts/hs_err-krashpad-dataset94.log', import.meta.url));
    const lines = log.toString('latin1').split('\n');
    const header = /^[0-9a-f]+-[0-9a-f]+ [r-][w-][x-][ps] /;
    const r = await readAndParse(log);
    expect(r.format).toBe('hs_err');
    expect(r.regions.length).toBe(lines.filter((l) => header.test(l)).length);
    expect(lines.some((l) => l.startsWith('AnonHugePages:'))).toBe(true);
    expect(r.diagnostics).toEqual([]);
    expect(r.stats.rejected).toBe(0);
  });

  it('the log read with --format maps gives the same', async () => {
    const r = await readAndParse(transform('after 1,000').apply(maps), 'maps');
    expect(r.regions.length).toBe(mapsLines.length);
  });
});

describe('case 11: names that are not UTF-8 are kept exactly', () => {
  it('the exact bytes come back, the display shows them escaped, and the line is warned about', async () => {
    const r = await readAndParse(maps);
    const region = r.regions.toArray().find((x) => x.line === oddLine)!;
    const rawLine = maps.subarray(...lineBounds(maps, oddLine));
    const rawName = rawLine.subarray(rawLine.indexOf('/tmp/'));
    expect(Buffer.from(pathnameBytes(region.pathname!)!)).toEqual(Buffer.from(rawName));
    expect(formatNameForDisplay(region.pathname!)).toBe('/tmp/mapscope-caf\\xe9-\\xff.bin');
    expect(r.diagnostics.filter((d) => d.code === 'invalid-utf8').map((d) => d.line)).toEqual([oddLine]);
    // Names that were UTF-8 have no bytes of their own: their UTF-8 is their bytes.
    expect(r.regions.toArray().filter((x) => x.pathname !== null && pathnameBytes(x.pathname) !== undefined)).toHaveLength(1);
  });

  it('gzip and chunked reads keep the bytes too', async () => {
    const r = await readAndParse(transform('gzip').apply(maps));
    expect(regionsOf(r)).toEqual(regionsOf(await readAndParse(maps)));
  });
});

/** Start and end offsets of line `n` (1-based) in bytes. */
function lineBounds(bytes: Buffer, n: number): [number, number] {
  let s = 0;
  for (let k = 1; k < n; k++) s = bytes.indexOf(10, s) + 1;
  return [s, bytes.indexOf(10, s)];
}
