/**
 * Real core files for the tests: core-target.c built with gcc (64-bit, and 32-bit with -m32 from
 * gcc-multilib), dumped by gdb's gcore while it waits, or run under gdb until its SIGSEGV and
 * gcored there; beside each core, the process's /proc/PID/maps read at the same moment.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** Builds core-target.c into `workDir` (`-m32` for a 32-bit program); returns the binary's path. */
export function buildCoreTarget(workDir: string, bits: 32 | 64): string {
  const bin = join(workDir, `core-target-${bits}`);
  execFileSync('gcc', [...(bits === 32 ? ['-m32'] : []), '-O1', '-Wall', '-o', bin, join(import.meta.dirname, 'core-target.c')]);
  return bin;
}

/**
 * Whether this machine's kernel runs i386 programs: a real 32-bit core can be made only where one
 * runs. Some virtual machines refuse every 32-bit ELF with ENOEXEC although their kernel has
 * compat mode (seen on a Firecracker guest, Linux 6.18: `cannot execute binary file: Exec format
 * error`), and Node's spawn then hands the file to /bin/sh, so the probe is a program that says
 * so. gcc -m32 failing (no gcc-multilib) throws: that is a setup fault, not the kernel's.
 */
export function kernelRunsI386(workDir: string): boolean {
  const source = join(workDir, 'i386-probe.c');
  const bin = join(workDir, 'i386-probe');
  writeFileSync(source, 'int puts(const char *); int main(void) { return puts("i386") < 0; }\n');
  execFileSync('gcc', ['-m32', '-o', bin, source]);
  return spawnSync(bin, [], { encoding: 'utf8' }).stdout === 'i386\n';
}

/** The 8 KiB file the target maps. */
export function writeMappedFile(workDir: string): string {
  const path = join(workDir, 'mapped.bin');
  writeFileSync(path, new Uint8Array(8192).fill(0x5a));
  return path;
}

export interface LiveCore {
  core: string;
  pid: number;
  /** /proc/PID/maps just before and just after gcore (the process waits in pause() meanwhile). */
  mapsBefore: string;
  mapsAfter: string;
}

/** Starts the target, gcores it while it waits, and ends it. */
export async function gcoreLive(bin: string, mapped: string, workDir: string): Promise<LiveCore> {
  const child = spawn(bin, [mapped, 'wait'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  try {
    while (!/^\d+\nready\n/.test(out)) {
      if (child.exitCode !== null) throw new Error(`core-target exited early: ${out}`);
      await delay(5);
    }
    const pid = Number(out.split('\n')[0]);
    const mapsBefore = readFileSync(`/proc/${pid}/maps`, 'utf8');
    const prefix = join(workDir, 'live');
    execFileSync('gcore', ['-o', prefix, String(pid)], { stdio: 'ignore' });
    const mapsAfter = readFileSync(`/proc/${pid}/maps`, 'utf8');
    return { core: `${prefix}.${pid}`, pid, mapsBefore, mapsAfter };
  } finally {
    child.kill('SIGKILL');
  }
}

export interface CrashCore {
  core: string;
  /** /proc/self/maps as the process copied it just before the fault. */
  maps: string;
  /** The read-only page the process wrote into (si_addr is this + 0x18). */
  roPage: bigint;
}

/** Runs the target under gdb until its SIGSEGV and gcores it there. */
export function gcoreCrash(bin: string, mapped: string, workDir: string, name: string): CrashCore {
  const core = join(workDir, `${name}.core`);
  const mapsPath = join(workDir, `${name}.maps`);
  const run = spawnSync('gdb', ['-batch', '-nx', '-ex', 'run', '-ex', `gcore ${core}`, '--args', bin, mapped, 'crash', mapsPath], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const out = `${run.stdout}\n${run.stderr}`;
  const ro = /^ro (0x[0-9a-f]+)$/m.exec(out);
  if (!ro || run.status !== 0) throw new Error(`gdb or core-target failed (${run.status}): ${out}`);
  return { core, maps: readFileSync(mapsPath, 'utf8'), roPage: BigInt(ro[1]) };
}
