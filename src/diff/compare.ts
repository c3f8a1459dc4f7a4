/**
 * What differs between the two regions of a pair: the CHANGE_BITS of their fields, and the smaps
 * fields whose values differ. Between runs an absolute address means nothing, so `address` there
 * compares addresses relative to each region's module base (and not at all outside modules).
 */
import { hiOf, loOf } from '../address.js';
import type { ModuleGrouping } from '../analyze/modules.js';
import type { RegionTable, SmapsRecord } from '../model/region-table.js';
import { sub64 } from './sides.js';
import { CHANGE_ATTRIBUTES, CHANGE_BITS, type DiffMode } from './types.js';

/** smaps fields that change without the region changing, left out of a pair's change by default. */
export const SMAPS_FIELDS_IGNORED: readonly string[] = ['Referenced', 'KernelPageSize', 'MMUPageSize'];

/** The exact value of an smaps field (a bigint past 2^53), or undefined when the record lacks it. */
export function smapsValue(record: SmapsRecord, field: string): number | bigint | undefined {
  const exact = record.exactFields?.[field];
  return exact ?? record.fields[field];
}

/** The smaps fields whose values differ between two records, in the before record's order, then the after record's own. */
export function changedSmapsFields(x: SmapsRecord | null | undefined, y: SmapsRecord | null | undefined, fields: readonly string[] | undefined): string[] {
  if (!x || !y) return [];
  const out: string[] = [];
  const wanted = (f: string) => (fields === undefined ? !SMAPS_FIELDS_IGNORED.includes(f) : fields.includes(f));
  for (const f in x.fields) if (wanted(f) && smapsValue(x, f) !== smapsValue(y, f)) out.push(f);
  for (const f in y.fields) if (!(f in x.fields) && wanted(f)) out.push(f);
  return out;
}

/** The `what` list of a pair: its changed attributes (CHANGE_BITS), with `smaps` replaced by the fields that changed. */
export function describeWhat(bits: number, x: SmapsRecord | null | undefined, y: SmapsRecord | null | undefined, smapsFields: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const attribute of CHANGE_ATTRIBUTES) {
    if ((bits & CHANGE_BITS[attribute]) === 0) continue;
    if (attribute === 'smaps') out.push(...changedSmapsFields(x, y, smapsFields));
    else out.push(attribute);
  }
  return out;
}

/** Per row of a table: its module's base as (hi, lo), or no module. */
interface ModuleBases {
  moduleOfRow: Int32Array;
  baseHi: Uint32Array;
  baseLo: Uint32Array;
}

function moduleBases(grouping: ModuleGrouping): ModuleBases {
  const n = grouping.modules.length;
  const baseHi = new Uint32Array(n);
  const baseLo = new Uint32Array(n);
  for (const m of grouping.modules) {
    baseHi[m.index] = hiOf(m.beginAddr);
    baseLo[m.index] = loOf(m.beginAddr);
  }
  return { moduleOfRow: grouping.moduleOfRow, baseHi, baseLo };
}

/** Compares the two regions of pairs between two tables. */
export class PairComparer {
  private readonly scratch = new Uint32Array(2);
  private readonly basesX: ModuleBases | undefined;
  private readonly basesY: ModuleBases | undefined;
  private readonly bothSmaps: boolean;

  constructor(
    private readonly x: RegionTable,
    private readonly y: RegionTable,
    mode: DiffMode,
    groupings: { before: ModuleGrouping; after: ModuleGrouping },
    private readonly smapsFields: readonly string[] | undefined,
  ) {
    if (mode === 'different-runs') {
      this.basesX = moduleBases(groupings.before);
      this.basesY = moduleBases(groupings.after);
    }
    this.bothSmaps = x.smaps !== null && y.smaps !== null;
  }

  /** The CHANGE_BITS of what differs between row a of the before table and row b of the after table. */
  what(a: number, b: number): number {
    const cx = this.x.columns;
    const cy = this.y.columns;
    const kx = this.x.known;
    const ky = this.y.known;
    const s = this.scratch;
    let bits = 0;
    if (this.addressDiffers(a, b)) bits |= CHANGE_BITS.address;
    sub64(cx.endHi[a], cx.endLo[a], cx.beginHi[a], cx.beginLo[a], s);
    const hi = s[0];
    const lo = s[1];
    sub64(cy.endHi[b], cy.endLo[b], cy.beginHi[b], cy.beginLo[b], s);
    if (hi !== s[0] || lo !== s[1]) bits |= CHANGE_BITS.size;
    if (kx.perms && ky.perms && cx.perms[a] !== cy.perms[b]) bits |= CHANGE_BITS.perms;
    if (kx.offset && ky.offset && (cx.offsetHi[a] !== cy.offsetHi[b] || cx.offsetLo[a] !== cy.offsetLo[b])) bits |= CHANGE_BITS.offset;
    if (kx.device && ky.device && (cx.devMajor[a] !== cy.devMajor[b] || cx.devMinor[a] !== cy.devMinor[b])) bits |= CHANGE_BITS.device;
    if (kx.inode && ky.inode && (cx.inodeHi[a] !== cy.inodeHi[b] || cx.inodeLo[a] !== cy.inodeLo[b])) bits |= CHANGE_BITS.inode;
    if (this.x.pathname(a) !== this.y.pathname(b)) bits |= CHANGE_BITS.pathname;
    if (this.bothSmaps && changedSmapsFields(this.x.smaps![a], this.y.smaps![b], this.smapsFields).length > 0) bits |= CHANGE_BITS.smaps;
    return bits;
  }

  private addressDiffers(a: number, b: number): boolean {
    const cx = this.x.columns;
    const cy = this.y.columns;
    const bx = this.basesX;
    const by = this.basesY;
    if (bx === undefined || by === undefined) return cx.beginHi[a] !== cy.beginHi[b] || cx.beginLo[a] !== cy.beginLo[b];
    const mx = bx.moduleOfRow[a];
    const my = by.moduleOfRow[b];
    if (mx < 0 || my < 0) return false;
    const s = this.scratch;
    sub64(cx.beginHi[a], cx.beginLo[a], bx.baseHi[mx], bx.baseLo[mx], s);
    const hi = s[0];
    const lo = s[1];
    sub64(cy.beginHi[b], cy.beginLo[b], by.baseHi[my], by.baseLo[my], s);
    return hi !== s[0] || lo !== s[1];
  }
}
