/**
 * Opening an ELF core file (`npm run bench -- core-open`): sparse cores of 4 MiB, 2 GiB and
 * 4 GiB with the same headers and notes (1,000 PT_LOADs, an NT_FILE naming half of them), opened
 * the CLI's way (readMapsFromPath: open, stat, positioned reads of the headers and notes only).
 * The ratio against the 4 MiB core, in the same process, shows that the size does not count;
 * the bytes read, that the dumped memory is never read. Baseline: parseProcMaps of a maps text
 * of the same 1,000 regions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMapsFromPath } from '../../src/node/read';
import { parseProcMaps } from '../../src/parse/maps';
import { buildCore, type CoreSpec } from '../artifact/core-builder';
import { consume, printTable } from './measure';

const REGIONS = 1000;
const RUNS = 15;

function spec(): CoreSpec {
  const loads: CoreSpec['loads'] = [];
  const files: NonNullable<CoreSpec['files']> = [];
  let at = 0x7f0000000000n;
  for (let i = 0; i < REGIONS; i++) {
    const size = BigInt(1 + (i % 7)) * 0x1000n;
    loads.push({ vaddr: at, memsz: size, flags: i % 3 === 0 ? 5 : 6, offset: 0x100000n, filesz: size });
    if (i % 2 === 0) files.push({ start: at, end: at + size, pageOffset: BigInt(i), name: `/usr/lib/x86_64-linux-gnu/libbench${i}.so.1` });
    at += size + 0x1000n;
  }
  return { is64: true, little: true, loads, files, status: { tid: 1, cursig: 11, pc: 0x7f0000000010n }, siginfo: { signo: 11, code: 1, addr: 0x7f0000000020n } };
}

/** Medians of `runs` rounds, each timing every call once in turn (interleaved: the machine's load and the JIT's warm-up fall on all alike). */
async function interleavedMedianMs(fns: (() => Promise<unknown>)[], runs: number): Promise<number[]> {
  for (let i = 0; i < 3; i++) for (const fn of fns) consume(await fn());
  const times = fns.map(() => [] as number[]);
  for (let r = 0; r < runs; r++) {
    for (const [i, fn] of fns.entries()) {
      const t0 = performance.now();
      consume(await fn());
      times[i].push(performance.now() - t0);
    }
  }
  return times.map((t) => t.sort((a, b) => a - b)[t.length >> 1]);
}

export async function run(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'mapscope-bench-core-'));
  try {
    const headers = buildCore(spec());
    const sizes = [
      ['4 MiB', 4 * 1024 ** 2],
      ['2 GiB', 2 * 1024 ** 3],
      ['4 GiB', 4 * 1024 ** 3],
    ] as const;
    const paths: string[] = [];
    for (const [label, sizeBytes] of sizes) {
      const path = join(work, `${label.replace(' ', '')}.core`);
      const handle = await open(path, 'w');
      await handle.write(headers, 0, headers.length, 0);
      await handle.truncate(sizeBytes);
      await handle.close();
      paths.push(path);
    }
    const text = spec()
      .loads.map((l) => `${l.vaddr.toString(16)}-${(l.vaddr + l.memsz).toString(16)} rw-p 00000000 00:00 0`)
      .join('\n');
    const times = await interleavedMedianMs([...paths.map((p) => () => readMapsFromPath(p)), async () => parseProcMaps(text)], RUNS);
    const rows: string[][] = [];
    for (const [i, [label]] of sizes.entries()) {
      const regions = (await readMapsFromPath(paths[i])).regions.length;
      rows.push([label, String(regions), times[i].toFixed(2), (times[i] / times[0]).toFixed(2), String(headers.length)]);
    }
    rows.push([`baseline: parseProcMaps of ${REGIONS} lines`, String(parseProcMaps(text).regions.length), times[3].toFixed(2), '', '']);
    printTable(['core file (sparse)', 'regions', 'median ms', 'vs 4 MiB', 'header+note bytes'], rows);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
