/**
 * Writes ELF core files from a description, for the cases no local gcore produces: big-endian,
 * hand-made corruption, a sparse 2 GiB core. Written from elf(5), core(5) and the kernel's
 * fs/binfmt_elf.c (fill_files_note's NT_FILE layout; elf_prstatus as include/linux/elfcore.h lays
 * it out), independently of src/artifact.
 */

export interface CoreLoad {
  vaddr: bigint;
  memsz: bigint;
  /** PF_R 4 | PF_W 2 | PF_X 1. */
  flags: number;
  /** File offset and size of the dumped bytes; 0 and 0 when not given. */
  offset?: bigint;
  filesz?: bigint;
}

export interface CoreFile {
  start: bigint;
  end: bigint;
  /** file_ofs in pages. */
  pageOffset: bigint;
  /** A string (written as UTF-8) or the name's raw bytes. */
  name: string | Uint8Array;
}

export interface CoreSpec {
  is64: boolean;
  little: boolean;
  /** e_machine: 62 x86-64 (default for 64-bit), 3 i386 (default for 32-bit). */
  machine?: number;
  loads: CoreLoad[];
  files?: CoreFile[];
  pageSize?: bigint;
  /** NT_PRSTATUS of the first thread. */
  status?: { tid: number; cursig: number; pc: bigint };
  /** NT_SIGINFO. */
  siginfo?: { signo: number; code: number; addr: bigint };
  /** Write this count into NT_FILE instead of the real one (a corrupt note). */
  fileCountOverride?: bigint;
  /** Write this descsz into the first note's header instead of the real one (a corrupt note). */
  firstNoteDescszOverride?: number;
}

class Writer {
  bytes: Uint8Array;
  view: DataView;
  constructor(
    size: number,
    readonly little: boolean,
  ) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  u16(at: number, v: number) {
    this.view.setUint16(at, v, this.little);
  }
  u32(at: number, v: number) {
    this.view.setUint32(at, v, this.little);
  }
  word(at: number, v: bigint, size: number) {
    if (size === 8) this.view.setBigUint64(at, v, this.little);
    else this.view.setUint32(at, Number(v), this.little);
  }
}

const align4 = (n: number) => (n + 3) & ~3;

/** One note's bytes: header, "CORE\0" padded, descriptor padded. */
function note(type: number, desc: Uint8Array, little: boolean, descszOverride?: number): Uint8Array {
  const name = new TextEncoder().encode('CORE\0');
  const w = new Writer(12 + align4(name.length) + align4(desc.length), little);
  w.u32(0, name.length);
  w.u32(4, descszOverride ?? desc.length);
  w.u32(8, type);
  w.bytes.set(name, 12);
  w.bytes.set(desc, 12 + align4(name.length));
  return w.bytes;
}

function prstatus(spec: CoreSpec, machine: number): Uint8Array {
  const s = spec.status!;
  const word = spec.is64 ? 8 : 4;
  // elf_prstatus: 112 bytes before pr_reg with 8-byte longs (72 with 4-byte); pc is x86-64's 17th
  // register (rip), i386's 13th (eip), arm64's 33rd.
  const regs = spec.is64 ? 112 : 72;
  const pcIndex = machine === 183 ? 32 : spec.is64 ? 16 : 12;
  const w = new Writer(spec.is64 ? 336 : 144, spec.little);
  w.view.setInt16(12, s.cursig, spec.little);
  w.u32(16 + 2 * word, s.tid);
  w.word(regs + pcIndex * word, s.pc, word);
  return w.bytes;
}

function siginfo(spec: CoreSpec): Uint8Array {
  const s = spec.siginfo!;
  const w = new Writer(128, spec.little);
  w.u32(0, s.signo);
  w.u32(8, s.code);
  w.word(spec.is64 ? 16 : 12, s.addr, spec.is64 ? 8 : 4);
  return w.bytes;
}

