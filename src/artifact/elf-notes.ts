/**
 * The notes of an ELF core file's PT_NOTE segments, and the four mapscope reads. References:
 * elf(5) (Notes: Elf32_Nhdr/Elf64_Nhdr, name and descriptor each padded to 4 bytes in a core);
 * the kernel's fs/binfmt_elf.c: the comment above fill_files_note for NT_FILE ("long count, long
 * page_size, array of [COUNT] elements of long start, long end, long file_ofs, followed by COUNT
 * filenames in ASCII"), fill_note_info for the order (the dumping thread's NT_PRSTATUS first,
 * then NT_PRPSINFO, NT_SIGINFO, NT_AUXV, NT_FILE); include/linux/elfcore.h for elf_prstatus and
 * elf_prpsinfo; siginfo_t from include/uapi/asm-generic/siginfo.h. gdb's gcore writes the same notes
 * (gdb/linux-tdep.c, linux_make_corefile_notes).
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { BinaryView } from './binary-view.js';

export const NT_PRSTATUS = 1;
export const NT_PRPSINFO = 3;
export const NT_SIGINFO = 0x53494749; // "SIGI"
export const NT_FILE = 0x46494c45; // "FILE"

/** One note: its owner's name, type and descriptor bytes. */
export interface ElfNote {
  name: string;
  type: number;
  desc: Uint8Array;
}

/** Where a PT_NOTE segment is, for diagnostics: its program header's number (the line) and file offset. */
export interface NoteSegment {
  line: number;
  fileOffset: number;
  text: string;
}

const align4 = (n: number) => (n + 3) & ~3;

/**
 * Decodes a name's bytes (a file name is raw bytes, not necessarily UTF-8): src/input passes its
 * lossless decoder (utf8-lossless.ts), so that a name's bytes survive as they do in a maps file.
 */
export type DecodeText = (bytes: Uint8Array) => string;

/** Splits a PT_NOTE segment into notes; a note cut short or running past the segment ends it with an error. */
export function splitNotes(bytes: Uint8Array, little: boolean, where: NoteSegment, diagnostics: Diagnostic[]): ElfNote[] {
  const v = new BinaryView(bytes, little);
  const notes: ElfNote[] = [];
  let at = 0;
  while (at < bytes.byteLength) {
    const namesz = v.u32(at);
    const descsz = v.u32(at + 4);
    const type = v.u32(at + 8);
    const nameAt = at + 12;
    const descAt = nameAt + align4(namesz ?? 0);
    if (namesz === undefined || descsz === undefined || type === undefined || !v.has(descAt, descsz)) {
      const what = type === undefined ? 'its 12-byte header' : `its name (${namesz} bytes) and descriptor (${descsz} bytes)`;
      diagnostics.push({
        line: where.line,
        column: 0,
        severity: 'error',
        code: 'corrupt-note',
        message: `note ${notes.length + 1} of the PT_NOTE segment at file offset 0x${(where.fileOffset + at).toString(16)} is corrupt: ${what} run past the segment's end (${bytes.byteLength - at} bytes left); the notes after it are not read`,
        text: where.text,
      });
      break;
    }
    let nameEnd = nameAt + namesz;
    while (nameEnd > nameAt && bytes[nameEnd - 1] === 0) nameEnd--;
    notes.push({ name: String.fromCharCode(...bytes.subarray(nameAt, nameEnd)), type, desc: bytes.subarray(descAt, descAt + descsz) });
    at = align4(descAt + descsz);
  }
  return notes;
}

/** One NT_FILE entry: a file-backed range and the page of the file it starts at. */
export interface MappedFile {
  start: bigint;
  end: bigint;
  /** The file offset of `start`, in bytes (file_ofs × page_size). */
  offset: bigint;
  name: string;
}

/**
 * Reads an NT_FILE descriptor. Returns its entries, or undefined with an error diagnostic when it
 * is corrupt (its count needs more bytes than it holds, or it has fewer names than ranges): then
 * no entry is trusted, since names are matched to ranges by position.
 */
export function readFileNote(desc: Uint8Array, little: boolean, wordBytes: 4 | 8, where: NoteSegment, diagnostics: Diagnostic[], decode: DecodeText): MappedFile[] | undefined {
  const v = new BinaryView(desc, little);
  const bad = (why: string) => {
    diagnostics.push({ line: where.line, column: 0, severity: 'error', code: 'corrupt-nt-file', message: `the NT_FILE note is corrupt: ${why}; regions have no file names or offsets`, text: where.text });
    return undefined;
  };
  const count = v.word(0, wordBytes);
  const pageSize = v.word(wordBytes, wordBytes);
  if (count === undefined || pageSize === undefined) return bad(`it holds ${desc.byteLength} bytes, fewer than its count and page size`);
  const tableBytes = BigInt(wordBytes) * (2n + 3n * count);
  if (tableBytes > BigInt(desc.byteLength)) {
    return bad(`it says ${count} files, whose ranges need ${tableBytes} bytes, but it holds ${desc.byteLength}`);
  }
  const n = Number(count);
  const names: string[] = [];
  let at = Number(tableBytes);
  while (names.length < n && at < desc.byteLength) {
    let end = desc.indexOf(0, at);
    if (end < 0) end = desc.byteLength;
    names.push(decode(desc.subarray(at, end)));
    at = end + 1;
  }
  if (names.length < n) return bad(`it says ${n} files but holds ${names.length} names`);
  const files: MappedFile[] = [];
  for (let i = 0; i < n; i++) {
    const base = wordBytes * (2 + 3 * i);
    const start = v.word(base, wordBytes)!;
    const end = v.word(base + wordBytes, wordBytes)!;
    const page = v.word(base + 2 * wordBytes, wordBytes)!;
    if (end < start) return bad(`file ${i + 1} (${names[i]}) ends at 0x${end.toString(16)}, below its start 0x${start.toString(16)}`);
    files.push({ start, end, offset: page * pageSize, name: names[i] });
  }
  return files;
}

