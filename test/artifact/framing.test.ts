/**
 * Property: any maps text, wrapped in any artifact's framing, gives the regions the maps text
 * gives alone (the fields the artifact carries: a tombstone has no device, inode or share flag, a
 * sanitizer map only ranges and names), with every line accounted for. The maps lines are built
 * with the kernel's layout rule (fs/proc/task_mmu.c), written out here, not taken from src/.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInputText, readInputBytesSync } from '../../src/input';
import { parseMaps } from '../../src/parse';
import type { ParseResult } from '../../src/parse/result';

interface GenRegion {
  begin: bigint;
  end: bigint;
  perms: string;
  offset: bigint;
  dev: string;
  inode: bigint;
  name: string;
}

const hex = (v: bigint, width = 8) => v.toString(16).padStart(width, '0');
/** A 64-bit kernel maps line: the fields up to the inode padded to 72 columns, a space, the name. */
const kernelLine = (r: GenRegion) => {
  const prefix = `${hex(r.begin)}-${hex(r.end)} ${r.perms} ${hex(r.offset)} ${r.dev} ${r.inode}`;
  return r.name === '' ? prefix : `${prefix.padEnd(72)} ${r.name}`;
};

const NAMES = ['', '[heap]', '[stack]', '/usr/lib/libc.so.6', '/tmp/a file', '[anon:scudo:primary]', '/data/app/base.apk', '/memfd:jit (deleted)'];

/** Two to twelve regions in ascending order, page-aligned, below 2^47. */
const regionsArb = fc
  .array(
    fc.record({
      gap: fc.bigInt({ min: 0n, max: 0xffffn }),
      pages: fc.bigInt({ min: 1n, max: 0x2000n }),
      perms: fc.tuple(fc.constantFrom('r', '-'), fc.constantFrom('w', '-'), fc.constantFrom('x', '-'), fc.constantFrom('p', 's')).map((t) => t.join('')),
      offset: fc.bigInt({ min: 0n, max: 0xfffffn }).map((v) => v * 0x1000n),
      dev: fc.constantFrom('00:00', 'fe:01', '08:12'),
      inode: fc.bigInt({ min: 0n, max: 99999999n }),
      name: fc.constantFrom(...NAMES),
    }),
    { minLength: 2, maxLength: 12 },
  )
  .map((rows) => {
    let at = 0x10000n;
    return rows.map((row): GenRegion => {
      const begin = at + row.gap * 0x1000n;
      const end = begin + row.pages * 0x1000n;
      at = end;
      return { begin, end, perms: row.perms, offset: row.offset, dev: row.dev, inode: row.inode, name: row.name };
    });
  });

interface Framing {
  name: string;
  wrap: (regions: GenRegion[], maps: string) => string;
  /** The fields this artifact keeps: `share` (the s/p flag), `offset`. */
  keeps: { share: boolean; offset: boolean };
}

/** A 64-bit tombstone address, split as tombstone_proto_to_text.cpp prints it. */
const split = (v: bigint) => `${hex(v >> 32n)}'${hex(v & 0xffff_ffffn)}`;

const FRAMINGS: Framing[] = [
  {
    name: 'hs_err',
    wrap: (_r, maps) => `#\n# A fatal error has been detected by the Java Runtime Environment:\n#\n#  SIGSEGV (0xb) at pc=0x0000000000010010, pid=7, tid=8\n#\n# JRE version: x\n\nDynamic libraries:\n${maps}\nVM Arguments:\n`,
    keeps: { share: true, offset: true },
  },
  {
    name: 'glibc abort',
    wrap: (_r, maps) => `*** Error in \`./a.out': free(): invalid pointer: 0x0000000000601010 ***\n======= Backtrace: =========\n/lib/libc.so.6(+0x1)[0x10010]\n======= Memory map: ========\n${maps}Aborted (core dumped)\n`,
    keeps: { share: true, offset: true },
  },
  {
    name: 'Apport',
    wrap: (_r, maps) => `ProblemType: Crash\nExecutablePath: /usr/bin/a\nProcMaps:\n${maps.replace(/^/gm, ' ').replace(/ $/, '')}ProcStatus:\n Name:\ta\n Pid:\t7\nSignal: 11\n`,
    keeps: { share: true, offset: true },
  },
  {
    name: 'journal JSON',
    wrap: (_r, maps) => JSON.stringify({ MESSAGE: 'Process 7 (a) dumped core.', COREDUMP_PID: '7', COREDUMP_PROC_MAPS: maps }) + '\n',
    keeps: { share: true, offset: true },
  },
  {
    // More log lines than map lines: a text that is mostly a map is a maps file (its other lines errors).
    name: 'log',
    wrap: (_r, maps) => `${Array.from({ length: 13 }, (_, i) => `2026-12-03T10:00:${String(i).padStart(2, '0')} step ${i}\n`).join('')}the map follows\n${maps}done\n`,
    keeps: { share: true, offset: true },
  },
  {
    name: 'tombstone',
    wrap: (regions) =>
      [
        '*** *** *** *** *** *** *** *** *** *** *** *** *** *** *** ***',
        'pid: 7, tid: 7, name: a  >>> /usr/bin/a <<<',
        'signal 11 (SIGSEGV), code 1 (SEGV_MAPERR), fault addr 0x0000000000000000',
        '',
        `memory map (${regions.length} entries):`,
        ...regions.map(
          (r) => `    ${split(r.begin)}-${split(r.end - 1n)} ${r.perms.slice(0, 3)}  ${r.offset.toString(16).padStart(8)}  ${(r.end - r.begin).toString(16).padStart(8)}${r.name === '' ? '' : `  ${r.name} (BuildId: 0a1b)`}`,
        ),
        '',
      ].join('\n'),
    keeps: { share: false, offset: true },
  },
  {
    name: 'sanitizer',
    wrap: (regions) =>
      ['==7==ERROR: AddressSanitizer: SEGV on unknown address 0x000000000000 (pc 0x000000010010 bp 0x0 sp 0x0 T0)', '==7==Process memory map follows:', ...regions.map((r) => `\t0x${hex(r.begin, 12)}-0x${hex(r.end, 12)}\t${r.name}`), '==7==End of process memory map.', ''].join('\n'),
    keeps: { share: false, offset: false },
  },
];

/** The regions as far as `keeps` says the framing carries them. */
function project(r: ParseResult, keeps: Framing['keeps']): string[] {
  return r.regions.toArray().map((x) => {
    const perms = keeps.share ? x.permissions.text : keeps.offset ? x.permissions.text.slice(0, 3) : '';
    return `${x.begin.toString(16)}-${x.end.toString(16)} ${perms} ${keeps.offset ? x.offset.toString(16) : ''} ${x.pathname ?? ''}`;
  });
}

describe('any maps text in any artifact framing gives the regions of the maps text alone', () => {
  for (const framing of FRAMINGS) {
    it(framing.name, () => {
      fc.assert(
        fc.property(regionsArb, (regions) => {
          const maps = regions.map(kernelLine).join('\n') + '\n';
          const plain = parseMaps(maps);
          expect(plain.stats.rejected).toBe(0);
          const text = framing.wrap(regions, maps);
          const r = parseInputText(readInputBytesSync(Buffer.from(text, 'utf8')));
          expect(r.artifact).toBeDefined();
          expect(project(r, framing.keeps)).toEqual(project(plain, framing.keeps));
          expect(r.stats.rejected).toBe(0);
          expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          expect(r.stats.lines).toBe(r.stats.regions + r.stats.blank + r.stats.recognized + r.stats.rejected);
        }),
        { numRuns: 60 },
      );
    });
  }
});
