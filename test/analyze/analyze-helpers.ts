/**
 * Helpers of the analyze tests: parse a text with its address order, run lint-process.c or
 * threads.c (built with gcc) and read its maps, and read the PT_LOAD program headers of an ELF file — the loader's
 * own plan, to check module grouping against.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { openSync, readSync, closeSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { parseMaps, RegionIndex, type ParseResult, type RegionTable } from '../../src/internal';
import { fixturePath } from '../helpers/fixtures';

/** A parsed text with the address order the analyses take. */
export interface Loaded {
  result: ParseResult;
  table: RegionTable;
  order: Uint32Array;
}

/** Parses `text` (format detected; `fileName` is a hint) and sorts its rows by address. */
export function load(text: string, fileName?: string): Loaded {
  const result = parseMaps(text, fileName === undefined ? {} : { fileName });
  return { result, table: result.regions, order: RegionIndex.build(result.regions).order };
}

/** The table row of the region whose 1-based input line is `line`. */
export function rowOfLine(table: RegionTable, line: number): number {
  const row = table.columns.line.indexOf(line);
  if (row < 0) throw new Error(`no region on line ${line}`);
  return row;
}

/** Builds lint-process.c and its library into `dir`; returns their paths. Throws on a compile error. */
export function buildLintProcess(dir: string): { bin: string; lib: string } {
  const bin = join(dir, 'lint-process');
  const lib = join(dir, 'libmapscope-lint.so');
  for (const args of [
    ['-O1', '-Wall', '-shared', '-fPIC', '-o', lib, fixturePath('analyze/lint-lib.c')],
    ['-O1', '-Wall', '-pthread', '-o', bin, fixturePath('analyze/lint-process.c'), '-ldl'],
  ]) {
    const cc = spawnSync('gcc', args, { encoding: 'utf8' });
    if (cc.status !== 0 || cc.stderr !== '') throw new Error(`gcc ${args.join(' ')}: ${cc.stderr}`);
  }
  return { bin, lib };
}

/** A running lint-process: what it reported, and its pid. `stop()` closes its stdin and waits. */
export interface LiveProcess {
  pid: number;
  /** feature -> [address, length in bytes] */
  features: Map<string, { addr: bigint; length: bigint }>;
  /** Other `key\tvalue` lines it printed. */
  notes: Map<string, string>;
  stop: () => Promise<number | null>;
}

/** Starts `bin args`, waits for its `ready` line, and returns its report. */
export async function startReporter(bin: string, args: string[]): Promise<LiveProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const stop = async () => {
    child.stdin.end();
    if (child.exitCode !== null) return child.exitCode;
    const [code] = (await once(child, 'exit')) as [number | null];
    return code;
  };
  let out = '';
  child.stdout.setEncoding('utf8');
  for await (const chunk of child.stdout) {
    out += chunk;
    if (/^ready$/m.test(out)) break;
  }
  if (!/^ready$/m.test(out)) {
    await stop();
    throw new Error(`${bin} did not get ready: ${stderr}`);
  }
  const features = new Map<string, { addr: bigint; length: bigint }>();
  const notes = new Map<string, string>();
  for (const line of out.split('\n')) {
    const f = line.split('\t');
    if (f.length === 3) features.set(f[0], { addr: BigInt('0x' + f[1]), length: BigInt('0x' + f[2]) });
    else if (f.length === 2) notes.set(f[0], f[1]);
  }
  return { pid: child.pid!, features, notes, stop };
}

/** One PT_LOAD program header (ELF gABI, "Program Header"). */
export interface LoadSegment {
  offset: bigint;
  vaddr: bigint;
  fileSize: bigint;
  memSize: bigint;
  /** PF_X, PF_W, PF_R = 1, 2, 4. */
  flags: number;
}

/**
 * The PT_LOAD headers of a 64-bit little-endian ELF file, or undefined when the file is not one.
 * Elf64_Ehdr: e_phoff at 32, e_phentsize at 54, e_phnum at 56; Elf64_Phdr: p_type 0, p_flags 4,
 * p_offset 8, p_vaddr 16, p_filesz 32, p_memsz 40.
 */
export function readLoadSegments(path: string): LoadSegment[] | undefined {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(64);
    if (readSync(fd, header, 0, 64, 0) < 64) return undefined;
    if (header.readUInt32BE(0) !== 0x7f454c46 || header[4] !== 2 || header[5] !== 1) return undefined;
    const phoff = header.readBigUInt64LE(32);
    const phentsize = header.readUInt16LE(54);
    const phnum = header.readUInt16LE(56);
    const table = Buffer.alloc(phentsize * phnum);
    readSync(fd, table, 0, table.length, Number(phoff));
    const loads: LoadSegment[] = [];
    for (let i = 0; i < phnum; i++) {
      const p = i * phentsize;
      if (table.readUInt32LE(p) !== 1 /* PT_LOAD */) continue;
      loads.push({
        flags: table.readUInt32LE(p + 4),
        offset: table.readBigUInt64LE(p + 8),
        vaddr: table.readBigUInt64LE(p + 16),
        fileSize: table.readBigUInt64LE(p + 32),
        memSize: table.readBigUInt64LE(p + 40),
      });
    }
    return loads;
  } finally {
    closeSync(fd);
  }
}

/** What a run of test/fixtures/layout/threads.c (four threads parked) gives: its smaps and executable, read while it ran, and what it reported. */
export interface ThreadsCapture {
  smaps: string;
  exe: string;
  features: LiveProcess['features'];
}

/** Builds threads.c into `dir` (gcc is a test requirement: test/e2e/ensure-tools.sh), runs it, reads its smaps and /proc/PID/exe, and stops it. */
export async function captureThreadsProcess(dir: string): Promise<ThreadsCapture> {
  const bin = join(dir, 'threads');
  const cc = spawnSync('gcc', ['-O1', '-Wall', '-pthread', '-o', bin, fixturePath('layout/threads.c')], { encoding: 'utf8' });
  if (cc.status !== 0 || cc.stderr !== '') throw new Error(`gcc: ${cc.stderr}`);
  const proc = await startReporter(bin, []);
  try {
    return { smaps: readFileSync(`/proc/${proc.pid}/smaps`, 'utf8'), exe: readlinkSync(`/proc/${proc.pid}/exe`), features: proc.features };
  } finally {
    const code = await proc.stop();
    if (code !== 0) throw new Error(`threads exited with ${code}`);
  }
}
