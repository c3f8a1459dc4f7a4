/**
 * Generates a realistic /proc/<pid>/maps text of any size, deterministically from a seed.
 *
 * The layout follows a real x86_64 process (compare /proc/self/maps): the executable's five
 * segments low in the address space, [heap] after it, the mmap area below the stack holding shared
 * libraries (r--p, r-xp, r--p, sometimes a ---p guard, r--p, rw-p, an anonymous .bss), thread
 * stacks (an anonymous ---p guard page under an rw-p stack), malloc arenas (rw-p + ---p
 * reservation), JIT code (rwxp), named anonymous memory ([anon:…], Linux 5.17+), mapped data
 * files, memfd and /dev/shm; then [stack], [vvar], [vdso] and [vsyscall]. Lines are written by
 * formatMapsLine, which pads names to column 73 as fs/proc/task_mmu.c does.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { formatMapsLine, type RegionFields } from '../../src/internal';

/** A small, fast, seedable PRNG (mulberry32); Math.random cannot be seeded. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PAGE = 0x1000n;
const R = 1, W = 2, X = 4, S = 8;
const DISK = { major: 0xfe, minor: 0 };
const NO_DEVICE = { major: 0, minor: 0 };

export interface GenerateOptions {
  regions: number;
  seed?: number;
}

/** The generated text, and how many regions of each sort it holds (for the bench's legend). */
export interface GeneratedMaps {
  text: string;
  regions: number;
  distinctPathnames: number;
  mix: Record<string, number>;
}

/** Where generated lines go: an array, or a file written as they come (writeGeneratedMaps). */
interface LineSink {
  readonly length: number;
  push(line: string): void;
}

/** Generates `regions` maps lines (exactly), ascending and non-overlapping, as one string. */
export function generateMaps(options: GenerateOptions): GeneratedMaps {
  const lines: string[] = [];
  const facts = generateInto(lines, options);
  lines.push(''); // a final newline, without `+ '\n'`: that would make a cons string, slower to read than a file's flat text
  return { text: lines.join('\n'), ...facts };
}

/**
 * The text generateMaps gives, written to `path` as it is generated: millions of lines (4,194,304
 * regions are ~250 MB) without holding them all as strings at once.
 */
export function writeGeneratedMaps(path: string, options: GenerateOptions): Omit<GeneratedMaps, 'text'> {
  const fd = openSync(path, 'w');
  let batch: string[] = [];
  let length = 0;
  const flush = () => {
    if (batch.length > 0) writeSync(fd, batch.join(''));
    batch = [];
  };
  try {
    const facts = generateInto(
      {
        get length() {
          return length;
        },
        push(line) {
          length++;
          batch.push(line, '\n');
          if (batch.length >= 65536) flush();
        },
      },
      options,
    );
    flush();
    return facts;
  } finally {
    closeSync(fd);
  }
}

