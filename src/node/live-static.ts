/**
 * The app's own files for `mapscope serve`: the built app (dist/app, shipped in the package)
 * served read-only, never a path outside it. Which directory: beside the bundled CLI
 * (dist/cli.cjs → dist/app) or, run from source, the repository's dist/app.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.md': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.maps': 'text/plain; charset=utf-8',
  '.smaps': 'text/plain; charset=utf-8',
  '.smaps_rollup': 'text/plain; charset=utf-8',
  '.gz': 'application/gzip',
};

/** The built app's directory, or undefined when it has not been built. */
export function findAppDir(): string | undefined {
  const here = fileURLToPath(new URL('.', import.meta.url));
  // The package's bin dist/cli.cjs loads this from its chunk folder dist/cli/, beside dist/app; src/node/*.ts (tsx, tests) has ../../dist/app.
  for (const dir of [join(here, '../app'), join(here, '../../dist/app')]) {
    if (existsSync(join(dir, 'index.html'))) return realpathSync(dir);
  }
  return undefined;
}

/** A file of the app: its bytes and content type. */
export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/**
 * The file of `appDir` a URL path names (`/` is index.html), or undefined for a path that names
 * none: a missing file, a directory, an encoded separator or NUL, or anything that resolves
 * outside appDir (`..`, a symbolic link out).
 */
export function readStaticFile(appDir: string, urlPath: string): StaticFile | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (path === '/' || path === '') path = '/index.html';
  if (path.includes('\0') || path.includes('\\') || path.split('/').some((part) => part === '..' || part === '.')) return undefined;
  const full = join(appDir, path);
  try {
    const real = realpathSync(full);
    if (!real.startsWith(appDir + sep) || !statSync(real).isFile()) return undefined;
    return { body: readFileSync(real), contentType: CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream' };
  } catch {
    return undefined;
  }
}
