/**
 * ELF core files (what the kernel writes on a crash, and gdb's gcore): the memory map from the
 * program headers and notes, read at their offsets only — never the dumped memory, so a core of
 * gigabytes opens as fast as a small one. References: elf(5) (the ELF header, program headers,
 * PN_XNUM); core(5); the kernel's fs/binfmt_elf.c (elf_core_dump: one PT_LOAD per VMA with its
 * R/W/X flags; the comment above fill_files_note for NT_FILE); elf-notes.ts for the notes.
 *
 * Regions: every PT_LOAD, [p_vaddr, p_vaddr + p_memsz) with its flags and `p` (a core records no
 * share flag); a PT_LOAD inside an NT_FILE range gets its file name and offset. A core has no
 * device or inode numbers: the table marks them unknown. A region's `line` is its program
 * header's number (1-based), and the accounting (LineStats) counts each program header as a line,
 * plus one for each NT_FILE range without a PT_LOAD (a region on the PT_NOTE's line).
 */
import { toAddr } from '../address.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { diagnosticSet, DiagnosticStore } from '../model/diagnostic-store.js';
import { PERM_EXEC, PERM_READ, PERM_WRITE, formatPermissions } from '../model/permissions.js';
import { RegionTableBuilder } from '../model/region-table.js';
import { markThreadStacks } from '../model/thread-stacks.js';
import { checkRegionOrder, classifyRegions } from '../parse/region-checks.js';
import { addRegionRow, type RowValues } from '../parse/row-writer.js';
import type { ArtifactAddress, ArtifactInfo } from './artifact.js';
import { ArtifactError, type ArtifactParse } from './artifact-parse.js';
import { BinaryView, offsetWithin } from './binary-view.js';
import type { ByteSource } from './byte-source.js';
import {
  NT_FILE,
  NT_PRPSINFO,
  NT_PRSTATUS,
  NT_SIGINFO,
  readFileNote,
  readProcessInfo,
  readSignalInfo,
  readThreadStatus,
  splitNotes,
  type DecodeText,
  type MappedFile,
  type NoteSegment,
  type ProcessInfo,
  type SignalInfo,
  type ThreadStatus,
} from './elf-notes.js';
import { hasFaultAddress, signalName } from './signals.js';

const ET_CORE = 4;
const PT_LOAD = 1;
const PT_NOTE = 4;
const PF_X = 1;
const PF_W = 2;
const PF_R = 4;
/** elf(5): e_phnum of PN_XNUM means the count is in sh_info of section header 0. */
const PN_XNUM = 0xffff;
/** The most program headers read: 16 times Linux's default vm.max_map_count (65,530 mappings). */
export const MAX_PROGRAM_HEADERS = 1 << 20;
/** The most bytes of notes read from one PT_NOTE segment: NT_FILE of 65,530 mappings with long names is a few MB. */
export const MAX_NOTE_BYTES = 64 * 1024 * 1024;

/** What `file(1)` would call an ELF file that is not a core, by e_type (elf(5)). */
const ELF_TYPES: Record<number, string> = {
  0: 'an ELF file of no type (ET_NONE)',
  1: 'an ELF object file (ET_REL)',
  2: 'an ELF executable (ET_EXEC)',
  3: 'an ELF shared library or position-independent executable (ET_DYN)',
};

/** Whether the bytes start with the ELF magic (elf(5): e_ident[EI_MAG0..3] = 0x7f 'E' 'L' 'F'). */
export function isElf(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
}

/** The ELF header fields a core reader needs. */
interface ElfHeader {
  is64: boolean;
  little: boolean;
  wordBytes: 4 | 8;
  machine: number;
  phoff: bigint;
  phentsize: number;
  phnum: number;
}

const cutShort = (what: string, size: number) => new ArtifactError('unreadable', `This ELF core file is cut short: ${what}, and the file has ${size} bytes.`);

