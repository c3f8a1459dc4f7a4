/**
 * The Content-Security-Policy covers the workers: a `<meta>` policy does not reach a worker, which
 * takes the policy of its own script's response, so the servers the README documents send it as a
 * header (vite.config.ts: `preview.headers`, `server.headers`). This runs `npm run preview`
 * (vite preview) on the production build, checks the headers of every file it serves, and probes
 * the app's own workers (playwright evaluates inside them): a fetch to another origin and eval
 * both fail. The same probe with the header stripped from the worker scripts succeeds — the
 * header, not something else, is what refuses them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page, Worker } from 'playwright-core';
import { contentSecurityPolicy } from '../../vite.config';
import { WASM_BASE64 } from '../../src/parse/wasm/maps-scanner.gen';
import { launchBrowser } from './harness';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = process.env.MAPSCOPE_APP_DIST ? resolve(ROOT, process.env.MAPSCOPE_APP_DIST) : join(ROOT, 'dist/app');

let browser: Browser;
let preview: ChildProcess;
let base: string;

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

/** Starts `vite preview` (what `npm run preview` runs) on dist/app, on a free port. */
async function startPreview(): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'preview', '--port', String(port), '--strictPort', '--outDir', DIST], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}/`;
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`vite preview exited: ${output}`);
    const up = await fetch(url).then(
      () => true,
      () => false,
    );
    if (up) return { child, url };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`vite preview did not answer on ${url}: ${output}`);
}

beforeAll(async () => {
  browser = await launchBrowser();
  const started = await startPreview();
  preview = started.child;
  base = started.url;
});
afterAll(async () => {
  preview?.kill();
  await browser?.close();
});

/** Every file of the build, as a path under the server's root. */
function builtFiles(dir = DIST, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? builtFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

/** What a worker can do: fetch another origin, eval, new Function, compile WebAssembly (the smallest module, and the maps scanner's). */
async function probe(worker: Worker): Promise<{ fetch: string; eval: string; func: string; wasm: string; scanner: string }> {
  return worker.evaluate(async (scannerBase64) => {
    const attempt = (f: () => unknown) => {
      try {
        return `ran: ${String(f())}`;
      } catch (error) {
        return `refused: ${String(error)}`;
      }
    };
    const fetched = await fetch('http://127.0.0.2:9/leak').then(
      () => 'ran: fetched',
      (error: unknown) => `refused: ${String(error)}`,
    );
    // Indirect eval and new Function: what the policy's missing 'unsafe-eval' refuses. In a later
    // task: DevTools lets code it evaluates itself run eval, not the worker's own tasks.
    await new Promise((r) => setTimeout(r, 0));
    // The smallest WebAssembly module (magic number, version 1): what 'wasm-unsafe-eval' allows (the maps scanner, src/parse/wasm/).
    const wasm = attempt(() => WebAssembly.validate(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])) && new WebAssembly.Module(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])) instanceof WebAssembly.Module);
    // The scanner itself (wasm SIMD, no imports), as the reader worker compiles it: a browser that
    // refused it would parse on the JavaScript path, silently (parse/wasm/maps-scanner.ts).
    const scannerBytes = Uint8Array.from(atob(scannerBase64), (c) => c.charCodeAt(0));
    const scanner = attempt(() => {
      if (!WebAssembly.validate(scannerBytes)) return 'invalid';
      const exports = new WebAssembly.Instance(new WebAssembly.Module(scannerBytes), {}).exports;
      return ['memory', 'start', 'scan', 'nameKindOf', 'threadRows'].filter((name) => name in exports).join(' ');
    });
    return { fetch: fetched, eval: attempt(() => (0, eval)('6 * 7')), func: attempt(() => new Function('return 6 * 7')()), wasm, scanner };
  }, WASM_BASE64);
}

/** Opens an example on `url` and waits until its parse worker is running. */
async function openWithWorker(page: Page, url: string): Promise<Worker> {
  const worker = page.waitForEvent('worker');
  await page.goto(url + '#sample=c-hello.maps');
  const w = await worker;
  await page.getByRole('grid', { name: 'Regions' }).waitFor();
  return w;
}

describe('security headers: npm run preview', () => {
  test('every file of the build is served with the CSP, nosniff and no-referrer — the worker scripts too', async () => {
    const files = builtFiles();
    const workers = files.filter((f) => /worker/i.test(f) && f.endsWith('.js'));
    expect(workers.length).toBeGreaterThan(0);
    for (const path of ['', ...files]) {
      const response = await fetch(base + path);
      expect(response.status, path).toBe(200);
      const csp = response.headers.get('content-security-policy');
      expect(csp, path).toBe(contentSecurityPolicy('build'));
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      // Cross-origin isolated: the parse worker shares the region columns with the page (load-transfer.test.ts).
      expect(response.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(response.headers.get('cross-origin-embedder-policy'), path).toBe('require-corp');
      await response.arrayBuffer();
    }
    const policy = contentSecurityPolicy('build');
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).not.toMatch(/ 'unsafe-eval'|unsafe-inline'[^;]*; style/);
    expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
    // The static-hosting snippet says the same.
    const docs = readFileSync(join(ROOT, 'docs/security.md'), 'utf8');
    expect(docs.split(policy).length - 1).toBe(3); // the header list, nginx, _headers
  });

  test("the app's workers cannot fetch another origin, eval or new Function, and can compile WebAssembly", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const outside: string[] = [];
    await context.route('**/*', (route) => {
      if (route.request().url().startsWith(base)) return route.continue();
      outside.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    const worker = await openWithWorker(page, base);
    const result = await probe(worker);
    expect(result.fetch).toMatch(/^refused: TypeError/);
    expect(result.eval).toMatch(/^refused: EvalError/);
    expect(result.func).toMatch(/^refused: EvalError/);
    expect(result.wasm).toBe('ran: true');
    expect(result.scanner).toBe('ran: memory start scan nameKindOf threadRows');
    // Refused by the policy: the request never left the worker.
    expect(outside).toEqual([]);
    await context.close();
  });

  test('without the header on the worker scripts the same probe runs: the header is what refuses it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const reached: string[] = [];
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (!url.startsWith(base)) {
        reached.push(url);
        return route.abort('connectionrefused');
      }
      if (!/worker[^/]*\.js$/i.test(new URL(url).pathname)) return route.continue();
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['content-security-policy'];
      return route.fulfill({ response, headers });
    });
    const worker = await openWithWorker(page, base);
    const result = await probe(worker);
    expect(result.eval).toBe('ran: 42');
    expect(result.func).toBe('ran: 42');
    // The fetch left the worker (the test's router refused it, not the policy).
    expect(reached).toContain('http://127.0.0.2:9/leak');
    await context.close();
  });

  test('a page of another origin cannot frame the app (frame-ancestors)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const port = await freePort();
    const { createServer: createHttp } = await import('node:http');
    const other = createHttp((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<iframe src="${base}#sample=c-hello.maps"></iframe>`));
    await new Promise<void>((ok) => other.listen(port, '127.0.0.1', () => ok()));
    try {
      // localhost and 127.0.0.1 are different origins.
      await page.goto(`http://localhost:${port}/`);
      await page.waitForTimeout(1500);
      const frame = page.frames().find((f) => f !== page.mainFrame());
      const framed = frame === undefined ? 0 : await frame.locator('#root > *').count().catch(() => 0);
      expect(framed).toBe(0);
    } finally {
      other.close();
      await context.close();
    }
  });
});
