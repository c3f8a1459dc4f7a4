/**
 * Format detection: by file name, then by content — speedscope's src/import/index.ts does the
 * same. Content detection classifies a sample of lines (the first ones and some from across the
 * text) and picks the format most of them belong to, so a maps file with a few bad lines is still
 * maps, while text in no known format is `unknown` (one error, not one per line).
 * Regular expressions are fine here: they see a few hundred lines, never the whole text.
 */
import { formatFromFileName, type FileNameHint } from './file-name-hint.js';
import { textShape, type LineEndings } from './lines.js';
import { looksLikeMapsHeader } from './maps-scan.js';
import type { FormatName } from './result.js';
import { keepFirstShapes } from './shape-keeper.js';
import { KNOWN_SMAPS_KEYS } from './smaps.js';

// The file-name hint lives in a module of its own, so that a caller that needs only it (the CLI's lookup) loads nothing else.
export { formatFromFileName, type FileNameHint };

/** What detection decided, and for `unknown`, what the text looked like (for the message). */
export interface Detection {
  format: FormatName | 'unknown';
  /** A sentence on why the text is not read, when detection can tell (`pmap -q` output …). */
  note?: string;
}

const SAMPLE_HEAD = 200;
const SAMPLE_SPREAD = 200;
const SAMPLE_LINE_MAX = 1024;

const PMAP_PID = /^\d+:(\s|$)/;
const PMAP_X_HEADER = /^Address\s+Kbytes\s+RSS\s+Dirty\s+Mode\s+Mapping\s*$/;
const PMAP_EXT_HEADER = /^\s*Address\s+(?!.*\bKbytes\b).*\bSize\b/;
const PMAP_XX_COLUMN = /\b(VmFlags|KernelPageSize|MMUPageSize|AnonHugePages|Shared_Clean|Shared_Dirty|Private_Clean|Private_Dirty)\b/;
const PMAP_X_ROW = /^[0-9a-f]{8,16} +\d+ +(\d+|-) +(\d+|-) +[r-][w-][x-][s-][R-]( |$)/;
const PMAP_EXT_ROW = /^\s*[0-9a-f]+ [r-][w-][x-][sp] +[0-9a-f]+ +[0-9a-f]+:[0-9a-f]+ +\d+( |$)/;
const PMAP_PLAIN_ROW = /^[0-9a-f]{8,16} +\d+K [r-][w-][x-][s-][R-] /;
// pmap.c one_proc: -d rows "%0*lx %*lu %*s %0*llx %*.*s%03x:%05x %s" under their header.
const PMAP_D_HEADER = /^Address\s+Kbytes\s+Mode\s+Offset\s+Device\s+Mapping\s*$/;
const PMAP_D_ROW = /^[0-9a-f]{8,16} +\d+ [r-][w-][x-][s-][R-] [0-9a-f]{8,16} [0-9a-f]{3}:[0-9a-f]{5} /;
const PMAP_RULE = /^[ -]*-[ -]*$|^[ =]*=[ =]*$/;
const PMAP_TOTAL = /^total kB\s|^\s*\d+( +\d+)* +KB\s*$|^\s*total +\d+K\s*$|^mapped: \d+K\s+writeable\/private: \d+K\s+shared: \d+K\s*$/;
const GDB_HEADER = /^\s*Start Addr\s+End Addr\s+Size\s+Offset\b/;
const GDB_ROW = /^\s*0x[0-9a-fA-F]+\s+0x[0-9a-fA-F]+\s+0x[0-9a-fA-F]+\s+0x[0-9a-fA-F]+(\s|$)/;
const GDB_TEXT = /^process \d+\s*$|^Mapped address spaces:/;
const FIELD_KEY = /^([A-Za-z_][A-Za-z0-9_]*):/;

