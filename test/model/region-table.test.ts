/** The columnar region table and its builder. */
import { describe, expect, it } from 'vitest';
import { hiOf, loOf } from '../../src/address';
import { KIND_CODE } from '../../src/model/kind';
import { RegionTable, RegionTableBuilder, shareColumns, type RegionColumns } from '../../src/model/region-table';

const COLUMNS: (keyof RegionColumns)[] = [
  'beginHi',
  'beginLo',
  'endHi',
  'endLo',
  'offsetHi',
  'offsetLo',
  'inodeHi',
  'inodeLo',
  'devMajor',
  'devMinor',
  'perms',
  'kind',
  'line',
  'pathId',
];

/** Adds a row the way an importer does: fill every column. */
function addRow(b: RegionTableBuilder, i: number, begin: bigint, pathname: string | null) {
  const row = b.addRow();
  const c = b.columns;
  const end = begin + 0x1000n;
  [c.beginHi[row], c.beginLo[row]] = [hiOf(begin), loOf(begin)];
  [c.endHi[row], c.endLo[row]] = [hiOf(end), loOf(end)];
  [c.offsetHi[row], c.offsetLo[row]] = [hiOf(BigInt(i) << 40n), loOf(BigInt(i) << 40n)];
  [c.inodeHi[row], c.inodeLo[row]] = [0, i];
  [c.devMajor[row], c.devMinor[row]] = [0xfff, 0xfffff];
  c.perms[row] = i & 15;
  c.kind[row] = pathname === null ? KIND_CODE.anonymous : KIND_CODE.file;
  c.line[row] = i + 1;
  c.pathId[row] = b.names.intern(pathname);
  return row;
}

function build(n: number, initialCapacity = 16): RegionTable {
  const b = new RegionTableBuilder(initialCapacity);
  for (let i = 0; i < n; i++) addRow(b, i, 0xffffffff00000000n + BigInt(i) * 0x1000n, i % 3 === 0 ? null : `/lib/${i % 5}.so`);
  return b.finish();
}

describe('RegionTableBuilder', () => {
  it('grows past its capacity and keeps every value exactly', () => {
    const t = build(1000, 16);
    expect(t.length).toBe(1000);
    for (const i of [0, 15, 16, 17, 511, 999]) {
      const r = t.get(i);
      expect(r.begin).toBe(0xffffffff00000000n + BigInt(i) * 0x1000n);
      expect(r.end).toBe(r.begin + 0x1000n);
      expect(r.offset).toBe(BigInt(i) << 40n);
      expect(r.inode).toBe(BigInt(i));
      expect(r.device).toEqual({ major: 0xfff, minor: 0xfffff });
      expect(r.perms).toBe(i & 15);
      expect(r.line).toBe(i + 1);
      expect(r.pathname).toBe(i % 3 === 0 ? null : `/lib/${i % 5}.so`);
      expect(r.kind).toBe(i % 3 === 0 ? 'anonymous' : 'file');
    }
  });

  it('interns pathnames: one string per distinct name, -1 for none', () => {
    const b = new RegionTableBuilder();
    expect(b.names.intern(null)).toBe(-1);
    const a = b.names.intern('/a');
    expect(b.names.intern('/b')).not.toBe(a);
    expect(b.names.intern('/a')).toBe(a);
    expect(b.names.nameOf(a)).toBe('/a');
    expect(b.names.nameOf(-1)).toBeNull();
    const t = build(1000);
    expect([...t.pathnames].sort()).toEqual(['/lib/0.so', '/lib/1.so', '/lib/2.so', '/lib/3.so', '/lib/4.so']);
  });

  it('popRow drops the last row', () => {
    const b = new RegionTableBuilder();
    addRow(b, 0, 0x1000n, null);
    addRow(b, 1, 0x2000n, null);
    b.popRow();
    const t = b.finish();
    expect(t.length).toBe(1);
    expect(t.get(0).begin).toBe(0x1000n);
  });

  it('finish trims columns to the row count', () => {
    const t = build(20, 16);
    for (const name of COLUMNS) expect(t.columns[name].length, name).toBe(20);
  });

  it('setSmaps pads missing records with null, and finish pads to the length', () => {
    const b = new RegionTableBuilder();
    for (let i = 0; i < 4; i++) addRow(b, i, BigInt(i + 1) << 12n, null);
    const rec = { fields: { Rss: 4096 }, vmFlags: ['rd'] };
    b.setSmaps(2, rec);
    const t = b.finish();
    expect(t.smaps).toEqual([null, null, rec, null]);
    expect(t.get(2).smaps).toBe(rec);
    expect(t.get(0).smaps).toBeNull();
  });
});

describe('RegionTable', () => {
  it('get rejects indexes outside the table', () => {
    const t = build(3);
    for (const i of [-1, 3, 1.5, Number.NaN]) expect(() => t.get(i)).toThrow(RangeError);
  });

  it('iterates and lists its regions in row order; per-row accessors agree with Region', () => {
    const t = build(7);
    const all = t.toArray();
    expect([...t].map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    all.forEach((r, i) => {
      expect([t.begin(i), t.end(i), t.pathname(i), t.kind(i)]).toEqual([r.begin, r.end, r.pathname, r.kind]);
    });
  });

  it('an empty table', () => {
    const t = RegionTable.empty();
    expect([t.length, t.toArray(), t.smaps, t.columnBytes()]).toEqual([0, [], null, 0]);
  });

  it('survives structured cloning with its columns transferred', () => {
    const t = build(100);
    const expected = t.toArray().map((r) => r.format());
    const bytes = t.columnBytes();
    expect(bytes).toBe(COLUMNS.reduce((n, name) => n + t.columns[name].byteLength, 0));
    const transfer = t.transferables();
    expect(new Set(transfer).size).toBe(COLUMNS.length);
    const copy = new RegionTable(structuredClone(t.toData(), { transfer }));
    expect(copy.toArray().map((r) => r.format())).toEqual(expected);
    expect(t.columns.beginLo.length).toBe(0); // the original's buffers moved
  });

  it.each([
    ['full', 64, 64],
    ['grown', 1000, 16],
    ['cut to its length (much slack)', 100, 4096],
  ])('built with shareColumns(true) (%s), lives in SharedArrayBuffers: shared by a clone, in no transfer list, the same regions', (_, n, capacity) => {
    const plain = build(n, capacity);
    let shared: RegionTable;
    try {
      expect(shareColumns(true)).toBe(true);
      shared = build(n, capacity);
    } finally {
      shareColumns(false);
    }
    expect([plain.sharedColumns(), shared.sharedColumns()]).toEqual([false, true]);
    expect(shared.transferables()).toEqual([]);
    expect(shared.toArray().map((r) => r.format())).toEqual(plain.toArray().map((r) => r.format()));
    const clone = new RegionTable(structuredClone(shared.toData()));
    clone.columns.beginLo[0] ^= 1; // the clone's columns are the same memory
    expect(shared.columns.beginLo[0]).toBe(plain.columns.beginLo[0] ^ 1);
    expect(build(3).sharedColumns()).toBe(false); // off again
  });
});
