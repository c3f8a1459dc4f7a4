/**
 * The data of a share link: a file's text as UTF-8 bytes (bytes that were not valid UTF-8 given
 * back as the bytes they were, src/input/utf8-lossless.ts), compressed with deflate-raw
 * (CompressionStream, RFC 1951) and written in base64url (RFC 4648 §5, no padding), so that it can
 * sit in a URL's fragment — which browsers never send to a server. The platform has all of it: no
 * dependency, in browsers and in Node alike.
 */
import { pathnameBytes } from '../input/utf8-lossless.js';

/**
 * The longest URL Chromium accepts (url::kMaxURLChars, 2 MiB; Firefox allows more, Safari about
 * as much): a longer share link is offered as a file instead.
 */
export const MAX_URL_CHARS = 2 * 1024 * 1024;

/** The exact bytes of a text the input decoder made (escaped bytes back as themselves). */
export function textBytes(text: string): Uint8Array {
  return pathnameBytes(text) ?? new TextEncoder().encode(text);
}

async function pipeBytes(bytes: Uint8Array, transform: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** The value of each base64url character code, or 255. */
const VALUE = (() => {
  const value = new Uint8Array(128).fill(255);
  for (let i = 0; i < ALPHABET.length; i++) value[ALPHABET.charCodeAt(i)] = i;
  return value;
})();

/** `bytes` in base64url without padding: a loop into ASCII codes, decoded once (btoa over a binary string built in slices was 3-4× slower). */
export function toBase64url(bytes: Uint8Array): string {
  const codes = new Uint8Array(Math.ceil((bytes.length * 4) / 3));
  const a = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    codes[o++] = a[n >>> 18];
    codes[o++] = a[(n >>> 12) & 63];
    codes[o++] = a[(n >>> 6) & 63];
    codes[o++] = a[n & 63];
  }
  if (i < bytes.length) {
    const n = (bytes[i] << 16) | (i + 1 < bytes.length ? bytes[i + 1] << 8 : 0);
    codes[o++] = a[n >>> 18];
    codes[o++] = a[(n >>> 12) & 63];
    if (i + 1 < bytes.length) codes[o++] = a[(n >>> 6) & 63];
  }
  return new TextDecoder().decode(codes.subarray(0, o));
}

/** The bytes of base64url text (without padding); undefined when it is not base64url. */
export function fromBase64url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? VALUE[code] : 255;
    if (v === 255) return undefined;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}

/** A text as a share link's data: its bytes, deflate-raw, base64url. */
export async function encodeShareData(text: string): Promise<string> {
  return toBase64url(await pipeBytes(textBytes(text), new CompressionStream('deflate-raw')));
}

/** Why a share link's data cannot be read. */
export class ShareDataError extends Error {}

/** The bytes a share link carries; throws ShareDataError when the data is not base64url or not deflate-raw (a link cut short, or edited). */
export async function decodeShareData(data: string): Promise<Uint8Array> {
  const compressed = fromBase64url(data);
  if (compressed === undefined) throw new ShareDataError('The link’s data is not base64url text: it may have been cut short or changed.');
  try {
    return await pipeBytes(compressed, new DecompressionStream('deflate-raw'));
  } catch {
    throw new ShareDataError('The link’s data does not decompress: it may have been cut short or changed.');
  }
}