/** Counts of sampled lines by what they look like. */
interface Evidence {
  nonBlank: number;
  mapsHeaders: number;
  rollupHeaders: number;
  smapsFields: number;
  smapsKeys: Set<string>;
  pmapPid: number;
  pmapXHeaders: number;
  pmapExtHeaders: number;
  pmapXXHeaders: number;
  pmapXRows: number;
  pmapExtRows: number;
  pmapPlainRows: number;
  pmapDHeaders: number;
  pmapDRows: number;
  pmapFooter: number;
  gdbHeaders: number;
  gdbRows: number;
  gdbText: number;
}

/**
 * Adds the line of `text` that starts at `s` to `out` (its end before a CR when `crlf`, at most
 * SAMPLE_LINE_MAX characters) and returns where the next line starts. A function of its own, not
 * a closure made per call in sampleLines: one object fewer per detection whose hidden class a
 * full GC could free, taking sampleLines' optimised code with it (shape-keeper.test saw that
 * "weak objects" deoptimisation once in a loaded run; V8's trace does not say which object it was).
 */
function sampleLineAt(text: string, s: number, crlf: boolean, out: Array<[number, number]>): number {
  let nl = text.indexOf('\n', s);
  if (nl < 0) nl = text.length;
  let e = nl;
  if (crlf && nl < text.length && e > s && text.charCodeAt(e - 1) === 13) e--; // see textShape
  out.push([s, Math.min(e, s + SAMPLE_LINE_MAX)]);
  return nl + 1;
}

/** Start and end offsets of sampled lines: the first ones (head), and some spread over the rest. */
function sampleLines(text: string, ends?: LineEndings): { head: Array<[number, number]>; spread: Array<[number, number]> } {
  const { start, crlf } = textShape(text, ends);
  const head: Array<[number, number]> = [];
  const spread: Array<[number, number]> = [];
  let s = start;
  let taken = 0;
  while (s < text.length && taken < SAMPLE_HEAD) {
    const next = sampleLineAt(text, s, crlf, head);
    if (head[head.length - 1][1] > s) taken++;
    s = next;
  }
  if (s < text.length) {
    const from = s;
    const span = text.length - from;
    let last = from;
    for (let k = 0; k < SAMPLE_SPREAD; k++) {
      const at = from + Math.floor((k * span) / SAMPLE_SPREAD);
      const nl = text.indexOf('\n', at);
      if (nl < 0) break;
      const ls = Math.max(nl + 1, last);
      if (ls >= text.length) break;
      last = sampleLineAt(text, ls, crlf, spread);
    }
  }
  return { head, spread };
}

/**
 * text[s..e).trimEnd().endsWith(' [rollup]'), trimming only the last 64 characters when they suffice.
 * A line that ends in a printable ASCII character other than `]` (trimEnd keeps it) answers at once,
 * with no copy of its end: nearly every sampled maps header (detection reads 400 of them; in a fresh
 * process, 400 slices and trims in the interpreter).
 */
function endsWithRollup(text: string, s: number, e: number): boolean {
  const last = e > s ? text.charCodeAt(e - 1) : 0;
  if (last > 32 && last < 127 && last !== 93) return false;
  const from = Math.max(s, e - 64);
  const tail = text.slice(from, e).trimEnd();
  if (tail.length >= 9 || from === s) return tail.endsWith(' [rollup]');
  return text.slice(s, e).trimEnd().endsWith(' [rollup]');
}

