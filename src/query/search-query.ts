/**
 * The search language of the region search box. Terms are separated by blanks and must all hold:
 *   libc            pathname contains "libc" (case-insensitive); "two words" quotes blanks
 *   /\.so(\.\d+)*$/i  pathname matches a regular expression (RE2 syntax, linear time: search-regex.ts)
 *   0x7f3a2c029d90  the region containing the address; a bare hex number of 8+ digits counts too
 *   kind:heap       region kind (a unique prefix will do; kind:heap,stack for either)
 *   perm:rwx        permissions: letters required, `-w` excluded; maps-style `r-xp` is exact
 *   size>1M         size bounds with >, >=, <, <=, = and binary units (k, M, G… = 1024^n)
 *   libc|libm       either term holds (no blank around `|`; words, kind:, perm:, size and addresses:
 *                   kind:heap|kind:stack|libc; a regex says either inside itself: /libc|libm/)
 *   -libc           the term does not hold (`-kind:file`, `-"two words"`, `-/regex/`, `-libc|libm`)
 * Parsing never throws: a term that cannot be read becomes an error with its position in the
 * text and a message, and is left out of the search.
 */
import { formatHex, parseAddr, type Addr } from '../address.js';
import { REGION_KINDS, type RegionKind } from '../model/kind.js';
import { PERM_EXEC, PERM_READ, PERM_SHARED, PERM_WRITE, formatPermissions } from '../model/permissions.js';
import type { RegionFilter } from './filter.js';
import { compileSearchRegex, formatSearchRegex, type LinearRegex } from './search-regex.js';

/** What one term asks for. */
export type SearchTermBody =
  | { type: 'word'; text: string }
  | { type: 'regex'; regex: LinearRegex }
  | { type: 'address'; address: Addr }
  | { type: 'kind'; kinds: RegionKind[] }
  | { type: 'perm'; required: number; excluded: number }
  | { type: 'size'; minSizeBytes?: bigint; maxSizeBytes?: bigint };

/** One term of a query; `start`/`end` are its character range in the query text. */
export type SearchTerm = SearchTermBody & { start: number; end: number };

/** A term that could not be read. */
export interface QueryError {
  start: number;
  end: number;
  message: string;
}

/**
 * One blank-separated part of a query that is not a plain term: either of its terms holds
 * (`libc|libm`), or, negated, none does (`-libc`, `-libc|libm`).
 */
export interface SearchClause {
  negated: boolean;
  /** Its terms, any one of which holds (one for a negated single term). */
  terms: SearchTerm[];
  start: number;
  end: number;
}

/** A parsed query. */
export interface SearchQuery {
  text: string;
  /** The terms that were read, in text order (those of the clauses too). */
  terms: SearchTerm[];
  errors: QueryError[];
  /** Every plain term but the addresses, as one filter (pathname terms become `pathnameTest`; one word alone `text`). */
  filter: RegionFilter;
  /** The plain address terms: a region must contain every one of them. */
  addresses: Addr[];
  /** The negated and either-or parts, each of which must hold too (search-regions.ts: applyClauses). */
  clauses: SearchClause[];
}

/** Parses a query; never throws. An empty query has no terms and matches every region. */
export function parseSearchQuery(text: string): SearchQuery {
  const terms: SearchTerm[] = [];
  const plain: SearchTerm[] = [];
  const clauses: SearchClause[] = [];
  const errors: QueryError[] = [];
  for (const token of tokenize(text)) {
    const negated = token.negated === true;
    // A term's range leaves out the `-` (its clause's has it).
    const parts = token.quoted || token.regex !== undefined ? [{ ...token, start: token.start + (negated ? 1 : 0) }] : splitAlternatives(token);
    const read: SearchTerm[] = [];
    for (const part of parts) {
      if (parts.length > 1 && part.text === '') {
        errors.push({ start: token.start, end: token.end, message: 'an empty alternative: write a term on each side of "|" (libc|libm)' });
        continue;
      }
      const term = readToken(part);
      if ('message' in term) errors.push({ start: part.start, end: part.end, message: term.message });
      else read.push({ ...term, start: part.start, end: part.end });
    }
    if (read.length < parts.length) continue; // a clause with an unreadable part is left out whole
    terms.push(...read);
    if (!negated && read.length === 1) plain.push(read[0]);
    else clauses.push({ negated, terms: read, start: token.start, end: token.end });
  }
  return { text, terms, errors, filter: toFilter(plain), addresses: plain.flatMap((t) => (t.type === 'address' ? [t.address] : [])), clauses };
}

