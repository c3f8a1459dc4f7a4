/**
 * smaps and smaps_rollup: real kernel output (this process, a `sleep` we start, the fixture in
 * test/fixtures/smaps/, every smaps in the shared corpus) compared with a plain regex reading of
 * the same text written here, plus kernel truths (Size equals the address range; the rollup sums
 * the regions), hand-written edge cases, and a property over generated records.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMapsLine } from '../../src/model/region';
import { parseMaps } from '../../src/parse/index';
import { parseProcMaps } from '../../src/parse/maps';
import type { ParseResult } from '../../src/parse/result';
import { KNOWN_SMAPS_KEYS, parseSmaps } from '../../src/parse/smaps';
import { listCorpus, readCorpus, readFixture, referenceFields, splitLines } from '../helpers/fixtures';
import { accountForFormat } from './format-accounting';

interface RefRecord {
  line: number;
  header: string;
  fields: Record<string, number>;
  text: Record<string, string>;
  vmFlags: string[] | null;
}

/** A regex reading of smaps text (proc_pid_smaps(5)), independent of src/parse/smaps.ts. */
function referenceSmaps(text: string): RefRecord[] {
  const records: RefRecord[] = [];
  let current: RefRecord | undefined;
  splitLines(text).forEach((line, i) => {
    if (/^[0-9a-fA-F]+-[0-9a-fA-F]+\s/.test(line)) {
      current = { line: i + 1, header: line, fields: {}, text: {}, vmFlags: null };
      records.push(current);
      return;
    }
    const m = /^(\w+):[ \t]*(.*)$/.exec(line);
    if (m === null || current === undefined) return;
    const [, key, value] = m;
    if (key === 'VmFlags') current.vmFlags = value.split(' ').filter((f) => f !== '');
    else if (/^\d+ kB$/.test(value)) current.fields[key] = Number(value.slice(0, -3)) * 1024;
    else if (/^\d+$/.test(value)) current.fields[key] = Number(value);
    else current.text[key] = value;
  });
  return records;
}

/** The parse agrees with the reference reading, record by record and field by field. */
function expectSameAsReference(text: string, result: ParseResult): RefRecord[] {
  const ref = referenceSmaps(text);
  expect(result.regions.length).toBe(ref.length);
  ref.forEach((r, i) => {
    const region = result.regions.get(i);
    const f = referenceFields(r.header);
    expect(f, r.header).toBeDefined();
    expect(region.line).toBe(r.line);
    expect([region.begin, region.end, region.offset, region.inode]).toEqual([f!.begin, f!.end, f!.offset, f!.inode]);
    expect([BigInt(region.device.major), BigInt(region.device.minor)]).toEqual([f!.major, f!.minor]);
    expect(region.permissions.text).toBe(f!.perms);
    const expected = { fields: r.fields, vmFlags: r.vmFlags, ...(Object.keys(r.text).length > 0 ? { text: r.text } : {}) };
    expect(region.smaps, `region on line ${r.line}`).toEqual(expected);
  });
  return ref;
}

/** Checks accounting and returns the result. */
function parse(text: string, options: Parameters<typeof parseMaps>[1] = {}): ParseResult {
  const result = parseMaps(text, options);
  expect(accountForFormat(text, result)).toEqual([]);
  return result;
}

const errorsOf = (r: ParseResult) => r.diagnostics.filter((d) => d.severity === 'error');
const warningsOf = (r: ParseResult) => r.diagnostics.filter((d) => d.severity === 'warning');

/** The kernel computes Size as vm_end - vm_start. */
function expectSizeIsRange(result: ParseResult): void {
  for (const region of result.regions) expect(region.smaps?.fields.Size, region.format()).toBe(Number(region.sizeBytes));
}

