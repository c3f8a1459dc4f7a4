/**
 * A set of address-order positions (RegionIndex.order), read as the app reads a search's answer:
 * its size, "is one of them in [from, to)" (the map's find layer, per pixel column), the j-th
 * (the table's rows in view) and the rank of one (the selected row's place). Three forms, made by
 * whoever answers the search: an ascending array (a few regions), a bitset (a broad answer: at a
 * million regions 128 kB, where the array of `size>1M` was 2.5 MB of fresh memory, and its rows as
 * much again — their first touch was most of a broad keystroke), and every position below n.
 * The array is made only when something reads it whole (toArray).
 */

/** Ascending address-order positions, read without being listed. */
export interface PositionSet {
  /** How many positions. */
  readonly size: number;
  /** True when one of the positions is in [from, to). */
  anyIn(from: number, to: number): boolean;
  /** The number of positions below `position`: the index of `position` when it is one. */
  rank(position: number): number;
  /** True when `position` is one of the positions. */
  has(position: number): boolean;
  /** The `j`-th position, ascending (0 ≤ j < size). */
  at(j: number): number;
  /** The positions, ascending; made on first call and shared, so never written to. */
  toArray(): Uint32Array;
  /**
   * Writes the positions ≥ `from`, ascending, into `out` until it is full or they run out; returns
   * how many it wrote. Reads a set in pieces without listing it whole (the selection's sums).
   */
  copyFrom(from: number, out: Uint32Array): number;
}