async function readHeader(source: ByteSource): Promise<ElfHeader> {
  const ident = await source.read(0, 64);
  if (!isElf(ident)) throw new ArtifactError('unreadable', 'This file does not start with the ELF magic number.');
  if (ident.length < 6) throw cutShort('its ELF identification needs 16 bytes', source.sizeBytes);
  const elfClass = ident[4];
  const data = ident[5];
  if (elfClass !== 1 && elfClass !== 2) throw new ArtifactError('unreadable', `This ELF file has an unknown class ${elfClass} (EI_CLASS: 1 is 32-bit, 2 is 64-bit).`);
  if (data !== 1 && data !== 2) throw new ArtifactError('unreadable', `This ELF file has an unknown byte order ${data} (EI_DATA: 1 is little-endian, 2 is big-endian).`);
  const is64 = elfClass === 2;
  const v = new BinaryView(ident, data === 1);
  const headerBytes = is64 ? 64 : 52;
  const type = v.u16(16);
  if (type !== undefined && type !== ET_CORE) {
    throw new ArtifactError('not-core', `This file is ${ELF_TYPES[type] ?? `an ELF file of type ${type}`}, not a core dump or the text of a memory map.`);
  }
  if (ident.length < headerBytes) throw cutShort(`its ELF header needs ${headerBytes} bytes`, source.sizeBytes);
  const header: ElfHeader = {
    is64,
    little: data === 1,
    wordBytes: is64 ? 8 : 4,
    machine: v.u16(18)!,
    phoff: is64 ? v.u64(32)! : BigInt(v.u32(28)!),
    phentsize: v.u16(is64 ? 54 : 42)!,
    phnum: v.u16(is64 ? 56 : 44)!,
  };
  if (header.phnum === PN_XNUM) header.phnum = await extendedPhnum(source, v, is64);
  return header;
}

/** elf(5): with PN_XNUM the program header count is sh_info of section header 0, at e_shoff. */
async function extendedPhnum(source: ByteSource, v: BinaryView, is64: boolean): Promise<number> {
  const shoff = offsetWithin(is64 ? v.u64(40)! : BigInt(v.u32(32)!), source.sizeBytes);
  const infoAt = is64 ? 44 : 28;
  const section = shoff === undefined ? new Uint8Array(0) : await source.read(shoff, infoAt + 4);
  const info = new BinaryView(section, v.littleEndian).u32(infoAt);
  if (info === undefined) throw cutShort('e_phnum is PN_XNUM, so the program header count is in section header 0, which lies past the end', source.sizeBytes);
  return info;
}

/** One program header. */
interface ProgramHeader {
  /** 1-based: the region's and the diagnostics' `line`. */
  line: number;
  type: number;
  flags: number;
  offset: bigint;
  vaddr: bigint;
  filesz: bigint;
  memsz: bigint;
}

function readProgramHeader(v: BinaryView, at: number, is64: boolean, line: number): ProgramHeader {
  return is64
    ? { line, type: v.u32(at)!, flags: v.u32(at + 4)!, offset: v.u64(at + 8)!, vaddr: v.u64(at + 16)!, filesz: v.u64(at + 32)!, memsz: v.u64(at + 40)! }
    : { line, type: v.u32(at)!, offset: BigInt(v.u32(at + 4)!), vaddr: BigInt(v.u32(at + 8)!), filesz: BigInt(v.u32(at + 16)!), memsz: BigInt(v.u32(at + 20)!), flags: v.u32(at + 24)! };
}

function permsOf(flags: number): number {
  return (flags & PF_R ? PERM_READ : 0) | (flags & PF_W ? PERM_WRITE : 0) | (flags & PF_X ? PERM_EXEC : 0);
}

const hex = (n: bigint | number) => '0x' + n.toString(16);

/** A program header as a diagnostic's `text`: `PT_LOAD 0x400000-0x401000 r-xp`. */
function describe(ph: ProgramHeader): string {
  if (ph.type === PT_LOAD) return `PT_LOAD ${hex(ph.vaddr)}-${hex(ph.vaddr + ph.memsz)} ${formatPermissions(permsOf(ph.flags))}`;
  if (ph.type === PT_NOTE) return `PT_NOTE at file offset ${hex(ph.offset)}, ${ph.filesz} bytes`;
  return `program header of type ${hex(ph.type)}`;
}

