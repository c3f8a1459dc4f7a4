/**
 * One region table from several, in order: what the pieces of an input too large for one string
 * (src/input/read-pieces.ts) parse to, joined into the table the whole input would give. Line
 * numbers are shifted to the whole input's; pathnames are interned again across the tables.
 */
import { RegionTable, type KnownFields, type RegionColumns, type SmapsRecord } from './region-table.js';

/** A table and the number, in the whole input, of its text's first line. */
export interface TablePiece {
  table: RegionTable;
  firstLine: number;
}

/** The tables of `pieces` as one; a field is known when every piece knows it. */
export function concatRegionTables(pieces: readonly TablePiece[]): RegionTable {
  if (pieces.length === 1 && pieces[0].firstLine === 1) return pieces[0].table;
  let length = 0;
  for (const p of pieces) length += p.table.length;
  const names = Object.keys(pieces[0]?.table.columns ?? RegionTable.empty().columns) as (keyof RegionColumns)[];
  const columns = {} as Record<keyof RegionColumns, Uint32Array | Uint8Array | Int32Array>;
  for (const n of names) {
    const Type = pieces[0].table.columns[n].constructor as Uint32ArrayConstructor | Uint8ArrayConstructor | Int32ArrayConstructor;
    columns[n] = new Type(length);
  }
  const pathnames: string[] = [];
  const idOf = new Map<string, number>();
  const anySmaps = pieces.some((p) => p.table.smaps !== null);
  const smaps: (SmapsRecord | null)[] | null = anySmaps ? [] : null;
  const known: KnownFields = { perms: true, offset: true, device: true, inode: true };
  let at = 0;
  for (const { table, firstLine } of pieces) {
    for (const n of names) if (n !== 'line' && n !== 'pathId') columns[n].set(table.columns[n], at);
    const shift = firstLine - 1;
    const line = columns.line as Uint32Array;
    const pathId = columns.pathId as Int32Array;
    const ids = table.pathnames.map((name) => {
      let id = idOf.get(name);
      if (id === undefined) {
        id = pathnames.length;
        pathnames.push(name);
        idOf.set(name, id);
      }
      return id;
    });
    for (let i = 0; i < table.length; i++) {
      line[at + i] = table.columns.line[i] + shift;
      const id = table.columns.pathId[i];
      pathId[at + i] = id < 0 ? -1 : ids[id];
    }
    if (smaps !== null) for (let i = 0; i < table.length; i++) smaps.push(table.smaps?.[i] ?? null);
    for (const k of Object.keys(known) as (keyof KnownFields)[]) known[k] &&= table.known[k];
    at += table.length;
  }
  return new RegionTable({ length, columns: columns as unknown as RegionColumns, pathnames, known, smaps });
}