/** `libc|libm` as its parts, each with its place in the query. */
function splitAlternatives(token: Token): Token[] {
  let start = token.end - token.text.length; // after a `-`
  if (!token.text.includes('|')) return [{ ...token, start }];
  const out: Token[] = [];
  for (const text of token.text.split('|')) {
    out.push({ start, end: start + text.length, text, quoted: false });
    start += text.length + 1;
  }
  return out;
}

/** A query in words, for the hint under the search box: `pathname contains "libc", and not kind file`. */
export function describeQuery(query: SearchQuery): string {
  const plain = query.terms.filter((t) => !query.clauses.some((c) => c.terms.includes(t)));
  const parts = [...plain.map((t) => ({ start: t.start, text: describeTerm(t) })), ...query.clauses.map((c) => ({ start: c.start, text: describeClause(c) }))];
  return parts
    .sort((a, b) => a.start - b.start)
    .map((p) => p.text)
    .join(', and ');
}

function describeClause(clause: SearchClause): string {
  const either = clause.terms.map(describeTerm).join(' or ');
  if (!clause.negated) return `(${either})`;
  return clause.terms.length === 1 ? `not (${either})` : `neither (${clause.terms.map(describeTerm).join(' nor ')})`;
}

/** A term in words, for the hint under the search box: `pathname contains "libc"`. */
export function describeTerm(term: SearchTerm): string {
  switch (term.type) {
    case 'word':
      return `pathname contains "${term.text}"`;
    case 'regex':
      return `pathname matches ${formatSearchRegex(term.regex)}`;
    case 'address':
      return `range contains ${formatHex(term.address)}`;
    case 'kind':
      return `kind is ${term.kinds.join(' or ')}`;
    case 'perm':
      return describePerms(term.required, term.excluded);
    case 'size': {
      const parts: string[] = [];
      if (term.minSizeBytes !== undefined) parts.push(`≥ ${term.minSizeBytes} bytes`);
      if (term.maxSizeBytes !== undefined) parts.push(`≤ ${term.maxSizeBytes} bytes`);
      return `size ${parts.join(' and ')}`;
    }
  }
}

interface Token {
  start: number;
  end: number;
  /** The token's text; a quoted phrase without its quotes, a negated one without its `-`. */
  text: string;
  quoted: boolean;
  regex?: { body: string; flags: string };
  /** Written with a leading `-`: the term must not hold. */
  negated?: boolean;
}

const BLANK = /\s/;
// The blanks after the operator belong to the term only when a number follows (`size > 1M`).
const SIZE_PREFIX = /^size\s*(?::\s*)?(>=|<=|=>|=<|>|<|=)(?:\s*(?=[0-9.]))?/i;

/**
 * Splits a query into tokens: blank-separated, "quoted phrases", /regex/flags (blanks allowed
 * inside), each optionally negated by a leading `-` (a lone `-`, or `--x`, is a word).
 */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (BLANK.test(text[i])) {
      i++;
      continue;
    }
    const start = i;
    const negated = text[i] === '-' && i + 1 < text.length && !BLANK.test(text[i + 1]) && text[i + 1] !== '-';
    if (negated) i++;
    const push = (token: Omit<Token, 'start' | 'negated'>) => tokens.push(negated ? { ...token, start, negated } : { ...token, start });
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      const end = close < 0 ? text.length : close + 1;
      push({ end, text: text.slice(i + 1, close < 0 ? text.length : close), quoted: true });
      i = end;
      continue;
    }
    if (text[i] === '/') {
      const regex = scanRegex(text, i);
      if (regex !== undefined) {
        push({ end: regex.end, text: text.slice(i, regex.end), quoted: false, regex });
        i = regex.end;
        continue;
      }
    }
    // `size > 1M`: the operator and the value may stand apart from the key.
    const wordStart = i;
    const size = SIZE_PREFIX.exec(text.slice(i));
    if (size !== null) i += size[0].length;
    while (i < text.length && !BLANK.test(text[i])) i++;
    push({ end: i, text: text.slice(wordStart, i), quoted: false });
  }
  return tokens;
}

