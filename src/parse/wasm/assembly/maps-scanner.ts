/**
 * The maps line scanner in WebAssembly (AssemblyScript; built by src/parse/wasm/build.mjs
 * into src/parse/wasm/maps-scanner.gen.ts, loaded by src/parse/wasm/maps-scanner.ts). Issue 19: a first
 * parse in a fresh process or worker runs JavaScript in the interpreter while the JIT compiles it;
 * WebAssembly is compiled before its first instruction (Liftoff: about a millisecond for this module).
 *
 * It reads what src/parse/maps-ascii.ts readAsciiLines reads, and only that: lines in the kernel's
 * exact layout (fs/proc/task_mmu.c show_vma_header_prefix: one space between fields, %08lx
 * addresses and offset, %02x:%02x device, %lu inode, the name at the kernel's column), from the
 * bytes of an ASCII window of the text, and writes each line's region into its own columns. It
 * stops at the first line it does not take and returns where that line starts: the caller hands
 * the line, untouched, to the checked path (src/parse/maps-checked-line.ts) and calls scan again.
 *
 * Pathnames are interned here: a hash table keyed by the name's bytes gives each row a name id,
 * and each new name's bytes are copied once into an arena, in id order and newline-separated, so
 * that JavaScript decodes the distinct names in one TextDecoder call and one split, and does no
 * work per row or per name for them. Names the checked
 * path reads are interned here too (intern), so that one name has one id whichever path read it.
 *
 * Each row gets its kind as it is read (issue 19: no pass over the table after the parse): a new
 * name is classified once, from its bytes (classify: src/model/kind.ts classifyPathname), and an
 * unnamed row is a thread stack when the row before it is its guard (src/model/thread-stacks.ts);
 * the checked path's rows join that test through noteRegion.
 *
 * Memory: [static data | window (+ zero padding) | columns of one batch of rows | hash table, name
 * records and arena, grown by a bump allocator that start() resets]. No GC, no runtime calls.
 *
 * Wasm SIMD (build.mjs: --enable simd): the hex fields are read 16 bytes at once (readHexWide), and
 * newlines and the padding's spaces found 16 bytes a step. Issue 19's profile of this scan (65,532
 * lines, CPU time, min of 25 warm runs): SWAR 8 bytes a step took 5.9 ms in Liftoff and 3.9 ms in
 * TurboFan, these 4.7 and 3.3 ms, against 0.82 ms for the indexOf('\n') floor.
 */

// ---- layout ----------------------------------------------------------------------------------

/** Columns of a batch, in this order (u32 each, then perms and kinds, u8); JavaScript copies them out. */
const COL_BEGIN_HI = 0;
const COL_BEGIN_LO = 1;
const COL_END_HI = 2;
const COL_END_LO = 3;
const COL_OFFSET_HI = 4;
const COL_OFFSET_LO = 5;
const COL_INODE_HI = 6;
const COL_INODE_LO = 7;
const COL_MAJOR = 8;
const COL_MINOR = 9;
const COL_LINE = 10;
const COL_PATH_ID = 11;
/** Where the row's line starts in the window (for the lookup that scans: src/parse/scan-lookup.ts). */
const COL_START = 12;
const U32_COLUMNS = 13;

/** Zero bytes after the window's bytes: every field scan stops at them, and a word read that starts inside the window stays in memory. */
const PAD = 16;

let windowPtr: usize = 0;
let colPtr: usize = 0;
let permsPtr: usize = 0;
let kindsPtr: usize = 0;
let rowCap: i32 = 0;
/** The first byte the bump allocator hands out, and the next one. */
let heapStart: usize = 0;
let heapTop: usize = 0;

/** Lower-case hex digit values of byte values, -1 for any other byte (the kernel writes %lx). */
const HEX: usize = memory.data(256);

/** Bytes [heapTop, heapTop + n), growing the memory as needed; 8-byte aligned. */
function alloc(n: i32): usize {
  const at = (heapTop + 7) & ~(<usize>7);
  const end = at + <usize>n;
  const have = <usize>memory.size() << 16;
  if (end > have) {
    const pages = <i32>((end - have + 0xffff) >> 16);
    if (memory.grow(pages) < 0) unreachable();
  }
  heapTop = end;
  return at;
}

// ---- names -----------------------------------------------------------------------------------

/** slot -> name id + 1 (0: empty); a power of two, at least twice the names. */
let slots: usize = 0;
let slotCount: i32 = 0;
/**
 * Per name id: hash (u32), length (i32), where its bytes start in the arena (i32; -1: not ASCII,
 * never equal to a window's bytes), and its kinds, private then shared (u8 each; K_ASK: not ASCII).
 */
let nameHash: usize = 0;
let nameLen: usize = 0;
let nameAt: usize = 0;
let nameKind: usize = 0;
let nameCap: i32 = 0;
let names: i32 = 0;
let arena: usize = 0;
let arenaCap: i32 = 0;
let arenaUsed: i32 = 0;
let prevId: i32 = -1;
let prevLen: i32 = -1;
let scratchPtr: usize = 0;
let scratchCap: i32 = 0;

