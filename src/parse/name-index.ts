/**
 * The maps parser's index of pathnames: the id of the name at text[s..e) without cutting it out
 * of the text, so that a line whose name is already known allocates nothing. The previous line's
 * name is tried first (a library's segments follow one another), then an open-addressing hash
 * table. Every candidate is confirmed by comparing all its characters: a hash collision costs
 * time, never a wrong name. Only a name not seen before is sliced, once, and given to the builder.
 *
 * Two modes, fixed for a parse. `chars` reads the text by character codes and confirms with
 * startsWith. `bytes` serves the ASCII fast path (maps-ascii.ts), which holds the text as bytes a
 * window at a time: each name's bytes are kept in an arena, names are hashed and compared 4 bytes
 * at a time, and a name found as bytes gets its string only at the end (detachedNames: one decode
 * of the arena), so the parse cuts no string out of the text at all.
 */
import type { PathnameList } from '../model/pathname-list.js';
import type { RegionTableBuilder } from '../model/region-table.js';

const INITIAL_SLOTS = 1024;
/** chars mode: names up to this length are hashed whole; longer ones by their ends and a sample. */
const HASH_CHARS = 32;

/** Mixes one more 32-bit input into h. */
function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x9e3779b1);
  return (h << 13) | (h >>> 19);
}

/** The final avalanche, so that the low bits (the slot) depend on every input. */
function avalanche(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return h ^ (h >>> 13);
}

/** chars mode: hash of text[s..e): the length, the last 16 characters and 16 spread over the rest. */
function hashChars(text: string, s: number, e: number): number {
  const len = e - s;
  let h = Math.imul(len, 0x27d4eb2d);
  if (len <= HASH_CHARS) {
    for (let i = s; i < e; i++) h = mix(h, text.charCodeAt(i));
  } else {
    const step = ((len - 16) >>> 4) + 1;
    for (let i = s; i < e - 16; i += step) h = mix(h, text.charCodeAt(i));
    for (let i = e - 16; i < e; i++) h = mix(h, text.charCodeAt(i));
  }
  return avalanche(h);
}

/** Mask of the first n (1–3) bytes of a little-endian word. */
function tailMask(n: number): number {
  return 0xffffffff >>> ((4 - n) << 3);
}

/**
 * bytes mode: hash of view[s..e) as little-endian 32-bit words; the last partial word is masked
 * (the bytes after it are another field or padding).
 */
function hashBytes(view: DataView, s: number, e: number): number {
  let h = Math.imul(e - s, 0x27d4eb2d);
  let i = s;
  for (; i + 4 <= e; i += 4) h = mix(h, view.getInt32(i, true));
  if (i < e) h = mix(h, view.getInt32(i, true) & tailMask(e - i));
  return avalanche(h);
}

/** The 4 characters text[i..i+4) as a little-endian word of bytes (characters below 256). */
function charWord(text: string, i: number, n: number): number {
  let w = 0;
  for (let k = 0; k < n; k++) w |= text.charCodeAt(i + k) << (k << 3);
  return w;
}

/** bytes mode: the same hash as hashBytes, of text[s..e) read by characters (all below 128). */
function hashCharsAsBytes(text: string, s: number, e: number): number {
  let h = Math.imul(e - s, 0x27d4eb2d);
  let i = s;
  for (; i + 4 <= e; i += 4) h = mix(h, charWord(text, i, 4));
  if (i < e) h = mix(h, charWord(text, i, e - i));
  return avalanche(h);
}

/** True when a[as..as+len) and b[bs..bs+len) hold the same bytes; 4 at a time. */
function sameBytes(a: DataView, as: number, b: DataView, bs: number, len: number): boolean {
  let i = 0;
  for (; i + 4 <= len; i += 4) if (a.getInt32(as + i, true) !== b.getInt32(bs + i, true)) return false;
  return i === len || ((a.getInt32(as + i, true) ^ b.getInt32(bs + i, true)) & tailMask(len - i)) === 0;
}

/** True when text[s..s+len) equals the bytes b[bs..bs+len). */
function sameCharsAsBytes(text: string, s: number, b: DataView, bs: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (text.charCodeAt(s + i) !== b.getUint8(bs + i)) return false;
  return true;
}

