/** `mapscope parse`: the regions as an aligned table, or as JSON. */
import { formatBytes, formatHexPadded, formatNameForDisplay, type ParseResult, type RegionTable } from '../internal.js';
import { LineWriter } from './cli-io.js';
import { diagnosticJson, RegionJsonWriter, toJson } from './json-out.js';
import { formatTextTable, type TextColumn } from './text-table.js';

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

/** Writes the regions as an aligned table. */
export function writeRegionTable(result: ParseResult, write: (text: string) => void): void {
  const out = new LineWriter(write);
  formatTextTable(regionColumns(result.regions), result.regions.length, (line) => out.line(line));
  out.flush();
}

/** Writes `{"format","regions","diagnostics","stats"}`, one region a line. */
export function writeParseJson(result: ParseResult, write: (text: string) => void): void {
  const out = new LineWriter(write);
  const regions = result.regions;
  const json = new RegionJsonWriter(regions);
  out.line(`{"format":${toJson(result.format)},"regions":[`);
  for (let i = 0; i < regions.length; i++) out.line(json.row(i) + (i + 1 < regions.length ? ',' : ''));
  out.line(`],"diagnostics":${toJson(result.diagnostics.map(diagnosticJson))},"stats":${toJson(result.stats)}}`);
  out.flush();
}