describe('this process: /proc/self/smaps and smaps_rollup', () => {
  it('smaps: detected from content and from the name, read field by field', () => {
    const text = readFileSync('/proc/self/smaps', 'utf8');
    const result = parse(text);
    expect(result.format).toBe('smaps');
    expect(parse(text, { fileName: 'smaps' }).format).toBe('smaps');
    expect(errorsOf(result)).toEqual([]);
    const ref = expectSameAsReference(text, result);
    expect(ref.length).toBeGreaterThan(20);
    expectSizeIsRange(result);
    // Every line is a header or a field: nothing rejected, nothing blank.
    expect(result.stats.recognized).toBe(splitLines(text).length - ref.length);
  });

  it('smaps_rollup: one [rollup] region, detected from content', () => {
    const text = readFileSync('/proc/self/smaps_rollup', 'utf8');
    const result = parse(text);
    expect(result.format).toBe('smaps_rollup');
    expect(parse(text, { fileName: '/proc/self/smaps_rollup' }).format).toBe('smaps_rollup');
    expect(result.regions.length).toBe(1);
    expect(result.regions.get(0).pathname).toBe('[rollup]');
    expect(result.diagnostics).toEqual([]);
    expectSameAsReference(text, result);
  });
});

describe('a process we start', () => {
  let child: ChildProcess;
  let smaps = '';
  let rollup = '';
  let maps = '';
  beforeAll(async () => {
    child = spawn('sleep', ['60'], { stdio: 'ignore' });
    // A capture during which smaps did not change (a process that just started may still fault
    // pages in, for longer on a loaded machine: CI once saw 5 changes in a row after 200 ms), so
    // that maps, smaps and the rollup describe the same moment. Tried every 200 ms for 10 s.
    const dir = `/proc/${child.pid}`;
    for (let attempt = 0; attempt < 50; attempt++) {
      await new Promise((r) => setTimeout(r, 200)); // let exec finish, or the faults settle
      smaps = readFileSync(`${dir}/smaps`, 'utf8');
      maps = readFileSync(`${dir}/maps`, 'utf8');
      rollup = readFileSync(`${dir}/smaps_rollup`, 'utf8');
      if (readFileSync(`${dir}/smaps`, 'utf8') === smaps) return;
    }
    throw new Error('the smaps of the sleep child kept changing');
  }, 30_000);
  afterAll(() => {
    child.kill();
  });

  it('smaps has the regions of maps, field for field', () => {
    expect(maps).toContain('/sleep');
    const fromSmaps = parse(smaps, { fileName: `${child.pid}.smaps` });
    const fromMaps = parseProcMaps(maps);
    expect(fromSmaps.format).toBe('smaps');
    expect(errorsOf(fromSmaps)).toEqual([]);
    expect(fromSmaps.regions.toArray().map((r) => r.format())).toEqual(fromMaps.regions.toArray().map((r) => r.format()));
    expectSameAsReference(smaps, fromSmaps);
    expectSizeIsRange(fromSmaps);
  });

  it('smaps_rollup sums the regions of smaps and spans them', () => {
    const regions = parse(smaps).regions;
    const total = parse(rollup);
    expect(total.format).toBe('smaps_rollup');
    const sum = total.regions.get(0).smaps!.fields;
    // Pss is summed in finer units by the rollup (rounding differs); these are whole pages.
    for (const key of ['Rss', 'Anonymous', 'Private_Dirty', 'Shared_Clean', 'Referenced', 'Swap', 'Locked']) {
      const bySum = regions.toArray().reduce((acc, r) => acc + (r.smaps!.fields[key] ?? 0), 0);
      expect(sum[key], key).toBe(bySum);
    }
    // fs/proc/task_mmu.c show_smaps_rollup: from the first VMA's start to the last VMA's end
    // (the [vsyscall] gate is not a VMA on current kernels).
    const vmas = regions.toArray().filter((r) => r.pathname !== '[vsyscall]');
    expect(total.regions.get(0).begin).toBe(vmas[0].begin);
    expect(total.regions.get(0).end).toBe(vmas[vmas.length - 1].end);
  });
});

