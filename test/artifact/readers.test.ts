/**
 * The crash artifact readers (src/artifact) on the fixtures of test/fixtures/artifacts/ and on
 * hand-written damage: every region of the embedded map, exact (checked against the map lines
 * read as a plain maps file, or against values worked out by hand from the artifact's lines), the
 * fault address and the frames, and the line accounting of src/parse/result.ts LineStats.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatHex } from '../../src/address';
import { parseInputText, readInputBytesSync } from '../../src/input';
import { parseMaps } from '../../src/parse';
import type { ParseResult } from '../../src/parse/result';
import { accountFor as accountForMap } from '../helpers/fixtures';

/**
 * The line accounting of test/helpers/fixtures.ts accountFor (lines, regions, blank, one error per
 * rejected line, diagnostics quoting their lines), where the artifact's other lines are the recognised ones.
 */
function accountFor(text: string, r: ParseResult): string[] {
  const problems = accountForMap(text, r);
  const unaccounted = problems.find((p) => / lines unaccounted for$/.test(p));
  // Notes on the whole artifact (line 0) are allowed: Diagnostic.line's contract.
  const others = problems.filter((p) => p !== unaccounted && !/^diagnostic on line 0 of/.test(p));
  const n = unaccounted === undefined ? 0 : Number(unaccounted.split(' ')[0]);
  if (n !== r.stats.recognized) others.push(`${n} lines are neither region, error nor blank, but ${r.stats.recognized} are recognised`);
  return others;
}

const fixture = (name: string) => readFileSync(new URL(`../fixtures/artifacts/${name}`, import.meta.url));
const read = (bytes: Uint8Array, choice?: number) => parseInputText(readInputBytesSync(bytes), { choice });
const readText = (text: string, choice?: number) => read(Buffer.from(text, 'utf8'), choice);

/** Each region as the text a person would compare: begin-end perms offset name (fields the source lacks as ?). */
function regionsOf(r: ParseResult): string[] {
  const known = r.regions.known;
  return r.regions.toArray().map((x) => `${formatHex(x.begin)}-${formatHex(x.end)} ${known.perms ? x.permissions.text : '?'} ${known.offset ? formatHex(x.offset) : '?'} ${x.pathname ?? ''}`);
}
const addressesOf = (r: ParseResult) => r.artifact!.addresses.map((a) => `${a.label} ${formatHex(a.address)}`);
const codesOf = (r: ParseResult) => r.diagnostics.map((d) => `${d.severity} ${d.code} @${d.line}`);

/** The lines of `text` from index `from` (0-based) while `keep` holds, as a maps file. */
function linesWhile(text: string, from: number, keep: (line: string) => boolean): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = from; i < lines.length && keep(lines[i]); i++) out.push(lines[i]);
  return out.join('\n') + '\n';
}
const MAPS_LINE = /^[0-9a-f]+-[0-9a-f]+ [r-][w-][x-][ps] /;

describe('OpenJDK hs_err logs', () => {
  for (const name of ['hs_err-krashpad-dataset63.log', 'hs_err-krashpad-dataset94.log']) {
    it(`${name}: the "Dynamic libraries:" lines, every region as the maps parser reads them alone; every other line recognised`, () => {
      const bytes = fixture(name);
      const text = bytes.toString('utf8');
      const r = read(bytes);
      expect(r.format).toBe('hs_err');
      const at = text.split('\n').indexOf('Dynamic libraries:');
      const plain = parseMaps(linesWhile(text, at + 1, (l) => MAPS_LINE.test(l)));
      expect(regionsOf(r)).toEqual(regionsOf(plain));
      expect(r.regions.columns.line[0]).toBe(at + 2);
      expect(accountFor(text, r)).toEqual([]);
      expect(r.stats.rejected).toBe(0);
      expect(r.diagnostics).toEqual([]);
    });
  }

  it('dataset94: si_addr and pc from the log; each native frame [lib+0x…] made absolute lands on the pc the header names', () => {
    const r = read(fixture('hs_err-krashpad-dataset94.log'));
    expect(r.artifact!.title).toBe('OpenJDK hs_err log · pid 31802 · SIGSEGV');
    const a = addressesOf(r);
    // "siginfo: … si_addr: 0x0000000000000000" and "#  SIGSEGV (0xb) at pc=0x00007f504a219e0a".
    expect(a.slice(0, 2)).toEqual(['si_addr 0x0', 'pc 0x7f504a219e0a']);
    // Frame 0 is "V  [libjvm.so+0x1019e0a]  Unsafe_GetByte+0xaa": libjvm's base plus the offset is the crashing pc.
    expect(a[2]).toBe('#0 pc 0x7f504a219e0a');
    // The other frames are Java frames (j), without a library.
    expect(r.artifact!.addresses).toHaveLength(2 + 6);
    expect(r.diagnostics).toEqual([]);
  });
});

