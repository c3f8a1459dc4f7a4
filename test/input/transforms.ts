/**
 * What editors, mail clients, terminals and tools do to a capture (issue 11 cases 1-4), as byte
 * transformations, and a comparison of what two parses found. Used by cases.test.ts (one real
 * capture per case) and transform-fuzz.test.ts (every capture, every transformation).
 */
import { gzipSync } from 'node:zlib';
import { parseInputText, readInputBytes, type FormatName, type ParseResult, type ResultFormat } from '../../src/internal';

/** Splits bytes into lines at LF (the last line keeps no LF; a final LF starts no line). */
function lines(bytes: Uint8Array): Buffer[] {
  const out: Buffer[] = [];
  let s = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 10) {
      out.push(Buffer.from(bytes.subarray(s, i)));
      s = i + 1;
    }
  }
  if (s < bytes.length) out.push(Buffer.from(bytes.subarray(s)));
  return out;
}

/** Prefixes every line with prefix(lineIndex). */
function prefixed(bytes: Uint8Array, prefix: (i: number) => string): Buffer {
  return Buffer.concat(lines(bytes).flatMap((l, i) => [Buffer.from(prefix(i)), l, Buffer.from('\n')]));
}

const two = (n: number) => String(n).padStart(2, '0');

export interface Transform {
  name: string;
  apply: (bytes: Uint8Array) => Uint8Array;
  /** False when the transformation cannot keep this capture exact (and an editor would not either). */
  keeps?: (bytes: Uint8Array) => boolean;
  /** The note code the parse gives for it, if any. */
  note?: string;
  /** The format the parse gives, from the capture's own; the capture's when absent. */
  format?: (original: ResultFormat | 'unknown') => ResultFormat | 'unknown';
}

const hasCrInLine = (bytes: Uint8Array) => bytes.includes(13);
const isUtf8 = (bytes: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};
const eol = (ending: string) => (bytes: Uint8Array) => Buffer.concat(lines(bytes).flatMap((l) => [l, Buffer.from(ending)]));

export const TRANSFORMS: Transform[] = [
  { name: 'CRLF (a Windows editor)', apply: eol('\r\n'), note: 'line-endings' },
  { name: 'CR CR LF (CRLF converted once more)', apply: eol('\r\r\n'), note: 'line-endings' },
  // A CR inside a name cannot be told from a line end in a CR-only file.
  { name: 'CR only (classic Mac OS)', apply: eol('\r'), keeps: (b) => !hasCrInLine(b), note: 'line-endings' },
  { name: 'UTF-8 with a BOM (Notepad)', apply: (b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]) },
  // UTF-16 cannot carry bytes that were not UTF-8: a Windows editor would have replaced them already.
  { name: 'UTF-16LE with a BOM', apply: (b) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(Buffer.from(b).toString('utf8'), 'utf16le')]), keeps: isUtf8 },
  {
    name: 'UTF-16BE with a BOM',
    apply: (b) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(Buffer.from(b).toString('utf8'), 'utf16le').swap16()]),
    keeps: isUtf8,
  },
  { name: '64 NUL bytes of padding (a fixed-size buffer dump)', apply: (b) => Buffer.concat([b, Buffer.alloc(64)]), note: 'trailing-nul' },
  { name: 'gzip', apply: (b) => gzipSync(b) },
  { name: 'dmesg timestamps', apply: (b) => prefixed(b, (i) => `[${String(1234 + i).padStart(5)}.${String(567890 + i * 7).padStart(6, '0')}] `), note: 'line-prefix' },
  { name: 'dmesg -T timestamps', apply: (b) => prefixed(b, (i) => `[Mon May  1 12:${two(i % 60)}:01 2026] `), note: 'line-prefix' },
  { name: 'journal prefix', apply: (b) => prefixed(b, (i) => `May 01 12:${two(i % 60)}:${two((i * 7) % 60)} host app[4242]: `), note: 'line-prefix' },
  { name: 'ISO timestamps', apply: (b) => prefixed(b, (i) => `2026-11-30T10:${two(i % 60)}:01.${String(i).padStart(6, '0')}Z `), note: 'line-prefix' },
  { name: 'a mail quote', apply: (b) => prefixed(b, () => '> '), note: 'line-prefix' },
  { name: 'a nested mail quote', apply: (b) => prefixed(b, () => '> > '), note: 'line-prefix' },
  { name: 'cat -n', apply: (b) => prefixed(b, (i) => `${String(i + 1).padStart(6)}\t`), note: 'line-prefix' },
  {
    name: 'after 1,000 lines of a log',
    apply: (b) => Buffer.concat([Buffer.from(Array.from({ length: 1000 }, (_, i) => `May 01 12:${two(i % 60)}:01 host app[4242]: step ${i} done in ${i % 17} ms\n`).join('')), b]),
    note: 'skipped-lines',
    // A maps file after a log is a log with maps lines (src/artifact/log.ts); smaps stays smaps.
    format: (original) => (original === 'maps' ? 'log' : original),
  },
];

/** Reads bytes as the CLI and the app do: readInputBytes, then parseInputText. */
export async function readAndParse(bytes: Uint8Array, format?: FormatName): Promise<ParseResult> {
  return parseInputText(await readInputBytes(bytes), format === undefined ? {} : { format });
}

/** Every region's fields (not its line number: transformations move lines), smaps values included, as JSON text. */
export function regionsOf(result: ParseResult): string[] {
  const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  return result.regions.toArray().map((r) =>
    json([r.begin, r.end, r.permissions.text, r.offset, r.device, r.inode, r.pathname, r.kind, r.smaps]),
  );
}

/** The diagnostics other than the notes a transformation adds (its note codes), as [code, message]. */
export function problemsOf(result: ParseResult, except: string[] = []): string[][] {
  return result.diagnostics.filter((d) => !except.includes(d.code)).map((d) => [d.severity, d.code, d.message]);
}