@inline function rotl(h: u64, r: u64): u64 {
  return (h << r) | (h >> (64 - r));
}

/** Hash of the bytes [p, p + len): 8 at a time, the last partial word masked (the bytes after it are another field or padding). */
function hashBytes(p: usize, len: i32): u32 {
  let h: u64 = <u64>len * 0x9e3779b97f4a7c15;
  let i = 0;
  for (; i + 8 <= len; i += 8) h = rotl((h ^ load<u64>(p + i)) * 0xff51afd7ed558ccd, 29);
  if (i < len) h = rotl((h ^ (load<u64>(p + i) & ((<u64>-1) >> (<u64>(8 - (len - i)) << 3)))) * 0xff51afd7ed558ccd, 29);
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53;
  h ^= h >> 29;
  return <u32>h;
}

/** True when [a, a + len) and [b, b + len) hold the same bytes; 16 at a time, then 8 (both have room for a word past their end). */
function sameBytes(a: usize, b: usize, len: i32): bool {
  let i = 0;
  for (; i + 16 <= len; i += 16) if (i8x16.bitmask(i8x16.eq(v128.load(a + i), v128.load(b + i))) != 0xffff) return false;
  for (; i + 8 <= len; i += 8) if (load<u64>(a + i) != load<u64>(b + i)) return false;
  if (i == len) return true;
  return ((load<u64>(a + i) ^ load<u64>(b + i)) & ((<u64>-1) >> (<u64>(8 - (len - i)) << 3))) == 0;
}

function placeSlot(id: i32, h: u32): void {
  const mask = <u32>slotCount - 1;
  let at = h & mask;
  while (load<i32>(slots + (<usize>at << 2)) != 0) at = (at + 1) & mask;
  store<i32>(slots + (<usize>at << 2), id + 1);
}

/** A new name id with hash h, length len and arena position at; grows the records and the table. */
function addName(h: u32, len: i32, at: i32): i32 {
  const id = names;
  if (id == nameCap) {
    const cap = nameCap << 1;
    const hashes = alloc(cap << 2);
    const lengths = alloc(cap << 2);
    const ats = alloc(cap << 2);
    const kinds = alloc(cap << 1);
    memory.copy(hashes, nameHash, <usize>id << 2);
    memory.copy(lengths, nameLen, <usize>id << 2);
    memory.copy(ats, nameAt, <usize>id << 2);
    memory.copy(kinds, nameKind, <usize>id << 1);
    nameHash = hashes;
    nameLen = lengths;
    nameAt = ats;
    nameKind = kinds;
    nameCap = cap;
  }
  store<u32>(nameHash + (<usize>id << 2), h);
  store<i32>(nameLen + (<usize>id << 2), len);
  store<i32>(nameAt + (<usize>id << 2), at);
  setNameKinds(nameKind + (<usize>id << 1), at, len);
  names = id + 1;
  if (names * 2 > slotCount) {
    slotCount <<= 1;
    slots = alloc(slotCount << 2);
    memory.fill(slots, 0, <usize>slotCount << 2);
    for (let k = 0; k < id; k++) placeSlot(k, load<u32>(nameHash + (<usize>k << 2)));
  }
  placeSlot(id, h);
  return id;
}

/**
 * Copies [p, p + len) to the end of the arena, followed by a newline (which no name holds: the
 * caller splits the decoded arena at them); returns where it starts. 8 bytes of room after it.
 */
function storeName(p: usize, len: i32): i32 {
  if (arenaUsed + len + 9 > arenaCap) {
    let cap = arenaCap << 1;
    while (arenaUsed + len + 9 > cap) cap <<= 1;
    const grown = alloc(cap);
    memory.copy(grown, arena, <usize>arenaUsed);
    arena = grown;
    arenaCap = cap;
  }
  const at = arenaUsed;
  memory.copy(arena + <usize>at, p, <usize>len);
  store<u8>(arena + <usize>(at + len), 10);
  arenaUsed = at + len + 1;
  return at;
}

/** The id of the name whose bytes are [p, p + len) (ASCII, len > 0, a word of room after it), interned if new. */
export function intern(p: usize, len: i32): i32 {
  const h = hashBytes(p, len);
  const mask = <u32>slotCount - 1;
  let id = -1;
  for (let at = h & mask; ; at = (at + 1) & mask) {
    const k = load<i32>(slots + (<usize>at << 2)) - 1;
    if (k < 0) break;
    const o = <usize>k << 2;
    if (load<u32>(nameHash + o) == h && load<i32>(nameLen + o) == len) {
      const a = load<i32>(nameAt + o);
      if (a >= 0 && sameBytes(p, arena + <usize>a, len)) {
        id = k;
        break;
      }
    }
  }
  if (id < 0) id = addName(h, len, storeName(p, len));
  prevId = id;
  prevLen = len;
  return id;
}

/**
 * A new name id for a name that is not ASCII (the caller keeps its string): no window's bytes
 * ever equal it. Its place in the arena is empty (a lone newline), so that the arena keeps one
 * entry per id.
 */
