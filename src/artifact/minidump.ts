/**
 * Breakpad and Crashpad minidumps: the memory map of a Linux crash, read from the stream directory
 * and the few streams needed, at their offsets (never the whole file). References: Breakpad's
 * src/google_breakpad/common/minidump_format.h (MDRawHeader, MDRawDirectory, MDRawThreadList,
 * MDRawExceptionStream, MDRawSystemInfo, MDRawMiscInfo, the MD_LINUX_* stream types) and
 * minidump_cpu_amd64.h / minidump_cpu_x86.h / minidump_cpu_arm64.h (where the pc is in a thread's
 * context); the rust-minidump documentation (docs.rs/minidump: "MINIDUMP_STREAM_TYPE",
 * "MinidumpLinuxMaps", and its note that some writers pad a thread list by 4 bytes).
 *
 * MD_LINUX_MAPS (0x47670009) is the raw text of the crashed process's /proc/self/maps: src/input
 * parses it with the maps parser, so its regions and diagnostics are those of a maps file (lines
 * numbered within the stream). The exception stream gives the signal (exception_code on Linux)
 * and the fault address (exception_address, si_addr, when exception_flags, si_code, says the kernel
 * raised a fault); its thread's context the pc; the thread
 * list each thread's stack, reported as the address `thread TID stack` at the start of the stack
 * memory the dump captured (the stack pointer's page: a lookup names the thread's stack region).
 */
import { toAddr } from '../address.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { ArtifactAddress, ArtifactInfo } from './artifact.js';
import { ArtifactError } from './artifact-parse.js';
import { BinaryView } from './binary-view.js';
import type { ByteSource } from './byte-source.js';
import type { DecodeText } from './elf-notes.js';
import { isFaultSignal, signalName } from './signals.js';

/** minidump_format.h: MD_HEADER_SIGNATURE 'MDMP', read little-endian; big-endian writers give 'PMDM'. */
const SIGNATURE = 0x504d444d;
const HEADER_BYTES = 32;
const DIRECTORY_ENTRY_BYTES = 12;
/** The most stream directory entries read (Breakpad writes about 15, Crashpad about 20). */
const MAX_DIRECTORY_ENTRIES = 4096;
/** The most bytes of a thread context read: the pc lies in its first 0x110 (amd64 context: 1,232 bytes). */
const MAX_CONTEXT_BYTES = 4096;

/** Stream types (minidump_format.h MDStreamType and the Breakpad MD_LINUX_* extensions). */
const THREAD_LIST = 3;
const EXCEPTION = 6;
const SYSTEM_INFO = 7;
const MISC_INFO = 15;
const LINUX_PROC_STATUS = 0x47670004;
const LINUX_CMD_LINE = 0x47670006;
export const LINUX_MAPS = 0x47670009;
const CRASHPAD_INFO = 0x43500001;

/** The most bytes read of one stream: the maps text of the largest process, with room. */
const MAX_STREAM_BYTES = 256 * 1024 * 1024;

/** Whether the bytes start with a minidump's signature, in either byte order. */
export function isMinidump(head: Uint8Array): boolean {
  return head.length >= 4 && ((head[0] === 0x4d && head[1] === 0x44 && head[2] === 0x4d && head[3] === 0x50) || (head[0] === 0x50 && head[1] === 0x4d && head[2] === 0x44 && head[3] === 0x4d));
}

/** What readMinidump found: the maps text (null when the dump has none), the notes on what is missing, and the ArtifactInfo. */
export interface MinidumpRead {
  mapsBytes: Uint8Array | null;
  diagnostics: Diagnostic[];
  artifact: ArtifactInfo;
}

interface StreamEntry {
  type: number;
  size: number;
  rva: number;
}

const STREAM_NAMES: Record<number, string> = {
  [THREAD_LIST]: 'thread list',
  [EXCEPTION]: 'exception',
  [SYSTEM_INFO]: 'system info',
  [MISC_INFO]: 'misc info',
  [LINUX_PROC_STATUS]: 'MD_LINUX_PROC_STATUS',
  [LINUX_CMD_LINE]: 'MD_LINUX_CMD_LINE',
  [LINUX_MAPS]: 'MD_LINUX_MAPS',
};

const hex = (n: number | bigint) => '0x' + n.toString(16);

/** The reader's state: the source, byte order and the diagnostics so far. */
class Reader {
  readonly diagnostics: Diagnostic[] = [];
  /** Whether the stream directory has fewer entries than the header says (a stream may be missing for that reason). */
  directoryCut = false;
  constructor(
    readonly source: ByteSource,
    readonly little: boolean,
  ) {}

  problem(severity: Diagnostic['severity'], code: string, message: string): void {
    this.diagnostics.push({ line: 0, column: 0, severity, code, message, text: '' });
  }