/** What the first NT_PRSTATUS (the thread that dumped or took the signal) says. */
export interface ThreadStatus {
  /** The thread's id (pr_pid): the process's pid for its main thread. */
  tid: number;
  /** pr_cursig: the signal being handled, 0 for none (gcore of a live process). */
  cursig: number;
  /** The program counter from pr_reg, on the machines whose register layout mapscope knows. */
  pc: bigint | undefined;
}

/** e_machine values (elf(5)) whose elf_prstatus register set mapscope reads the pc of. */
const EM_386 = 3;
const EM_X86_64 = 62;
const EM_AARCH64 = 183;

/**
 * Byte offset of the pc in elf_prstatus: pr_reg starts after pr_info, pr_cursig, pr_sigpend,
 * pr_sighold, four pids and four timevals (112 bytes with 8-byte longs, 72 with 4-byte);
 * x86-64's user_regs_struct has rip as its 17th register, i386's eip its 13th, arm64's
 * user_pt_regs pc after regs[31] and sp.
 */
function pcOffset(machine: number): { at: number; size: 4 | 8 } | undefined {
  switch (machine) {
    case EM_X86_64:
      return { at: 112 + 16 * 8, size: 8 };
    case EM_AARCH64:
      return { at: 112 + 32 * 8, size: 8 };
    case EM_386:
      return { at: 72 + 12 * 4, size: 4 };
  }
  return undefined;
}

/** Reads an NT_PRSTATUS descriptor (elf_prstatus); undefined when it is too short for pr_pid. */
export function readThreadStatus(desc: Uint8Array, little: boolean, wordBytes: 4 | 8, machine: number): ThreadStatus | undefined {
  const v = new BinaryView(desc, little);
  // pr_info (3 ints), pr_cursig (short, padded to a long), pr_sigpend, pr_sighold (longs), then pr_pid.
  const pidAt = 16 + 2 * wordBytes;
  const tid = v.i32(pidAt);
  const cursig = v.u16(12);
  if (tid === undefined || cursig === undefined) return undefined;
  const pc = pcOffset(machine);
  return { tid, cursig, pc: pc === undefined ? undefined : v.word(pc.at, pc.size) };
}

/** What NT_SIGINFO says: the signal, how it was raised, and the faulting address. */
export interface SignalInfo {
  signo: number;
  code: number;
  /** si_addr: the first field of the union after si_signo, si_errno and si_code (padded to 8 bytes on 64-bit). */
  addr: bigint | undefined;
}

/** Reads an NT_SIGINFO descriptor (siginfo_t); undefined when it is too short for si_code. */
export function readSignalInfo(desc: Uint8Array, little: boolean, wordBytes: 4 | 8): SignalInfo | undefined {
  const v = new BinaryView(desc, little);
  const signo = v.i32(0);
  const code = v.i32(8);
  if (signo === undefined || code === undefined) return undefined;
  return { signo, code, addr: v.word(wordBytes === 8 ? 16 : 12, wordBytes) };
}

/** What NT_PRPSINFO says: the process's pid, its command name and arguments. */
export interface ProcessInfo {
  pid: number | undefined;
  fname: string;
  psargs: string;
}

/**
 * Reads an NT_PRPSINFO descriptor (elf_prpsinfo). pr_uid and pr_gid are 4 bytes on x86-64 and
 * arm64 but 2 on i386 (__kernel_uid_t), which moves pr_pid and the names: the pid is read on the
 * machines whose layout mapscope knows; the names are found from the end (pr_fname[16] then
 * pr_psargs[80] close the structure on every one).
 */
export function readProcessInfo(desc: Uint8Array, little: boolean, machine: number, decode: DecodeText): ProcessInfo | undefined {
  if (desc.byteLength < 96) return undefined;
  const v = new BinaryView(desc, little);
  const pidAt = machine === EM_X86_64 || machine === EM_AARCH64 ? 24 : machine === EM_386 ? 12 : undefined;
  const cString = (bytes: Uint8Array) => {
    const end = bytes.indexOf(0);
    return decode(end < 0 ? bytes : bytes.subarray(0, end));
  };
  const namesAt = desc.byteLength - 96;
  return {
    pid: pidAt === undefined ? undefined : v.i32(pidAt),
    fname: cString(desc.subarray(namesAt, namesAt + 16)),
    psargs: cString(desc.subarray(namesAt + 16, namesAt + 96)).trimEnd(),
  };
}