/** True when every character of s is ASCII. */
function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** What the maps line readers need of a pathname index: NameIndex, or the WebAssembly path's (maps-wasm.ts). */
export interface PathnameInterner {
  /** The id of the pathname text[s..e), interned if new. */
  intern(s: number, e: number): number;
  /** Every name as a string of its own, in id order, when the index holds them as bytes; else null. */
  detachedNames(): string[] | null;
}

/** Interns pathnames that stand in one text; see the module comment. */
export class NameIndex implements PathnameInterner {
  private readonly text: string;
  /** The builder's pathnames (RegionTableBuilder.names), where the ids point. */
  private readonly list: PathnameList;
  private readonly bytesMode: boolean;
  /** slot -> name id, -1 = empty. */
  private slots = new Int32Array(INITIAL_SLOTS).fill(-1);
  /** Per id: its hash (a probe compares characters only when the hashes agree) and length. */
  private hashes = new Int32Array(INITIAL_SLOTS >> 1);
  private lengths = new Int32Array(INITIAL_SLOTS >> 1);
  /** bytes mode, per id: where its bytes start in the arena; -1 for a name that cannot occur (not ASCII). */
  private arenaAt = new Int32Array(INITIAL_SLOTS >> 1);
  private arena = new Uint8Array(0);
  private arenaView = new DataView(this.arena.buffer);
  private arenaUsed = 0;
  private count = 0;
  private prevId = -1;
  private prevLength = -1;

  constructor(text: string, builder: RegionTableBuilder, mode: 'chars' | 'bytes') {
    this.text = text;
    this.list = builder.names;
    this.bytesMode = mode === 'bytes';
  }

  /** The id of the pathname text[s..e), interned if new. */
  intern(s: number, e: number): number {
    const len = e - s;
    if (len === this.prevLength && this.equalsChars(this.prevId, s, len)) return this.prevId;
    const h = this.bytesMode ? hashCharsAsBytes(this.text, s, e) : hashChars(this.text, s, e);
    let id = this.findChars(h, s, len);
    if (id < 0 && this.count < this.list.count) {
      this.indexForeignNames();
      id = this.findChars(h, s, len);
    }
    return this.found(id, h, s, e);
  }

  /**
   * bytes mode: the id of the pathname whose bytes are view[bs..be); interned if new.
   */
  internBytes(view: DataView, bs: number, be: number): number {
    const len = be - bs;
    const prev = this.prevId;
    if (len === this.prevLength && this.arenaAt[prev] >= 0 && sameBytes(view, bs, this.arenaView, this.arenaAt[prev], len)) return prev;
    const h = hashBytes(view, bs, be);
    let id = this.findBytes(h, view, bs, len);
    if (id < 0 && this.count < this.list.count) {
      this.indexForeignNames();
      id = this.findBytes(h, view, bs, len);
    }
    if (id < 0) {
      // The string comes later, from the arena (detachedNames).
      id = this.list.addPending();
      this.add(id, h, len);
      this.arenaAt[id] = this.storeBytes(view, bs, len);
    }
    this.prevId = id;
    this.prevLength = len;
    return id;
  }

  /**
   * bytes mode: every name, in id order, as a string that shares no memory with the text: one
   * decode of the arena, where the names lie one after another, then a view of it per name (see
   * detachAll in region-table.ts); a name that is not in the arena (not ASCII) is copied alone.
   * Pending names (PathnameList.addPending) get their strings here. Null in chars
   * mode, or without TextDecoder (then no name is pending: the bytes path needs TextEncoder too).
   */
  detachedNames(): string[] | null {
    if (!this.bytesMode || typeof TextDecoder === 'undefined') return null;
    this.indexForeignNames();
    const all = new TextDecoder().decode(this.arena.subarray(0, this.arenaUsed));
    const out = new Array<string>(this.count);
    for (let id = 0; id < this.count; id++) {
      const at = this.arenaAt[id];
      out[id] = at >= 0 ? all.slice(at, at + this.lengths[id]) : (' ' + (this.list.nameOf(id) as string)).slice(1);
    }
    return out;
  }

  /** The previous name's length (-1 before the first name). */
  get previousLength(): number {
    return this.prevLength;
  }