function gather(text: string, lines: Array<[number, number]>): Evidence {
  const ev: Evidence = {
    nonBlank: 0, mapsHeaders: 0, rollupHeaders: 0, smapsFields: 0, smapsKeys: new Set(),
    pmapPid: 0, pmapXHeaders: 0, pmapExtHeaders: 0, pmapXXHeaders: 0, pmapXRows: 0, pmapExtRows: 0,
    pmapPlainRows: 0, pmapDHeaders: 0, pmapDRows: 0, pmapFooter: 0, gdbHeaders: 0, gdbRows: 0, gdbText: 0,
  };
  for (const [s, e] of lines) {
    // A line that starts with a printable ASCII character is not blank (trim removes none of
    // them), and a header needs no copy of the line: most sampled lines cost no allocation.
    const c0 = s < e ? text.charCodeAt(s) : 32;
    if (!(c0 > 32 && c0 < 127) && text.slice(s, e).trim() === '') continue;
    ev.nonBlank++;
    if (looksLikeMapsHeader(text, s, e)) {
      ev.mapsHeaders++;
      if (endsWithRollup(text, s, e)) ev.rollupHeaders++;
      continue;
    }
    const line = text.slice(s, e);
    const key = FIELD_KEY.exec(line)?.[1];
    if (key !== undefined && KNOWN_SMAPS_KEYS.has(key)) {
      ev.smapsFields++;
      ev.smapsKeys.add(key);
    } else if (PMAP_PID.test(line)) ev.pmapPid++;
    else if (PMAP_X_HEADER.test(line)) ev.pmapXHeaders++;
    else if (PMAP_EXT_HEADER.test(line)) {
      ev.pmapExtHeaders++;
      if (PMAP_XX_COLUMN.test(line)) ev.pmapXXHeaders++;
    } else if (PMAP_X_ROW.test(line)) ev.pmapXRows++;
    else if (PMAP_EXT_ROW.test(line)) ev.pmapExtRows++;
    else if (PMAP_PLAIN_ROW.test(line)) ev.pmapPlainRows++;
    else if (PMAP_D_HEADER.test(line)) ev.pmapDHeaders++;
    else if (PMAP_D_ROW.test(line)) ev.pmapDRows++;
    else if (PMAP_RULE.test(line) || PMAP_TOTAL.test(line)) ev.pmapFooter++;
    else if (GDB_HEADER.test(line)) ev.gdbHeaders++;
    else if (GDB_ROW.test(line)) ev.gdbRows++;
    else if (GDB_TEXT.test(line)) ev.gdbText++;
  }
  return ev;
}

type Family = 'procfs' | 'pmap-plain' | 'pmap-d' | 'pmap-x' | 'pmap-ext' | 'gdb';

/** Sampled lines that belong to each family; a family needs its own rows or header to count. */
function scores(ev: Evidence): Record<Family, number> {
  const pmapExtra = ev.pmapPid + ev.pmapFooter;
  return {
    // The psutil-style mock (headers without "-end") is still smaps: many distinct smaps keys.
    procfs: ev.mapsHeaders > 0 || ev.smapsKeys.size >= 3 ? ev.mapsHeaders + ev.smapsFields : 0,
    'pmap-plain': ev.pmapPlainRows > 0 ? ev.pmapPlainRows + pmapExtra : 0,
    'pmap-d': ev.pmapDHeaders + ev.pmapDRows > 0 ? ev.pmapDHeaders + ev.pmapDRows + pmapExtra : 0,
    'pmap-x': ev.pmapXHeaders + ev.pmapXRows > 0 ? ev.pmapXHeaders + ev.pmapXRows + pmapExtra : 0,
    'pmap-ext': ev.pmapExtHeaders > 0 ? ev.pmapExtHeaders + ev.pmapExtRows + pmapExtra : 0,
    gdb: ev.gdbHeaders + ev.gdbRows > 0 ? ev.gdbHeaders + ev.gdbRows + ev.gdbText : 0,
  };
}

function bestFamily(score: Record<Family, number>): Family {
  return (Object.keys(score) as Family[]).reduce((a, b) => (score[b] > score[a] ? b : a));
}

