/**
 * Who may talk to `mapscope serve`: the checks every request passes before anything is read.
 *
 * - DNS rebinding: a page on the internet can make its own name resolve to 127.0.0.1 and then
 *   talk to a local server as if it were its own origin; the Host header still carries its name.
 *   Every request whose Host is not one of the server's own (`127.0.0.1:P`, `localhost:P`,
 *   `[::1]:P`) is refused.
 * - Other origins: a request that says it comes from another origin (`Origin`, or the browser's
 *   `Sec-Fetch-Site: cross-site`/`same-site`: another port of 127.0.0.1 is the same *site*) is
 *   refused; no CORS header is ever sent, so a page of another origin cannot read a response.
 * - The token: process data, the process list and the stream need `Authorization: Bearer TOKEN`,
 *   a custom header that no other origin can send without a CORS preflight, which is refused.
 *   The token is compared in constant time (a digest of each side, then timingSafeEqual).
 * - Read-only: GET and HEAD only.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A refusal: the HTTP status and what the page (or curl) is told. */
export interface Refusal {
  status: 400 | 401 | 403 | 405;
  message: string;
}

/** A new random token: 32 bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** True when `given` is the token; the time it takes does not depend on where they differ. */
export function tokenMatches(given: string, token: string): boolean {
  return timingSafeEqual(digest(given), digest(token));
}

/** The Host header values the server answers to, for a server bound to `host` on `port`. */
export function allowedHosts(host: string, port: number): Set<string> {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  hosts.add(`${host.includes(':') ? `[${host}]` : host}:${port}`.toLowerCase());
  return hosts;
}

/** The message a request without the right token gets: how to get a URL that works. */
export const TOKEN_HELP =
  'This needs the token of the URL that `mapscope serve` printed when it started (http://127.0.0.1:PORT/?token=…). Open that URL; a new `mapscope serve` prints a new one.';

/**
 * Checks a request against the rules above; null when it may go on. `needsToken`: the path
 * serves process data (the app's own files do not).
 */
export function refuseRequest(request: IncomingMessage, hosts: ReadonlySet<string>, token: string, needsToken: boolean): Refusal | null {
  const host = request.headers.host?.toLowerCase();
  if (host === undefined || !hosts.has(host)) {
    return { status: 403, message: `Refused: this server answers only to ${[...hosts][0]} (the request named the host ${JSON.stringify(host ?? '')}).` };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) {
    return { status: 403, message: 'Refused: requests from another origin are not answered.' };
  }
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') {
    return { status: 403, message: 'Refused: requests from another site or port are not answered.' };
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return { status: 405, message: 'Refused: this server is read-only (GET and HEAD only).' };
  }
  if (!needsToken) return null;
  const authorization = request.headers.authorization;
  if (authorization === undefined) return { status: 401, message: `No token. ${TOKEN_HELP}` };
  const m = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(authorization);
  if (!m || !tokenMatches(m[1], token)) return { status: 403, message: `Wrong token. ${TOKEN_HELP}` };
  return null;
}
