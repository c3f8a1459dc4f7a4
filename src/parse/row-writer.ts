/**
 * Helpers of the column-table importers (pmap, gdb): exact number tokens and one call that writes
 * a region row. These formats are small (one line per region), so bigint per value is fine here;
 * the maps and smaps parsers scan character codes instead.
 */
import { hiOf, loOf, U64_MAX } from '../address.js';
import { KIND_CODE, classifyPathname, type RegionKind } from '../model/kind.js';
import { PERM_SHARED } from '../model/permissions.js';
import type { RegionTableBuilder } from '../model/region-table.js';

/** A region as a column-table row gives it; fields the format lacks are 0. */
export interface RowValues {
  line: number;
  begin: bigint;
  end: bigint;
  perms: number;
  offset: bigint;
  devMajor: number;
  devMinor: number;
  inode: bigint;
  pathname: string | null;
  /** Overrides the kind derived from the pathname (pmap's `[ shmid=0x… ]`). */
  kind?: RegionKind;
}

/** Appends a row to the builder; returns its index. */
export function addRegionRow(builder: RegionTableBuilder, v: RowValues): number {
  const pathId = builder.names.intern(v.pathname);
  const row = builder.addRow();
  const c = builder.columns;
  c.beginHi[row] = hiOf(v.begin);
  c.beginLo[row] = loOf(v.begin);
  c.endHi[row] = hiOf(v.end);
  c.endLo[row] = loOf(v.end);
  c.offsetHi[row] = hiOf(v.offset);
  c.offsetLo[row] = loOf(v.offset);
  c.devMajor[row] = v.devMajor;
  c.devMinor[row] = v.devMinor;
  c.inodeHi[row] = hiOf(v.inode);
  c.inodeLo[row] = loOf(v.inode);
  c.perms[row] = v.perms;
  c.line[row] = v.line;
  c.pathId[row] = pathId;
  c.kind[row] = KIND_CODE[v.kind ?? classifyPathname(v.pathname, (v.perms & PERM_SHARED) !== 0)];
  return row;
}

/** A whitespace-separated token of a line: text[start..end). */
export interface Token {
  start: number;
  end: number;
}

/** Splits text[s..e) at runs of spaces and tabs. */
export function tokenize(text: string, s: number, e: number): Token[] {
  const tokens: Token[] = [];
  let p = s;
  while (p < e) {
    while (p < e && isSpace(text.charCodeAt(p))) p++;
    if (p >= e) break;
    const start = p;
    while (p < e && !isSpace(text.charCodeAt(p))) p++;
    tokens.push({ start, end: p });
  }
  return tokens;
}

/** Space or tab. */
export function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/**
 * Parses hex digits text[s..e), with an optional `0x` when `prefix` allows it (`required` demands
 * it). Returns undefined for anything else or a value wider than 64 bits.
 */
export function parseHexToken(text: string, s: number, e: number, prefix: 'none' | 'optional' | 'required' = 'none'): bigint | undefined {
  const has0x = e - s > 2 && text.charCodeAt(s) === 48 && (text.charCodeAt(s + 1) | 0x20) === 120;
  if (has0x && prefix === 'none') return undefined;
  if (!has0x && prefix === 'required') return undefined;
  const from = has0x ? s + 2 : s;
  if (from >= e) return undefined;
  for (let i = from; i < e; i++) if (!isHexDigit(text.charCodeAt(i))) return undefined;
  const v = BigInt('0x' + text.slice(from, e));
  return v > U64_MAX ? undefined : v;
}

/** Parses decimal digits text[s..e) exactly; undefined for anything else or above 2^64 - 1. */
export function parseDecToken(text: string, s: number, e: number): bigint | undefined {
  if (s >= e) return undefined;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const v = BigInt(text.slice(s, e));
  return v > U64_MAX ? undefined : v;
}

/** The token's text cut to 40 characters, for a message. */
export function tokenText(text: string, t: Token | undefined): string {
  if (t === undefined) return '';
  const s = text.slice(t.start, t.end);
  return s.length > 40 ? s.slice(0, 40) + '…' : s;
}