function fileNote(spec: CoreSpec): Uint8Array {
  const files = spec.files!;
  const word = spec.is64 ? 8 : 4;
  const names = files.map((f) => (typeof f.name === 'string' ? new TextEncoder().encode(f.name + '\0') : Uint8Array.from([...f.name, 0])));
  const w = new Writer(word * (2 + 3 * files.length) + names.reduce((n, b) => n + b.length, 0), spec.little);
  w.word(0, spec.fileCountOverride ?? BigInt(files.length), word);
  w.word(word, spec.pageSize ?? 4096n, word);
  files.forEach((f, i) => {
    w.word(word * (2 + 3 * i), f.start, word);
    w.word(word * (3 + 3 * i), f.end, word);
    w.word(word * (4 + 3 * i), f.pageOffset, word);
  });
  let at = word * (2 + 3 * files.length);
  for (const b of names) {
    w.bytes.set(b, at);
    at += b.length;
  }
  return w.bytes;
}

/** The core's headers and notes: ELF header, PT_NOTE, the PT_LOADs, then the notes. Its dumped memory (the PT_LOADs' offsets) is not written. */
export function buildCore(spec: CoreSpec): Uint8Array {
  const machine = spec.machine ?? (spec.is64 ? 62 : 3);
  const notes: Uint8Array[] = [];
  if (spec.status) notes.push(note(1, prstatus(spec, machine), spec.little));
  if (spec.siginfo) notes.push(note(0x53494749, siginfo(spec), spec.little));
  if (spec.files) notes.push(note(0x46494c45, fileNote(spec), spec.little));
  if (spec.firstNoteDescszOverride !== undefined && notes.length > 0) {
    const first = notes[0];
    new DataView(first.buffer, first.byteOffset).setUint32(4, spec.firstNoteDescszOverride, spec.little);
  }
  const ehsize = spec.is64 ? 64 : 52;
  const phentsize = spec.is64 ? 56 : 32;
  const phnum = 1 + spec.loads.length;
  const notesAt = ehsize + phnum * phentsize;
  const notesSize = notes.reduce((n, b) => n + b.length, 0);
  const w = new Writer(notesAt + notesSize, spec.little);
  w.bytes.set([0x7f, 0x45, 0x4c, 0x46, spec.is64 ? 2 : 1, spec.little ? 1 : 2, 1], 0);
  w.u16(16, 4); // ET_CORE
  w.u16(18, machine);
  w.u32(20, 1);
  const word = spec.is64 ? 8 : 4;
  w.word(spec.is64 ? 32 : 28, BigInt(ehsize), word); // e_phoff
  w.u16(spec.is64 ? 52 : 40, ehsize);
  w.u16(spec.is64 ? 54 : 42, phentsize);
  w.u16(spec.is64 ? 56 : 44, phnum);
  const ph = (i: number, type: number, flags: number, offset: bigint, vaddr: bigint, filesz: bigint, memsz: bigint) => {
    const at = ehsize + i * phentsize;
    w.u32(at, type);
    if (spec.is64) {
      w.u32(at + 4, flags);
      w.word(at + 8, offset, 8);
      w.word(at + 16, vaddr, 8);
      w.word(at + 32, filesz, 8);
      w.word(at + 40, memsz, 8);
    } else {
      w.word(at + 4, offset, 4);
      w.word(at + 8, vaddr, 4);
      w.word(at + 16, filesz, 4);
      w.word(at + 20, memsz, 4);
      w.u32(at + 24, flags);
    }
  };
  ph(0, 4, 0, BigInt(notesAt), 0n, BigInt(notesSize), 0n);
  spec.loads.forEach((l, i) => ph(i + 1, 1, l.flags, l.offset ?? 0n, l.vaddr, l.filesz ?? 0n, l.memsz));
  let at = notesAt;
  for (const n of notes) {
    w.bytes.set(n, at);
    at += n.length;
  }
  return w.bytes;
}
