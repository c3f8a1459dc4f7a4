/**
 * Bulk lookup: finds the addresses inside arbitrary text — a gdb or sanitizer backtrace, a glibc
 * crash dump, a list of pointers — and annotates each with module+offset, region and permissions.
 * What counts as an address:
 *   - `0x…` hex numbers (gdb `#0  0x00007f3a2c029d90 in raise ()`, glibc `[0x7f3a2c029d90]`);
 *   - `name+0x…` where `name` is a module of the file (`libc.so.6+0x29d90`, ASan's
 *     `(/lib/x86_64-linux-gnu/libc.so.6+0x29d90)`);
 *   - bare hex of 8 or more digits (maps lines, `7f3a2c029d90`, WinDbg's `00007ff6`12345678`), only
 *     when it is mapped: timestamps, hashes and build ids are bare hex too.
 * An offset after `+` that names no module (`(+0x1234)`, `(main+0x2a)`) is not an address.
 */
import { parseAddr, type Addr } from '../address.js';
import { formatLookupLine } from './describe-lookup.js';
import type { ModuleIndex } from './module-index.js';
import type { LookupResult, RegionIndex } from './region-index.js';

/** One address found in the text. */
export interface FoundAddress {
  /** 1-based line and column (UTF-16 code units) of the match's first character. */
  line: number;
  column: number;
  /** The text as written (`0x00007f3a2c029d90`, `libc.so.6+0x29d90`). */
  text: string;
  address: Addr;
  /** How it was written: a number, or relative to a module. */
  form: 'hex' | 'module';
  lookup: LookupResult;
}

// A hex number with optional 0x and `_`/`` ` `` separators, not inside a longer word.
const HEX_TOKEN = /(?<![0-9A-Za-z_])(0[xX])?[0-9a-fA-F]+(?:[_`][0-9a-fA-F]+)*(?![0-9A-Za-z_])/g;
// The module name before `+`: a run without blanks, brackets, quotes or separators of a list.
const MODULE_BEFORE_PLUS = /[^\s()<>{}"',;=+]+$/;

/** Every address in `text`, in text order. */
export function findAddresses(text: string, index: RegionIndex, modules: ModuleIndex): FoundAddress[] {
  const found: FoundAddress[] = [];
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  let lineIndex = 0;
  const position = (at: number) => {
    while (lineIndex + 1 < lineStarts.length && lineStarts[lineIndex + 1] <= at) lineIndex++;
    return { line: lineIndex + 1, column: at - lineStarts[lineIndex] + 1 };
  };

  for (const m of text.matchAll(HEX_TOKEN)) {
    const at = m.index;
    const value = parseAddr(m[0]);
    if (value === undefined) continue; // wider than 64 bits: a hash, not an address
    if (text[at - 1] === '+') {
      const name = MODULE_BEFORE_PLUS.exec(text.slice(Math.max(0, at - 1 - 4096), at - 1))?.[0];
      const module = name === undefined ? undefined : resolveInText(modules, name);
      if (module === undefined) continue;
      const address = module.baseAddr + value;
      if (address > 0xffff_ffff_ffff_ffffn) continue;
      const start = at - 1 - module.nameLength;
      found.push({ ...position(start), text: text.slice(start, at + m[0].length), address: address as Addr, form: 'module', lookup: index.lookup(address) });
      continue;
    }
    const prefixed = m[1] !== undefined;
    if (!prefixed && m[0].replace(/[_`]/g, '').length < 8) continue;
    const lookup = index.lookup(value);
    if (!prefixed && !lookup.mapped) continue;
    found.push({ ...position(at), text: m[0], address: value, form: 'hex', lookup });
  }
  return found;
}

/**
 * The module a name before `+` in running text means. The run may carry a prefix the module name
 * does not (`at libc.so.6`, `lib:/usr/lib/libc.so.6`): the longest suffix that resolves wins.
 */
function resolveInText(modules: ModuleIndex, run: string): { baseAddr: Addr; nameLength: number } | undefined {
  for (let i = 0; i < run.length; i++) {
    if (i > 0 && !/[^0-9A-Za-z_.\-[\]]/.test(run[i - 1])) continue; // start at a word boundary
    const module = modules.find(run.slice(i));
    if (module !== undefined) return { baseAddr: module.baseAddr, nameLength: run.length - i };
  }
  return undefined;
}

/**
 * The text with an annotation line under every line that holds addresses, one per address:
 *   `#0  0x00007f3a2c029d90 in raise () from /lib/x86_64-linux-gnu/libc.so.6`
 *   `    -> 0x00007f3a2c029d90 = libc.so.6+0x29d90 r-xp 0x7f3a2c028000-0x7f3a2c1bd000 /usr/lib/x86_64-linux-gnu/libc.so.6`
 * Lines without addresses are kept as they are, so the result pastes back where the text came from.
 */
export function annotateText(text: string, index: RegionIndex, modules: ModuleIndex, found = findAddresses(text, index, modules)): string {
  const lines = text.split('\n');
  const byLine = new Map<number, FoundAddress[]>();
  for (const f of found) {
    const list = byLine.get(f.line);
    if (list === undefined) byLine.set(f.line, [f]);
    else list.push(f);
  }
  const out: string[] = [];
  lines.forEach((line, i) => {
    out.push(line);
    const eol = line.endsWith('\r') ? '\r' : '';
    for (const f of byLine.get(i + 1) ?? []) out.push(`    -> ${f.text} = ${formatLookupLine(index.table, modules, f.lookup, index.addressSpace)}${eol}`);
  });
  return out.join('\n');
}