export function reserveName(): i32 {
  storeName(0, 0);
  return addName(0, -1, -1);
}

/** Room for `len` bytes (and a word after them) that the caller fills before intern; returns where. */
export function scratch(len: i32): usize {
  if (len + 8 > scratchCap) {
    scratchCap = len + 8;
    scratchPtr = alloc(scratchCap);
  }
  return scratchPtr;
}

export function nameCount(): i32 {
  return names;
}
/** The arena: every name in id order, each followed by a newline. */
export function arenaStart(): usize {
  return arena;
}
export function arenaLength(): i32 {
  return arenaUsed;
}

/**
 * True when the window's [from, to) holds a NUL or a CR: the bytes entry (src/parse/maps-bytes.ts)
 * leaves such a text to the text path (a trailing-NUL drop, NUL warnings, line-end notes). Two
 * TypedArray indexOf passes over a 4,194,304-line file (240 MB) took ~140 ms of CPU in a warm
 * process; this takes 6-9 ms: one pass, 64 bytes a step, over the window the copy has just written.
 */
export function nulOrCr(from: i32, to: i32): bool {
  let p = windowPtr + <usize>from;
  const end = windowPtr + <usize>to;
  const zero = i8x16.splat(0);
  const cr = i8x16.splat(13);
  for (; p + 64 <= end; p += 64) {
    const a = v128.load(p);
    const b = v128.load(p + 16);
    const c = v128.load(p + 32);
    const d = v128.load(p + 48);
    const hit = v128.or(
      v128.or(v128.or(i8x16.eq(a, zero), i8x16.eq(a, cr)), v128.or(i8x16.eq(b, zero), i8x16.eq(b, cr))),
      v128.or(v128.or(i8x16.eq(c, zero), i8x16.eq(c, cr)), v128.or(i8x16.eq(d, zero), i8x16.eq(d, cr))),
    );
    if (v128.any_true(hit)) return true;
  }
  for (; p < end; p++) {
    const x = load<u8>(p);
    if (x == 0 || x == 13) return true;
  }
  return false;
}

/**
 * True when every byte of [from, to), offsets from the window's start, is printable ASCII
 * (0x20-0x7e) or a newline: the lookup that scans checks the name bytes its arena took with it
 * (scan-lookup.ts namesPrintable), so that it vouches only for names with no control, CR, tab or
 * UTF-8 byte. 8 bytes a step: newlines are turned into '*' (0x2a) first, then each byte is
 * compared with the bounds.
 */
export function printable(from: i32, to: i32): bool {
  let p = windowPtr + <usize>from;
  const end = windowPtr + <usize>to;
  for (; p + 8 <= end; p += 8) {
    const x = load<u64>(p);
    if ((x & HIGH) != 0) return false;
    const z = x ^ 0x0a0a0a0a0a0a0a0a;
    const notNewline = (((z & 0x7f7f7f7f7f7f7f7f) + 0x7f7f7f7f7f7f7f7f) | z) & HIGH; // exact, byte by byte
    const y = x | ((~notNewline & HIGH) >> 2);
    if (((y + 0x6060606060606060) & HIGH) != HIGH || ((y + 0x0101010101010101) & HIGH) != 0) return false;
  }
  for (; p < end; p++) {
    const c = byte(p);
    if (c != 10 && (c < 0x20 || c > 0x7e)) return false;
  }
  return true;
}

/** Sets the tables up and reserves the row area, on the module's first use; the parse's heap starts after them. */
function init(): void {
  if (heapStart != 0) return;
  heapTop = (__heap_base + 7) & ~(<usize>7);
  for (let c = 0; c < 256; c++) store<i8>(HEX + c, -1);
  for (let c = 0; c < 10; c++) store<i8>(HEX + 48 + c, <i8>c);
  for (let c = 0; c < 6; c++) store<i8>(HEX + 97 + c, <i8>(10 + c));
  rowArea = alloc(ROW_CHUNK * ROW_BYTES);
  heapStart = heapTop;
}

// ---- kinds (src/model/kind.ts) -----------------------------------------------------------------

/** Kind codes: the order of REGION_KINDS in src/model/kind.ts (test/parse/wasm-kinds.test.ts holds them to it). */
const K_ANONYMOUS: u8 = 0;
const K_NAMED_ANONYMOUS: u8 = 1;
const K_HEAP: u8 = 2;
const K_STACK: u8 = 3;
const K_THREAD_STACK: u8 = 4;
const K_VDSO: u8 = 5;
const K_VVAR: u8 = 6;
const K_VSYSCALL: u8 = 7;
const K_PSEUDO: u8 = 8;
const K_FILE: u8 = 9;
const K_DELETED_FILE: u8 = 10;
const K_SHARED_MEMORY: u8 = 11;
const K_MEMFD: u8 = 12;
const K_SYSV_SHM: u8 = 13;
/** A name table entry JavaScript fills: a name that is not ASCII (its bytes are not here). */
const K_ASK: u8 = 255;