describe('fixture: a process that mapped telling things (test/fixtures/smaps/mapper.py)', () => {
  const text = readFixture('smaps/python-mapper.smaps');
  const result = parse(text, { fileName: 'python-mapper.smaps' });

  it('reads every record as the reference does', () => {
    expect(result.format).toBe('smaps');
    expect(result.diagnostics).toEqual([]);
    expectSameAsReference(text, result);
    expectSizeIsRange(result);
  });

  it('derives the kinds of what mapper.py mapped', () => {
    const byName = (pred: (p: string) => boolean) => result.regions.toArray().find((r) => r.pathname !== null && pred(r.pathname));
    expect(byName((p) => p.endsWith('/name with  spaces.bin'))?.kind).toBe('file');
    expect(byName((p) => p.endsWith('/gone.bin (deleted)'))?.kind).toBe('deleted-file');
    expect(byName((p) => p === '/memfd:mapscope-memfd (deleted)')?.kind).toBe('memfd');
    expect(byName((p) => p === '/SYSV6d617073 (deleted)')?.kind).toBe('sysv-shm'); // key 0x6d617073
    expect(byName((p) => p === '/dev/zero (deleted)')?.kind).toBe('shared-memory');
    expect(byName((p) => p === '/dev/zero (deleted)')?.smaps?.vmFlags).toContain('sh');
  });

  it('the rollup fixture is the same process summed', () => {
    const rollupText = readFixture('smaps/python-mapper.smaps_rollup');
    const rollup = parse(rollupText);
    expect(rollup.format).toBe('smaps_rollup');
    expectSameAsReference(rollupText, rollup);
    const rss = result.regions.toArray().reduce((acc, r) => acc + r.smaps!.fields.Rss, 0);
    expect(rollup.regions.get(0).smaps!.fields.Rss).toBe(rss);
  });
});

describe('the shared corpus', () => {
  const real = listCorpus('.smaps').filter((n) => !n.includes('handwritten'));

  it.each(real)('%s: detected, read as the reference does, no errors', (name) => {
    const text = readCorpus(name);
    const result = parse(text, { fileName: name });
    expect(result.format).toBe(name.includes('rollup') ? 'smaps_rollup' : 'smaps');
    expect(errorsOf(result)).toEqual([]);
    expectSameAsReference(text, result);
    if (!name.includes('rollup')) expectSizeIsRange(result);
  });

  it('Android: the Name: line is kept as text and repeats the [anon:…] pathname', () => {
    const result = parse(readCorpus('aosp-libmeminfo-x86_64.smaps'));
    const named = result.regions.toArray().filter((r) => r.smaps?.text?.Name !== undefined);
    const anon = result.regions.toArray().filter((r) => r.pathname?.startsWith('[anon:'));
    expect(named.length).toBe(anon.length);
    for (const r of named) expect(r.smaps!.text!.Name).toBe(r.pathname);
  });

  it('an older rollup spans the [vsyscall] gate up to 0xffffffffff601000, exactly', () => {
    const result = parse(readCorpus('promprocfs-26231-rollup.smaps'));
    expect(result.format).toBe('smaps_rollup');
    expect(result.regions.get(0).end).toBe(0xffff_ffff_ff60_1000n);
  });

  it('the psutil mock (headers without "-end") is smaps, every line rejected, two errors', () => {
    const name = 'psutil-smaps-mock-handwritten.smaps';
    const text = readCorpus(name);
    const result = parse(text, { fileName: name });
    expect(result.format).toBe('smaps');
    expect(result.regions.length).toBe(0);
    expect(result.stats.rejected).toBe(splitLines(text).filter((l) => l.trim() !== '').length);
    expect(errorsOf(result).map((d) => [d.line, d.code])).toEqual([
      [1, 'bad-range'],
      [2, 'orphan-fields'],
    ]);
  });
});

const H1 = '00400000-00401000 r-xp 00000000 08:01 42                                 /bin/x';
const H2 = '00401000-00403000 rw-p 00000000 00:00 0 ';

