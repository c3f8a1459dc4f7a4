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
import { parseAddr, U64_MAX, type Addr } from '../address.js';
import { formatLookupLine, formatRowName } from './describe-lookup.js';
import type { ModuleIndex } from './module-index.js';
import type { LookupResult, RegionIndex } from './region-index.js';

/** A frame of a backtrace: its number (`#3`) and which backtrace of the text it belongs to. */
export interface FrameRef {
  /** The frame number as written (`#3` → 3). */
  index: number;
  /** 0-based: the text's n-th backtrace (a new one starts where a frame number does not grow). */
  backtrace: number;
}

/** One address found in the text. */
export interface FoundAddress {
  /** 1-based line and column (UTF-16 code units) of the match's first character. */
  line: number;
  column: number;
  /** The text as written (`0x00007f3a2c029d90`, `libc.so.6+0x29d90`, Android's `000000000004a1b4`). */
  text: string;
  address: Addr;
  /** How it was written: a number, or relative to a module (`libc.so.6+0x…`, Android's `pc …  /path`). */
  form: 'hex' | 'module';
  lookup: LookupResult;
  /** Set when the address is a backtrace frame's program counter. */
  frame?: FrameRef;
}

// A hex number with optional 0x and `_`/`` ` `` separators, not inside a longer word.
const HEX_TOKEN = /(?<![0-9A-Za-z_])(0[xX])?[0-9a-fA-F]+(?:[_`][0-9a-fA-F]+)*(?![0-9A-Za-z_])/g;
// The module name before `+`: a run without blanks, brackets, quotes or separators of a list.
const MODULE_BEFORE_PLUS = /[^\s()<>{}"',;=+]+$/;
/**
 * Frame lines, their number and where the program counter is:
 *   gdb        `#1  0x00007f…5e53 in __GI___nanosleep (req=…, rem=0x0) at …` (a frame at a line's start has no address)
 *   sanitizers `    #3 0x55a07dae7130 in _start (/tmp/uaf+0x1130)` — the `(module+0x…)` is the same frame again
 *   Android    `    #00 pc 000000000004a1b4  /system/lib64/libc.so (abort+164)` — pc relative to the module
 */
const FRAME_PC = /^\s*#(\d+)\s+(0[xX][0-9a-fA-F]+)\s+in\s/;
const FRAME_NUMBER = /^\s*#\d+\s/;
const ANDROID_FRAME = /^\s*#(\d+)\s+pc\s+((?:0[xX])?[0-9a-fA-F]+)\s+(\S+)/;

/**
 * Every address in `text`, in text order. Backtrace frames (gdb, sanitizers, Android tombstones)
 * are recognised: each frame's program counter is found once, marked `frame`; the other numbers
 * of a frame line (`args=0x…`) are found as any number is. NULL (0x0) is never an address.
 */
export function findAddresses(text: string, index: RegionIndex, modules: ModuleIndex): FoundAddress[] {
  const found: FoundAddress[] = [];
  let backtrace = -1;
  let lastFrame = Infinity;
  let lineStart = 0;
  for (let lineNumber = 1; lineStart <= text.length; lineNumber++) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    const at = (column0: number) => ({ line: lineNumber, column: column0 + 1 });
    // A frame: its number, and the span of its program counter (left out of the scan below).
    let frame: FrameRef | undefined;
    let pcStart = -1;
    let pcEnd = -1;
    const gdb = FRAME_PC.exec(line);
    const android = gdb === null ? ANDROID_FRAME.exec(line) : null;
    const number = gdb?.[1] ?? android?.[1];
    if (number !== undefined) {
      const n = Number(number);
      if (n <= lastFrame) backtrace++;
      lastFrame = n;
      frame = { index: n, backtrace };
      const token = (gdb ?? android)![2];
      pcStart = line.indexOf(token, line.indexOf('#') + 1 + number.length);
      pcEnd = pcStart + token.length;
      const pc = parseAddr(token);
      if (gdb !== null && pc !== undefined && pc !== 0n) {
        found.push({ ...at(pcStart), text: token, address: pc, form: 'hex', lookup: index.lookup(pc), frame });
      } else if (android !== null && pc !== undefined) {
        const module = resolveInText(modules, android[3]);
        const address = module === undefined ? undefined : module.baseAddr + pc;
        if (address !== undefined && address <= U64_MAX) {
          found.push({ ...at(pcStart), text: line.slice(pcStart, line.indexOf(android[3], pcEnd) + android[3].length), address: address as Addr, form: 'module', lookup: index.lookup(address), frame });
        }
      }
    }
    for (const m of line.matchAll(HEX_TOKEN)) {
      const col = m.index;
      if (col >= pcStart && col < pcEnd) continue; // the frame's own program counter
      const value = parseAddr(m[0]);
      if (value === undefined) continue; // wider than 64 bits: a hash, not an address
      if (line[col - 1] === '+') {
        if (frame !== undefined && gdb !== null) continue; // a sanitizer's (module+0x…): the frame again
        const name = MODULE_BEFORE_PLUS.exec(line.slice(Math.max(0, col - 1 - 4096), col - 1))?.[0];
        const module = name === undefined ? undefined : resolveInText(modules, name);
        if (module === undefined) continue;
        const address = module.baseAddr + value;
        if (address > U64_MAX) continue;
        const start = col - 1 - module.nameLength;
        found.push({ ...at(start), text: line.slice(start, col + m[0].length), address: address as Addr, form: 'module', lookup: index.lookup(address) });
        continue;
      }
      if (value === 0n) continue; // NULL: `rem=0x0`, `(nil)` spelled in hex
      const prefixed = m[1] !== undefined;
      if (!prefixed && m[0].replace(/[_`]/g, '').length < 8) continue;
      const lookup = index.lookup(value);
      if (!prefixed && !lookup.mapped) continue;
      found.push({ ...at(col), text: m[0], address: value, form: 'hex', lookup });
    }
    lineStart = lineEnd + 1;
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

/** The addresses of a text as a reader wants them: the backtraces' frames first, then the rest by where they point. */
export interface FoundGroups {
  /** Each backtrace: the line above its first frame (`Thread 2 (Thread 0x7f… (LWP 12645) "mt"):`, `freed by thread T0 here:`), '' when none, and its frames. */
  backtraces: { title: string; frames: FoundAddress[] }[];
  /** The other addresses, by the region or module they fall in (`[heap]`, `libc.so.6`, `anonymous 0x…-0x…`) or `unmapped`, largest group first. */
  others: { name: string; items: FoundAddress[] }[];
}

/** Splits `found` (findAddresses of `text`) into backtraces and grouped other addresses. */
export function groupFound(text: string, found: readonly FoundAddress[], index: RegionIndex, modules: ModuleIndex): FoundGroups {
  const lines = text.split('\n');
  const backtraces: FoundGroups['backtraces'] = [];
  const others = new Map<string, FoundAddress[]>();
  for (const f of found) {
    if (f.frame !== undefined) {
      let bt = backtraces[f.frame.backtrace];
      if (bt === undefined) {
        // The line above the backtrace: above this frame, past blank lines and frames without an address (gdb's `#0  f () at x.c:3`).
        let k = f.line - 2;
        while (k >= 0 && (lines[k].trim() === '' || FRAME_NUMBER.test(lines[k]))) k--;
        bt = backtraces[f.frame.backtrace] = { title: k >= 0 ? lines[k].trim() : '', frames: [] };
      }
      bt.frames.push(f);
      continue;
    }
    const name = f.lookup.mapped ? formatRowName(index.table, modules, f.lookup.row) : 'unmapped';
    const list = others.get(name);
    if (list === undefined) others.set(name, [f]);
    else list.push(f);
  }
  return {
    backtraces: backtraces.filter((b) => b !== undefined),
    others: [...others].map(([name, items]) => ({ name, items })).sort((a, b) => b.items.length - a.items.length),
  };
}
