/**
 * readText (src/artifact/index.ts) detects a text's format once: the artifact readers ask
 * detectFormat whether a text that does not start as a map is a log, and parseMaps reuses that
 * answer rather than detecting again (issue 19: fixed costs of the first call). The detection is
 * counted, and every reading is compared with parseMaps' own.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { readText } from '../../src/artifact/index';
import * as detect from '../../src/parse/detect';
import { parseMaps } from '../../src/parse/index';

vi.mock('../../src/parse/detect', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/parse/detect')>();
  return { ...original, detectFormat: vi.fn(original.detectFormat) };
});

const detections = vi.mocked(detect.detectFormat);
const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
/** What a reading says, without the table's object identity. */
const summary = (r: ReturnType<typeof parseMaps>) => ({ format: r.format, regions: r.regions.toArray().map((x) => x.format()), diagnostics: r.diagnostics, stats: r.stats });

beforeEach(() => {
  detections.mockClear();
});

describe('readText detects once', () => {
  const cases: [string, string][] = [
    ['pmap -x output (no maps line first)', fixture('pmap/python-mapper.pmap-x.txt')],
    ['gdb info proc mappings', fixture('gdb/python-mapper.gdb13.txt')],
    ['a maps file after a blank line and a comment', `\n# captured by hand\n${fixture('pmap/python-mapper-plain.maps')}`],
    ['CRLF pmap output (its detection holds: the text is not rewritten)', fixture('pmap/python-mapper.pmap.txt').replace(/\n/g, '\r\n')],
  ];
  for (const [name, text] of cases) {
    it(`${name}: one detection, the reading parseMaps gives`, () => {
      const read = readText(text);
      expect(detections).toHaveBeenCalledTimes(1);
      detections.mockClear();
      const reference = parseMaps(text);
      expect(detections).toHaveBeenCalledTimes(1);
      expect(read.regions.length).toBeGreaterThan(0);
      expect(summary(read)).toEqual(summary(reference));
    });
  }

  it('text rewritten before parsing (CR-only line ends) is detected again, on the text read', () => {
    const text = `# captured by hand\n${fixture('pmap/python-mapper-plain.maps')}`.replace(/\n/g, '\r');
    const read = readText(text);
    // The first detection saw one long line; the parse detects the rewritten text itself.
    expect(detections).toHaveBeenCalledTimes(2);
    expect(read.format).toBe('maps');
    expect(read.regions.length).toBeGreaterThan(0);
    expect(summary(read)).toEqual(summary(parseMaps(text)));
  });

  it('an smaps file (starts as a map) is detected once, by parseMaps', () => {
    const text = fixture('smaps/python-mapper.smaps');
    expect(readText(text).format).toBe('smaps');
    expect(detections).toHaveBeenCalledTimes(1);
  });

  it('a log with maps lines among other lines is still read as a log', () => {
    const maps = fixture('pmap/python-mapper-plain.maps').split('\n').slice(0, 3);
    const other = Array.from({ length: 8 }, (_, i) => `worker ${i}: started`);
    const text = [...other, ...maps, ...other, ''].join('\n');
    const read = readText(text);
    expect(read.artifact?.format).toBe('log');
    expect(read.regions.length).toBe(3);
    expect(detections).toHaveBeenCalledTimes(2); // the text, then the map lines taken out of it (log.ts)
  });
});