describe('glibc abort dumps', () => {
  it('the fuglu note: 119 regions, the pointer, and the ten frames with the addresses the dump prints', () => {
    const bytes = fixture('glibc-abort-fuglu-readme.txt');
    const text = bytes.toString('utf8');
    const r = read(bytes);
    expect(r.format).toBe('glibc-abort');
    expect(regionsOf(r)).toEqual(regionsOf(parseMaps(readFileSync(new URL('../fixtures/corpus/fuglu-glibc-abort-stack-tid.maps', import.meta.url), 'utf8'))));
    expect(accountFor(text, r)).toEqual([]);
    const printed = [...text.matchAll(/\[(0x[0-9a-f]+)\]$/gm)].map((m) => BigInt(m[1]));
    expect(printed).toHaveLength(10);
    expect(r.artifact!.addresses.map((x) => x.address)).toEqual([0x7fca40008ce0n, ...printed]);
    expect(r.artifact!.addresses[0].label).toBe('pointer');
    expect(r.artifact!.title).toBe('glibc abort dump · /usr/bin/python · double free or corruption (fasttop)');
  });
});

describe('sanitizer reports', () => {
  const bytes = fixture('sanitizer-asan-gcc12-uaf.txt');
  const text = bytes.toString('utf8');
  /** The map whose header is line index `at`, read by splitting its `\t0x…-0x…\tname` lines. */
  const sanitizerMap = (at: number) =>
    linesWhile(text, at + 1, (l) => l.startsWith('\t'))
      .trimEnd()
      .split('\n')
      .map((l) => {
        const [range, name] = l.slice(1).split('\t');
        const [b, e] = range.split('-').map((x) => formatHex(BigInt(x)));
        return `${b}-${e} ? ? ${name}`;
      });
  it('the first of the two maps: every range and name, no permissions (one note), the report\'s address, pc and stacks', () => {
    const r = read(bytes);
    expect(r.format).toBe('sanitizer');
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.endsWith('==Process memory map follows:'));
    expect(regionsOf(r)).toEqual(sanitizerMap(at));
    expect(r.regions.known).toEqual({ perms: false, offset: false, device: false, inode: false });
    expect(codesOf(r)).toEqual([`warning sanitizer-map-fields @${at + 1}`]);
    expect(accountFor(text, r)).toEqual([]);
    const frames = lines.slice(0, at).filter((l) => /^ {4}#\d+ 0x/.test(l)).map((l) => BigInt(l.trim().split(' ')[1]));
    expect(r.artifact!.addresses.map((x) => x.address)).toEqual([0x602000000011n, 0x55bf86cd31e4n, ...frames]);
    expect(addressesOf(r).slice(0, 3)).toEqual(['fault address 0x602000000011', 'pc 0x55bf86cd31e4', '#0 pc 0x55bf86cd31e3']);
    expect(addressesOf(r)).toContain('freed by thread T0 #0 pc 0x7f98038b76a8');
    expect(r.artifact!.title).toBe('AddressSanitizer report · pid 25361 · heap-use-after-free');
  });

  it('the report holds two maps (at the error, at exit; one range grew between them): both are choices, the second is read when chosen', () => {
    const first = read(bytes);
    expect(first.artifact!.choices.map((c) => c.firstLine)).toEqual([52, 144]);
    const second = read(bytes, 1);
    expect(second.artifact!.chosen).toBe(1);
    expect(second.regions.columns.line[0]).toBe(145);
    expect(regionsOf(second)).toEqual(sanitizerMap(143));
    expect(regionsOf(second)).not.toEqual(regionsOf(first));
  });
});