describe('edge cases', () => {
  const rows: { name: string; text: string; record?: object; errors?: [number, string][]; warnings?: [number, string][]; regions?: number }[] = [
    { name: 'empty VmFlags', text: `${H1}\nSize: 4 kB\nVmFlags:`, record: { fields: { Size: 4096 }, vmFlags: [] } },
    { name: 'VmFlags with a trailing space', text: `${H1}\nVmFlags: rd ex `, record: { fields: {}, vmFlags: ['rd', 'ex'] } },
    { name: 'a well-formed VmFlags code the kernel table lacks: kept, noted', text: `${H1}\nVmFlags: rd zz`, warnings: [[2, 'unknown-vmflag']], record: { fields: {}, vmFlags: ['rd', 'zz'] } },
    { name: 'the kernel\'s "??" (a flag its table does not name) is a code', text: `${H1}\nVmFlags: rd ?? mr`, record: { fields: {}, vmFlags: ['rd', '??', 'mr'] } },
    { name: 'VmFlags tokens that are not two lower-case letters: left out, a warning', text: `${H1}\nVmFlags: rd wr ?? toolong x RD`, warnings: [[2, 'bad-vmflag']], record: { fields: {}, vmFlags: ['rd', 'wr', '??'] } },
    { name: 'comma-separated VmFlags', text: `${H1}\nVmFlags: rd,wr,mr`, warnings: [[2, 'bad-vmflag']], record: { fields: {}, vmFlags: [] } },
    { name: 'no VmFlags line (kernels before 3.8)', text: `${H1}\nRss: 4 kB`, record: { fields: { Rss: 4096 }, vmFlags: null } },
    { name: 'unknown key with kB', text: `${H1}\nFutureField:   12 kB`, record: { fields: { FutureField: 12288 }, vmFlags: null } },
    { name: 'unknown unit-less key', text: `${H1}\nNewCount: 7`, record: { fields: { NewCount: 7 }, vmFlags: null } },
    { name: 'THPeligible and ProtectionKey have no unit', text: `${H1}\nTHPeligible:    1\nProtectionKey:  0`, record: { fields: { THPeligible: 1, ProtectionKey: 0 }, vmFlags: null } },
    { name: "Android's Name: line as text", text: `${H1}\nName:           [anon:x y]\nRss: 0 kB`, record: { fields: { Rss: 0 }, text: { Name: '[anon:x y]' }, vmFlags: null } },
    { name: 'a hand-written MB unit: read as MiB, a warning', text: `${H1}\nRss: 2 MB`, warnings: [[2, 'unusual-unit']], record: { fields: { Rss: 2 * 1024 * 1024 }, vmFlags: null } },
    { name: 'Swap: 4 MB', text: `${H1}\nSwap: 4 MB`, warnings: [[2, 'unusual-unit']], record: { fields: { Swap: 4 * 2 ** 20 }, vmFlags: null } },
    { name: 'Rss: 4 GB', text: `${H1}\nRss: 4 GB`, warnings: [[2, 'unusual-unit']], record: { fields: { Rss: 4 * 2 ** 30 }, vmFlags: null } },
    { name: 'Pss: 4 B', text: `${H1}\nPss: 4 B`, warnings: [[2, 'unusual-unit']], record: { fields: { Pss: 4 }, vmFlags: null } },
    { name: 'a unit the parser does not know is an error', text: `${H1}\nPss: 4 TB`, errors: [[2, 'bad-value']], record: { fields: {}, vmFlags: null } },
    { name: 'a unit on a unit-less key (THPeligible: 1 kB): the number kept, a warning', text: `${H1}\nTHPeligible: 1 kB`, warnings: [[2, 'unexpected-unit']], record: { fields: { THPeligible: 1 }, vmFlags: null } },
    { name: 'a size without its unit is read in kB, with a warning', text: `${H1}\nRss: 4`, warnings: [[2, 'missing-unit']], record: { fields: { Rss: 4096 }, vmFlags: null } },
    { name: '2^64 kB does not fit in 64 bits: an error, the line left out', text: `${H1}\nPrivate_Dirty: 18446744073709551616 kB\nRss: 4 kB`, errors: [[2, 'value-range']], record: { fields: { Rss: 4096 }, vmFlags: null } },
    { name: '2^53 − 1 kB is exact without a bigint', text: `${H1}\nRss: 9007199254740991 kB`, record: { fields: { Rss: 9007199254740991 * 1024 }, vmFlags: null } },
    { name: 'CRLF line ends', text: `${H1}\r\nRss: 4 kB\r\nVmFlags: rd\r\n`, warnings: [[0, 'line-endings']], record: { fields: { Rss: 4096 }, vmFlags: ['rd'] } },
    { name: 'blank lines between records', text: `${H1}\nRss: 4 kB\n\n${H2}\n  \nRss: 8 kB\n`, regions: 2 },
    { name: 'a field before the first header', text: `Rss: 4 kB\nPss: 4 kB\n${H1}\nRss: 8 kB`, errors: [[1, 'orphan-fields']], record: { fields: { Rss: 8192 }, vmFlags: null } },
    { name: 'fields of a rejected header', text: `00400000-00401000 rwzp 00000000 08:01 42 /bin/x\nRss: 4 kB\nPss: 4 kB\n${H2}\nRss: 8 kB`, errors: [[1, 'bad-permissions'], [2, 'orphan-fields']], regions: 1 },
    { name: 'a bad value; the region and its other fields stay', text: `${H1}\nRss: 12 parsecs\nPss: 4 kB`, errors: [[2, 'bad-value']], record: { fields: { Pss: 4096 }, vmFlags: null } },
    { name: 'a known numeric key with text', text: `${H1}\nRss: lots`, errors: [[2, 'bad-value']], record: { fields: {}, vmFlags: null } },
    { name: 'a field line without a colon', text: `${H1}\nRss 4 kB`, errors: [[2, 'bad-field']], regions: 1 },
    { name: 'a duplicate key: the last value kept, a warning', text: `${H1}\nRss: 4 kB\nRss: 8 kB`, warnings: [[3, 'duplicate-field']], record: { fields: { Rss: 8192 }, vmFlags: null } },
    { name: 'Size unlike the range', text: `${H1}\nSize: 8 kB`, warnings: [[1, 'size-mismatch']], record: { fields: { Size: 8192 }, vmFlags: null } },
  ];

  it.each(rows)('$name', (row) => {
    const result = parse(row.text, { format: 'smaps' });
    expect(errorsOf(result).map((d) => [d.line, d.code])).toEqual(row.errors ?? []);
    expect(warningsOf(result).map((d) => [d.line, d.code])).toEqual(row.warnings ?? []);
    if (row.regions !== undefined) expect(result.regions.length).toBe(row.regions);
    if (row.record !== undefined) expect(result.regions.get(result.regions.length - 1).smaps).toEqual(row.record);
  });

  it('the orphan error counts its lines and names the rejected header', () => {
    const text = `zz-00401000 r-xp 00000000 08:01 42\nRss: 4 kB\n\nPss: 4 kB\nVmFlags: rd\n${H2}`;
    const result = parse(text);
    const orphan = errorsOf(result).find((d) => d.code === 'orphan-fields')!;
    expect(orphan.message).toContain('3 field lines (lines 2–5)');
    expect(orphan.message).toContain('line 1');
    expect(result.stats).toMatchObject({ regions: 1, blank: 1, recognized: 0, rejected: 4 });
  });

  it('[vsyscall] at 0xffffffffff600000 is exact', () => {
    const text = 'ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\nSize: 4 kB\nVmFlags: ex\n';
    const r = parse(text).regions.get(0);
    expect([r.begin, r.end, r.kind]).toEqual([0xffff_ffff_ff60_0000n, 0xffff_ffff_ff60_1000n, 'vsyscall']);
  });

  it('a forced rollup with two headers warns', () => {
    const result = parse(`${H1}\nRss: 4 kB\n${H2}\nRss: 4 kB`, { format: 'smaps_rollup' });
    expect(warningsOf(result).map((d) => d.code)).toEqual(['rollup-shape']);
  });

  it('maps text read as smaps (forced) gives its regions with empty records', () => {
    const text = `${H1}\n${H2}\n`;
    const result = parse(text, { format: 'smaps' });
    expect(result.regions.toArray().map((r) => r.format())).toEqual(parseProcMaps(text).regions.toArray().map((r) => r.format()));
    expect(result.regions.toArray().map((r) => r.smaps)).toEqual([
      { fields: {}, vmFlags: null },
      { fields: {}, vmFlags: null },
    ]);
  });
});