/**
 * A regular expression literal starting at `text[start] === '/'`: up to the first `/` that is
 * neither escaped nor inside a [class] (as in a JavaScript literal), then flag letters, then a
 * blank or the end. `/usr/lib/libc.so.6` is therefore a path, not a regex.
 */
function scanRegex(text: string, start: number): { body: string; flags: string; end: number } | undefined {
  let inClass = false;
  for (let j = start + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      if (j === start + 1) return undefined; // `//` is not a regex
      let k = j + 1;
      while (k < text.length && /[dgimsuvy]/.test(text[k])) k++;
      if (k < text.length && !BLANK.test(text[k])) return undefined;
      return { body: text.slice(start + 1, j), flags: text.slice(j + 1, k), end: k };
    }
  }
  // No end outside a class: a blank-free `/…/flags` with no other slash is still meant as a regex
  // (`/[heap/`), and gets the engine's message rather than a silent word search.
  const blank = text.slice(start).search(/\s/);
  const end = blank < 0 ? text.length : start + blank;
  const simple = /^\/((?:[^/\\]|\\.)+)\/([dgimsuvy]*)$/.exec(text.slice(start, end));
  return simple === null ? undefined : { body: simple[1], flags: simple[2], end };
}

/** One token as a term, or why it is not one. */
function readToken(token: Token): SearchTermBody | { message: string } {
  if (token.regex !== undefined) {
    const regex = compileSearchRegex(token.regex.body, token.regex.flags);
    return 'message' in regex ? regex : { type: 'regex', regex };
  }
  if (token.quoted) return { type: 'word', text: token.text };
  const t = token.text;
  const key = /^(kind|kinds|perm|perms|size)(?=[:<>=\s]|$)/i.exec(t)?.[1].toLowerCase();
  if (key === 'kind' || key === 'kinds') return readKinds(valueAfterColon(t, key.length));
  if (key === 'perm' || key === 'perms') return readPerms(valueAfterColon(t, key.length));
  if (key === 'size') return readSize(t.slice(4));
  if (/^0x/i.test(t)) {
    const address = parseAddr(t);
    return address === undefined ? { message: `"${t}" is not a 64-bit hex address` } : { type: 'address', address };
  }
  // proc_pid_maps(5) prints addresses with at least 8 hex digits; shorter hex-looking words
  // (`cafe`, `1234`) stay words.
  if (/^[0-9a-f]+(?:[_`][0-9a-f]+)*$/i.test(t) && t.replace(/[_`]/g, '').length >= 8) {
    const address = parseAddr(t);
    if (address !== undefined) return { type: 'address', address };
  }
  return { type: 'word', text: t };
}

function valueAfterColon(text: string, keyLength: number): string {
  return text[keyLength] === ':' ? text.slice(keyLength + 1) : '\0';
}

function readKinds(value: string): SearchTermBody | { message: string } {
  if (value === '\0' || value === '') return { message: `kind: needs a kind, e.g. kind:heap (kinds: ${REGION_KINDS.join(', ')})` };
  const kinds: RegionKind[] = [];
  for (const name of value.toLowerCase().split(',')) {
    if (name === '') continue;
    const found = findKind(name);
    if (typeof found !== 'string') return found;
    if (!kinds.includes(found)) kinds.push(found);
  }
  if (kinds.length === 0) return { message: 'kind: needs a kind, e.g. kind:heap' };
  return { type: 'kind', kinds };
}

/** A kind by exact name, unique prefix or unique substring. */
function findKind(name: string): RegionKind | { message: string } {
  for (const match of [(k: string) => k === name, (k: string) => k.startsWith(name), (k: string) => k.includes(name)]) {
    const found = REGION_KINDS.filter(match);
    if (found.length === 1) return found[0];
    if (found.length > 1) return { message: `kind "${name}" could be ${found.join(', ')}` };
  }
  return { message: `unknown kind "${name}" (kinds: ${REGION_KINDS.join(', ')})` };
}