  /**
   * bytes mode: the previous name's id when its bytes stand at view[bs..bs + previousLength), else
   * -1. The caller has checked that those bytes lie inside the view's data.
   */
  previousAt(view: DataView, bs: number): number {
    const prev = this.prevId;
    const at = prev >= 0 ? this.arenaAt[prev] : -1;
    return at >= 0 && sameBytes(view, bs, this.arenaView, at, this.prevLength) ? prev : -1;
  }

  /** Records `id` (or a new name text[s..e) when id < 0, with hash h) as the previous name. */
  private found(id: number, h: number, s: number, e: number): number {
    if (id < 0) {
      const name = this.text.slice(s, e);
      id = this.list.addNew(name);
      this.add(id, h, name.length);
      if (this.bytesMode) this.arenaAt[id] = this.storeChars(name);
    }
    this.prevId = id;
    this.prevLength = e - s;
    return id;
  }

  /** True when name `id` equals text[s..s+len) (the lengths are known to be equal). */
  private equalsChars(id: number, s: number, len: number): boolean {
    if (!this.bytesMode) return this.text.startsWith(this.list.nameOf(id) as string, s);
    const at = this.arenaAt[id];
    return at >= 0 && sameCharsAsBytes(this.text, s, this.arenaView, at, len);
  }

  private findChars(h: number, s: number, len: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const id = slots[slot];
      if (id < 0) return -1;
      if (this.hashes[id] === h && this.lengths[id] === len && this.equalsChars(id, s, len)) return id;
    }
  }

  private findBytes(h: number, view: DataView, bs: number, len: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const id = slots[slot];
      if (id < 0) return -1;
      if (this.hashes[id] !== h || this.lengths[id] !== len) continue;
      const at = this.arenaAt[id];
      if (at >= 0 && sameBytes(view, bs, this.arenaView, at, len)) return id;
    }
  }

  /** Names the builder got from elsewhere (PathnameList.intern) join the index, so none is added twice. */
  private indexForeignNames(): void {
    for (let id = this.count; id < this.list.count; id++) {
      const name = this.list.nameOf(id) as string;
      this.add(id, this.bytesMode ? hashCharsAsBytes(name, 0, name.length) : hashChars(name, 0, name.length), name.length);
      if (this.bytesMode) this.arenaAt[id] = this.storeChars(name);
    }
  }

  /** Adds name `id` (the next one) with hash h and length len. */
  private add(id: number, h: number, len: number): void {
    if (id >= this.hashes.length) {
      const size = Math.max(this.hashes.length * 2, id + 1);
      const hashes = new Int32Array(size);
      hashes.set(this.hashes);
      this.hashes = hashes;
      const lengths = new Int32Array(size);
      lengths.set(this.lengths);
      this.lengths = lengths;
      const arenaAt = new Int32Array(size);
      arenaAt.set(this.arenaAt);
      this.arenaAt = arenaAt;
    }
    this.hashes[id] = h;
    this.lengths[id] = len;
    this.count = id + 1;
    if (this.count * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2).fill(-1);
      for (let k = 0; k < id; k++) this.place(k, this.hashes[k]);
    }
    this.place(id, h);
  }

  /** Room for `len` more bytes in the arena, and 4 of slack after them; returns where they go. */
  private reserve(len: number): number {
    const at = this.arenaUsed;
    if (at + len + 4 > this.arena.length) {
      const grown = new Uint8Array(Math.max(this.arena.length * 2, at + len + 4, 4096));
      grown.set(this.arena);
      this.arena = grown;
      this.arenaView = new DataView(grown.buffer);
    }
    this.arenaUsed = at + len;
    return at;
  }

  /** Copies the bytes view[bs..bs+len) (ASCII) into the arena, 4 at a time; returns where. */
  private storeBytes(view: DataView, bs: number, len: number): number {
    const at = this.reserve(len);
    const arena = this.arenaView;
    for (let i = 0; i < len; i += 4) arena.setInt32(at + i, view.getInt32(bs + i, true), true);
    return at;
  }

  /** Copies a name into the arena; -1 (never equal to ASCII text) when it is not ASCII. */
  private storeChars(name: string): number {
    if (!isAscii(name)) return -1;
    const at = this.reserve(name.length);
    for (let i = 0; i < name.length; i++) this.arena[at + i] = name.charCodeAt(i);
    return at;
  }

  private place(id: number, h: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let at = h & mask;
    while (slots[at] >= 0) at = (at + 1) & mask;
    slots[at] = id;
  }
}
