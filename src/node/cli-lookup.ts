/** `mapscope lookup`: the region holding each address, or the gap around it. */
import { beyondUserSpace, fileOffsetOf, formatBeyondUserSpace, formatBytes, formatHex, formatNameForDisplay, type RegionIndex, type AddressSpaceShape, type LookupResult, type RegionTable } from '../internal.js';
import type { AddressArg } from './cli-args.js';
import { LineWriter, type TextSink } from './cli-output.js';

/** `line 23: <the region as a maps line>`, escaped for the terminal. */
function describeRow(table: RegionTable, row: number): string {
  const region = table.get(row);
  return formatNameForDisplay(`line ${region.line}: ${region.format().trimEnd()}`);
}

/** The text form of one lookup: a headline and indented details. */
export function lookupText(table: RegionTable, found: LookupResult, typed: string, shape?: AddressSpaceShape): string[] {
  // Echo what was typed only when it reads differently (`1_0000`, `0x00ff`), not for `ff` vs `0xff`.
  const canonical = formatHex(found.address);
  const plain = typed.trim().toLowerCase();
  const same = plain === canonical || '0x' + plain === canonical;
  const head = same ? canonical : `${canonical} (${formatNameForDisplay(typed)})`;
  if (found.mapped) {
    const offset = fileOffsetOf(table, found);
    const fileOffset = offset === undefined ? '' : `, file offset ${formatHex(offset)}`;
    return [`${head}: ${describeRow(table, found.row)}`, `    offset in region ${formatHex(found.offsetInRegion)}${fileOffset}`];
  }
  const size = formatBytes(found.gapEnd - found.gapBegin);
  const beyond = beyondUserSpace(shape, found.address);
  if (beyond !== undefined) return [`${head}: unmapped, ${formatBeyondUserSpace(beyond)}`];
  return [
    `${head}: unmapped, in the gap ${formatHex(found.gapBegin)}-${formatHex(found.gapEnd)} (${size})`,
    `    before: ${found.beforeRow < 0 ? '(none: below the first region)' : describeRow(table, found.beforeRow)}`,
    `    after:  ${found.afterRow < 0 ? '(none: above the last region)' : describeRow(table, found.afterRow)}`,
  ];
}

/**
 * Looks up every address in `index` (over `table`) and writes the answers in the order given;
 * `shape` is the address space of the whole map (the table may hold only the lines the answers
 * need: scanLookup).
 */
export async function writeLookup(table: RegionTable, index: RegionIndex, shape: AddressSpaceShape | undefined, addresses: readonly AddressArg[], json: boolean, sink: TextSink): Promise<void> {
  // The JSON form's code (and the region JSON it writes) is loaded only when asked for.
  if (json) return (await import('./cli-lookup-json.js')).writeLookupJson(table, index, shape, addresses, sink);
  const out = new LineWriter(sink);
  for (const a of addresses) for (const line of lookupText(table, index.lookup(a.addr), a.text, shape)) await out.line(line);
  await out.flush();
}
