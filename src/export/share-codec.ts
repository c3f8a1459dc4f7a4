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

/** `bytes` in base64url without padding. */
export function toBase64url(bytes: Uint8Array): string {
  const parts: string[] = [];
  // btoa takes a binary string: built a slice at a time (String.fromCharCode's arguments are bounded).
  for (let i = 0; i < bytes.length; i += 0x8000) parts.push(String.fromCharCode(...bytes.subarray(i, i + 0x8000)));
  return btoa(parts.join('')).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes of base64url text (padding optional); undefined when it is not base64url. */
export function fromBase64url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
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