/** True when the bytes [p, p + len) start with the ASCII literal `lit` (a static string: UTF-16 units, no allocation). */
function startsWith(p: usize, len: i32, lit: string): bool {
  const n = lit.length;
  if (len < n) return false;
  const q = changetype<usize>(lit);
  for (let i = 0; i < n; i++) if (<u32>load<u16>(q + (<usize>i << 1)) != byte(p + <usize>i)) return false;
  return true;
}

@inline function equals(p: usize, len: i32, lit: string): bool {
  return len == lit.length && startsWith(p, len, lit);
}

@inline function endsWith(p: usize, len: i32, lit: string): bool {
  return len >= lit.length && startsWith(p + <usize>(len - lit.length), lit.length, lit);
}

/** JavaScript's \s on an ASCII byte: tab, line feed, vertical tab, form feed, carriage return, space. */
@inline function isSpace(c: u32): bool {
  return c == 32 || (c >= 9 && c <= 13);
}

/** One or more decimal digits and nothing else in [p, p + len). */
function allDigits(p: usize, len: i32): bool {
  if (len <= 0) return false;
  for (let i = 0; i < len; i++) if (byte(p + <usize>i) - 48 >= 10) return false;
  return true;
}

/**
 * kind.ts THREAD_STACK_NAME on an ASCII name:
 * /^\[anon:\s*(?:glibc: pthread (?:user )?stack: \d+|stack_and_tls:[^\]]*|thread signal stack)\]$/.
 */
function threadStackName(p: usize, len: i32): bool {
  if (!startsWith(p, len, '[anon:') || byte(p + <usize>(len - 1)) != 93) return false;
  let i = 6;
  while (i < len - 1 && isSpace(byte(p + <usize>i))) i++;
  // The alternatives start with letters, so the spaces skipped are \s*'s whatever follows.
  const b = p + <usize>i;
  const n = len - 1 - i; // the body, before the closing bracket
  if (startsWith(b, n, 'glibc: pthread stack: ')) return allDigits(b + 22, n - 22);
  if (startsWith(b, n, 'glibc: pthread user stack: ')) return allDigits(b + 27, n - 27);
  if (startsWith(b, n, 'stack_and_tls:')) {
    for (let k = 14; k < n; k++) if (byte(b + <usize>k) == 93) return false;
    return true;
  }
  return equals(b, n, 'thread signal stack');
}

/** kind.ts's /^\/SYSV[0-9a-f]{8}( \(deleted\))?$/. */
function sysvName(p: usize, len: i32): bool {
  if ((len != 13 && !(len == 23 && endsWith(p, len, ' (deleted)'))) || !startsWith(p, len, '/SYSV')) return false;
  for (let k = 5; k < 13; k++) if (hexDigit(byte(p + <usize>k)) < 0) return false;
  return true;
}

/** classifyPathname (src/model/kind.ts) of the ASCII name [p, p + len), len > 0, step by step in its order. */
function classify(p: usize, len: i32, shared: bool): u8 {
  if (byte(p) == 91) {
    if (equals(p, len, '[heap]')) return K_HEAP;
    if (equals(p, len, '[stack]')) return K_STACK;
    if (equals(p, len, '[vdso]')) return K_VDSO;
    if (equals(p, len, '[vvar]') || equals(p, len, '[vvar_vclock]')) return K_VVAR;
    if (equals(p, len, '[vsyscall]')) return K_VSYSCALL;
    if (startsWith(p, len, '[stack:') && byte(p + <usize>(len - 1)) == 93) return K_THREAD_STACK;
    if (startsWith(p, len, '[anon_shmem:')) return K_SHARED_MEMORY;
    if (threadStackName(p, len)) return K_THREAD_STACK;
    if (startsWith(p, len, '[anon:')) return K_NAMED_ANONYMOUS;
    return K_PSEUDO;
  }
  // Most names are files: past the first byte only '/memfd:', '/SYSV' and '/dev/' names differ.
  if (byte(p) == 47) {
    const c = byte(p + 1);
    if (c != 109 && c != 83 && c != 100) return endsWith(p, len, ' (deleted)') ? K_DELETED_FILE : K_FILE;
  }
  if (startsWith(p, len, '/memfd:')) return K_MEMFD;
  if (sysvName(p, len)) return K_SYSV_SHM;
  if (equals(p, len, '/dev/zero (deleted)') || equals(p, len, '/dev/zero')) return shared ? K_SHARED_MEMORY : K_ANONYMOUS;
  if (startsWith(p, len, '/dev/shm/') || startsWith(p, len, '/dev/ashmem')) return K_SHARED_MEMORY;
  if (startsWith(p, len, 'anon_inode:')) return K_PSEUDO;
  if (endsWith(p, len, ' (deleted)')) return K_DELETED_FILE;
  return K_FILE;
}

/** Kind of the ASCII name at [p, p + len), private (shared = 0) or shared: for tests against classifyPathname. */
export function classifyName(p: usize, len: i32, shared: i32): i32 {
  init();
  return classify(p, len, shared != 0);
}