function familyOfHint(hint: FileNameHint | undefined): Family[] {
  switch (hint) {
    case undefined:
      return [];
    case 'maps':
    case 'smaps':
    case 'smaps_rollup':
      return ['procfs'];
    case 'pmap':
      return ['pmap-x', 'pmap-ext', 'pmap-plain', 'pmap-d'];
    case 'pmap-d':
      return ['pmap-d'];
    case 'pmap-x':
      return ['pmap-x'];
    case 'pmap-X':
    case 'pmap-XX':
      return ['pmap-ext'];
    case 'gdb':
      return ['gdb'];
  }
}

function formatOf(family: Family, ev: Evidence, hint: FileNameHint | undefined): FormatName {
  switch (family) {
    case 'procfs': {
      if (ev.rollupHeaders > 0 && ev.mapsHeaders === ev.rollupHeaders) return 'smaps_rollup';
      // The kernel writes a dozen or more field lines under each smaps header (fs/proc/task_mmu.c
      // show_smap); a few field lines among many headers are strays in a maps file, each an error
      // of its own there, not an smaps file. A name that says maps asks for more.
      const fieldsPerHeader = hint === 'maps' ? 4 : 1;
      if (ev.smapsFields > 0 && ev.smapsFields >= fieldsPerHeader * ev.mapsHeaders) return 'smaps';
      return hint === 'smaps' || hint === 'smaps_rollup' ? hint : 'maps';
    }
    case 'pmap-plain':
      return 'pmap';
    case 'pmap-d':
      return 'pmap-d';
    case 'pmap-x':
      return 'pmap-x';
    case 'pmap-ext':
      return ev.pmapXXHeaders > 0 ? 'pmap-XX' : 'pmap-X';
    case 'gdb':
      return 'gdb';
  }
}

/** Detects the format of `text` (non-empty, no NUL bytes), using `fileName` as a hint; `ends`: lineEndings(text), when known. */
export function detectFormat(text: string, fileName?: string, ends?: LineEndings): Detection {
  const hint = fileName === undefined ? undefined : formatFromFileName(fileName);
  const { head, spread } = sampleLines(text, ends);
  const ev = gather(text, [...head, ...spread]);
  const score = scores(ev);
  keepFirstShapes('detect', head, spread, ev, score);
  const best = bestFamily(score);

  // Most sampled lines belong to one format: all samples together, or the ones spread over the
  // body of a long file (whose first few hundred lines may be something else).
  if (score[best] > 0 && score[best] * 2 >= ev.nonBlank) return { format: formatOf(best, ev, hint) };
  if (spread.length >= 50) {
    const spreadScore = scores(gather(text, spread));
    const spreadBest = bestFamily(spreadScore);
    const nonBlank = spread.filter(([s, e]) => text.slice(s, e).trim() !== '').length;
    if (spreadScore[spreadBest] > 0 && spreadScore[spreadBest] * 2 >= nonBlank) return { format: formatOf(spreadBest, ev, hint) };
  }
  // Fewer, but the file name says which.
  const hinted = familyOfHint(hint).find((f) => score[f] > 0);
  if (hinted !== undefined) return { format: formatOf(hinted, ev, hint) };
  // A table with its header amid other text (a debugger session): the header decides.
  const headed: Family[] = [];
  if (ev.gdbHeaders > 0 && ev.gdbRows > 0) headed.push('gdb');
  if (ev.pmapXHeaders > 0 && ev.pmapXRows > 0) headed.push('pmap-x');
  if (ev.pmapDHeaders > 0 && ev.pmapDRows > 0) headed.push('pmap-d');
  if (ev.pmapExtHeaders > 0 && ev.pmapExtRows > 0) headed.push('pmap-ext');
  if (headed.length === 1) return { format: formatOf(headed[0], ev, hint) };

  let note: string | undefined;
  if (ev.pmapExtRows * 2 >= ev.nonBlank && ev.pmapExtHeaders === 0) {
    note = 'It looks like pmap -X output without its header line (pmap -q): without the header the columns are unknown; run pmap without -q.';
  }
  return note === undefined ? { format: 'unknown' } : { format: 'unknown', note };
}