  /** A stream's bytes; fewer (with an error naming the stream) when the file ends inside it. */
  async stream(entry: StreamEntry): Promise<BinaryView> {
    const name = STREAM_NAMES[entry.type] ?? `stream ${hex(entry.type)}`;
    const size = Math.min(entry.size, MAX_STREAM_BYTES);
    if (size < entry.size) this.problem('error', 'stream-too-large', `the ${name} stream claims ${entry.size} bytes, more than the ${MAX_STREAM_BYTES} mapscope reads: only its first ${size} were read`);
    const bytes = await this.source.read(entry.rva, size);
    if (bytes.byteLength < size) {
      this.problem(
        'error',
        'minidump-cut-short',
        `the minidump is cut short: the ${name} stream (${entry.size} bytes at offset ${entry.rva}) ${bytes.byteLength === 0 ? 'lies past' : `is cut after ${bytes.byteLength} bytes by`} the end of the file (${this.source.sizeBytes} bytes)`,
      );
    }
    return new BinaryView(bytes, this.little);
  }
}

/** Reads the header and stream directory; throws ArtifactError when even those are missing. */
async function readDirectory(source: ByteSource): Promise<{ reader: Reader; entries: StreamEntry[] }> {
  const head = await source.read(0, HEADER_BYTES);
  if (head.byteLength < HEADER_BYTES) {
    throw new ArtifactError('unreadable', `This minidump is cut short: its header needs ${HEADER_BYTES} bytes, and the file has ${source.sizeBytes}.`);
  }
  const little = new DataView(head.buffer, head.byteOffset).getUint32(0, true) === SIGNATURE;
  const reader = new Reader(source, little);
  const h = new BinaryView(head, little);
  const count = h.u32(8)!;
  const rva = h.u32(12)!;
  const version = h.u32(4)! & 0xffff;
  if (version !== 0xa793) reader.problem('warning', 'minidump-version', `the minidump's header has version ${hex(version)}, not MD_HEADER_VERSION 0xa793: it was read as one all the same`);
  // A corrupt count must not make the reader read the file whole: real dumps hold a few dozen streams.
  const wanted = Math.min(count, MAX_DIRECTORY_ENTRIES) * DIRECTORY_ENTRY_BYTES;
  const bytes = await source.read(rva, Math.min(wanted, Math.max(0, source.sizeBytes - rva)));
  const present = Math.floor(bytes.byteLength / DIRECTORY_ENTRY_BYTES);
  if (present === 0 && count > 0) {
    throw new ArtifactError('unreadable', `This minidump is cut short or corrupt: its stream directory (${count} entries at offset ${rva}) lies past the end of the file (${source.sizeBytes} bytes), so none of its streams can be found.`);
  }
  if (present < count) {
    reader.directoryCut = true;
    reader.problem(
      'error',
      'minidump-cut-short',
      present === MAX_DIRECTORY_ENTRIES
        ? `the minidump's stream directory is corrupt: it claims ${count} entries at offset ${rva}, more than the ${MAX_DIRECTORY_ENTRIES} mapscope reads; the others are not read`
        : `the minidump's stream directory is cut short or corrupt: it claims ${count} entries at offset ${rva}, but the file (${source.sizeBytes} bytes) holds ${present}; the streams of the others are missing`,
    );
  }
  const v = new BinaryView(bytes, little);
  const entries: StreamEntry[] = [];
  for (let i = 0; i < present; i++) entries.push({ type: v.u32(i * 12)!, size: v.u32(i * 12 + 4)!, rva: v.u32(i * 12 + 8)! });
  return { reader, entries };
}

/** MDRawSystemInfo.processor_architecture values whose thread context mapscope reads the pc of. */
const CPU_X86 = 0;
const CPU_AMD64 = 9;
const CPU_ARM64 = 12;
const CPU_ARM64_OLD = 0x8003;

/** Where the pc is in a thread context: MDRawContextAMD64.rip, MDRawContextX86.eip, MDRawContextARM64.iregs[32]. */
function pcOf(context: BinaryView, cpu: number): bigint | undefined {
  switch (cpu) {
    case CPU_AMD64:
      return context.u64(0xf8);
    case CPU_X86: {
      const eip = context.u32(0xb8);
      return eip === undefined ? undefined : BigInt(eip);
    }
    case CPU_ARM64:
    case CPU_ARM64_OLD:
      return context.u64(8 + 32 * 8);
  }
  return undefined;
}

/** The text of a stream holding text (proc status, command line), NULs as spaces. */
function textOf(v: BinaryView, decode: DecodeText): string {
  return decode(v.bytes).replace(/\0+$/, '').replace(/\0/g, ' ');
}

