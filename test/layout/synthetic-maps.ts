/**
 * A synthetic but kernel-shaped /proc/<pid>/maps text of any size, for level-of-detail tests and
 * view benchmarks: an executable, [heap], then shared libraries (r--p, r-xp, r--p, rw-p and a
 * .bss), thread stacks with their ---p guard pages, glibc arenas (rw-p head + ---p reservation),
 * named anonymous memory, memfd and /dev/shm mappings, a few rwxp JIT regions, [stack], [vvar],
 * [vdso] and [vsyscall]. Deterministic for a seed. Line format as fs/proc/task_mmu.c writes it.
 */
const PAGE = 0x1000n;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(v: bigint, digits = 8): string {
  return v.toString(16).padStart(digits, '0');
}

function line(begin: bigint, end: bigint, perms: string, offset: bigint, dev: string, inode: number, path: string | null): string {
  const prefix = `${hex(begin)}-${hex(end)} ${perms} ${hex(offset)} ${dev} ${inode} `;
  return path === null ? prefix : prefix.padEnd(72, ' ') + ' ' + path;
}

/** `regionCount` lines of a maps file (exactly that many), ending with [vsyscall]. */
export function syntheticMapsText(regionCount: number, seed = 1): string {
  const rand = mulberry32(seed);
  const pages = (min: number, max: number) => BigInt(Math.floor(min + rand() * (max - min + 1))) * PAGE;
  const lines: string[] = [];
  const tail = [
    (a: bigint) => line(a, a + 0x21000n, 'rw-p', 0n, '00:00', 0, '[stack]'),
    (a: bigint) => line(a, a + 0x4000n, 'r--p', 0n, '00:00', 0, '[vvar]'),
    (a: bigint) => line(a, a + 0x2000n, 'r-xp', 0n, '00:00', 0, '[vdso]'),
  ];
  const budget = Math.max(0, regionCount - tail.length - 1);
  let addr = 0x555555554000n;
  const exe = '/usr/bin/mapscope-synthetic';
  const push = (size: bigint, perms: string, offset: bigint, dev: string, inode: number, path: string | null) => {
    if (lines.length >= budget) return;
    lines.push(line(addr, addr + size, perms, offset, dev, inode, path));
    addr += size;
  };
  for (const [i, perms] of ['r--p', 'r-xp', 'r--p', 'rw-p'].entries()) push(pages(2, 40), perms, BigInt(i) * 0x10000n, 'fe:01', 1000, exe);
  addr += pages(1, 4000);
  push(pages(100, 300000), 'rw-p', 0n, '00:00', 0, '[heap]');
  addr = 0x7a0000000000n;
  let lib = 0;
  while (lines.length < budget && addr < 0x7ffc00000000n) {
    const r = rand();
    if (r < 0.45) {
      const path = `/usr/lib/x86_64-linux-gnu/libsynthetic${lib++}.so.${1 + (lib % 7)}`;
      const inode = 200000 + lib;
      let offset = 0n;
      for (const perms of ['r--p', 'r-xp', 'r--p', 'rw-p']) {
        const size = pages(1, perms === 'r-xp' ? 400 : 30);
        push(size, perms, offset, 'fe:01', inode, path);
        offset += size;
      }
      if (rand() < 0.5) push(pages(1, 8), 'rw-p', 0n, '00:00', 0, null);
    } else if (r < 0.7) {
      push(PAGE, '---p', 0n, '00:00', 0, null);
      push(0x800000n, 'rw-p', 0n, '00:00', 0, null);
    } else if (r < 0.8) {
      push(pages(1, 33), 'rw-p', 0n, '00:00', 0, null);
      push(0x4000000n - pages(1, 33), '---p', 0n, '00:00', 0, null);
    } else if (r < 0.86) {
      push(pages(1, 64), 'rw-p', 0n, '00:00', 0, `[anon:synthetic pool ${lib % 13}]`);
    } else if (r < 0.9) {
      push(pages(1, 256), 'rw-s', 0n, '00:01', 3000 + lib, `/memfd:synthetic-${lib % 5} (deleted)`);
    } else if (r < 0.93) {
      push(pages(16, 4096), 'rw-s', 0n, '00:1a', 4000 + lib, `/dev/shm/synthetic.${lib % 9}`);
    } else if (r < 0.95) {
      push(pages(1, 16), 'rwxp', 0n, '00:00', 0, null);
    } else {
      push(pages(1, 2048), 'rw-p', 0n, '00:00', 0, null);
    }
    // Most regions touch their neighbour; some leave a gap (mmap's top-down placement does).
    if (rand() < 0.25) addr += pages(1, rand() < 0.1 ? 1 << 16 : 64);
  }
  let top = 0x7ffd00000000n;
  for (const make of tail) {
    if (lines.length >= regionCount - 1) break;
    lines.push(make(top));
    top += 0x100000n;
  }
  lines.push(line(0xffffffffff600000n, 0xffffffffff601000n, '--xp', 0n, '00:00', 0, '[vsyscall]'));
  return lines.join('\n') + '\n';
}