const PERM_BIT: Record<string, number> = { r: PERM_READ, w: PERM_WRITE, x: PERM_EXEC, s: PERM_SHARED };
const PERM_NAME: [number, string][] = [
  [PERM_READ, 'readable'],
  [PERM_WRITE, 'writable'],
  [PERM_EXEC, 'executable'],
  [PERM_SHARED, 'shared'],
];

/**
 * `perm:` values. The maps form — `[r-][w-][x-]` and optionally `[sp]` — gives every position:
 * a letter is required, `-` excluded (`r-xp`: readable, not writable, executable, private).
 * Otherwise letters are required and `-` or `!` before a letter excludes it (`rw`, `-w`, `x!s`);
 * `p` (private) means not shared.
 */
function readPerms(value: string): SearchTermBody | { message: string } {
  if (value === '\0' || value === '') return { message: 'perm: needs permissions, e.g. perm:rwx or perm:-w' };
  let required = 0;
  let excluded = 0;
  const positional = /^([r-])([w-])([x-])([sp])?$/.exec(value);
  if (positional !== null) {
    const letters = ['r', 'w', 'x'];
    positional.slice(1, 4).forEach((c, i) => {
      if (c === '-') excluded |= PERM_BIT[letters[i]];
      else required |= PERM_BIT[c];
    });
    if (positional[4] === 's') required |= PERM_SHARED;
    if (positional[4] === 'p') excluded |= PERM_SHARED;
    return { type: 'perm', required, excluded };
  }
  if (!/^(?:[-!+]?[rwxsp])+$/i.test(value)) {
    return { message: `"${value}" is not a permission set: use letters r w x s p, "-" before one to exclude it (perm:rw, perm:-w, perm:r-xp)` };
  }
  for (const m of value.toLowerCase().matchAll(/([-!+]?)([rwxsp])/g)) {
    const not = m[1] === '-' || m[1] === '!';
    // proc_pid_maps(5): `p` (private) is the absence of `s` (shared).
    const bit = PERM_BIT[m[2] === 'p' ? 's' : m[2]];
    const wantSet = m[2] === 'p' ? not : !not;
    if (wantSet) required |= bit;
    else excluded |= bit;
  }
  const both = required & excluded;
  if (both !== 0) {
    const names = PERM_NAME.filter(([bit]) => both & bit).map(([, name]) => name);
    return { message: `perm:${value} both requires and excludes ${names.join(' and ')}` };
  }
  return { type: 'perm', required, excluded };
}

/**
 * Permissions in the maps column's letters: `permissions are r-xp` when every position is given,
 * else `permissions include r, w and exclude x` (`p`, private, is the shared bit excluded).
 */
function describePerms(required: number, excluded: number): string {
  const all = PERM_READ | PERM_WRITE | PERM_EXEC | PERM_SHARED;
  if (((required | excluded) & all) === all) return `permissions are ${formatPermissions(required)}`;
  const include: string[] = [];
  const exclude: string[] = [];
  for (const [bit, letter] of [[PERM_READ, 'r'], [PERM_WRITE, 'w'], [PERM_EXEC, 'x']] as const) {
    if (required & bit) include.push(letter);
    if (excluded & bit) exclude.push(letter);
  }
  if (required & PERM_SHARED) include.push('s');
  if (excluded & PERM_SHARED) include.push('p');
  const parts = [...(include.length > 0 ? [`include ${include.join(', ')}`] : []), ...(exclude.length > 0 ? [`exclude ${exclude.join(', ')}`] : [])];
  return parts.length === 0 ? 'any permissions' : `permissions ${parts.join(' and ')}`;
}

const SIZE_UNITS: Record<string, number> = { '': 0, b: 0, k: 1, m: 2, g: 3, t: 4, p: 5, e: 6 };