/** Reads a minidump's memory map, signal, fault address, pc, threads' stacks and pid. Throws ArtifactError when its header or stream directory is missing. */
export async function readMinidump(source: ByteSource, decode: DecodeText): Promise<MinidumpRead> {
  const { reader, entries } = await readDirectory(source);
  const find = (type: number) => entries.find((e) => e.type === type);
  const addresses: ArtifactAddress[] = [];
  const context: ArtifactInfo['context'] = [];
  let signal: string | null = null;
  let pid: number | null = null;

  const system = find(SYSTEM_INFO);
  const cpu = system === undefined ? undefined : (await reader.stream(system)).u16(0);

  const exception = find(EXCEPTION);
  if (exception !== undefined) {
    const v = await reader.stream(exception);
    const tid = v.u32(0);
    const code = v.u32(8);
    // Breakpad and Crashpad on Linux: exception_flags is si_code, exception_address si_addr.
    const siCode = v.i32(12);
    const address = v.u64(24);
    // minidump_exception.h: on Linux exception_code is the signal number; 0xffffffff is a dump taken on request, not a crash.
    if (code !== undefined) {
      signal = code === 0xffffffff ? null : signalName(code);
      if (code === 0xffffffff) context.push({ key: 'Exception', value: 'dump requested (MD_EXCEPTION_CODE_LIN_DUMP_REQUESTED), no crash' });
    }
    // si_addr is a fault address only for a fault signal the kernel raised: a signal sent by
    // tgkill or sigqueue (si_code < 0) holds the sender there. Older Breakpad wrote 0 for every
    // si_code (the fixture's SIGSEGV), so 0 counts as a fault here (kill's SI_USER is 0 too).
    if (address !== undefined && code !== undefined && siCode !== undefined && isFaultSignal(code) && siCode >= 0) addresses.push({ address: toAddr(address), label: 'fault address', line: 0 });
    if (tid !== undefined) context.push({ key: 'Crashing thread', value: String(tid) });
    const contextSize = v.u32(160);
    const contextRva = v.u32(164);
    if (contextSize !== undefined && contextRva !== undefined && contextSize > 0) {
      const pc = cpu === undefined ? undefined : pcOf(new BinaryView(await source.read(contextRva, Math.min(contextSize, MAX_CONTEXT_BYTES)), reader.little), cpu);
      if (pc !== undefined) addresses.push({ address: toAddr(pc), label: 'pc', line: 0 });
      else reader.problem('warning', 'no-pc', cpu === undefined ? 'the pc is not known: the minidump has no system info stream to say which CPU its thread context is for' : `the pc is not known: the crashing thread's context (CPU architecture ${cpu}) is cut short or of a CPU mapscope does not read`);
    }
  } else {
    reader.problem('warning', 'no-exception', 'the minidump has no exception stream: no signal or fault address is known');
  }

  const threads = find(THREAD_LIST);
  if (threads !== undefined) {
    const v = await reader.stream(threads);
    const n = v.u32(0) ?? 0;
    // rust-minidump: some writers put 4 bytes of padding after the count.
    const first = v.length === 8 + n * 48 ? 8 : 4;
    for (let i = 0; i < n && v.has(first + i * 48, 48); i++) {
      const at = first + i * 48;
      const stackStart = v.u64(at + 24)!;
      if (v.u32(at + 32)! > 0) addresses.push({ address: toAddr(stackStart), label: `thread ${v.u32(at)} stack`, line: 0 });
    }
    context.push({ key: 'Threads', value: String(n) });
  }

  const misc = find(MISC_INFO);
  if (misc !== undefined) {
    const v = await reader.stream(misc);
    // MDRawMiscInfo: flags1 & MD_MISCINFO_FLAGS1_PROCESS_ID says process_id is valid.
    if (((v.u32(4) ?? 0) & 1) !== 0) pid = v.u32(8) ?? null;
  }
  const status = find(LINUX_PROC_STATUS);
  if (status !== undefined && pid === null) {
    const m = /^Pid:\s*(\d+)/m.exec(textOf(await reader.stream(status), decode));
    if (m) pid = Number(m[1]);
  }
  const cmdline = find(LINUX_CMD_LINE);
  if (cmdline !== undefined) {
    const text = textOf(await reader.stream(cmdline), decode);
    if (text !== '') context.push({ key: 'Command line', value: text });
  }

  const maps = find(LINUX_MAPS);
  let mapsBytes: Uint8Array | null = null;
  if (maps !== undefined) mapsBytes = (await reader.stream(maps)).bytes;
  else if (reader.directoryCut) reader.problem('error', 'no-linux-maps', `the MD_LINUX_MAPS stream (${hex(LINUX_MAPS)}) is not among the directory entries the file holds: no memory map can be read`);
  else reader.problem('error', 'no-linux-maps', `the minidump has no MD_LINUX_MAPS stream (${hex(LINUX_MAPS)}), so it holds no memory map: only Breakpad and Crashpad on Linux and Android write one`);

  const producer = find(CRASHPAD_INFO) !== undefined ? 'Crashpad minidump' : 'Breakpad minidump';
  const title = [producer, ...(pid !== null ? [`pid ${pid}`] : []), ...(signal !== null ? [signal] : [])].join(' · ');
  const artifact: ArtifactInfo = {
    format: 'minidump',
    title,
    pid,
    signal,
    addresses,
    context,
    choices: [{ label: `MD_LINUX_MAPS stream${maps === undefined ? ' (missing)' : ` (${maps.size} bytes)`}`, firstLine: 0 }],
    chosen: 0,
  };
  return { mapsBytes, diagnostics: reader.diagnostics, artifact };
}
