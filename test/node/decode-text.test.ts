import { describe, expect, it } from 'vitest';
import { parseMaps } from '../../src/internal';
import { addInvalidUtf8Warnings, decodeUtf8 } from '../../src/node/decode-text';

const line = (n: number, name: string) => `${(0x1000 * n).toString(16).padStart(8, '0')}-${(0x1000 * (n + 1)).toString(16).padStart(8, '0')} r--p 00000000 08:02 ${n} ${name}`;

function decodeAndParse(bytes: Buffer) {
  const decoded = decodeUtf8(bytes);
  // Forced: the junk lines of one case would otherwise make detection say "unknown".
  const result = parseMaps(decoded.text, { format: 'maps' });
  addInvalidUtf8Warnings(result, decoded);
  return { decoded, result };
}

describe('decodeUtf8 and addInvalidUtf8Warnings', () => {
  it('valid UTF-8, including a real U+FFFD, gives no warning', () => {
    const text = line(1, '/tmp/名前') + '\n' + line(2, '/tmp/\ufffd') + '\n';
    const { decoded, result } = decodeAndParse(Buffer.from(text));
    expect(decoded).toEqual({ text, validUtf8: true });
    expect(result.diagnostics).toEqual([]);
  });

  const cases: [string, Buffer[], number[]][] = [
    ['one bad byte on line 2', [Buffer.from(line(1, '/a') + '\n' + line(2, '/b')), Buffer.from([0xff]), Buffer.from('\n')], [2]],
    ['bad bytes on lines 1 and 3, two on line 3', [Buffer.from(line(1, '/a')), Buffer.from([0xc3]), Buffer.from('\n' + line(2, '/b') + '\n' + line(3, '/')), Buffer.from([0x80, 0x41, 0xfe]), Buffer.from('\n')], [1, 3]],
    ['after a byte-order mark', [Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(line(1, '/a') + '\n' + line(2, '/')), Buffer.from([0xfe])], [2]],
    ['CRLF lines', [Buffer.from(line(1, '/a') + '\r\n' + line(2, '/')), Buffer.from([0xfe]), Buffer.from('\r\n')], [2]],
  ];
  for (const [name, parts, lines] of cases) {
    it(name, () => {
      const { decoded, result } = decodeAndParse(Buffer.concat(parts));
      expect(decoded.validUtf8).toBe(false);
      expect(result.diagnostics.map((d) => [d.line, d.code, d.severity])).toEqual(lines.map((l) => [l, 'invalid-utf8', 'warning']));
      // The region is kept: a warning, never a lost line.
      expect(result.regions.length).toBe(result.stats.lines);
      for (const d of result.diagnostics) expect(d.text).not.toContain('\r');
    });
  }

  it('keeps diagnostics in line order when errors are present', () => {
    const bytes = Buffer.concat([Buffer.from('junk\n' + line(2, '/')), Buffer.from([0xff]), Buffer.from('\nmore junk\n')]);
    const { result } = decodeAndParse(bytes);
    expect(result.diagnostics.map((d) => [d.line, d.severity])).toEqual([
      [1, 'error'],
      [2, 'warning'],
      [3, 'error'],
    ]);
  });
});
