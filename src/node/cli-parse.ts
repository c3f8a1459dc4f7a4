/** `mapscope parse`: the regions as an aligned table, or as JSON. */
import { formatBytes, formatHexPadded, formatNameForDisplay, type DiagnosticSet, type ParseResult, type RegionTable } from '../internal.js';
import { LineWriter, type TextSink } from './cli-output.js';
import { diagnosticGroupJson, diagnosticJson, RegionJsonWriter, toJson } from './json-out.js';
import { textTableLines, type TextColumn } from './text-table.js';

/** The device as maps writes it: `%02x:%02x` (fs/proc/task_mmu.c show_vma_header_prefix). */
function formatDevice(major: number, minor: number): string {
  return `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}`;
}

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

/** Writes the regions as an aligned table, a chunk at a time, waiting whenever the reader is behind. */
export async function writeRegionTable(result: ParseResult, sink: TextSink): Promise<void> {
  const out = new LineWriter(sink);
  for (const line of textTableLines(regionColumns(result.regions), result.regions.length)) {
    // Awaiting only a real wait: an await per line would cost more than the line (~0.2 µs each).
    const wait = out.line(line);
    if (wait) await wait;
  }
  await out.flush();
}

/**
 * Writes `{"format","regions","diagnostics","diagnosticGroups","stats"}`, one region and one
 * diagnostic a line. Streamed: millions of regions never become one string (V8 caps a string at
 * 2^29 - 24 characters, and JSON.stringify of such an array fails before that); the diagnostics
 * are bounded already (the kept examples, and each kind with its count).
 */
export async function writeParseJson(result: ParseResult, sink: TextSink): Promise<void> {
  const out = new LineWriter(sink);
  const regions = result.regions;
  const json = new RegionJsonWriter(regions);
  await out.line(`{"format":${toJson(result.format)},"regions":[`);
  for (let i = 0; i < regions.length; i++) {
    const wait = out.line(json.row(i) + (i + 1 < regions.length ? ',' : ''));
    if (wait) await wait;
  }
  await out.line('],');
  await writeDiagnosticsJson(result, out);
  await out.line(`,"stats":${toJson(result.stats)}}`);
  await out.flush();
}

/** Writes `"diagnostics":[...],"diagnosticGroups":[...]`, one diagnostic or kind a line (the commas around them are the caller's). */
export async function writeDiagnosticsJson(set: DiagnosticSet, out: LineWriter): Promise<void> {
  await out.line('"diagnostics":[');
  const { diagnostics, diagnosticGroups: groups } = set;
  for (let i = 0; i < diagnostics.length; i++) await out.line(toJson(diagnosticJson(diagnostics[i])) + (i + 1 < diagnostics.length ? ',' : ''));
  await out.line('],"diagnosticGroups":[');
  for (let i = 0; i < groups.length; i++) await out.line(toJson(diagnosticGroupJson(groups[i])) + (i + 1 < groups.length ? ',' : ''));
  await out.line(']');
}
