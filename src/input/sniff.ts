/**
 * Recognises what the first bytes of a file are, so that an image, an archive or a program gets
 * one clear message instead of thousands of "could not read this line" errors. Magic numbers from
 * file(1)'s magic database and each format's specification.
 */
import { hasStrayControl, isBinarySample, isStrayControl } from '../parse/binary-sample.js';

/** What the head of a file looks like. */
export type Sniffed =
  | { kind: 'gzip' }
  | { kind: 'text'; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' }
  /** `what` completes "This file is …", e.g. `a PNG image`. */
  | { kind: 'binary'; what: string };

interface Magic {
  offset: number;
  bytes: number[];
  what: string;
}

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

const MAGICS: Magic[] = [
  { offset: 0, bytes: [0x89, ...ascii('PNG\r\n\x1a\n')], what: 'a PNG image' },
  { offset: 0, bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { offset: 0, bytes: ascii('GIF8'), what: 'a GIF image' },
  { offset: 8, bytes: ascii('WEBP'), what: 'a WebP image' },
  { offset: 0, bytes: ascii('%PDF-'), what: 'a PDF document' },
  // An ELF file is a program, a library or a core dump — never the text of a maps file. A core
  // file opened as a file is read before this (read-artifact.ts); here it came compressed or piped.
  { offset: 0, bytes: [0x7f, ...ascii('ELF')], what: 'an ELF file (a program, library or core dump; a core dump opens uncompressed, as a file)' },
  { offset: 0, bytes: ascii('PK\x03\x04'), what: 'a ZIP archive' },
  { offset: 0, bytes: [0xfd, ...ascii('7zXZ'), 0x00], what: 'an xz-compressed file (decompress it first: xz -d)' },
  { offset: 0, bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd-compressed file (decompress it first: zstd -d)' },
  { offset: 0, bytes: ascii('7z\xbc\xaf\x27\x1c'), what: 'a 7-Zip archive' },
  { offset: 257, bytes: ascii('ustar'), what: 'a tar archive' },
];

function startsWith(head: Uint8Array, m: Magic): boolean {
  if (head.length < m.offset + m.bytes.length) return false;
  for (let i = 0; i < m.bytes.length; i++) if (head[m.offset + i] !== m.bytes[i]) return false;
  return true;
}

/** Length of `head` without a run of NUL bytes at its end (the padding of a fixed-size buffer dump). */
export function withoutTrailingNul(head: Uint8Array): number {
  let end = head.length;
  while (end > 0 && head[end - 1] === 0) end--;
  return end;
}

/**
 * True when `head` holds no NUL and no stray control byte, found by one native decode and one
 * native search where counting them steps through up to 64 KiB in a fresh process's interpreter
 * (a few ms of a small file's first reading, issue 19). windows-1252 (TextDecoder's `latin1`) maps
 * every byte below 0x80 to the character of the same code. False when TextDecoder is missing.
 */
function noStrayBytes(head: Uint8Array): boolean {
  return typeof TextDecoder !== 'undefined' && !hasStrayControl(new TextDecoder('latin1').decode(head));
}

/**
 * Classifies the first bytes of a file (pass at least the first 4 KiB when there are that many;
 * `whole` when `head` is the whole file, so that NUL padding after its text is not held against
 * it). UTF-16 text has a zero in every other byte (Windows tools, PowerShell's `>`, write it).
 * `fastPath: false` counts every byte (the reference the native check is tested against).
 */
export function sniffBytes(head: Uint8Array, whole = false, fastPath = true): Sniffed {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return { kind: 'gzip' };
  for (const m of MAGICS) if (startsWith(head, m)) return { kind: 'binary', what: m.what };
  // bzip2: "BZh" and a block size digit 1-9.
  if (head.length >= 4 && head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68 && head[3] >= 0x31 && head[3] <= 0x39) {
    return { kind: 'binary', what: 'a bzip2-compressed file (decompress it first: bzip2 -d)' };
  }
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { kind: 'text', encoding: 'utf-16le' };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { kind: 'text', encoding: 'utf-16be' };
  // No NUL and no stray control code: neither UTF-16 (a zero in every other byte) nor binary.
  if (fastPath && noStrayBytes(head)) return { kind: 'text', encoding: 'utf-8' };

  let evenNul = 0;
  let oddNul = 0;
  let controls = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b === 0) {
      if (i & 1) oddNul++;
      else evenNul++;
    } else if (isStrayControl(b)) {
      controls++;
    }
  }
  const pairs = head.length >> 1;
  // UTF-16 without a byte-order mark: ASCII text has a zero in every other byte.
  if (pairs >= 4 && oddNul >= pairs * 0.9 && evenNul === 0) return { kind: 'text', encoding: 'utf-16le' };
  if (pairs >= 4 && evenNul >= pairs * 0.9 && oddNul === 0) return { kind: 'text', encoding: 'utf-16be' };
  const length = whole ? withoutTrailingNul(head) : head.length;
  const nul = evenNul + oddNul - (head.length - length);
  if (isBinarySample(length, nul, controls)) {
    return { kind: 'binary', what: nul > 0 ? 'a binary file (it is full of NUL bytes and control codes, which text is not)' : 'a binary file (full of control characters)' };
  }
  return { kind: 'text', encoding: 'utf-8' };
}