describe('Android tombstones', () => {
  const bytes = fixture('tombstone-arm64-handwritten.txt');
  const text = bytes.toString('utf8');

  it('every entry: inclusive ends + 1, the `\'` split joined, three letters + p, offset kept, no device or inode, BuildId and load bias out of the name', () => {
    const r = read(bytes);
    expect(r.format).toBe('tombstone');
    expect(regionsOf(r)).toEqual([
      '0x5d1f3ff000-0x5d1f401000 r--p 0x0 /system/bin/crasher64',
      '0x5d1f401000-0x5d1f403000 r-xp 0x1000 /system/bin/crasher64',
      '0x5d1f403000-0x5d1f404000 rw-p 0x2000 /system/bin/crasher64',
      '0x70c8e00000-0x70c8e50000 r--p 0x0 /apex/com.android.runtime/lib64/bionic/libc.so',
      '0x70c8e50000-0x70c8ed3000 r-xp 0x50000 /apex/com.android.runtime/lib64/bionic/libc.so',
      '0x70c8ed3000-0x70c8ed8000 rw-p 0xd3000 /apex/com.android.runtime/lib64/bionic/libc.so',
      '0x70c9000000-0x70c9200000 rw-p 0x0 [anon:scudo:primary]',
      '0x7fe3a0c000-0x7fe3a2c000 rw-p 0x0 [stack]',
    ]);
    expect(r.regions.known).toEqual({ perms: true, offset: true, device: false, inode: false });
    expect(Array.from(r.regions.columns.line)).toEqual([25, 26, 27, 28, 29, 30, 31, 32]);
    expect(r.artifact!.regionAttributes!.filter((a) => a.line === 26)).toEqual([
      { line: 26, key: 'BuildId', value: '3c1a1e0b8c2d4f6e9a7b5c3d1e0f2a4b' },
      { line: 26, key: 'load bias', value: '0x1000' },
    ]);
    expect(r.diagnostics).toEqual([]);
    expect(accountFor(text, r)).toEqual([]);
  });

  it('the fault address, and each frame\'s relative pc made absolute (each equals the pc or lr its registers show)', () => {
    const r = read(bytes);
    expect(addressesOf(r)).toEqual([
      'fault address 0x7fe3a2b010',
      '#00 pc 0x5d1f402a40', // the register dump's pc
      '#01 pc 0x5d1f40292c', // its lr
      '#02 pc 0x70c8e52d48',
      'tid 4250 #00 pc 0x70c8e9b3f8', // the second thread's pc
      'tid 4250 #01 pc 0x70c8e9a104', // and lr
    ]);
    expect(text).toContain('lr  0000005d1f40292c  pc  0000005d1f402a40');
    expect(text).toContain('lr  00000070c8e9a104  pc  00000070c8e9b3f8');
    expect(r.artifact!.title).toBe('Android tombstone · /system/bin/crasher64 · pid 4242 · SIGSEGV');
    expect(r.artifact!.signal).toBe('SIGSEGV');
    expect(r.artifact!.pid).toBe(4242);
  });

  it('cut in its map: the entries before the cut, an error on the cut line, a note that names the announced count', () => {
    const cutAt = text.indexOf("    00000070'c8ed3000") + 30;
    const r = readText(text.slice(0, cutAt));
    expect(r.regions.length).toBe(5);
    expect(codesOf(r)).toEqual(['warning artifact-map-cut @24', expect.stringMatching(/^error \S+ @30$/)]);
    expect(r.diagnostics[0].message).toMatch(/announces 8 entries but 6 follow: the tombstone is cut short after its line 30/);
    expect(accountFor(text.slice(0, cutAt), r)).toEqual([]);
    expect(addressesOf(r)[0]).toBe('fault address 0x7fe3a2b010');
  });

  it('cut before its map: no regions, one error that says what is missing, the header still read', () => {
    const cut = text.slice(0, text.indexOf('memory map ('));
    const r = readText(cut);
    expect(r.regions.length).toBe(0);
    expect(codesOf(r)).toEqual(['error artifact-map-missing @1']);
    expect(r.artifact!.title).toBe('Android tombstone · /system/bin/crasher64 · pid 4242 · SIGSEGV');
    expect(accountFor(cut, r)).toEqual([]);
  });

  it('a 32-bit map with the fault between two entries (the AOSP test\'s expected text): the marker line is recognised and gives the fault address', () => {
    // debuggerd/libdebuggerd/test/tombstone_test.cpp, dump_all_maps expectation (32-bit), with a banner and signal line around it.
    const t = [
      '*** *** *** *** *** *** *** *** *** *** *** *** *** *** *** ***',
      'pid: 1, tid: 1, name: fake  >>> fake <<<',
      'signal 11 (SIGSEGV), code 1 (SEGV_MAPERR), fault addr --------',
      '',
      'memory map (3 entries): (fault address prefixed with --->)',
      '    0a434000-0a434fff -w-      1000      1000  (load bias 0xd000)',
      '--->Fault address falls at 0a533000 between mapped regions',
      '    0a534000-0a534fff --x      3000      1000  (load bias 0x2000)',
      '    0a634000-0a634fff rwx         0      1000  /system/lib/fake.so',
      '',
    ].join('\n');
    const r = readText(t);
    expect(regionsOf(r)).toEqual(['0xa434000-0xa435000 -w-p 0x1000 ', '0xa534000-0xa535000 --xp 0x3000 ', '0xa634000-0xa635000 rwxp 0x0 /system/lib/fake.so']);
    expect(addressesOf(r)).toEqual(['fault address 0xa533000']);
    expect(r.artifact!.regionAttributes).toEqual([
      { line: 6, key: 'load bias', value: '0xd000' },
      { line: 8, key: 'load bias', value: '0x2000' },
    ]);
    expect(accountFor(t, r)).toEqual([]);
  });
});