/** Reads the program headers; those past the end of a cut-short file are missing, with an error. */
async function readProgramHeaders(source: ByteSource, h: ElfHeader, diagnostics: Diagnostic[]): Promise<ProgramHeader[]> {
  const minEntry = h.is64 ? 56 : 32;
  if (h.phnum === 0) return [];
  if (h.phentsize < minEntry) throw new ArtifactError('unreadable', `This ELF core file is corrupt: its program headers are ${h.phentsize} bytes each, less than the ${minEntry} an ELF${h.is64 ? '64' : '32'} program header has.`);
  const phoff = offsetWithin(h.phoff, source.sizeBytes);
  // A corrupt PN_XNUM count must not make the reader read the file whole: at most MAX_PROGRAM_HEADERS.
  const wanted = Math.min(h.phnum, MAX_PROGRAM_HEADERS) * h.phentsize;
  const bytes = phoff === undefined ? new Uint8Array(0) : await source.read(phoff, wanted);
  const present = Math.floor(bytes.byteLength / h.phentsize);
  if (present === 0) throw cutShort(`its ${h.phnum} program headers start at file offset ${hex(h.phoff)}`, source.sizeBytes);
  if (present < h.phnum) {
    diagnostics.push({
      line: present + 1,
      column: 0,
      severity: 'error',
      code: 'core-cut-short',
      message:
        present === MAX_PROGRAM_HEADERS
          ? `the core claims ${h.phnum} program headers, more than the ${MAX_PROGRAM_HEADERS} mapscope reads (the kernel writes one per mapping, at most vm.max_map_count): the others are not read`
          : `the core is cut short: it has ${h.phnum} program headers but only ${present} lie inside its ${source.sizeBytes} bytes; the regions of the others are missing`,
      text: '',
    });
  }
  const v = new BinaryView(bytes, h.little);
  const headers: ProgramHeader[] = [];
  for (let i = 0; i < present; i++) headers.push(readProgramHeader(v, i * h.phentsize, h.is64, i + 1));
  return headers;
}

/** What the notes say, each part undefined when the core has no (readable) such note. */
interface CoreNotes {
  files: MappedFile[] | undefined;
  /** The program header number of the PT_NOTE holding NT_FILE: the line of the regions only NT_FILE names. */
  fileLine: number;
  status: ThreadStatus | undefined;
  signal: SignalInfo | undefined;
  process: ProcessInfo | undefined;
  /** Threads (NT_PRSTATUS notes). */
  threads: number;
}

async function readNotes(source: ByteSource, h: ElfHeader, segments: ProgramHeader[], diagnostics: Diagnostic[], decode: DecodeText): Promise<CoreNotes> {
  const out: CoreNotes = { files: undefined, fileLine: 0, status: undefined, signal: undefined, process: undefined, threads: 0 };
  for (const ph of segments) {
    const where: NoteSegment = { line: ph.line, fileOffset: Number(ph.offset), text: describe(ph) };
    const offset = offsetWithin(ph.offset, source.sizeBytes);
    const missing = (why: string) =>
      diagnostics.push({ line: ph.line, column: 0, severity: 'error', code: 'notes-missing', message: `the notes are missing: ${why}; regions have no file names, and no signal or pid is known`, text: where.text });
    if (ph.filesz > BigInt(MAX_NOTE_BYTES)) {
      missing(`the PT_NOTE segment claims ${ph.filesz} bytes, more than the ${MAX_NOTE_BYTES} mapscope reads`);
      continue;
    }
    const bytes = offset === undefined ? new Uint8Array(0) : await source.read(offset, Number(ph.filesz));
    if (bytes.byteLength < Number(ph.filesz)) {
      if (bytes.byteLength === 0) {
        missing(`the PT_NOTE segment at file offset ${hex(ph.offset)} lies past the end of the file (${source.sizeBytes} bytes)`);
        continue;
      }
      diagnostics.push({
        line: ph.line,
        column: 0,
        severity: 'error',
        code: 'core-cut-short',
        message: `the core is cut short inside its notes: ${bytes.byteLength} of the PT_NOTE segment's ${ph.filesz} bytes are present`,
        text: where.text,
      });
    }
    for (const note of splitNotes(bytes, h.little, where, diagnostics)) {
      if (note.name !== 'CORE') continue;
      switch (note.type) {
        case NT_PRSTATUS:
          out.threads++;
          // fill_note_info: the first NT_PRSTATUS is the thread that dumped (took the signal).
          out.status ??= readThreadStatus(note.desc, h.little, h.wordBytes, h.machine);
          break;
        case NT_SIGINFO:
          out.signal ??= readSignalInfo(note.desc, h.little, h.wordBytes);
          break;
        case NT_PRPSINFO:
          out.process ??= readProcessInfo(note.desc, h.little, h.machine, decode);
          break;
        case NT_FILE:
          if (out.files === undefined) {
            out.files = readFileNote(note.desc, h.little, h.wordBytes, where, diagnostics, decode) ?? [];
            out.fileLine = ph.line;
          }
          break;
      }
    }
  }
  return out;
}

