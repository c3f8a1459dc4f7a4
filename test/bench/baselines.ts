/**
 * The two baselines the parser is measured against, run on the same text in the same process.
 * (a) is what a user writes in ten minutes; (b) is the floor: finding the newlines, nothing else.
 */

/** One region as the ad-hoc parser returns it: an object with bigint addresses. */
export interface NaiveRegion {
  begin: bigint;
  end: bigint;
  perms: string;
  offset: bigint;
  device: string;
  inode: bigint;
  pathname: string;
}

// One regular expression per line: start-end perms offset major:minor inode [pathname].
const LINE_RE = /^([0-9a-f]+)-([0-9a-f]+)\s+([r-][w-][x-][sp])\s+([0-9a-f]+)\s+([0-9a-f]+:[0-9a-f]+)\s+(\d+)\s*(.*)$/;

/** Baseline (a): split lines, one regular expression per line, BigInt for addresses, an object per region. */
export function naiveParse(text: string): NaiveRegion[] {
  const regions: NaiveRegion[] = [];
  for (const line of text.split('\n')) {
    const m = LINE_RE.exec(line);
    if (m === null) continue;
    regions.push({
      begin: BigInt('0x' + m[1]),
      end: BigInt('0x' + m[2]),
      perms: m[3],
      offset: BigInt('0x' + m[4]),
      device: m[5],
      inode: BigInt(m[6]),
      pathname: m[7],
    });
  }
  return regions;
}

/** Baseline (b), the floor: a loop of text.indexOf('\n', i) that only counts the lines. */
export function countNewlines(text: string): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}
