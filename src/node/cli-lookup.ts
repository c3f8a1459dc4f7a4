/** `mapscope lookup`: the region holding each address, or the gap around it. */
import { beyondUserSpace, fileOffsetOf, formatBeyondUserSpace, formatBytes, formatHex, formatNameForDisplay, RegionIndex, type AddressSpaceShape, type LookupResult, type RegionTable, regionJson, toJson, type RegionJson } from '../internal.js';
import type { AddressArg } from './cli-args.js';
import { LineWriter, type TextSink } from './cli-output.js';

/** One lookup in the JSON output. */
export type LookupJson =
  | { address: string; mapped: true; region: RegionJson; offsetInRegion: string; fileOffset: string | null }
  | {
      address: string;
      mapped: false;
      region: null;
      gap: { begin: string; end: string; sizeBytes: string };
      before: RegionJson | null;
      after: RegionJson | null;
      /** Beyond user space: in the kernel half or the non-canonical hole of the address space the map shows (model/address-space.ts); null inside user space or when the map cannot tell. */
      beyondUserSpace: { place: 'kernel' | 'non-canonical'; addressSpace: string; basis: string } | null;
    };

/** The JSON form of one lookup. */
export function lookupJson(table: RegionTable, found: LookupResult, shape?: AddressSpaceShape): LookupJson {
  const address = formatHex(found.address);
  if (found.mapped) {
    return {
      address,
      mapped: true,
      region: regionJson(table.get(found.row)),
      offsetInRegion: formatHex(found.offsetInRegion),
      fileOffset: formatHexOrNull(fileOffsetOf(table, found)),
    };
  }
  return {
    address,
    mapped: false,
    region: null,
    gap: { begin: formatHex(found.gapBegin), end: formatHex(found.gapEnd), sizeBytes: (found.gapEnd - found.gapBegin).toString() },
    before: found.beforeRow < 0 ? null : regionJson(table.get(found.beforeRow)),
    after: found.afterRow < 0 ? null : regionJson(table.get(found.afterRow)),
    beyondUserSpace: beyondJson(shape, found.address),
  };
}

const formatHexOrNull = (v: bigint | undefined) => (v === undefined ? null : formatHex(v));

function beyondJson(shape: AddressSpaceShape | undefined, address: bigint): Extract<LookupJson, { mapped: false }>['beyondUserSpace'] {
  const b = beyondUserSpace(shape, address);
  return b === undefined ? null : { place: b.place === 'hole' ? 'non-canonical' : 'kernel', addressSpace: b.shape.name, basis: b.shape.basis };
}

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
  const out = new LineWriter(sink);
  if (json) {
    await out.line('[');
    for (let i = 0; i < addresses.length; i++) {
      await out.line(toJson(lookupJson(table, index.lookup(addresses[i].addr), shape)) + (i + 1 < addresses.length ? ',' : ''));
    }
    await out.line(']');
  } else {
    for (const a of addresses) for (const line of lookupText(table, index.lookup(a.addr), a.text, shape)) await out.line(line);
  }
  await out.flush();
}
