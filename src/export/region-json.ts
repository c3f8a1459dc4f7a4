/**
 * The JSON shapes of `mapscope parse --json` and the app's JSON export (one writer for both), built
 * from plain strings and numbers so that no bigint ever reaches JSON.stringify. The shape is a
 * contract other tools read; see docs in src/node/cli-help.ts.
 *
 *   region: {"line":3,"begin":"0x7f3a2c000000","end":"0x7f3a2c021000","sizeBytes":"135168",
 *            "perms":"rw-p","offset":"0x0","device":{"major":0,"minor":0},"inode":"0",
 *            "pathname":null,"kind":"anonymous"}            (+ "fields", "vmFlags" for smaps)
 */
import { addrFromHiLo, formatHex } from '../address.js';
import type { ArtifactInfo } from '../model/artifact.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { DiagnosticGroup } from '../model/diagnostic-store.js';
import { formatPermissions } from '../model/permissions.js';
import type { Region } from '../model/region.js';
import type { RegionTable, SmapsRecord } from '../model/region-table.js';
import { pathnameBytes } from '../input/utf8-lossless.js';
import { escapeJsonText } from './escape-json.js';

/** A region as JSON-ready data. Fields the input format does not carry (pmap -x: device) are null. */
export interface RegionJson {
  line: number;
  begin: string;
  end: string;
  /** end - begin, decimal. */
  sizeBytes: string;
  perms: string | null;
  offset: string | null;
  device: { major: number; minor: number } | null;
  /** Decimal; inodes can exceed 2^53. */
  inode: string | null;
  pathname: string | null;
  /**
   * The exact bytes of a pathname that is not valid UTF-8, as lowercase hex (proc_pid_maps(5):
   * names are raw bytes); absent for names that are. `pathname` then holds U+DC80–U+DCFF
   * escapes for the invalid bytes (src/input/utf8-lossless.ts).
   */
  pathnameBytes?: string;
  kind: string;
  /** smaps only: sizes in bytes (`Rss: 4 kB` → 4096) and unit-less values, keys as the file has them. */
  fields?: Record<string, number>;
  /** smaps only: VmFlags codes in file order; null when the record had no VmFlags line. */
  vmFlags?: string[] | null;
  /** smaps only, when present: fields whose value is text (Android's `Name:`). */
  text?: Record<string, string>;
}

/** A diagnostic as JSON-ready data. */
export interface DiagnosticJson {
  line: number;
  column: number;
  severity: 'error' | 'warning';
  code: string;
  message: string;
  text: string;
}

/** A kind of diagnostic as JSON-ready data: every occurrence counted, the lines of the kept examples. */
export interface DiagnosticGroupJson {
  code: string;
  severity: 'error' | 'warning';
  count: number;
  firstLine: number;
  exampleLines: number[];
}

/** The JSON form of a region. */
export function regionJson(region: Region): RegionJson {
  const known = region.table.known;
  const bytes = region.pathname === null ? undefined : pathnameBytesHex(region.pathname);
  const json: RegionJson = {
    line: region.line,
    begin: formatHex(region.begin),
    end: formatHex(region.end),
    sizeBytes: region.sizeBytes.toString(),
    perms: known.perms ? region.permissions.text : null,
    offset: known.offset ? formatHex(region.offset) : null,
    device: known.device ? region.device : null,
    inode: known.inode ? region.inode.toString() : null,
    pathname: region.pathname,
    ...(bytes !== undefined && { pathnameBytes: bytes }),
    kind: region.kind,
  };
  const smaps = region.smaps;
  if (smaps !== null) {
    json.fields = smaps.fields;
    json.vmFlags = smaps.vmFlags;
    if (smaps.text !== undefined) json.text = smaps.text;
  }
  return json;
}

