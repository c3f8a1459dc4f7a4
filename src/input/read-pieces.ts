/**
 * Inputs larger than one JavaScript string (V8: 2^29 - 24 characters, MAX_TEXT_BYTES), read as a
 * series of pieces of text, each cut where a region's header line starts, so that every piece is
 * a file of whole lines and whole smaps records of its own (src/parse/concat-results.ts joins
 * what they parse to). A 4,194,304-region smaps file is ~3 GB of text; read whole it could never
 * be one string. An input smaller than one piece is one piece: the whole text, exactly as
 * readInputStream gives it.
 */
import { diagnosticSet } from '../model/diagnostic-store.js';
import { invalidUtf8Diagnostics } from './invalid-utf8.js';
import { InputError, MAX_TEXT_BYTES, openInputText, type InputText, type ReadOptions } from './read-input.js';
import { indexOfEscapedByte } from './utf8-lossless.js';

/** An input that cannot be read in pieces (code 'too-large'): a line longer than a string holds, a format read whole only. */
export class InputPieceError extends InputError {
  constructor(message: string) {
    super('too-large', message);
    this.name = 'InputPieceError';
  }
}

/** A piece of a large input: its text, and where it starts in the whole input. */
export interface InputPiece extends InputText {
  /** 1-based number, in the whole input, of the piece's first line. */
  firstLine: number;
}

/** Options of readInputPieces. */
export interface ReadPiecesOptions extends ReadOptions {
  /** The most bytes of (decompressed) text read in all. */
  maxTextBytes: number;
  /** A piece is cut once it holds this many characters or more (at most MAX_TEXT_BYTES / 2). */
  pieceChars: number;
}

/** How far back from a piece's end a region header is looked for before any line start will do. */
const HEADER_SEARCH_CHARS = 1 << 20;

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
}

/** Whether the line at `s` starts like a region header: hex digits, `-`, hex digits. */
function startsLikeHeader(text: string, s: number): boolean {
  let i = s;
  while (i < text.length && isHexDigit(text.charCodeAt(i))) i++;
  if (i === s || i >= text.length || text.charCodeAt(i) !== 0x2d) return false;
  return i + 1 < text.length && isHexDigit(text.charCodeAt(i + 1));
}

/**
 * Where the next piece starts: the start of the last line that looks like a region header (the
 * lines before it then hold whole smaps records); when none does in the last HEADER_SEARCH_CHARS
 * (text that is not a map, or map lines behind a log prefix), the start of the last line. 0 when
 * there is no such place yet: read on.
 */
export function pieceCut(text: string): number {
  const stop = text.length - HEADER_SEARCH_CHARS;
  for (let p = text.lastIndexOf('\n'); p >= 0 && p >= stop; p = p === 0 ? -1 : text.lastIndexOf('\n', p - 1)) {
    if (startsLikeHeader(text, p + 1)) return p + 1;
  }
  if (stop < 0) return 0;
  return text.lastIndexOf('\n') + 1;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Reads a byte stream as pieces of text (see the file's comment). Throws InputError as
 * readInputStream does, and 'too-large' for text past `maxTextBytes` or for a stretch of more
 * than one string's worth of characters without a line break.
 */
export async function* readInputPieces(stream: ReadableStream<Uint8Array>, options: ReadPiecesOptions): AsyncGenerator<InputPiece, void, undefined> {
  const pieceChars = Math.min(options.pieceChars, MAX_TEXT_BYTES / 2);
  const opened = await openInputText(stream, options);
  let firstLine = 1;
  let atStart = true;
  const piece = (whole: string): InputPiece => {
    let text = whole;
    // A UTF-8 byte-order mark (what Windows Notepad writes) is not part of the first line.
    if (atStart && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    atStart = false;
    const diagnostics = opened.sawInvalid() && indexOfEscapedByte(text) >= 0 ? invalidUtf8Diagnostics(text) : diagnosticSet([]);
    const made: InputPiece = { text, textBytes: opened.textBytes(), compressed: opened.compressed, encoding: opened.encoding, diagnostics, firstLine };
    firstLine += countNewlines(text);
    return made;
  };
  let pending: string[] = [];
  let pendingChars = 0;
  for await (const part of opened.texts) {
    pending.push(part);
    pendingChars += part.length;
    if (pendingChars < pieceChars) continue;
    const text = pending.join('');
    const cut = pieceCut(text);
    if (cut === 0) {
      if (text.length > MAX_TEXT_BYTES - pieceChars) {
        throw new InputPieceError(
          `This file is too large to read: it holds a line of more than ${(text.length / 1e6).toFixed(1)} million characters, ` +
            `more than a JavaScript string can hold. Cut it down first, e.g. keep only the lines you need with grep or head.`,
        );
      }
      pending = [text];
      continue;
    }
    yield piece(text.slice(0, cut));
    const rest = text.slice(cut);
    pending = rest.length > 0 ? [rest] : [];
    pendingChars = rest.length;
  }
  yield piece(pending.join(''));
}