function generateInto(lines: LineSink, { regions, seed = 1 }: GenerateOptions): Omit<GeneratedMaps, 'text'> {
  const random = mulberry32(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pages = (min: number, max: number) => BigInt(min + int(max - min + 1)) * PAGE;
  const names = new Set<string>();
  const mix: Record<string, number> = {};
  let inode = 1_300_000 + int(100_000);
  const emit = (sort: string, r: RegionFields) => {
    lines.push(formatMapsLine(r));
    if (r.pathname !== null) names.add(r.pathname);
    mix[sort] = (mix[sort] ?? 0) + 1;
  };
  const anon = (begin: bigint, size: bigint, perms: number, pathname: string | null = null): RegionFields => ({
    begin, end: begin + size, perms, offset: 0n, device: NO_DEVICE, inode: 0n, pathname,
  });

  // The tail every process has: [stack], [vvar], [vdso], [vsyscall] (4 regions).
  const tail = 4;
  const budget = Math.max(0, regions - tail);

  // The executable: r--p r-xp r--p r--p rw-p, then [heap].
  let at = 0x5555_5555_4000n + pages(0, 0xffff) * 16n;
  const exe = '/usr/lib/jvm/java-21-openjdk-amd64/bin/java';
  const exeInode = BigInt(inode++);
  let offset = 0n;
  for (const perms of [R, R | X, R, R, R | W]) {
    if (lines.length >= budget) break;
    const size = pages(1, 40);
    emit('executable', { begin: at, end: at + size, perms, offset, device: DISK, inode: exeInode, pathname: exe });
    at += size;
    offset += size;
  }
  if (lines.length < budget) {
    at += pages(1, 0x2000);
    const size = pages(33, 0x4000);
    emit('heap', anon(at, size, R | W, '[heap]'));
  }

  // The mmap area, filled upwards from well below the stack.
  at = 0x7e00_0000_0000n + pages(0, 0xfffff);
  let libraries = 0;
  const MAX_LIBRARIES = 2500; // a browser or a JVM with many plugins maps a few thousand files
  const gap = () => (random() < 0.6 ? 0n : pages(1, 64)); // adjacent regions are common
  while (lines.length < budget) {
    const left = budget - lines.length;
    const roll = random();
    at += gap();
    if (roll < 0.05 && libraries < MAX_LIBRARIES && left >= 7) {
      // A shared library: ld.so's layout of an ELF with a separate code segment.
      libraries++;
      const path = `/usr/lib/x86_64-linux-gnu/lib${LIB_STEMS[libraries % LIB_STEMS.length]}${libraries}.so.${1 + int(9)}`;
      const ino = BigInt(inode++);
      let off = 0n;
      const segments: [number, bigint][] = [[R, pages(1, 16)], [R | X, pages(4, 400)], [R, pages(1, 100)]];
      if (random() < 0.5) segments.push([0, pages(1, 16)]); // ---p hole between segments
      segments.push([R, pages(1, 8)], [R | W, pages(1, 8)]);
      for (const [perms, size] of segments) {
        emit('library', { begin: at, end: at + size, perms, offset: off, device: DISK, inode: ino, pathname: path });
        at += size;
        off += size;
      }
      const bss = pages(1, 32); // .bss beyond the file's end, adjacent to the rw-p segment
      emit('anonymous', anon(at, bss, R | W));
      at += bss;
    } else if (roll < 0.22 && left >= 2) {
      // A thread stack: glibc's guard page below an 8 MiB stack, both anonymous.
      emit('thread-stack', anon(at, PAGE, 0));
      at += PAGE;
      emit('thread-stack', anon(at, 0x800000n - PAGE, R | W));
      at += 0x800000n - PAGE;
    } else if (roll < 0.32 && left >= 2) {
      // A malloc arena: the used part rw-p, the rest of the 64 MiB reservation ---p.
      const used = pages(33, 2000);
      emit('arena', anon(at, used, R | W));
      at += used;
      emit('arena', anon(at, 0x400_0000n - used, 0));
      at += 0x400_0000n - used;
    } else if (roll < 0.37) {
      const size = pages(16, 256);
      emit('jit', anon(at, size, R | W | X));
      at += size;
    } else if (roll < 0.43) {
      const size = pages(1, 64);
      emit('named-anonymous', anon(at, size, R | W, NAMED_ANON[int(NAMED_ANON.length)]));
      at += size;
    } else if (roll < 0.53) {
      // A mapped data file (fonts, caches, jars), read-only, private or shared.
      const size = pages(1, 512);
      const path = `/usr/share/${DATA_DIRS[int(DATA_DIRS.length)]}/file-${int(2000)}.${DATA_EXT[int(DATA_EXT.length)]}`;
      emit('data-file', { begin: at, end: at + size, perms: random() < 0.3 ? R | S : R, offset: pages(0, 64), device: DISK, inode: BigInt(1_000_000 + int(900_000)), pathname: path });
      at += size;
    } else if (roll < 0.56) {
      const size = pages(1, 256);
      const shm = random() < 0.5 ? `/memfd:${MEMFD[int(MEMFD.length)]} (deleted)` : `/dev/shm/.org.chromium.Chromium.${int(100000)}`;
      emit('shared-memory', { begin: at, end: at + size, perms: R | W | S, offset: 0n, device: { major: 0, minor: 1 }, inode: BigInt(1000 + int(90000)), pathname: shm });
      at += size;
    } else {
      const size = pages(1, 1024);
      emit('anonymous', anon(at, size, random() < 0.9 ? R | W : 0));
      at += size;
    }
  }

  // The stack, [vvar] and [vdso] above the mmap area, and the vsyscall page. Past ~300,000
  // regions the mmap area reaches the stack's usual place: the stack goes above it then, so that
  // the file stays in ascending order without overlaps, as a kernel writes it.
  const stackAt = 0x7ffc_0000_0000n + pages(0, 0xfffff);
  at = stackAt > at ? stackAt : at;
  const fixed: [string, bigint, number, string][] = [
    ['stack', pages(33, 33), R | W, '[stack]'],
    ['vvar', pages(4, 4), R, '[vvar]'],
    ['vdso', pages(2, 2), R | X, '[vdso]'],
  ];
  for (const [sort, size, perms, name] of fixed) {
    if (lines.length >= regions - 1) break;
    at += pages(1, 64);
    emit(sort, anon(at, size, perms, name));
    at += size;
  }
  if (lines.length < regions) emit('vsyscall', anon(0xffff_ffff_ff60_0000n, PAGE, X, '[vsyscall]'));
  return { regions: lines.length, distinctPathnames: names.size, mix };
}

const LIB_STEMS = ['gtk-3-', 'glib-2.0-', 'ssl', 'crypto', 'icu', 'xml2-', 'z', 'ffi', 'nss', 'harfbuzz', 'freetype', 'png16-', 'jvm', 'java', 'awt', 'pango-1.0-'];
const NAMED_ANON = ['[anon:glibc: malloc arena]', '[anon:glibc: loader malloc]', '[anon:v8 heap]', '[anon:partition_alloc]', '[anon:dalvik-main space (region space)]'];
const DATA_DIRS = ['fonts/truetype/dejavu', 'icons/hicolor', 'mime', 'locale', 'java/jars'];
const DATA_EXT = ['ttf', 'cache', 'jar', 'mo', 'db'];
const MEMFD = ['wayland-shm', 'pulseaudio', 'v8-code', 'xshmfence'];

/**
 * The fields of one smaps record as a 6.x x86-64 kernel writes them (fs/proc/task_mmu.c
 * show_smap: __show_smap's fields, THPeligible, then VmFlags), for a region of `sizeKb`.
 */
function smapsFields(sizeKb: number, perms: string, random: () => number): string {
  const int = (n: number) => Math.floor(random() * n);
  const rss = Math.min(sizeKb, 4 * int(sizeKb / 4 + 1));
  const priv = perms[3] === 'p' ? Math.min(rss, 4 * int(rss / 4 + 1)) : 0;
  const kb = (key: string, v: number) => `${`${key}:`.padEnd(16)}${String(v).padStart(8)} kB`;
  const flags = ['rd', perms[1] === 'w' ? 'wr' : '', perms[2] === 'x' ? 'ex' : '', 'mr', 'mw', 'me', perms[3] === 's' ? 'sh' : 'ac', 'sd'].filter((f) => f !== '');
  return [
    kb('Size', sizeKb), kb('KernelPageSize', 4), kb('MMUPageSize', 4), kb('Rss', rss), kb('Pss', rss - (priv >> 1)), kb('Pss_Dirty', priv),
    kb('Shared_Clean', rss - priv), kb('Shared_Dirty', 0), kb('Private_Clean', 0), kb('Private_Dirty', priv),
    kb('Referenced', rss), kb('Anonymous', priv), kb('KSM', 0), kb('LazyFree', 0), kb('AnonHugePages', 0), kb('ShmemPmdMapped', 0),
    kb('FilePmdMapped', 0), kb('Shared_Hugetlb', 0), kb('Private_Hugetlb', 0), kb('Swap', 0), kb('SwapPss', 0), kb('Locked', 0),
    `${'THPeligible:'.padEnd(16)}${String(0).padStart(8)}`, `VmFlags: ${flags.join(' ')} `,
  ].join('\n');
}

/**
 * A realistic /proc/<pid>/smaps text of about `bytes` (a little more): the maps lines of
 * generateMaps, each followed by its record's fields (Size agrees with the line's range).
 */
export function generateSmaps({ bytes, seed = 1 }: { bytes: number; seed?: number }): { text: string; regions: number } {
  const random = mulberry32(seed ^ 0x5a5a);
  // About 750 bytes of text per region: enough lines for `bytes`.
  const maps = generateMaps({ regions: Math.max(5, Math.ceil(bytes / 600)), seed }).text.split('\n').filter((l) => l !== '');
  const out: string[] = [];
  let size = 0;
  for (const line of maps) {
    if (size >= bytes && out.length > 0) break;
    const [range, perms] = line.split(' ');
    const [begin, end] = range.split('-').map((h) => BigInt('0x' + h));
    const record = `${line}\n${smapsFields(Number((end - begin) / 1024n), perms, random)}`;
    out.push(record);
    size += record.length + 1;
  }
  out.push('');
  return { text: out.join('\n'), regions: out.length - 1 };
}