describe('Apport reports and systemd-coredump journal entries (one process, made by make-crash-reports.py)', () => {
  const apport = fixture('apport-python3-segv.crash');
  const apportText = apport.toString('utf8');
  const procMaps = linesWhile(apportText, apportText.split('\n').indexOf('ProcMaps:') + 1, (l) => l.startsWith(' ')).replace(/^ /gm, '');

  it('Apport: ProcMaps read as the maps file it holds, the pid of ProcStatus, Signal, the SegvAnalysis pc and the stack trace', () => {
    const r = read(apport);
    expect(r.format).toBe('apport');
    expect(regionsOf(r)).toEqual(regionsOf(parseMaps(procMaps)));
    expect(accountFor(apportText, r)).toEqual([]);
    const pid = Number(/^ Pid:\t(\d+)$/m.exec(apportText)![1]);
    expect(r.artifact!.pid).toBe(pid);
    expect(r.artifact!.signal).toBe('SIGSEGV');
    const frames = [...apportText.matchAll(/^ #\d+ +(0x[0-9a-f]+) in /gm)].map((m) => BigInt(m[1]));
    expect(r.artifact!.addresses.map((a) => a.address)).toEqual([frames[0], ...frames]);
    expect(r.artifact!.addresses.map((a) => a.label)).toEqual(['pc', '#0 pc', '#1 pc', '#2 pc']);
  });

  it('journal export: COREDUMP_PROC_MAPS (a binary field: its size, then its lines) gives the same regions as the Apport ProcMaps of the same process', () => {
    const bytes = fixture('coredump-journal-export.txt');
    const r = read(bytes);
    expect(r.format).toBe('coredump-journal');
    expect(regionsOf(r)).toEqual(regionsOf(parseMaps(procMaps)));
    expect(r.stats.rejected).toBe(0);
    expect(r.stats.lines).toBe(r.stats.regions + r.stats.blank + r.stats.recognized);
    expect(r.artifact!.signal).toBe('SIGSEGV');
    expect(r.artifact!.addresses.map((a) => a.label)).toEqual(['#0 pc', '#1 pc', '#2 pc']);
  });

  it('journal JSON (--all): the same regions, each on the entry\'s line; the map\'s lines counted as lines', () => {
    const r = read(fixture('coredump-journal.json'));
    expect(r.format).toBe('coredump-journal');
    expect(regionsOf(r)).toEqual(regionsOf(parseMaps(procMaps)));
    expect(new Set(r.regions.columns.line)).toEqual(new Set([1]));
    expect(r.stats).toEqual({ lines: r.regions.length, regions: r.regions.length, blank: 0, recognized: 0, rejected: 0 });
  });

  it('journal JSON without --all: COREDUMP_PROC_MAPS is null; one error says why and how to get it, the frames are still read', () => {
    const r = read(fixture('coredump-journal-nomaps.json'));
    expect(r.regions.length).toBe(0);
    expect(codesOf(r)).toEqual(['error artifact-map-missing @1']);
    expect(r.diagnostics[0].message).toContain('journalctl -o json --all');
    expect(r.artifact!.addresses).toHaveLength(3);
    expect(r.stats).toEqual({ lines: 1, regions: 0, blank: 0, recognized: 0, rejected: 1 });
  });
});

describe('any log with maps lines', () => {
  const maps = readFileSync(new URL('../fixtures/maps/node-20-self.maps', import.meta.url), 'utf8');
  const lines = maps.trimEnd().split('\n');
  const log = (parts: string[]) => parts.join('\n') + '\n';

  it('two dumps: both are choices, the larger is read by default, the other when chosen; the log lines are one note, never errors', () => {
    const text = log(['starting', 'first dump:', ...lines.slice(0, 20), 'ran for 3 s', 'second dump:', ...lines, 'exit 0']);
    const r = readText(text);
    expect(r.format).toBe('log');
    expect(r.artifact!.choices.map((c) => c.label)).toEqual(['20 maps lines at line 3', `${lines.length} maps lines at line 25`]);
    expect(r.artifact!.chosen).toBe(1);
    expect(regionsOf(r)).toEqual(regionsOf(parseMaps(maps)));
    expect(codesOf(r)).toEqual(['warning skipped-lines @0']);
    expect(accountFor(text, r)).toEqual([]);
    const first = readText(text, 0);
    expect(regionsOf(first)).toEqual(regionsOf(parseMaps(log(lines.slice(0, 20)))));
    expect(first.regions.columns.line[0]).toBe(3);
  });

  it('a maps file with bad lines stays a maps file (its errors are its own), not a log', () => {
    const text = log([...lines.slice(0, 10), 'garbage', ...lines.slice(10)]);
    const r = readText(text);
    expect(r.format).toBe('maps');
    expect(r.artifact).toBeUndefined();
    expect(r.stats.rejected).toBe(1);
  });
});
