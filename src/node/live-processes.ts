/**
 * The processes `mapscope serve` offers in its picker: those whose memory map the user running
 * it may read. proc(5): opening /proc/PID/maps checks PTRACE_MODE_READ (fs/proc/task_mmu.c
 * proc_maps_open → proc_mem_open → mm_access), so a successful open is the kernel's own answer;
 * nothing is guessed from uids. Kernel threads (no memory map, an empty command line) are left out.
 */
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';

/** A process the picker offers. */
export interface ProcessEntry {
  pid: number;
  /** The command name (comm, up to 15 bytes), as the kernel has it. */
  name: string;
  /** The command line, arguments joined by spaces (NUL-separated in /proc/PID/cmdline). */
  commandLine: string;
}

/** The longest command line sent to the picker; longer ones are cut (with …). */
const COMMAND_LINE_MAX = 1000;

/** True when this user may read /proc/PID/maps. */
export function mayReadMaps(pid: number, procRoot = '/proc'): boolean {
  try {
    closeSync(openSync(`${procRoot}/${pid}/maps`, 'r'));
    return true;
  } catch {
    return false;
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The processes whose maps this user may read, by pid. */
export function listReadableProcesses(procRoot = '/proc'): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync(procRoot)) {
    if (!/^[1-9][0-9]*$/.test(name)) continue;
    const pid = Number(name);
    const cmdline = readText(`${procRoot}/${pid}/cmdline`);
    // Kernel threads have no command line and no memory map.
    if (cmdline === undefined || cmdline === '' || !mayReadMaps(pid, procRoot)) continue;
    const comm = readText(`${procRoot}/${pid}/comm`)?.replace(/\n$/, '') ?? '';
    let commandLine = cmdline.replace(/\0+$/, '').replaceAll('\0', ' ');
    if (commandLine.length > COMMAND_LINE_MAX) commandLine = commandLine.slice(0, COMMAND_LINE_MAX) + '…';
    entries.push({ pid, name: comm, commandLine });
  }
  return entries.sort((a, b) => a.pid - b.pid);
}
