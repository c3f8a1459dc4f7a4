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

/** A region of the ad-hoc parsers from LINE_RE's match. */
function regionOf(m: RegExpExecArray): NaiveRegion {
  return { begin: BigInt('0x' + m[1]), end: BigInt('0x' + m[2]), perms: m[3], offset: BigInt('0x' + m[4]), device: m[5], inode: BigInt(m[6]), pathname: m[7] };
}

/** Baseline (a): split lines, one regular expression per line, BigInt for addresses, an object per region. */
export function naiveParse(text: string): NaiveRegion[] {
  const regions: NaiveRegion[] = [];
  for (const line of text.split('\n')) {
    const m = LINE_RE.exec(line);
    if (m !== null) regions.push(regionOf(m));
  }
  return regions;
}

/** Baseline (b), the floor: a loop of text.indexOf('\n', i) that only counts the lines. */
export function countNewlines(text: string): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/**
 * Baseline (c), the output's floor: the newline floor (b), then what any parser that returns
 * mapscope's table must do besides, write every row of columns made for the lines (RegionTable's
 * 14 columns, 50 bytes a row), done the cheapest way: a native fill per column, no field read.
 * In a fresh process the columns are fresh memory, as the parser's are, and first touch of fresh
 * memory is slow on some machines (issue 19: ~13 µs a page on the VM of its figures).
 */
export function writeRowsFloor(text: string): ArrayBufferView[] {
  const rows = countNewlines(text);
  const columns = [
    ...Array.from({ length: 12 }, () => new Uint32Array(rows)), // begin, end, offset, inode (hi, lo), major, minor, line, pathId
    new Uint8Array(rows), // perms
    new Uint8Array(rows), // kind
  ];
  for (const column of columns) column.fill(1);
  return columns;
}

/** One region of the ad-hoc smaps parser: the maps fields and its `Key: value` fields, in bytes where the unit is kB. */
export interface NaiveSmapsRegion extends NaiveRegion {
  fields: Record<string, number>;
  vmFlags: string[];
}

const FIELD_RE = /^(\w+):\s+(\d+)(?: kB)?$/;

/** Baseline (a) for smaps: split lines, a header is a maps line (LINE_RE), a field `Key: number [kB]`, VmFlags a list. */
export function naiveSmapsParse(text: string): NaiveSmapsRegion[] {
  const regions: NaiveSmapsRegion[] = [];
  let last: NaiveSmapsRegion | null = null;
  for (const line of text.split('\n')) {
    if (last !== null && line.startsWith('VmFlags:')) {
      last.vmFlags = line.slice(8).trim().split(' ');
      continue;
    }
    const f = FIELD_RE.exec(line);
    if (f !== null) {
      if (last !== null) last.fields[f[1]] = line.endsWith(' kB') ? Number(f[2]) * 1024 : Number(f[2]);
      continue;
    }
    const m = LINE_RE.exec(line);
    if (m === null) continue;
    last = { ...regionOf(m), fields: {}, vmFlags: [] };
    regions.push(last);
  }
  return regions;
}