/**
 * The kinds of a new name, private then shared, at t: classified once per distinct name, from its
 * bytes in the arena (at), when it is added; K_ASK for a name that is not ASCII (at < 0), whose
 * bytes are not here (JavaScript classifies it: src/parse/maps-wasm.ts WasmNames.kindOf).
 */
function setNameKinds(t: usize, at: i32, len: i32): void {
  if (at < 0) {
    store<u8>(t, K_ASK);
    store<u8>(t + 1, K_ASK);
    return;
  }
  const p = arena + <usize>at;
  const kind = classify(p, len, false);
  store<u8>(t, kind);
  // Only a name that reads as anonymous memory (private /dev/zero) is classified again as shared.
  store<u8>(t + 1, kind == K_ANONYMOUS ? classify(p, len, true) : kind);
}

/** The kind of name `id` in a region that is private (shared = 0) or shared; K_ASK for a name that is not ASCII. */
export function nameKindOf(id: i32, shared: i32): i32 {
  return load<u8>(nameKind + (<usize>id << 1) + <usize>(shared != 0 ? 1 : 0));
}

// ---- passes over a table's rows (src/parse/wasm/row-passes.ts copies the columns in and out) ----

/** Rows the row area holds. */
const ROW_CHUNK = 8192;
/** The row area's columns: begin hi, begin lo, end hi, end lo (u32), pathId (i32), perms, kind (u8). */
const ROW_BYTES = 4 * 5 + 2;
let rowArea: usize = 0;

export function rowChunk(): i32 {
  return ROW_CHUNK;
}

/** Where column k of the row area starts: 0-3 begin hi/lo, end hi/lo; 4 pathId; 5 perms; 6 kind. */
export function rowColumn(k: i32): usize {
  init();
  return k <= 4 ? rowArea + <usize>k * ROW_CHUNK * 4 : rowArea + 20 * ROW_CHUNK + <usize>(k - 5) * ROW_CHUNK;
}

const PERM_ACCESS: u32 = 15; // r, w, x, s
const PERM_RW_PRIVATE: u32 = 3;
const GUARD_MAX: u64 = 64 * 1024;
const STACK_MIN: u64 = 64 * 1024;
const STACK_MAX: u64 = 1024 * 1024 * 1024;

/**
 * isGuardedStack's sizes (src/model/thread-stacks.ts): a guard [guardBegin, begin) right below a
 * stack [begin, end) (its end is the stack's begin), each of its kind's sizes. Sizes as thread-stacks.ts
 * smallSize reads them: a row whose end is below its begin is no stack.
 */
@inline function guardedSizes(guardBegin: u64, begin: u64, end: u64): bool {
  if (begin < guardBegin || end < begin) return false;
  const guard = begin - guardBegin;
  const stack = end - begin;
  return guard > 0 && guard <= GUARD_MAX && stack >= STACK_MIN && stack <= STACK_MAX;
}

/**
 * markThreadStacks (src/model/thread-stacks.ts) on rows [1, n) of the row area, each against the
 * row before it (row 0 is the previous chunk's last row, or the table's first): an unnamed private
 * rw-p anonymous region right above an unnamed ---p anonymous guard, both of a stack's and a
 * guard's sizes, becomes the thread-stack kind. Returns how many it marked.
 */
export function threadRows(n: i32): i32 {
  const bHi = rowColumn(0);
  const bLo = rowColumn(1);
  const eHi = rowColumn(2);
  const eLo = rowColumn(3);
  const pathIds = rowColumn(4);
  const perms = rowColumn(5);
  const kinds = rowColumn(6);
  let marked = 0;
  for (let row = 1; row < n; row++) {
    const g = <usize>(row - 1);
    const r = <usize>row;
    if ((<u32>load<u8>(perms + r) & PERM_ACCESS) != PERM_RW_PRIVATE || (<u32>load<u8>(perms + g) & PERM_ACCESS) != 0) continue;
    const beginHi = load<u32>(bHi + (r << 2));
    const beginLo = load<u32>(bLo + (r << 2));
    if (load<u32>(eLo + (g << 2)) != beginLo || load<u32>(eHi + (g << 2)) != beginHi) continue;
    if (load<u8>(kinds + r) != K_ANONYMOUS || load<u8>(kinds + g) != K_ANONYMOUS) continue;
    if (load<i32>(pathIds + (r << 2)) >= 0 || load<i32>(pathIds + (g << 2)) >= 0) continue;
    const guardBegin = (<u64>load<u32>(bHi + (g << 2)) << 32) | <u64>load<u32>(bLo + (g << 2));
    const begin = (<u64>beginHi << 32) | <u64>beginLo;
    const end = (<u64>load<u32>(eHi + (r << 2)) << 32) | <u64>load<u32>(eLo + (r << 2));
    if (guardedSizes(guardBegin, begin, end)) {
      store<u8>(kinds + r, K_THREAD_STACK);
      marked++;
    }
  }
  return marked;
}

// ---- the parse --------------------------------------------------------------------------------

