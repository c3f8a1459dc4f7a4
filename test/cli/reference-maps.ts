/**
 * An independent, deliberately simple reading of kernel maps lines (a regular expression over
 * the raw text), used to check the CLI's JSON field by field. It shares no code with src/.
 */
import { readFileSync } from 'node:fs';
import { CORPUS_DIR } from '../helpers/fixtures';

/** What a kernel maps line says, in the CLI's JSON conventions, computed from the text alone. */
export interface ReferenceRegion {
  line: number;
  begin: string;
  end: string;
  sizeBytes: string;
  perms: string;
  offset: string;
  device: { major: number; minor: number };
  inode: string;
  pathname: string | null;
}

// proc_pid_maps(5): start-end perms offset major:minor inode [padding pathname]
const LINE = /^([0-9a-f]+)-([0-9a-f]+) ([r-][w-][x-][sp]) ([0-9a-f]+) ([0-9a-f]+):([0-9a-f]+) ([0-9]+)(?: +(.*))?$/;

/** Hex text as `0x` + lowercase digits without leading zeros — by string editing only. */
export function hexText(digits: string): string {
  return '0x' + digits.toLowerCase().replace(/^0+(?=.)/, '');
}

/** Parses one line; undefined when it is not a well-formed kernel maps line. */
export function referenceRegion(text: string, line: number): ReferenceRegion | undefined {
  const m = LINE.exec(text);
  if (!m) return undefined;
  return {
    line,
    begin: hexText(m[1]),
    end: hexText(m[2]),
    sizeBytes: (BigInt('0x' + m[2]) - BigInt('0x' + m[1])).toString(),
    perms: m[3],
    offset: hexText(m[4]),
    device: { major: parseInt(m[5], 16), minor: parseInt(m[6], 16) },
    inode: m[7].replace(/^0+(?=.)/, ''),
    pathname: m[8] === undefined || m[8] === '' ? null : m[8],
  };
}

/** The lines of a text as the CLI numbers them (1-based; a final newline does not start a line). */
export function textLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Every line of a file with its reference reading (undefined for lines the regex rejects). */
export function referenceFile(path: string): { text: string; lines: string[]; regions: (ReferenceRegion | undefined)[] } {
  const text = readFileSync(path, 'utf8');
  const lines = textLines(text);
  return { text, lines, regions: lines.map((l, i) => referenceRegion(l, i + 1)) };
}

export const CORPUS = CORPUS_DIR;