/** The NT_FILE entry whose range holds [begin, end), by binary search over entries sorted by start. */
function findFile(files: MappedFile[], begin: bigint, end: bigint): MappedFile | undefined {
  let lo = 0;
  let hi = files.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (files[mid].start <= begin) lo = mid + 1;
    else hi = mid;
  }
  const f = files[lo - 1];
  return f !== undefined && begin >= f.start && end <= f.end ? f : undefined;
}

/**
 * A region row with the device and inode a core does not record (the table marks them unknown).
 * Fields are spelled out: an object spread costs microseconds per row in V8 (a third of opening a
 * 1,000-region core, profiled).
 */
function coreRow(line: number, begin: bigint, end: bigint, perms: number, offset: bigint, pathname: string | null): RowValues {
  return { line, begin, end, perms, offset, pathname, devMajor: 0, devMinor: 0, inode: 0n };
}

/**
 * The parts of NT_FILE ranges that no PT_LOAD covers, as regions with unknown permissions (`---p`)
 * and a warning each: gdb's gcore writes no PT_LOAD for file-backed memory it does not dump (code
 * and read-only data of unmodified mappings, gdb/gcore.c gcore_create_callback), while the kernel
 * writes one for every mapping. Without them a pc in a library's code would fall in a gap.
 */
function unloadedFiles(files: MappedFile[], loads: RowValues[], line: number, diagnostics: Diagnostic[]): RowValues[] {
  const sorted = loads.slice().sort((a, b) => (a.begin < b.begin ? -1 : a.begin > b.begin ? 1 : 0));
  const out: RowValues[] = [];
  let from = 0;
  for (const f of files) {
    while (from < sorted.length && sorted[from].end <= f.start) from++;
    let at = f.start;
    const gap = (end: bigint) => {
      if (end <= at) return;
      out.push(coreRow(line, at, end, 0, f.offset + (at - f.start), f.name));
      diagnostics.push({
        line,
        column: 0,
        severity: 'warning',
        code: 'file-without-segment',
        message: `NT_FILE maps ${f.name} at ${hex(at)}-${hex(end)}, but no PT_LOAD covers it (gcore leaves out file-backed memory it did not dump): shown with unknown permissions as ---p`,
        text: f.name,
      });
    };
    for (let i = from; i < sorted.length && sorted[i].begin < f.end; i++) {
      gap(sorted[i].begin < f.end ? sorted[i].begin : f.end);
      if (sorted[i].end > at) at = sorted[i].end;
    }
    gap(f.end);
  }
  return out;
}