/** `>1M`, `<= 4k`, `:=0x1000`: size bounds in bytes, exact (fractions round to the bound's side). */
function readSize(rest: string): SearchTermBody | { message: string } {
  const m = /^\s*(?::\s*)?(>=|<=|=>|=<|>|<|=)?\s*(.*)$/s.exec(rest)!;
  const op = m[1] ?? (rest.startsWith(':') ? '=' : undefined);
  const value = m[2];
  if (op === undefined) return { message: 'size needs a comparison: size>1M, size<=4k, size=0x1000' };
  const v = /^(?:(0x[0-9a-f_]+)|(\d+)(?:\.(\d*))?|\.(\d+))\s*(?:([kmgtpe])(?:i?b)?|(b))?$/i.exec(value);
  if (v === null) return { message: value === '' ? `size${op} needs a value, e.g. size${op}1M` : `"${value}" is not a size: use a number with an optional unit, e.g. 64k, 1.5M, 0x1000` };
  // value = numerator / 10^fractionDigits, scaled by 1024^unit; bounds are whole bytes.
  const unit = SIZE_UNITS[(v[5] ?? v[6] ?? '').toLowerCase()];
  const scale = 1n << BigInt(10 * unit);
  let numerator: bigint;
  let denominator = 1n;
  if (v[1] !== undefined) {
    numerator = parseAddr(v[1]) ?? BigInt(v[1].replace(/_/g, ''));
  } else {
    const fraction = v[3] ?? v[4] ?? '';
    numerator = BigInt((v[2] ?? '') + fraction || '0');
    denominator = 10n ** BigInt(fraction.length);
  }
  const scaled = numerator * scale;
  const floor = scaled / denominator;
  const ceil = (scaled + denominator - 1n) / denominator;
  switch (op) {
    case '>':
      return { type: 'size', minSizeBytes: floor + 1n };
    case '>=':
    case '=>':
      return { type: 'size', minSizeBytes: ceil };
    case '<':
      return { type: 'size', maxSizeBytes: ceil - 1n };
    case '<=':
    case '=<':
      return { type: 'size', maxSizeBytes: floor };
    default:
      return { type: 'size', minSizeBytes: ceil, maxSizeBytes: floor };
  }
}

/** One term other than an address as a filter. */
export function termFilter(term: SearchTerm): RegionFilter {
  return toFilter([term]);
}

/** The terms other than addresses as one filter: all must hold. */
function toFilter(terms: readonly SearchTerm[]): RegionFilter {
  const filter: RegionFilter = {};
  const words: string[] = [];
  const regexes: LinearRegex[] = [];
  for (const t of terms) {
    switch (t.type) {
      case 'word':
        words.push(t.text.toLowerCase());
        break;
      case 'regex':
        regexes.push(t.regex);
        break;
      case 'kind':
        filter.kinds = filter.kinds === undefined ? t.kinds : filter.kinds.filter((k) => t.kinds.includes(k));
        break;
      case 'perm':
        filter.permsRequired = (filter.permsRequired ?? 0) | t.required;
        filter.permsExcluded = (filter.permsExcluded ?? 0) | t.excluded;
        break;
      case 'size':
        if (t.minSizeBytes !== undefined && (filter.minSizeBytes === undefined || t.minSizeBytes > filter.minSizeBytes)) filter.minSizeBytes = t.minSizeBytes;
        if (t.maxSizeBytes !== undefined && (filter.maxSizeBytes === undefined || t.maxSizeBytes < filter.maxSizeBytes)) filter.maxSizeBytes = t.maxSizeBytes;
        break;
      case 'address':
        break;
    }
  }
  if (words.length === 1 && regexes.length === 0) {
    // One word, the usual query as it is typed: filterRegions' `text`, tested on lower-cased names it keeps.
    filter.text = words[0];
  } else if (words.length === 0) {
    // Regexes alone: no name to lower-case (that cost 23 ms of a keystroke over 53,063 names in the browser).
    // One regex (the usual case) is its own test: no closure and `every` around it, 53,063 calls.
    if (regexes.length === 1) filter.pathnameTest = regexes[0].test;
    else if (regexes.length > 0) filter.pathnameTest = (name) => regexes.every((r) => r.test(name));
  } else {
    filter.pathnameTest = (name) => {
      const lower = name.toLowerCase();
      return words.every((w) => lower.includes(w)) && regexes.every((r) => r.test(name));
    };
  }
  return filter;
}