/** The end of the previous region (u64), and whether every region so far is non-empty and starts at or above the end of the one before. */
let prevEnd: u64 = 0;
let inOrder: i32 = 1;
let rowsOut: i32 = 0;
/**
 * The previous row as a thread stack's guard (src/model/thread-stacks.ts): its begin, and whether it
 * can be one (unnamed, ---p: no r, w, x or s). A row right above it (its begin is prevEnd) that is
 * unnamed, rw-p and of a stack's size is a thread stack: its kind is set as the row is read, and
 * markThreadStacks' pass over the table is not needed (src/parse/row-passes.ts).
 */
let guardBegin: u64 = 0;
let guardRow: bool = false;

/** The kind of an unnamed row [begin, end) with `perms`, after a row that ended at `after` and was a guard (`guard`) from `from`. */
@inline function unnamedKind(guard: bool, from: u64, after: u64, begin: u64, end: u64, perms: u32): u8 {
  return guard && (perms & PERM_ACCESS) == PERM_RW_PRIVATE && after == begin && guardedSizes(from, begin, end) ? K_THREAD_STACK : K_ANONYMOUS;
}

/**
 * Starts a parse: a window of `window` bytes, batches of `rows` rows; forgets the names. Returns
 * the window's address (its bytes go there, followed by PAD zero bytes the caller keeps zero).
 */
export function start(window: i32, rows: i32): usize {
  init();
  heapTop = heapStart;
  windowPtr = alloc(window + PAD);
  rowCap = rows;
  colPtr = alloc(rows * 4 * U32_COLUMNS);
  permsPtr = alloc(rows);
  kindsPtr = alloc(rows);
  slotCount = 1024;
  slots = alloc(slotCount << 2);
  memory.fill(slots, 0, <usize>slotCount << 2);
  nameCap = 512;
  nameHash = alloc(nameCap << 2);
  nameLen = alloc(nameCap << 2);
  nameAt = alloc(nameCap << 2);
  nameKind = alloc(nameCap << 1);
  names = 0;
  // Room for 1 MiB of names from the start: pages of it no name reaches are never touched (a
  // first parse pays for each page it touches: issue 19), where growing by doubling copied the
  // names into fresh pages at each step (65,532 lines: 267 kB of names touched ~760 kB).
  arenaCap = 1 << 20;
  arena = alloc(arenaCap);
  arenaUsed = 0;
  scratchCap = 0;
  prevId = -1;
  prevLen = -1;
  prevEnd = 0;
  inOrder = 1;
  rowsOut = 0;
  guardRow = false;
  return windowPtr;
}

/** Where column k (COL_*) of the batch starts; k = U32_COLUMNS: the perms bytes; U32_COLUMNS + 1: the kinds. */
export function column(k: i32): usize {
  if (k == U32_COLUMNS) return permsPtr;
  if (k == U32_COLUMNS + 1) return kindsPtr;
  return colPtr + <usize>k * <usize>rowCap * 4;
}

/** Rows the last scan wrote. */
export function rows(): i32 {
  return rowsOut;
}

export function ordered(): i32 {
  return inOrder;
}

/**
 * A region the checked path read: keeps the order check and the thread-stack test going across it.
 * Returns its kind when it is unnamed (named = 0): anonymous, or a thread stack above a guard.
 */
export function noteRegion(beginHi: u32, beginLo: u32, endHi: u32, endLo: u32, perms: u32, named: i32): i32 {
  const b = (<u64>beginHi << 32) | <u64>beginLo;
  const e = (<u64>endHi << 32) | <u64>endLo;
  if (b == e || b < prevEnd) inOrder = 0;
  const kind = named != 0 ? K_ANONYMOUS : unnamedKind(guardRow, guardBegin, prevEnd, b, e, perms);
  guardRow = named == 0 && (perms & PERM_ACCESS) == 0;
  guardBegin = b;
  prevEnd = e;
  return kind;
}

@inline function byte(p: usize): u32 {
  return load<u8>(p);
}

@inline function hexDigit(c: u32): i32 {
  return <i32>load<i8>(HEX + c);
}

/** The value of the digits readHex or readHexWide read last. */
let hexValue: u64 = 0;

/** Reads hex digits from p on into `hexValue`, one a step; returns the position after them. */
@inline function readHex(p: usize): usize {
  let v: u64 = 0;
  let d: i32 = 0;
  while ((d = hexDigit(byte(p))) >= 0) {
    v = (v << 4) | <u64>d;
    p++;
  }
  hexValue = v;
  return p;
}

const HIGH: u64 = 0x8080808080808080;

/**
 * Reads hex digits from p on into `hexValue`, 16 bytes at once (wasm SIMD); returns the position
 * after them, or p + 17 for more than 16 digits (the value is then of no use: no field the scanner
 * takes is wider). The 16 bytes from p are in memory: p is at most the window's end, and PAD follows.
 */