/** Reads an ELF core file's memory map, signal, fault address, pc and pid. Throws ArtifactError when nothing can be read, or when it is an ELF file but not a core. */
export async function readElfCore(source: ByteSource, decode: DecodeText): Promise<ArtifactParse> {
  const header = await readHeader(source);
  const diagnostics: Diagnostic[] = [];
  const headers = await readProgramHeaders(source, header, diagnostics);
  const notes = await readNotes(source, header, headers.filter((ph) => ph.type === PT_NOTE), diagnostics, decode);
  const files = (notes.files ?? []).slice().sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  if (notes.files === undefined && !diagnostics.some((d) => d.code === 'notes-missing' || d.code === 'corrupt-note')) {
    diagnostics.push({ line: 0, column: 0, severity: 'warning', code: 'no-nt-file', message: 'the core has no NT_FILE note (Linux writes one since 3.7): regions have no file names', text: '' });
  }

  const limit = header.is64 ? 1n << 64n : 1n << 32n;
  const rows: RowValues[] = [];
  let rejected = 0;
  let pastEnd = 0;
  for (const ph of headers) {
    if (ph.type !== PT_LOAD) continue;
    const end = ph.vaddr + ph.memsz;
    if (end > limit) {
      rejected++;
      diagnostics.push({ line: ph.line, column: 0, severity: 'error', code: 'bad-segment', message: `PT_LOAD at ${hex(ph.vaddr)} of ${hex(ph.memsz)} bytes ends past the top of the address space`, text: describe(ph) });
      continue;
    }
    if (ph.offset + ph.filesz > BigInt(source.sizeBytes)) pastEnd++;
    const file = findFile(files, ph.vaddr, end);
    const offset = file === undefined ? 0n : file.offset + (ph.vaddr - file.start);
    rows.push(coreRow(ph.line, ph.vaddr, end, permsOf(ph.flags), offset, file?.name ?? null));
  }
  const loads = rows.length;
  if (pastEnd > 0) {
    diagnostics.push({
      line: 0,
      column: 0,
      severity: 'warning',
      code: 'core-cut-short',
      message: `the core is cut short: the dumped memory of ${pastEnd} of its ${loads} PT_LOAD segments lies past its end (${source.sizeBytes} bytes); the map is complete, the memory is not`,
      text: '',
    });
  }
  const unloaded = unloadedFiles(files, rows, notes.fileLine, diagnostics);
  rows.push(...unloaded);
  rows.sort((a, b) => (a.begin < b.begin ? -1 : a.begin > b.begin ? 1 : 0));
  const builder = new RegionTableBuilder(rows.length);
  for (const row of rows) addRegionRow(builder, row);

  const table = builder.finish({ perms: true, offset: true, device: false, inode: false });
  classifyRegions(table);
  markThreadStacks(table); // kinds that need a region's neighbours, as every parse marks them
  const store = new DiagnosticStore();
  const byLine = new Map(headers.map((ph) => [ph.line, describe(ph)]));
  checkRegionOrder(table, store, (line) => byLine.get(line) ?? '');
  const all = diagnosticSet([...diagnostics, ...store.result().diagnostics]);
  return {
    regions: table,
    ...all,
    stats: { lines: headers.length + unloaded.length, regions: rows.length, blank: 0, recognized: headers.length - loads - rejected, rejected },
    artifact: coreInfo(notes),
  };
}

/** The ArtifactInfo of a core: signal, fault address (si_addr of a fault), pc, pid, command. */
function coreInfo(notes: CoreNotes): ArtifactInfo {
  const signo = notes.signal?.signo || notes.status?.cursig || 0;
  const signal = signo > 0 ? signalName(signo) : null;
  const pid = notes.process?.pid ?? notes.status?.tid ?? null;
  const addresses: ArtifactAddress[] = [];
  const si = notes.signal;
  if (si?.addr !== undefined && hasFaultAddress(si.signo, si.code)) addresses.push({ address: toAddr(si.addr), label: 'fault address', line: 0 });
  if (notes.status?.pc !== undefined) addresses.push({ address: toAddr(notes.status.pc), label: 'pc', line: 0 });
  const context: ArtifactInfo['context'] = [];
  if (notes.process?.fname) context.push({ key: 'Command', value: notes.process.fname });
  if (notes.process?.psargs) context.push({ key: 'Arguments', value: notes.process.psargs });
  if (notes.threads > 0) context.push({ key: 'Threads', value: String(notes.threads) });
  if (si !== undefined) context.push({ key: 'si_code', value: String(si.code) });
  const title = ['ELF core file', ...(pid !== null ? [`pid ${pid}`] : []), ...(signal !== null ? [signal] : [])].join(' · ');
  return { format: 'core', title, pid, signal, addresses, context, choices: [{ label: 'program headers and NT_FILE note', firstLine: 0 }], chosen: 0 };
}
