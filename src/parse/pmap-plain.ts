/**
 * Plain `pmap PID` and `pmap -d PID` rows and footers (procps-ng src/pmap.c one_proc, checked
 * against pmap 4.0.2 on this machine), and the pieces every pmap row shares (the Mode column and
 * mapping_name()). Both read /proc/PID/maps, not smaps: the rows carry no Rss.
 *
 *   13152:   /usr/bin/python3 -I -S mapper.py                         <- "PID:   command"
 *   00005642a66b8000      4K r---- python3.11                         <- "%016lx %6luK %s %s"
 *    total            86864K                                          <- " total %16ldK"
 *
 *   Address           Kbytes Mode  Offset           Device    Mapping <- -d header
 *   00005642a66b9000       4 r-x-- 0000000000001000 0fe:00000 python3.11
 *   mapped: 86864K    writeable/private: 13408K    shared: 76K        <- -d footer
 *
 * -d rows are "%0*lx %*lu %*s %0*llx %*.*s%03x:%05x %s": address, Kbytes, Mode, the offset in 16
 * hex digits, the device as major:minor in 3 and 5 hex digits, the mapping. A 32-bit pmap pads
 * the address to 8 digits. The Mode's 4th letter is `s` for a shared mapping, `-` for a private one.
 */
import type { RegionKind } from '../model/kind.js';
import { PERM_EXEC, PERM_READ, PERM_SHARED, PERM_WRITE } from '../model/permissions.js';
import type { RegionTableBuilder } from '../model/region-table.js';
import { addRegionRow, parseDecToken, parseHexToken, tokenText, type Token } from './row-writer.js';

/** What a rejected row says. */
export interface RowProblem {
  at: number;
  code: string;
  message: string;
}

/** The sums pmap prints under plain and -d rows (pmap.c one_proc: total_shared, total_private_*). */
export interface MapSums {
  mappedKib: bigint;
  privateWritableKib: bigint;
  sharedKib: bigint;
}

const KIB = 1024n;
const U64_MAX = 0xffff_ffff_ffff_ffffn;

/** The name pmap prints, as a maps pathname and kind. pmap.c mapping_name(). */
export function mappingOf(name: string, shared: boolean): { pathname: string | null; kind?: RegionKind } {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed === '[ anon ]') return { pathname: null };
  if (trimmed === '[ stack ]') return { pathname: '[stack]' };
  // mapping_name(): System V shared memory shows its shmid, not the /SYSV<key> name.
  if (trimmed.startsWith('[ shmid=')) return { pathname: trimmed, kind: 'sysv-shm' };
  // Without -p pmap prints the base name; these base names still tell the kind.
  if (name.startsWith('memfd:')) return { pathname: name, kind: 'memfd' };
  if (/^SYSV[0-9a-f]{8}( \(deleted\))?$/.test(name)) return { pathname: name, kind: 'sysv-shm' };
  if (name === 'zero (deleted)' && shared) return { pathname: name, kind: 'shared-memory' };
  return { pathname: name };
}

/** Parses pmap's 5-character Mode (`r-x--`, `rw-s-`): rwx, then `s` for shared, then `R` or `-`. */
export function parseMode(text: string, t: Token): number {
  if (t.end - t.start !== 5) return -1;
  const p = t.start;
  const r = text.charCodeAt(p), w = text.charCodeAt(p + 1), x = text.charCodeAt(p + 2);
  const s = text.charCodeAt(p + 3), n = text.charCodeAt(p + 4);
  let bits = 0;
  if (r === 114) bits |= PERM_READ;
  else if (r !== 45) return -1;
  if (w === 119) bits |= PERM_WRITE;
  else if (w !== 45) return -1;
  if (x === 120) bits |= PERM_EXEC;
  else if (x !== 45) return -1;
  if (s === 115) bits |= PERM_SHARED;
  else if (s !== 45) return -1;
  if (n !== 45 && n !== 82 /* R: MAP_NORESERVE, older procps */) return -1;
  return bits;
}


/** Adds a row's size to the sums the way pmap.c does: shared ("s"), private writable, private read-only. */
function addToSums(sums: MapSums, kib: bigint, perms: number): void {
  sums.mappedKib += kib;
  if (perms & PERM_SHARED) sums.sharedKib += kib;
  else if (perms & PERM_WRITE) sums.privateWritableKib += kib;
}

/** The mapping name: the rest of the line after the one space pmap prints before it. */
function nameAfter(text: string, t: Token, e: number): string {
  return t.end < e ? text.slice(t.end + 1, e) : '';
}

