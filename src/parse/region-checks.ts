/**
 * What a maps or smaps parse does with the finished table: the kinds of named regions, warnings
 * about order and overlap (proc_pid_maps(5): ascending, never overlapping), and the diagnostics in
 * line order.
 */
import { addrFromHiLo } from '../address.js';
import { clipDiagnosticText } from '../model/diagnostic.js';
import type { DiagnosticStore } from '../model/diagnostic-store.js';
import { KIND_CODE, classifyPathname } from '../model/kind.js';
import { PERM_SHARED } from '../model/permissions.js';
import type { RegionTable } from '../model/region-table.js';
import { textShape } from './lines.js';

/**
 * Sets the kind of every named region of a finished table (parsers created with `classify:
 * false` leave it for this): classifyPathname runs once per distinct (pathname, shared), on the
 * table's own pathnames. During the parse the names are still slices of the input (or, on the
 * bytes path, not strings yet), and a regular expression that matches one (classifyPathname's
 * SysV pattern) would keep the whole input alive afterwards: V8 holds the last successful match's
 * subject for RegExp.input. It also takes a call per named line out of the line loops.
 */
export function classifyRegions(table: RegionTable): void {
  const { pathId, perms, kind } = table.columns;
  const names = table.pathnames;
  const codes = new Uint8Array(names.length * 2); // kind code + 1 per (id, shared); 0 = not yet
  for (let i = 0; i < table.length; i++) {
    const id = pathId[i];
    if (id < 0) continue;
    const shared = (perms[i] & PERM_SHARED) !== 0 ? 1 : 0;
    let k = codes[id * 2 + shared];
    if (k === 0) {
      k = KIND_CODE[classifyPathname(names[id], shared === 1)] + 1;
      codes[id * 2 + shared] = k;
    }
    kind[i] = k - 1;
  }
}

/**
 * Warns about regions that a real maps file never has: empty, out of address order, duplicating
 * or overlapping another region. proc_pid_maps(5) lists regions in ascending order, and VMAs never
 * overlap. Linear for a sorted table; an unsorted one is sorted (by begin, then end) once, so
 * that an overlap or duplicate anywhere in the file is found, not only next to its neighbour.
 */
export function checkRegionOrder(table: RegionTable, diagnostics: DiagnosticStore, lineText: (line: number) => string): void {
  const c = table.columns;
  const n = table.length;
  const bHi = c.beginHi, bLo = c.beginLo, eHi = c.endHi, eLo = c.endLo;
  // Warnings are rare: these helpers stay off the hot path, which compares (hi, lo) inline.
  const warn = (i: number, code: string, message: string) =>
    diagnostics.push({ line: c.line[i], column: 1, severity: 'warning', code, message, text: clipDiagnosticText(lineText(c.line[i])) });
  const beginHex = (i: number) => '0x' + addrFromHiLo(bHi[i], bLo[i]).toString(16);
  const onLaterLine = (i: number, j: number, code: string, message: (earlierLine: number) => string) => {
    const [early, late] = c.line[j] < c.line[i] ? [j, i] : [i, j];
    warn(late, code, message(c.line[early]));
  };

  // File order: empty regions, and regions that start below the one listed before them.
  let sorted = true; // by (begin, end): then duplicates are neighbours and no sort is needed
  let pbh = 0, pbl = 0, peh = 0, pel = 0;
  for (let i = 0; i < n; i++) {
    const bh = bHi[i], bl = bLo[i], eh = eHi[i], el = eLo[i];
    if (bh === eh && bl === el) warn(i, 'empty-region', 'empty region: start and end addresses are equal');
    if (i > 0) {
      if (bh < pbh || (bh === pbh && bl < pbl)) {
        sorted = false;
        warn(
          i,
          'out-of-order',
          `out of order: starts at ${beginHex(i)}, below ${beginHex(i - 1)} where the region on line ${c.line[i - 1]} starts (maps lists regions in ascending order)`,
        );
      } else if (bh === pbh && bl === pbl && (eh < peh || (eh === peh && el < pel))) sorted = false;
    }
    pbh = bh; pbl = bl; peh = eh; pel = el;
  }

  // Address order: each region against the one before it (duplicate) and against the earlier
  // region reaching furthest up (overlap). A warning goes on the later line of the two.
  let order: Uint32Array | null = null;
  if (!sorted) {
    order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((i, j) => bHi[i] - bHi[j] || bLo[i] - bLo[j] || eHi[i] - eHi[j] || eLo[i] - eLo[j] || i - j);
  }
  let reach = -1; // the region with the highest end so far, and that end
  let rh = 0, rl = 0;
  let prev = -1;
  for (let k = 0; k < n; k++) {
    const i = order === null ? k : order[k];
    const bh = bHi[i], bl = bLo[i], eh = eHi[i], el = eLo[i];
    if (prev >= 0) {
      if (bh === pbh && bl === pbl && eh === peh && el === pel) {
        onLaterLine(i, prev, 'duplicate', (line) => `duplicate region: same range as line ${line}`);
      } else if (!(bh === eh && bl === el) && (bh < rh || (bh === rh && bl < rl))) {
        onLaterLine(i, reach, 'overlap', (line) => `overlaps the region on line ${line}`);
      }
    }
    if (reach < 0 || eh > rh || (eh === rh && el > rl)) {
      reach = i; rh = eh; rl = el;
    }
    prev = i; pbh = bh; pbl = bl; peh = eh; pel = el;
  }
}

/**
 * Returns a function that gives the text of a 1-based line, built lazily (warnings are rare).
 * `crlf`: textShape(text).crlf, when the caller knows it.
 */
export function lineTextLookup(text: string, crlf = textShape(text).crlf): (line: number) => string {
  let starts: number[] | null = null;
  return (line: number) => {
    if (starts === null) {
      starts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
      for (let i = text.indexOf('\n', starts[0]); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    const s = starts[line - 1] ?? text.length;
    const followedByNewline = line < starts.length;
    let e = followedByNewline ? starts[line] - 1 : text.length;
    if (crlf && followedByNewline && e > s && text.charCodeAt(e - 1) === 13) e--;
    return text.slice(s, e);
  };
}
