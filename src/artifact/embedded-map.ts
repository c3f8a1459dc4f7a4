/**
 * What every text artifact reader shares: the artifact's lines (ArtifactText), the map lines it
 * takes out of them (MapLines, rewritten into the maps layout when the artifact prints them in
 * another), and the one way from those to a ParseResult (readEmbeddedMap): the map lines go
 * through the maps parser (src/parse parseEmbeddedMap), diagnostics and regions keep the
 * artifact's own line numbers, and every other line of the artifact is a recognised line
 * (LineStats: `lines === regions + blank + recognized + rejected`).
 */
import { toAddr, type Addr } from '../address.js';
import { clipDiagnosticText, type Diagnostic } from '../model/diagnostic.js';
import { diagnosticSet, mergeDiagnosticSets } from '../model/diagnostic-store.js';
import { RegionTable, type KnownFields } from '../model/region-table.js';
import { textShape } from '../parse/lines.js';
import { parseEmbeddedMap } from '../parse/index.js';
import type { ParseResult } from '../parse/result.js';
import type { ArtifactChoice, ArtifactInfo } from './artifact.js';

/** An artifact's lines: where each starts and ends in the text (the line end, and a CRLF file's CR, left out). */
export class ArtifactText {
  readonly starts: number[] = [];
  readonly ends: number[] = [];

  constructor(readonly text: string) {
    const { start, crlf } = textShape(text);
    let s = start;
    while (s < text.length) {
      let nl = text.indexOf('\n', s);
      if (nl < 0) nl = text.length;
      let e = nl;
      if (crlf && e > s && nl < text.length && text.charCodeAt(e - 1) === 13) e--;
      this.starts.push(s);
      this.ends.push(e);
      s = nl + 1;
    }
  }

  /** Lines in the text. */
  get count(): number {
    return this.starts.length;
  }

  /** Line `i` (0-based) without its line end. */
  line(i: number): string {
    return this.text.slice(this.starts[i], this.ends[i]);
  }

  /** The first line at or after `from` (0-based) that `test` accepts; -1 for none. */
  find(from: number, test: (line: string, i: number) => boolean): number {
    for (let i = from; i < this.count; i++) if (test(this.line(i), i)) return i;
    return -1;
  }

  /** Every line (0-based) that `test` accepts. */
  findAll(test: (line: string, i: number) => boolean): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.count; i++) if (test(this.line(i), i)) out.push(i);
    return out;
  }
}

/** The map lines an artifact reader takes out: each as the maps parser reads it, and where it came from. */
export class MapLines {
  private readonly parts: string[] = [];
  private readonly lineOf: number[] = [];
  private readonly cut: number[] = [];
  private readonly start: number[] = [];

  constructor(private readonly source: ArtifactText) {}

  /** Takes line `i` (0-based) into the map: its text from column `cut` on, or `rewritten` (a line the artifact prints in another layout). */
  add(i: number, cut = 0, rewritten?: string): void {
    this.parts.push(rewritten ?? this.source.text.slice(this.source.starts[i] + cut, this.source.ends[i]));
    this.lineOf.push(i + 1);
    this.cut.push(cut);
    this.start.push(this.source.starts[i]);
  }

  get length(): number {
    return this.parts.length;
  }

  /** The 1-based artifact line numbers of the lines taken. */
  lines(): readonly number[] {
    return this.lineOf;
  }

  /** The lines as parseEmbeddedMap reads them. */
  embedded() {
    return { text: this.parts.join('\n') + '\n', lineOf: Int32Array.from(this.lineOf), cut: Int32Array.from(this.cut), start: Int32Array.from(this.start) };
  }
}

/** What a reader says beside the map: fields the source does not carry, and notes on the artifact as a whole. */
export interface EmbeddedMapOptions {
  /** Fields the artifact's map lines do not carry (a tombstone has no device or inode; a sanitizer map has only ranges and names). */
  unknown?: (keyof KnownFields)[];
  /** Diagnostics about the artifact (line 0, or the line they concern): a map cut short, a frame no region holds, … */
  notes?: Diagnostic[];
}

/**
 * The ParseResult of an artifact: its map lines parsed as /proc/PID/maps, every other line
 * recognised (blank lines counted as blank), the reader's notes merged in line order. The lines
 * counted are the artifact's, except that an artifact line holding several map lines (a field of
 * a JSON journal entry) counts as those.
 */