/** The index of the first of the ascending `positions` that is ≥ `position` (their length when none is). */
export function firstAtOrAfter(positions: Uint32Array | Int32Array, position: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (positions[m] < position) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** An ascending array as a set (the array itself is toArray's answer). */
export function positionSetOf(positions: Uint32Array): PositionSet {
  return {
    size: positions.length,
    anyIn(from, to) {
      const at = firstAtOrAfter(positions, from);
      return at < positions.length && positions[at] < to;
    },
    rank: (position) => firstAtOrAfter(positions, position),
    has(position) {
      const at = firstAtOrAfter(positions, position);
      return at < positions.length && positions[at] === position;
    },
    at: (j) => positions[j],
    toArray: () => positions,
    copyFrom(from, out) {
      const at = firstAtOrAfter(positions, from);
      const count = Math.min(out.length, positions.length - at);
      out.set(positions.subarray(at, at + count));
      return count;
    },
  };
}

/** Every position in [0, n): a search every region matches, or none asked. */
export function allPositions(n: number): PositionSet {
  let array: Uint32Array | null = null;
  return {
    size: n,
    anyIn: (from, to) => Math.max(from, 0) < Math.min(to, n),
    rank: (position) => Math.max(0, Math.min(position, n)),
    has: (position) => position >= 0 && position < n,
    at: (j) => j,
    toArray() {
      if (array === null) {
        array = new Uint32Array(n);
        for (let k = 0; k < n; k++) array[k] = k;
      }
      return array;
    },
    copyFrom(from, out) {
      const start = Math.max(0, from);
      const count = Math.max(0, Math.min(out.length, n - start));
      for (let k = 0; k < count; k++) out[k] = start + k;
      return count;
    },
  };
}

/** Words a rank directory entry covers: 2,048 positions. */
const BLOCK_WORDS = 64;

/** The number of bits set in a 32-bit word. */
function popcount(w: number): number {
  w -= (w >>> 1) & 0x55555555;
  w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
  return (Math.imul((w + (w >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/**
 * Positions below `regionCount` as bits (bit p & 31 of word p >>> 5), built by marking: set(p) /
 * clear(p) by the builder, then `size` given once, and read. Rank and the j-th position use a
 * directory of counts per 2,048 positions, made on the first such read (regionCount / 2,048 steps).
 */
export class PositionBits implements PositionSet {
  readonly words: Int32Array;
  size = 0;
  private blocks: Uint32Array | null = null;
  private array: Uint32Array | null = null;

  constructor(readonly regionCount: number) {
    this.words = new Int32Array((regionCount + 31) >>> 5);
  }

  /** Sets every position in [0, regionCount). */
  fill(): void {
    this.words.fill(-1);
    const tail = this.regionCount & 31;
    if (tail !== 0) this.words[this.words.length - 1] = (1 << tail) - 1;
    this.size = this.regionCount;
  }

  has(position: number): boolean {
    return position >= 0 && position < this.regionCount && (this.words[position >>> 5] & (1 << (position & 31))) !== 0;
  }

  anyIn(from: number, to: number): boolean {
    from = Math.max(0, from);
    to = Math.min(to, this.regionCount);
    if (from >= to) return false;
    const words = this.words;
    const first = from >>> 5;
    const last = (to - 1) >>> 5;
    // The first and last words' bits outside [from, to) masked off.
    const lowMask = -1 << (from & 31);
    const highMask = -1 >>> (31 - ((to - 1) & 31));
    if (first === last) return (words[first] & lowMask & highMask) !== 0;
    if ((words[first] & lowMask) !== 0) return true;
    for (let w = first + 1; w < last; w++) if (words[w] !== 0) return true;
    return (words[last] & highMask) !== 0;
  }

  rank(position: number): number {
    if (position <= 0) return 0;
    if (position >= this.regionCount) return this.size;
    const blocks = this.directory();
    const word = position >>> 5;
    const block = Math.floor(word / BLOCK_WORDS);
    let count = blocks[block];
    for (let w = block * BLOCK_WORDS; w < word; w++) count += popcount(this.words[w]);
    const bit = position & 31;
    return bit === 0 ? count : count + popcount(this.words[word] & ((1 << bit) - 1));
  }

  at(j: number): number {
    const blocks = this.directory();
    // The last block whose count before it is ≤ j.
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo < hi) {
      const m = (lo + hi + 1) >>> 1;
      if (blocks[m] <= j) lo = m;
      else hi = m - 1;
    }
    let left = j - blocks[lo];
    const words = this.words;
    for (let w = lo * BLOCK_WORDS; w < words.length; w++) {
      let bits = words[w];
      const c = popcount(bits);
      if (left >= c) {
        left -= c;
        continue;
      }
      for (; left > 0; left--) bits &= bits - 1;
      return (w << 5) + 31 - Math.clz32(bits & -bits);
    }
    return -1;
  }

  toArray(): Uint32Array {
    if (this.array === null) {
      const out = new Uint32Array(this.size);
      const words = this.words;
      let m = 0;
      for (let w = 0; w < words.length; w++) {
        let bits = words[w];
        while (bits !== 0) {
          out[m++] = (w << 5) + 31 - Math.clz32(bits & -bits);
          bits &= bits - 1;
        }
      }
      this.array = out;
    }
    return this.array;
  }

  copyFrom(from: number, out: Uint32Array): number {
    if (from >= this.regionCount || out.length === 0) return 0;
    from = Math.max(0, from);
    const words = this.words;
    const first = from >>> 5;
    let m = 0;
    for (let w = first; w < words.length; w++) {
      // The first word's bits below `from` masked off.
      let bits = w === first ? words[w] & (-1 << (from & 31)) : words[w];
      while (bits !== 0) {
        out[m++] = (w << 5) + 31 - Math.clz32(bits & -bits);
        if (m === out.length) return m;
        bits &= bits - 1;
      }
    }
    return m;
  }

  /** Per block of BLOCK_WORDS words, the positions set before it (one more entry: the total). */
  private directory(): Uint32Array {
    if (this.blocks === null) {
      const words = this.words;
      const n = Math.ceil(words.length / BLOCK_WORDS);
      const blocks = new Uint32Array(n + 1);
      let count = 0;
      for (let b = 0; b < n; b++) {
        blocks[b] = count;
        const end = Math.min(words.length, (b + 1) * BLOCK_WORDS);
        for (let w = b * BLOCK_WORDS; w < end; w++) count += popcount(words[w]);
      }
      blocks[n] = count;
      this.blocks = blocks;
    }
    return this.blocks;
  }
}
