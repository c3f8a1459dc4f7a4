/**
 * UTF-8 decoding that loses no byte. proc_pid_maps(5): a pathname is the file's name as raw bytes
 * (the kernel escapes only "\n", as \012; fs/proc/task_mmu.c show_map_vma → seq_file_path), so a
 * maps file need not be valid UTF-8. TextDecoder would turn every invalid byte into U+FFFD and the
 * name could never be recovered. Here each byte that is not part of a valid UTF-8 sequence becomes
 * the lone surrogate U+DC00 + byte (U+DC80–U+DCFF): Python's "surrogateescape" error handler
 * (PEP 383). Valid UTF-8 never decodes to a lone surrogate, so the mapping is reversible:
 * pathnameBytes() gives the exact bytes back, formatNameForDisplay() shows them as `\xNN`.
 *
 * Valid input (nearly every file) takes TextDecoder's native path; only a chunk that holds an
 * invalid byte is decoded here in JavaScript.
 */

/** First and last code unit of an escaped byte: U+DC80 (byte 0x80) … U+DCFF (byte 0xFF). */
export const ESCAPE_FIRST = 0xdc80;
export const ESCAPE_LAST = 0xdcff;

/** Length of the UTF-8 sequence that `lead` starts (0 for a byte that cannot start one). */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead < 0xc2) return 0; // a continuation byte, or an overlong 2-byte lead (C0, C1)
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  if (lead < 0xf5) return 4;
  return 0;
}

/**
 * Bounds of the second byte after `lead` (RFC 3629 §4, the Unicode Standard's table 3-7): they
 * rule out overlong forms, UTF-16 surrogates (ED A0..BF) and code points past U+10FFFF.
 */
function secondByteOk(lead: number, b: number): boolean {
  if (lead === 0xe0) return b >= 0xa0 && b <= 0xbf;
  if (lead === 0xed) return b >= 0x80 && b <= 0x9f;
  if (lead === 0xf0) return b >= 0x90 && b <= 0xbf;
  if (lead === 0xf4) return b >= 0x80 && b <= 0x8f;
  return b >= 0x80 && b <= 0xbf;
}

/** Length of the valid sequence at bytes[i] (0 when the byte there is invalid or cut off at `end`). */
function validSequenceAt(bytes: Uint8Array, i: number, end: number): number {
  const lead = bytes[i];
  const n = sequenceLength(lead);
  if (n <= 1) return n;
  if (i + n > end) return 0;
  if (!secondByteOk(lead, bytes[i + 1])) return 0;
  for (let k = 2; k < n; k++) {
    const b = bytes[i + k];
    if (b < 0x80 || b > 0xbf) return 0;
  }
  return n;
}

/** Decodes bytes[0..end) with surrogate escapes for the invalid bytes (the slow path). */
function decodeEscaping(bytes: Uint8Array, end: number): string {
  const parts: string[] = [];
  let units: number[] = [];
  const flush = () => {
    parts.push(String.fromCharCode.apply(null, units));
    units = [];
  };
  let i = 0;
  while (i < end) {
    const lead = bytes[i];
    if (lead < 0x80) {
      units.push(lead);
      i++;
    } else {
      const n = validSequenceAt(bytes, i, end);
      if (n === 0) {
        units.push(0xdc00 + lead);
        i++;
      } else {
        let cp = lead & (0xff >> (n + 1));
        for (let k = 1; k < n; k++) cp = (cp << 6) | (bytes[i + k] & 0x3f);
        if (cp >= 0x10000) {
          cp -= 0x10000;
          units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
        } else {
          units.push(cp);
        }
        i += n;
      }
    }
    if (units.length >= 8192) flush();
  }
  flush();
  return parts.join('');
}

/**
 * Where an incomplete but so-far valid sequence starts at the end of bytes[0..end), to be kept
 * for the next chunk (end itself when the chunk ends on a sequence boundary).
 */
function incompleteTailStart(bytes: Uint8Array, end: number): number {
  for (let back = 1; back <= 3 && back <= end; back++) {
    const i = end - back;
    const b = bytes[i];
    if (b < 0x80) return end;
    if (b >= 0xc0) {
      const n = sequenceLength(b);
      if (n <= back) return end; // complete (or an invalid lead: the slow path escapes it)
      // A prefix of a sequence: keep it only if what is there so far could still become valid.
      if (back >= 2 && !secondByteOk(b, bytes[i + 1])) return end;
      for (let k = 2; k < back; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return end;
      return i;
    }
  }
  return end;
}

/**
 * A streaming UTF-8 decoder that escapes invalid bytes (see the file comment). `decode(chunk,
 * {stream: true})` keeps an incomplete sequence at the chunk's end for the next call, as
 * TextDecoder does. A byte-order mark is kept as U+FEFF (the caller decides about it).
 */
export class LosslessUtf8Decoder {
  /** Native, fatal: throws on the first invalid byte, and then the chunk takes the slow path. */
  private readonly fast = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private pending: Uint8Array = new Uint8Array(0);
  /** Whether any byte so far was not valid UTF-8. */
  sawInvalid = false;

  decode(chunk: Uint8Array = new Uint8Array(0), options: { stream?: boolean } = {}): string {
    let bytes = chunk;
    if (this.pending.byteLength > 0) {
      bytes = new Uint8Array(this.pending.byteLength + chunk.byteLength);
      bytes.set(this.pending, 0);
      bytes.set(chunk, this.pending.byteLength);
    }
    const end = options.stream ? incompleteTailStart(bytes, bytes.byteLength) : bytes.byteLength;
    this.pending = end < bytes.byteLength ? bytes.slice(end) : new Uint8Array(0);
    const body = end === bytes.byteLength ? bytes : bytes.subarray(0, end);
    try {
      return this.fast.decode(body);
    } catch {
      this.sawInvalid = true;
      return decodeEscaping(body, end);
    }
  }
}

/** Decodes a whole byte array as lossless UTF-8. */
export function decodeUtf8Lossless(bytes: Uint8Array): { text: string; validUtf8: boolean } {
  const decoder = new LosslessUtf8Decoder();
  const text = decoder.decode(bytes);
  return { text, validUtf8: !decoder.sawInvalid };
}

/** True when text[i] is an escaped byte: a low surrogate in U+DC80–U+DCFF with no high surrogate before it. */
export function isEscapedByteAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < ESCAPE_FIRST || c > ESCAPE_LAST) return false;
  const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
  return !(prev >= 0xd800 && prev <= 0xdbff);
}

/** Index of the first escaped byte in text[from..), or -1. */
export function indexOfEscapedByte(text: string, from = 0): number {
  for (let i = from; i < text.length; i++) if (isEscapedByteAt(text, i)) return i;
  return -1;
}

/**
 * The exact bytes of a name that was not valid UTF-8 (it holds escaped bytes, see the file
 * comment), or undefined for a name that was: those are just the name's UTF-8.
 */
export function pathnameBytes(pathname: string): Uint8Array | undefined {
  if (indexOfEscapedByte(pathname) < 0) return undefined;
  const out: number[] = [];
  const utf8 = new TextEncoder();
  let runStart = 0;
  const flushRun = (to: number) => {
    if (to > runStart) for (const b of utf8.encode(pathname.slice(runStart, to))) out.push(b);
  };
  for (let i = 0; i < pathname.length; i++) {
    if (isEscapedByteAt(pathname, i)) {
      flushRun(i);
      out.push(pathname.charCodeAt(i) - 0xdc00);
      runStart = i + 1;
    }
  }
  flushRun(pathname.length);
  return Uint8Array.from(out);
}