@inline function readHexWide(p: usize): usize {
  const x = v128.load(p);
  const digit = i8x16.sub(x, i8x16.splat(0x30)); // '0'-'9' -> 0-9
  const letter = i8x16.sub(x, i8x16.splat(0x61)); // 'a'-'f' -> 0-5
  const isDigit = i8x16.lt_u(digit, i8x16.splat(10));
  const isHex = v128.or(isDigit, i8x16.lt_u(letter, i8x16.splat(6)));
  const n = <i32>ctz(~i8x16.bitmask(isHex)); // the digits: 0-16
  // The digits' values, moved to the last n lanes (a lane whose index is negative, as i8, becomes 0).
  const nibbles = v128.bitselect(digit, i8x16.add(letter, i8x16.splat(10)), isDigit);
  const aligned = i8x16.swizzle(nibbles, i8x16.add(i8x16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), i8x16.splat(<i8>(n - 16))));
  // Each pair of digits into one byte (the first is the higher nibble), then the 8 bytes in little-endian order.
  const pairs = v128.or(v128.and(i16x8.shl(aligned, 4), i16x8.splat(0xf0)), i16x8.shr_u(aligned, 8));
  hexValue = i64x2.extract_lane(i8x16.swizzle(pairs, i8x16(14, 12, 10, 8, 6, 4, 2, 0, -1, -1, -1, -1, -1, -1, -1, -1)), 0);
  if (n == 16) return hexDigit(byte(p + 16)) >= 0 ? p + 17 : p + 16;
  return p + <usize>n;
}

/** The first newline in [p, end), or end: 16 bytes a step (wasm SIMD; the window's zero padding covers the last block). */
@inline function findNewline(p: usize, end: usize): usize {
  while (p < end) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(p), i8x16.splat(10)));
    if (m != 0) {
      const at = p + <usize>ctz(m);
      return at < end ? at : end;
    }
    p += 16;
  }
  return end;
}

/** The first byte at or after p that is not a space: 16 a step (a zero byte, as the window's padding, stops it). */
@inline function skipSpaces(p: usize): usize {
  let m = i8x16.bitmask(i8x16.eq(v128.load(p), i8x16.splat(32)));
  while (m == 0xffff) {
    p += 16;
    m = i8x16.bitmask(i8x16.eq(v128.load(p), i8x16.splat(32)));
  }
  return p + <usize>ctz(~m);
}

/** %08lx: 8 to 16 digits, more than 8 only without a leading zero. */
@inline function width8(at: usize, digits: i32): bool {
  return digits >= 8 && digits <= 16 && (digits == 8 || byte(at) != 48);
}

/**
 * Reads lines from window offset `from` while they start before `limit` and the batch has room
 * (at most `maxRows` rows), numbering them from `line` + 1. `windowLength`: the bytes in the
 * window; `atEnd`: the window ends where the text ends (then a last line needs no newline);
 * `crlf`: the text's lines end in CR LF (see src/parse/lines.ts textShape). Returns the window
 * offset where it stopped: `limit` or more, or the start of a line it does not take (rows()
 * rows written; when rows() < maxRows and the result is below limit, that line is the checked path's).
 *
 * Long because: one loop over the fields of a line with its values in locals, as
 * readAsciiLines (src/parse/maps-ascii.ts), whose rules it follows field by field.
 */
