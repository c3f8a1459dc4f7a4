/**
 * The Content-Security-Policy and companion headers every response of the app carries: the
 * servers the README documents (vite's dev server and preview, vite.config.ts) and the live
 * server of `mapscope serve` (live-server.ts) send the same. A `<meta>` policy (index.html) covers
 * the page but not its workers, which take the policy of their own script's response — and the
 * workers hold the file. `connect-src 'self'` keeps the map in the browser (no fetch, XHR or
 * WebSocket elsewhere, from the page or a worker); `script-src` without 'unsafe-eval' refuses
 * eval and new Function, and 'wasm-unsafe-eval' lets the parse worker compile the maps scanner's
 * WebAssembly (src/parse/wasm/; it allows WebAssembly compilation only, never eval); `frame-ancestors 'none'` (header only) refuses framing. The dev server
 * injects inline scripts (React refresh), so its policy allows them. docs/security.md gives the
 * same headers for a static host.
 */
export function contentSecurityPolicy(server: 'dev' | 'build'): string {
  return [
    "default-src 'self'",
    server === 'dev' ? "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'" : "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The headers `npm start` (dev), `npm run preview` and `mapscope serve` (build) send with every
 * response. COOP and COEP make the page cross-origin isolated, which is what lets the parse worker
 * and the page share a file's region columns (SharedArrayBuffer) instead of holding a copy each
 * (app/workers/parse.worker.ts; 210 MB at 4,194,304 regions). The app loads nothing from another
 * origin, so require-corp refuses nothing it needs; without these headers it works as before, with the copy.
 */
export function securityHeaders(server: 'dev' | 'build'): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(server),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  };
}
