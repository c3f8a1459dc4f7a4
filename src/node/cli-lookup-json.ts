/** `mapscope lookup --json`: the answers as JSON (cli-lookup.ts loads this only for --json). */
import { beyondUserSpace, fileOffsetOf, formatHex, type RegionIndex, type AddressSpaceShape, type LookupResult, type RegionTable, regionJson, toJson, type RegionJson } from '../internal.js';
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

/** writeLookup's JSON form: an array of lookupJson, one element a line. */
export async function writeLookupJson(table: RegionTable, index: RegionIndex, shape: AddressSpaceShape | undefined, addresses: readonly AddressArg[], sink: TextSink): Promise<void> {
  const out = new LineWriter(sink);
  await out.line('[');
  for (let i = 0; i < addresses.length; i++) {
    await out.line(toJson(lookupJson(table, index.lookup(addresses[i].addr), shape)) + (i + 1 < addresses.length ? ',' : ''));
  }
  await out.line(']');
  await out.flush();
}
