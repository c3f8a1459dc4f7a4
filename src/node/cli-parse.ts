/** `mapscope parse`: the regions as an aligned table, or as JSON, CSV or TSV; an smaps_rollup's totals (cli-rollup.ts). */
import { delimitedLines, formatBytes, formatDevice, formatHexPadded, formatNameForDisplay, parseJsonLines, type ParseResult, type RegionTable, type Rollup, type Separator } from '../internal.js';
import { LineWriter, type TextSink } from './cli-output.js';
import { rollupsJson } from './cli-rollup.js';
import { textTableLines, type TextColumn } from './text-table.js';
import { writeArtifactAddresses, writeArtifactHead } from './cli-artifact.js';

/** The table columns of a region table; RSS and PSS are added for smaps input. */
export function regionColumns(table: RegionTable): TextColumn[] {
  const c = table.columns;
  const known = table.known;
  const unknown = '?';
  const columns: TextColumn[] = [
    { header: 'BEGIN', align: 'right', cell: (i) => formatHexPadded(table.begin(i)) },
    { header: 'END', align: 'right', cell: (i) => formatHexPadded(table.end(i)) },
    { header: 'SIZE', align: 'right', cell: (i) => formatBytes(table.end(i) - table.begin(i)) },
    { header: 'PERMS', align: 'left', cell: (i) => (known.perms ? table.get(i).permissions.text : unknown) },
    { header: 'OFFSET', align: 'left', cell: (i) => (known.offset ? formatHexPadded(table.get(i).offset) : unknown) },
    { header: 'DEV', align: 'left', cell: (i) => (known.device ? formatDevice(c.devMajor[i], c.devMinor[i]) : unknown) },
    { header: 'INODE', align: 'right', cell: (i) => (known.inode ? table.get(i).inode.toString() : unknown) },
  ];
  if (table.smaps !== null) {
    const smapsSize = (key: string) => (i: number) => {
      const value = table.smaps?.[i]?.fields[key];
      return value === undefined ? '-' : formatBytes(value);
    };
    columns.push({ header: 'RSS', align: 'right', cell: smapsSize('Rss') }, { header: 'PSS', align: 'right', cell: smapsSize('Pss') });
  }
  columns.push(
    { header: 'KIND', align: 'left', cell: (i) => table.kind(i) },
    // Untrusted text: control characters are escaped before they reach the terminal.
    { header: 'PATHNAME', align: 'left', cell: (i) => formatNameForDisplay(table.pathname(i) ?? '') },
  );
  return columns;
}

/**
 * Writes the regions as an aligned table, a chunk at a time, waiting whenever the reader is behind;
 * for a crash artifact, its title above and its addresses below.
 */
export async function writeRegionTable(result: ParseResult, sink: TextSink): Promise<void> {
  const out = new LineWriter(sink);
  if (result.artifact !== undefined) await writeArtifactHead(result.artifact, out);
  for (const line of textTableLines(regionColumns(result.regions), result.regions.length)) {
    // Awaiting only a real wait: an await per line would cost more than the line (~0.2 µs each).
    const wait = out.line(line);
    if (wait) await wait;
  }
  await writeArtifactAddresses(result, out);
  await out.flush();
}

/**
 * Writes `{"format","regions","diagnostics","diagnosticGroups","stats"}` (src/export/region-json.ts),
 * and `"rollups"` after the regions for an smaps_rollup file (cli-rollup.ts), one region and one
 * diagnostic a line. Streamed: millions of regions never become one string.
 */
export async function writeParseJson(result: ParseResult, sink: TextSink, rollups: readonly Rollup[] | null = null): Promise<void> {
  await writeLines(rollups === null ? parseJsonLines(result) : withRollups(parseJsonLines(result), rollups), sink);
}

/** The lines of parseJsonLines with the rollups' line after the regions' closing `],`. */
function* withRollups(lines: Iterable<string>, rollups: readonly Rollup[]): Generator<string> {
  let added = false;
  for (const line of lines) {
    yield line;
    if (!added && line === '],') {
      yield `"rollups":${rollupsJson(rollups)},`;
      added = true;
    }
  }
}

/** Writes the regions as CSV (RFC 4180, CRLF line ends) or TSV (src/export/delimited.ts), streamed. */
export async function writeDelimited(result: ParseResult, separator: Separator, sink: TextSink): Promise<void> {
  await writeLines(delimitedLines(result.regions, separator), sink, separator === ',' ? '\r' : '');
}

/** Writes `lines` (each followed by `end` and a newline), waiting only when the reader is behind. */
export async function writeLines(lines: Iterable<string>, sink: TextSink, end = ''): Promise<void> {
  const out = new LineWriter(sink);
  for (const line of lines) {
    // Awaiting only a real wait: an await per line would cost more than the line.
    const wait = out.line(line + end);
    if (wait) await wait;
  }
  await out.flush();
}