/** A plain `pmap PID` row: "address sizeK mode mapping"; null when read (a region added). */
export function plainRow(builder: RegionTableBuilder, sums: MapSums, text: string, tokens: Token[], s: number, e: number, line: number): RowProblem | null {
  if (tokens.length < 3) return { at: tokens[0]?.start ?? s, code: 'bad-row', message: 'expected a pmap row: address, size in K, mode and mapping' };
  const [a, k, m] = tokens;
  const begin = parseHexToken(text, a.start, a.end);
  if (begin === undefined) return { at: a.start, code: 'bad-range', message: `invalid address "${tokenText(text, a)}": expected hex digits` };
  const kib = k.end - k.start > 1 && text.charCodeAt(k.end - 1) === 75 /* K */ ? parseDecToken(text, k.start, k.end - 1) : undefined;
  if (kib === undefined) return { at: k.start, code: 'bad-value', message: `invalid size "${tokenText(text, k)}": expected a decimal number and K` };
  return addRow(builder, sums, text, { begin, kib, kTok: k, mode: m, offset: 0n, devMajor: 0, devMinor: 0, nameFrom: m, e, line });
}

/** A `pmap -d` row: "address Kbytes mode offset major:minor mapping"; null when read. */
export function deviceRow(builder: RegionTableBuilder, sums: MapSums, text: string, tokens: Token[], s: number, e: number, line: number): RowProblem | null {
  if (tokens.length < 5) return { at: tokens[0]?.start ?? s, code: 'bad-row', message: 'expected a pmap -d row: address, Kbytes, mode, offset, device and mapping' };
  const [a, k, m, o, d] = tokens;
  const begin = parseHexToken(text, a.start, a.end);
  if (begin === undefined) return { at: a.start, code: 'bad-range', message: `invalid address "${tokenText(text, a)}": expected hex digits` };
  const kib = parseDecToken(text, k.start, k.end);
  if (kib === undefined) return { at: k.start, code: 'bad-value', message: `invalid Kbytes "${tokenText(text, k)}": expected a decimal number` };
  const offset = parseHexToken(text, o.start, o.end);
  if (offset === undefined) return { at: o.start, code: 'bad-offset', message: `invalid offset "${tokenText(text, o)}": expected hex digits` };
  const colon = text.indexOf(':', d.start);
  const major = colon > d.start && colon < d.end ? parseHexToken(text, d.start, colon) : undefined;
  const minor = major !== undefined ? parseHexToken(text, colon + 1, d.end) : undefined;
  if (major === undefined || minor === undefined || major > 0xfffn || minor > 0xfffffn) {
    return { at: d.start, code: 'bad-device', message: `invalid device "${tokenText(text, d)}": expected major:minor in hex` };
  }
  return addRow(builder, sums, text, { begin, kib, kTok: k, mode: m, offset, devMajor: Number(major), devMinor: Number(minor), nameFrom: d, e, line });
}

interface RowParts {
  begin: bigint;
  kib: bigint;
  kTok: Token;
  mode: Token;
  offset: bigint;
  devMajor: number;
  devMinor: number;
  /** The token the mapping name follows. */
  nameFrom: Token;
  e: number;
  line: number;
}

function addRow(builder: RegionTableBuilder, sums: MapSums, text: string, r: RowParts): RowProblem | null {
  const perms = parseMode(text, r.mode);
  if (perms < 0) return { at: r.mode.start, code: 'bad-permissions', message: `invalid mode "${tokenText(text, r.mode)}": expected [r-][w-][x-][s-][R-]` };
  const end = r.begin + r.kib * KIB;
  if (end > U64_MAX) return { at: r.kTok.start, code: 'too-wide', message: `the region ends above 2^64 (address + ${r.kib} kB)` };
  const mapping = mappingOf(nameAfter(text, r.nameFrom, r.e), (perms & PERM_SHARED) !== 0);
  addRegionRow(builder, { line: r.line, begin: r.begin, end, perms, offset: r.offset, devMajor: r.devMajor, devMinor: r.devMinor, inode: 0n, ...mapping });
  addToSums(sums, r.kib, perms);
  return null;
}

/**
 * Checks a plain footer (" total 86864K") or a -d footer ("mapped: 86864K writeable/private:
 * 13408K shared: 76K") against the rows above: pmap.c sums each region's bytes and shifts the
 * sum by 10; sizes are whole pages, so the rows' sum is equal unless rows were removed or edited.
 * Returns a warning message, null when they agree, or undefined when the line is no footer.
 */
export function checkMapFooter(text: string, tokens: Token[], sums: MapSums): string | null | undefined {
  const words = tokens.map((t) => tokenText(text, t));
  const kib = (w: string | undefined) => (w !== undefined && /^\d+K$/.test(w) ? BigInt(w.slice(0, -1)) : undefined);
  let pairs: [string, bigint | undefined, bigint][];
  if (words.length === 2 && words[0] === 'total') pairs = [['total', kib(words[1]), sums.mappedKib]];
  else if (words.length === 6 && words[0] === 'mapped:' && words[2] === 'writeable/private:' && words[4] === 'shared:') {
    pairs = [
      ['mapped', kib(words[1]), sums.mappedKib],
      ['writeable/private', kib(words[3]), sums.privateWritableKib],
      ['shared', kib(words[5]), sums.sharedKib],
    ];
  } else return undefined;
  if (pairs.some(([, v]) => v === undefined)) return undefined;
  for (const [name, value, sum] of pairs) {
    if (value !== sum) return `the ${name} size is ${value}K but the rows above add up to ${sum}K: rows missing or edited?`;
  }
  return null;
}