describe('values the kernel cannot print (fs/proc/task_mmu.c: u64 bytes >> 10, then " kB")', () => {
  const one = (field: string) => parse(`${H1}\n${field}\n`, { format: 'smaps' });

  it.each([
    ['2^64 − 1 kB (more than 2^64 bytes)', '18446744073709551615'],
    ['2^53 + 1 kB', '9007199254740993'],
    ['2^54 kB', '18014398509481984'],
  ])('%s: kept exactly as a bigint, a warning, fields holds the nearest double', (_name, digits) => {
    const result = one(`Private_Dirty: ${digits} kB`);
    expect(errorsOf(result)).toEqual([]);
    expect(warningsOf(result).map((d) => [d.line, d.code])).toEqual([[2, 'value-range']]);
    const record = result.regions.get(0).smaps!;
    const exact = BigInt(digits) * 1024n;
    expect(record.exactFields).toEqual({ Private_Dirty: exact });
    expect(record.fields.Private_Dirty).toBe(Number(exact));
  });

  it('2^64 − 1 and 2^64 are no longer read as the same value', () => {
    expect(one('Private_Dirty: 18446744073709551615 kB').regions.get(0).smaps!.exactFields?.Private_Dirty).toBe(18446744073709551615n * 1024n);
    expect(one('Private_Dirty: 18446744073709551616 kB').regions.get(0).smaps!.fields.Private_Dirty).toBeUndefined();
  });

  it('every count up to 2^53 is an exact number: no exactFields, no warning', () => {
    for (const kb of [0n, 1n, 123456789012345n, 999999999999999n, 1000000000000000n, 9007199254740991n, 9007199254740992n]) {
      const result = one(`Rss: ${kb} kB`);
      expect(result.diagnostics).toEqual([]);
      const record = result.regions.get(0).smaps!;
      expect(record.exactFields).toBeUndefined();
      expect(BigInt(record.fields.Rss)).toBe(kb * 1024n);
    }
  });

  it('a later normal value of a duplicated key drops the earlier exact one', () => {
    const result = parse(`${H1}\nRss: 9007199254740993 kB\nRss: 4 kB\n`, { format: 'smaps' });
    const record = result.regions.get(0).smaps!;
    expect([record.fields.Rss, record.exactFields]).toEqual([4096, {}]);
  });

  it('unknown well-formed VmFlags codes: one warning for the file, naming each code and its count', () => {
    const text = `${H1}\nVmFlags: rd zz\n${H2}\nVmFlags: zz yy wr\n`;
    const result = parse(text, { format: 'smaps' });
    const warnings = warningsOf(result);
    expect(warnings.map((d) => [d.line, d.code])).toEqual([[2, 'unknown-vmflag']]);
    expect(warnings[0].message).toContain('"zz" (2 lines)');
    expect(warnings[0].message).toContain('"yy" (1 line)');
    expect(result.regions.toArray().map((r) => r.smaps!.vmFlags)).toEqual([['rd', 'zz'], ['zz', 'yy', 'wr']]);
  });

  it('every VmFlags code of this machine\'s kernel is known: no warning on live smaps', () => {
    const result = parse(readFileSync('/proc/self/smaps', 'utf8'));
    expect(result.diagnostics.filter((d) => d.code.endsWith('vmflag'))).toEqual([]);
  });
});