/** `"pathnameBytes"`'s value: the hex of a name's exact bytes, or undefined when the name is valid UTF-8. */
export function pathnameBytesHex(pathname: string): string | undefined {
  const bytes = pathnameBytes(pathname);
  if (bytes === undefined) return undefined;
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** The JSON form of a kind of diagnostic: its exact count, its first line, and the lines of its kept examples. */
export function diagnosticGroupJson(g: DiagnosticGroup): DiagnosticGroupJson {
  return { code: g.code, severity: g.severity, count: g.count, firstLine: g.firstLine, exampleLines: g.examples.map((d) => d.line) };
}

/** The JSON form of a diagnostic. */
export function diagnosticJson(d: Diagnostic): DiagnosticJson {
  return { line: d.line, column: d.column, severity: d.severity, code: d.code, message: d.message, text: d.text };
}

/** JSON.stringify, compact, with terminal-unsafe characters escaped as \uXXXX. */
export function toJson(value: unknown): string {
  return escapeJsonText(JSON.stringify(value));
}

/** `"the name"`, followed by `,"pathnameBytes":"hex"` for a name that is not valid UTF-8. */
function pathJsonText(pathname: string): string {
  const bytes = pathnameBytesHex(pathname);
  return bytes === undefined ? toJson(pathname) : `${toJson(pathname)},"pathnameBytes":"${bytes}"`;
}

/**
 * Serialises regions straight from the table's columns: the same text as toJson(regionJson(r)),
 * without a Region and an object per row (a 262,144-region file is 5x faster this way). Each
 * distinct pathname is escaped once.
 */
export class RegionJsonWriter {
  private readonly pathJson: (string | undefined)[] = [];

  constructor(private readonly table: RegionTable) {}

  /** The JSON text of row `i`. */
  row(i: number): string {
    const t = this.table;
    const c = t.columns;
    const known = t.known;
    const begin = addrFromHiLo(c.beginHi[i], c.beginLo[i]);
    const end = addrFromHiLo(c.endHi[i], c.endLo[i]);
    const id = c.pathId[i];
    let path = 'null';
    if (id >= 0) path = this.pathJson[id] ??= pathJsonText(t.pathnames[id]);
    const perms = known.perms ? `"${formatPermissions(c.perms[i])}"` : 'null';
    const offset = known.offset ? `"${formatHex(addrFromHiLo(c.offsetHi[i], c.offsetLo[i]))}"` : 'null';
    const device = known.device ? `{"major":${c.devMajor[i]},"minor":${c.devMinor[i]}}` : 'null';
    const inode = known.inode ? `"${addrFromHiLo(c.inodeHi[i], c.inodeLo[i])}"` : 'null';
    let text =
      `{"line":${c.line[i]},"begin":"${formatHex(begin)}","end":"${formatHex(end)}","sizeBytes":"${end - begin}",` +
      `"perms":${perms},"offset":${offset},"device":${device},"inode":${inode},"pathname":${path},"kind":"${t.kind(i)}"`;
    const smaps = t.smaps?.[i];
    if (smaps) {
      text += `,"fields":${fieldsJson(smaps)},"vmFlags":${toJson(smaps.vmFlags)}`;
      if (smaps.text !== undefined) text += `,"text":${toJson(smaps.text)}`;
    }
    return text + '}';
  }
}

/**
 * An smaps record's fields as JSON. A value past 2^53 (kept exactly in exactFields; only
 * hand-made files have one) is written as its exact integer, which JSON numbers allow.
 */
function fieldsJson(record: SmapsRecord): string {
  const exact = record.exactFields;
  if (exact === undefined) return toJson(record.fields);
  const parts = Object.entries(record.fields).map(([key, value]) => `${toJson(key)}:${Object.hasOwn(exact, key) ? exact[key].toString() : toJson(value)}`);
  return `{${parts.join(',')}}`;
}

/**
 * The lines of `{"format","regions","diagnostics","diagnosticGroups","stats"}` — `mapscope parse
 * --json` and the app's JSON export — one region and one diagnostic a line. A generator: millions
 * of regions never become one string (V8 caps a string at 2^29 - 24 characters); the CLI writes
 * each line with backpressure, the app hands them to a Blob. `rows` (table rows, default all in
 * table order) keeps a filtered subset in the same shape.
 */
export function* parseJsonLines(result: ParseJsonInput, rows?: ArrayLike<number>): Generator<string> {
  const regions = result.regions;
  const json = new RegionJsonWriter(regions);
  const count = rows === undefined ? regions.length : rows.length;
  const artifact = result.artifact ?? undefined;
  yield `{"format":${toJson(result.format)},${artifact === undefined ? '' : artifactJsonFields(artifact)}"regions":[`;
  const attributes = regionAttributesJson(artifact);
  for (let k = 0; k < count; k++) {
    const row = rows === undefined ? k : rows[k];
    const extra = attributes.size === 0 ? undefined : attributes.get(regions.columns.line[row]);
    yield (extra === undefined ? json.row(row) : json.row(row).slice(0, -1) + extra + '}') + (k + 1 < count ? ',' : '');
  }
  yield '],';
  yield* diagnosticsJsonLines(result);
  yield `,"stats":${toJson(result.stats)}}`;
}

/** What parseJsonLines reads of a parse: a ParseResult, or the app's loaded file. */
export interface ParseJsonInput {
  format: string;
  regions: RegionTable;
  diagnostics: readonly Diagnostic[];
  diagnosticGroups: readonly DiagnosticGroup[];
  stats: unknown;
  /** A crash artifact's facts (issue 14): `"artifact"` and `"addresses"` after `"format"`, a tombstone row's `"attributes"`. */
  artifact?: ArtifactInfo | null;
}

/** `"artifact":{…},"addresses":[…],` of a crash artifact: its facts, and each address as `{"address":"0x…","label":…,"line":N}`. */
function artifactJsonFields(artifact: ArtifactInfo): string {
  const { title, pid, signal, context, choices, chosen } = artifact;
  const addresses = artifact.addresses.map((a) => ({ address: formatHex(a.address), label: a.label, line: a.line }));
  return `"artifact":${toJson({ title, pid, signal, context, choices, chosen })},"addresses":${toJson(addresses)},`;
}

/** A tombstone region's attributes (BuildId, load bias) by its line, as `,"attributes":{…}` to close its JSON row with. */
function regionAttributesJson(artifact: ArtifactInfo | undefined): Map<number, string> {
  const byLine = new Map<number, Record<string, string>>();
  for (const a of artifact?.regionAttributes ?? []) byLine.set(a.line, { ...byLine.get(a.line), [a.key]: a.value });
  return new Map([...byLine].map(([line, attrs]) => [line, `,"attributes":${toJson(attrs)}`]));
}

/** The lines of `"diagnostics":[...],"diagnosticGroups":[...]`, one diagnostic or kind a line (the commas around them are the caller's). */
export function* diagnosticsJsonLines(set: { diagnostics: readonly Diagnostic[]; diagnosticGroups: readonly DiagnosticGroup[] }): Generator<string> {
  yield '"diagnostics":[';
  const { diagnostics, diagnosticGroups: groups } = set;
  for (let i = 0; i < diagnostics.length; i++) yield toJson(diagnosticJson(diagnostics[i])) + (i + 1 < diagnostics.length ? ',' : '');
  yield '],"diagnosticGroups":[';
  for (let i = 0; i < groups.length; i++) yield toJson(diagnosticGroupJson(groups[i])) + (i + 1 < groups.length ? ',' : '');
  yield ']';
}
