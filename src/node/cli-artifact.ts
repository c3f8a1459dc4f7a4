/**
 * What `mapscope parse` prints of a crash artifact beside its regions (issue 14), in the table
 * form: its title and the map read above the regions, and its addresses (fault address, frames)
 * below them, each with the region holding it. The JSON's `"artifact"` and `"addresses"` are
 * src/export/region-json.ts parseJsonLines'.
 */
import { formatHex, formatNameForDisplay, RegionIndex, type ArtifactInfo, type ParseResult } from '../internal.js';
import type { LineWriter } from './cli-output.js';
import { textTableLines } from './text-table.js';

/** The lines above the region table: the artifact's title, and which of its maps was read. */
export async function writeArtifactHead(artifact: ArtifactInfo, out: LineWriter): Promise<void> {
  await out.line(formatNameForDisplay(artifact.title));
  const choice = artifact.choices[artifact.chosen];
  if (choice !== undefined) {
    const of = artifact.choices.length > 1 ? ` (${artifact.chosen + 1} of ${artifact.choices.length} maps in the file)` : '';
    await out.line(formatNameForDisplay(`${choice.label}${of}`));
  }
  await out.line('');
}

/** The lines below the region table: each address the artifact records, and the region that holds it. */
export async function writeArtifactAddresses(result: ParseResult, out: LineWriter): Promise<void> {
  const addresses = result.artifact?.addresses ?? [];
  if (addresses.length === 0) return;
  const table = result.regions;
  const index = RegionIndex.build(table);
  const where = addresses.map((a) => {
    const found = index.lookup(a.address);
    if (!found.mapped) return 'unmapped';
    const name = table.pathname(found.row) ?? `[${table.kind(found.row)}]`;
    return formatNameForDisplay(`${name} +${formatHex(found.offsetInRegion)} (line ${table.columns.line[found.row]})`);
  });
  await out.line('');
  const rows = textTableLines(
    [
      { header: 'ADDRESS', align: 'right', cell: (i) => formatHex(addresses[i].address) },
      { header: 'LABEL', align: 'left', cell: (i) => formatNameForDisplay(addresses[i].label) },
      { header: 'LINE', align: 'right', cell: (i) => String(addresses[i].line) },
      { header: 'REGION', align: 'left', cell: (i) => where[i] },
    ],
    addresses.length,
  );
  for (const line of rows) await out.line(line);
}