export function scan(from: i32, limit: i32, windowLength: i32, atEnd: i32, crlf: i32, line: i32, maxRows: i32): i32 {
  const w = windowPtr;
  const end = w + <usize>windowLength;
  const stop = w + <usize>limit;
  let p = w + <usize>from;
  let row = 0;
  let prev = prevEnd;
  let ordered = inOrder;
  let guard = guardRow;
  let guardFrom = guardBegin;
  while (p < stop && row < maxRows) {
    const s = p;
    // start-end
    let q = readHexWide(s);
    const beginDigits = <i32>(q - s);
    const begin = hexValue;
    if (!width8(s, beginDigits) || byte(q) != 45) break;
    const endStart = q + 1;
    q = readHexWide(endStart);
    const endDigits = <i32>(q - endStart);
    const end_ = hexValue;
    if (!width8(endStart, endDigits) || byte(q) != 32) break;
    if (end_ < begin) break;
    if (((begin | end_) & 0xfff) != 0) break; // whole pages only (mm/mmap.c)
    // perms: [r-][w-][x-][sp] and a space
    let c = byte(q + 1);
    let perms: u32 = 0;
    if (c == 114) perms = 1;
    else if (c != 45) break;
    c = byte(q + 2);
    if (c == 119) perms |= 2;
    else if (c != 45) break;
    c = byte(q + 3);
    if (c == 120) perms |= 4;
    else if (c != 45) break;
    c = byte(q + 4);
    if (c == 115) perms |= 8;
    else if (c != 112) break;
    if (byte(q + 5) != 32) break;
    // offset
    const offsetStart = q + 6;
    q = readHexWide(offsetStart);
    const offset = hexValue;
    if (!width8(offsetStart, <i32>(q - offsetStart)) || byte(q) != 32) break;
    // major:minor — %02x:%02x: 2–3 and 2–5 digits (the kernel's 12 and 20 bits), more than two only without a leading zero
    const majorStart = q + 1;
    q = readHex(majorStart);
    const major = <u32>hexValue;
    let digits = <i32>(q - majorStart);
    if (digits < 2 || digits > 3 || (digits == 3 && byte(majorStart) == 48) || byte(q) != 58) break;
    const minorStart = q + 1;
    q = readHex(minorStart);
    const minor = <u32>hexValue;
    digits = <i32>(q - minorStart);
    if (digits < 2 || digits > 5 || (digits > 2 && byte(minorStart) == 48) || byte(q) != 32) break;
    // inode: %lu, 1–15 decimal digits (exact in a double, as the JavaScript paths read it), no leading zero
    const inodeStart = q + 1;
    q = inodeStart;
    let inode: u64 = 0;
    while ((c = byte(q)) - 48 < 10) {
      inode = inode * 10 + <u64>(c - 48);
      q++;
    }
    digits = <i32>(q - inodeStart);
    if (digits == 0 || digits > 15 || (digits > 1 && byte(inodeStart) == 48)) break;
    // The line's end (nb: its newline, or the end of the text) and the name, by the rule of readCheckedLine after a one-space separator.
    let nb: usize = 0;
    let pathId = -1;
    if (c == 10) {
      nb = q;
    } else if (c == 13 && crlf != 0 && byte(q + 1) == 10) {
      nb = q + 1;
    } else if (c == 0 && q == end && atEnd != 0) {
      nb = q;
    } else if (c == 32) {
      const r = skipSpaces(q + 1); // the kernel's padding
      c = byte(r);
      if (c == 10) {
        nb = r;
      } else if (c == 13 && crlf != 0 && byte(r + 1) == 10) {
        nb = r + 1;
      } else if (c == 0 && r == end && atEnd != 0) {
        nb = r;
      } else {
        // A name, at the kernel's column exactly (fs/proc/task_mmu.c: seq_setwidth(m, 25 + sizeof(void *) * 6 - 1), seq_pad(m, ' ')).
        const prefix = <i32>(q + 1 - s);
        const pad64: i32 = prefix > 72 ? prefix : 72;
        const pad32: i32 = prefix > 48 ? prefix : 48;
        const col64 = s + <usize>pad64 + 1;
        const col32 = s + <usize>pad32 + 1;
        if (r != col64 && !(beginDigits == 8 && endDigits == 8 && r == col32)) break;
        // The previous line's name again, followed by the line's end: no search.
        const t = r + <usize>prevLen;
        if (prevLen > 0 && t <= end) {
          c = byte(t);
          if ((c == 10 || (c == 13 && crlf != 0 && byte(t + 1) == 10) || (c == 0 && t == end && atEnd != 0)) && load<i32>(nameAt + (<usize>prevId << 2)) >= 0) {
            if (sameBytes(r, arena + <usize>load<i32>(nameAt + (<usize>prevId << 2)), prevLen)) {
              pathId = prevId;
              nb = c == 13 ? t + 1 : t;
            }
          }
        }
        if (pathId < 0) {
          // Any other name: its newline, inside the window.
          const n = findNewline(r, end);
          if (n == end && atEnd == 0) break;
          nb = n;
          const eb = crlf != 0 && n < end && byte(n - 1) == 13 ? n - 1 : n;
          if (r < eb) pathId = intern(r, <i32>(eb - r));
        }
      }
    } else {
      break;
    }

    const stride = <usize>rowCap << 2;
    const cols = colPtr + (<usize>row << 2);
    store<u32>(cols + COL_BEGIN_HI * stride, <u32>(begin >> 32));
    store<u32>(cols + COL_BEGIN_LO * stride, <u32>begin);
    store<u32>(cols + COL_END_HI * stride, <u32>(end_ >> 32));
    store<u32>(cols + COL_END_LO * stride, <u32>end_);
    store<u32>(cols + COL_OFFSET_HI * stride, <u32>(offset >> 32));
    store<u32>(cols + COL_OFFSET_LO * stride, <u32>offset);
    store<u32>(cols + COL_INODE_HI * stride, <u32>(inode >> 32));
    store<u32>(cols + COL_INODE_LO * stride, <u32>inode);
    store<u32>(cols + COL_MAJOR * stride, major);
    store<u32>(cols + COL_MINOR * stride, minor);
    store<u32>(cols + COL_LINE * stride, <u32>(line + row + 1));
    store<i32>(cols + COL_PATH_ID * stride, pathId);
    store<u32>(cols + COL_START * stride, <u32>(s - w));
    store<u8>(permsPtr + <usize>row, <u8>perms);
    // The kind: the name's (perms bit 3: shared), or anonymous, or a thread stack above the row before.
    const kind = pathId >= 0 ? load<u8>(nameKind + (<usize>pathId << 1) + <usize>(perms >> 3)) : unnamedKind(guard, guardFrom, prev, begin, end_, perms);
    store<u8>(kindsPtr + <usize>row, kind);
    guard = pathId < 0 && (perms & PERM_ACCESS) == 0;
    guardFrom = begin;
    if (begin == end_ || begin < prev) ordered = 0;
    prev = end_;
    row++;
    p = nb + 1;
  }
  prevEnd = prev;
  inOrder = ordered;
  guardRow = guard;
  guardBegin = guardFrom;
  rowsOut = row;
  return <i32>(p - w);
}