describe('property: generated smaps records read back exactly', () => {
  const key = fc.oneof(
    fc.constantFrom('Size', 'Rss', 'Pss', 'Pss_Dirty', 'Shared_Clean', 'Private_Dirty', 'Swap', 'Locked', 'THPeligible', 'ProtectionKey'),
    fc.stringMatching(/^[A-Z][A-Za-z0-9_]{0,14}$/).filter((k) => !KNOWN_SMAPS_KEYS.has(k) && k !== 'Name'),
  );
  const record = fc.record({
    begin: fc.bigInt({ min: 0n, max: 0xffff_ffff_ffff_f000n }).map((b) => b & ~0xfffn),
    pages: fc.bigInt({ min: 0n, max: 1n << 20n }),
    perms: fc.integer({ min: 0, max: 15 }),
    pathname: fc.option(fc.constantFrom('/usr/lib/libc.so.6', '[heap]', '[anon: glibc: loader malloc]', 'a  b (deleted)'), { nil: null }),
    fields: fc.uniqueArray(fc.tuple(key, fc.nat({ max: 2 ** 40 }), fc.boolean()), { selector: ([k]) => k, maxLength: 30 }),
    name: fc.option(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/[\n\r]/.test(s) && !/^[\d \t]/.test(s)), { nil: undefined }),
    flags: fc.option(fc.array(fc.constantFrom('rd', 'wr', 'ex', 'mr', 'mw', 'me', 'ac', 'dd', 'sd', '??', 'sl'), { maxLength: 12 }), { nil: null }),
    trailingSpace: fc.boolean(),
  });

  // The kernel's shapes: known sizes carry kB, THPeligible and ProtectionKey none, new keys either.
  const KIB_KEYS = new Set(['Size', 'Rss', 'Pss', 'Pss_Dirty', 'Shared_Clean', 'Private_Dirty', 'Swap', 'Locked']);
  const withKb = (k: string, kb: boolean) => (k === 'THPeligible' || k === 'ProtectionKey' ? false : KIB_KEYS.has(k) || kb);

  it('every field, flag and header survives', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 8 }), (records) => {
        const lines: string[] = [];
        for (const r of records) {
          const end = r.begin + r.pages * 4096n > 0xffff_ffff_ffff_ffffn ? 0xffff_ffff_ffff_ffffn : r.begin + r.pages * 4096n;
          lines.push(formatMapsLine({ begin: r.begin, end, perms: r.perms, offset: 0n, device: { major: 8, minor: 1 }, inode: 7n, pathname: r.pathname }));
          if (r.name !== undefined) lines.push(`Name:           ${r.name}`);
          for (const [k, v, kb] of r.fields) lines.push(`${(k + ':').padEnd(16)}${String(v).padStart(8)}${withKb(k, kb) ? ' kB' : ''}`);
          if (r.flags !== null) lines.push(`VmFlags: ${r.flags.join(' ')}${r.trailingSpace ? ' ' : ''}`);
        }
        const text = lines.join('\n') + '\n';
        const result = parseMaps(text, { format: 'smaps' });
        expect(accountForFormat(text, result)).toEqual([]);
        expect(errorsOf(result)).toEqual([]);
        expect(result.regions.length).toBe(records.length);
        records.forEach((r, i) => {
          const region = result.regions.get(i);
          expect(region.begin).toBe(r.begin);
          expect(region.pathname).toBe(r.pathname);
          const fields = Object.fromEntries(r.fields.map(([k, v, kb]) => [k, withKb(k, kb) ? v * 1024 : v]));
          expect(region.smaps).toEqual({ fields, vmFlags: r.flags, ...(r.name !== undefined ? { text: { Name: r.name } } : {}) });
        });
      }),
      { numRuns: 300 },
    );
  });
});