export function readEmbeddedMap(source: ArtifactText, map: MapLines, artifact: ArtifactInfo, options: EmbeddedMapOptions = {}): ParseResult {
  const parsed: ParseResult =
    map.length > 0
      ? parseEmbeddedMap(source.text, map.embedded())
      : { format: 'maps', regions: RegionTable.empty(), diagnostics: [], diagnosticGroups: [], stats: { lines: 0, regions: 0, blank: 0, recognized: 0, rejected: 0 } };
  let regions = parsed.regions;
  if (options.unknown !== undefined && options.unknown.length > 0) {
    const known = { ...regions.known };
    for (const field of options.unknown) known[field] = false;
    regions = new RegionTable({ ...regions.toData(), known });
  }
  const inMap = new Uint8Array(source.count);
  for (const line of map.lines()) inMap[line - 1] = 1;
  let holding = 0;
  let blank = parsed.stats.blank;
  for (let i = 0; i < source.count; i++) {
    if (inMap[i] === 1) holding++;
    else if (source.line(i).trim() === '') blank++;
  }
  // An error of the reader's (no map, a damaged entry) rejects the line it names: errors and rejected lines stay one for one.
  const notes = (options.notes ?? []).map((d) => (d.severity === 'error' && d.line === 0 && source.count > 0 ? artifactNote(source, 0, 'error', d.code, d.message) : d));
  const rejectedByNotes = new Set(notes.filter((d) => d.severity === 'error' && d.line > 0 && inMap[d.line - 1] === 0).map((d) => d.line));
  for (const line of rejectedByNotes) if (source.line(line - 1).trim() === '') blank--;
  const regionCount = parsed.stats.regions;
  const rejected = parsed.stats.rejected + rejectedByNotes.size;
  // A map line is a line: one artifact line holding many (a journal's JSON field) counts as those.
  const lines = source.count - holding + map.length;
  const merged = mergeDiagnosticSets(diagnosticSet(notes), parsed);
  return {
    format: artifact.format,
    regions,
    ...merged,
    stats: { lines, regions: regionCount, blank, recognized: lines - regionCount - blank - rejected, rejected },
    artifact,
  };
}

/**
 * The memory maps an artifact holds, one per header line (0-based `headers`), as choices labelled
 * `<what> at line N`, and the one `choice` picks (the first when it is out of range); header -1 when there is none.
 */
export function mapChoices(headers: readonly number[], what: (header: number) => string, choice: number): { choices: ArtifactChoice[]; chosen: number; header: number } {
  if (headers.length === 0) return { choices: [], chosen: 0, header: -1 };
  const chosen = Number.isInteger(choice) && choice >= 0 && choice < headers.length ? choice : 0;
  return { choices: headers.map((h) => ({ label: `${what(h)} at line ${h + 1}`, firstLine: h + 1 })), chosen, header: headers[chosen] };
}

/** The result with more notes (found after its map was read: frames no mapping holds), in line order. */
export function withNotes(result: ParseResult, notes: Diagnostic[]): ParseResult {
  return notes.length === 0 ? result : { ...result, ...mergeDiagnosticSets(result, diagnosticSet(notes)) };
}

/** A diagnostic about line `i` (0-based) of the artifact, quoting it; or about the whole artifact when `i` is -1. */
export function artifactNote(source: ArtifactText, i: number, severity: Diagnostic['severity'], code: string, message: string): Diagnostic {
  return { line: i + 1, column: i < 0 ? 0 : 1, severity, code, message, text: i < 0 ? '' : clipDiagnosticText(source.line(i)) };
}

/**
 * A region as the kernel writes its maps line (fs/proc/task_mmu.c show_vma_header_prefix: `%08lx-%08lx
 * %c%c%c%c %08llx %02x:%02x %lu`, the name padded to column 74), for map lines an artifact prints
 * in another layout; device and inode 0 (the caller marks them unknown).
 */
export function kernelMapsLine(begin: bigint, end: bigint, perms: string, offset: bigint, name: string): string {
  const hex = (v: bigint) => v.toString(16).padStart(8, '0');
  const prefix = `${hex(begin)}-${hex(end)} ${perms} ${hex(offset)} 00:00 0`;
  return name === '' ? prefix : `${prefix.padEnd(72)} ${name}`;
}

/** A header line from its parts, those present: `Android tombstone · /system/bin/foo · pid 4242 · SIGSEGV`. */
export function artifactTitle(what: string, program: string | null | undefined, pid: number | null, signal: string | null): string {
  return [what, program ?? null, pid !== null ? `pid ${pid}` : null, signal].filter((x) => x !== null).join(' · ');
}

/** A hex number (with or without 0x, with `'` or `_` separators as tombstones print them) as an address; undefined when it is none. */
export function hexAddr(text: string): Addr | undefined {
  const digits = text.replace(/^0x/i, '').replace(/['_`]/g, '');
  if (!/^[0-9a-fA-F]{1,16}$/.test(digits)) return undefined;
  return toAddr(BigInt('0x' + digits));
}
