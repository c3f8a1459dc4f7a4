/**
 * Vitest global setup of the `e2e` project: serves the production build (`dist/app`, built by
 * `vite build` before vitest runs) on a random free loopback port and provides its URL to the
 * tests as `inject('baseURL')`. A tiny node:http server rather than `vite preview`, so that the
 * tests see exactly the files a static host would serve, and nothing else — with the headers
 * docs/security.md asks a static host to send (the ones `npm run preview` sends, vite.config.ts).
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { TestProject } from 'vitest/node';
import { securityHeaders } from '../../vite.config';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the served app, ending in `/`. */
    baseURL: string;
  }
}

const ROOT = resolve(import.meta.dirname, '../..');
// MAPSCOPE_APP_DIST serves another build (`npx vite build --outDir …`), so that one engineer's
// rebuild never empties the directory under another's running tests.
const DIST = process.env.MAPSCOPE_APP_DIST ? resolve(ROOT, process.env.MAPSCOPE_APP_DIST) : join(ROOT, 'dist/app');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.maps': 'text/plain; charset=utf-8',
  '.smaps': 'text/plain; charset=utf-8',
  '.gz': 'application/gzip',
};

/** Newest modification time of the files under `dir` (recursively), in ms. */
function newestMtimeMs(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function serve(): Server {
  return createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      let rel = decodeURIComponent(url.pathname);
      if (rel.endsWith('/')) rel += 'index.html';
      const path = normalize(join(DIST, rel));
      if (path !== DIST && !path.startsWith(DIST + sep)) {
        res.writeHead(403).end();
        return;
      }
      const info = await stat(path).catch(() => null);
      if (!info?.isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const body = await readFile(path);
      res.writeHead(200, {
        'content-type': MIME[extname(path)] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-store',
        ...securityHeaders('build'),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const indexPath = join(DIST, 'index.html');
  if (!existsSync(indexPath)) {
    throw new Error(`e2e: ${indexPath} is missing — build the app first (\`npx vite build\`; \`npm test\` does it)`);
  }
  const builtMs = statSync(indexPath).mtimeMs;
  const sourceMs = Math.max(
    newestMtimeMs(join(ROOT, 'app')),
    newestMtimeMs(join(ROOT, 'src')),
    newestMtimeMs(join(ROOT, 'public')),
    statSync(join(ROOT, 'index.html')).mtimeMs,
  );
  if (sourceMs > builtMs) {
    console.warn('e2e: dist/app is older than the sources — the tests run the old build (`npx vite build` to refresh)');
  }

  const server = serve();
  // Port 0: the kernel picks a free port, so parallel runs of several engineers never collide.
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('e2e: server has no TCP address');
  project.provide('baseURL', `http://127.0.0.1:${address.port}/`);

  return () =>
    new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    });
}
