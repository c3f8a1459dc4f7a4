/**
 * `mapscope serve` as a user runs it: the bundled CLI started as a real process on a live
 * process (live-target.c, built with gcc), probed with curl (forged Host and Origin headers,
 * wrong and missing tokens, other methods) and the kernel's own table of listening sockets.
 * The browser's side (the page following the stream; a page of another origin) is in
 * test/e2e/live.test.ts.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildCli, runBuilt } from './built-cli';
import { startSleeper } from './sleeper';

const ROOT = resolve(import.meta.dirname, '../..');

let cli: string;
let removeCli: () => void;
let work: string;
let targetBin: string;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/app/index.html'))) throw new Error('dist/app is missing: run npm run build first (npm test does)');
  const built = await buildCli();
  cli = built.cli;
  removeCli = built.remove;
  // The bundled CLI serves the app beside it (dist/cli.cjs → dist/app), as in the package.
  symlinkSync(join(ROOT, 'dist/app'), join(cli, '../app'));
  work = mkdtempSync(join(tmpdir(), 'mapscope-serve-'));
  targetBin = join(work, 'live-target');
  execFileSync('gcc', ['-O1', '-Wall', '-o', targetBin, join(import.meta.dirname, 'live-target.c')]);
}, 120_000);

afterAll(() => {
  removeCli?.();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A running `mapscope serve`: its URL, port, token and output. */
interface Serving {
  child: ChildProcess;
  url: string;
  port: number;
  token: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function startServe(args: string[]): Promise<Serving> {
  const child = spawn(process.execPath, [cli, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  const exited = new Promise<number | null>((ok) => child.on('close', (status) => ok(status)));
  for (let i = 0; i < 300 && !/token=/.test(out); i++) await delay(20);
  const m = /(http:\/\/127\.0\.0\.1:([0-9]+)\/\?token=([A-Za-z0-9_-]+))/.exec(out);
  if (!m) {
    child.kill();
    throw new Error(`mapscope serve printed no URL: ${out}`);
  }
  return { child, url: m[1], port: Number(m[2]), token: m[3], output: () => out, exited };
}

/** curl's answer: status, headers (lower-case names) and body. */
interface Answer {
  status: number;
  headers: Map<string, string[]>;
  body: string;
}

function curl(args: string[], maxTime = 5): Answer {
  // A stream never ends by itself: curl stops at --max-time (status 28) with what it received.
  const run = spawnSync('curl', ['-s', '-i', '--path-as-is', '--max-time', String(maxTime), ...args], { encoding: 'utf8' });
  if (run.status !== 0 && !(run.status === 28 && maxTime < 5)) throw new Error(`curl ${args.join(' ')}: status ${run.status}: ${run.stderr}`);
  const raw = run.stdout;
  const split = raw.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = raw.slice(0, split).split('\r\n');
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: raw.slice(split + 4) };
}

/** The listening TCP sockets on `port`, as /proc/net/tcp and tcp6 give their local addresses (hex). */
function listenersOn(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // fields[1] local address:port, fields[3] state (0A = LISTEN).
      if (fields.length > 3 && fields[3] === '0A' && fields[1].endsWith(`:${hexPort}`)) found.push(fields[1].split(':')[0]);
    }
  }
  return found;
}

function expectAppHeaders(answer: Answer): void {
  const csp = answer.headers.get('content-security-policy')?.[0] ?? '';
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(answer.headers.get('x-content-type-options')).toEqual(['nosniff']);
  for (const name of answer.headers.keys()) expect(name.startsWith('access-control-')).toBe(false);
}

describe('mapscope serve --pid on a live process', () => {
  let serving: Serving;
  let target: ChildProcess;
  let targetOut = '';
  let base: string;
  let bearer: string[];

  beforeAll(async () => {
    target = spawn(targetBin, [join(work, 'mapped-later.bin')], { stdio: ['ignore', 'pipe', 'inherit'] });
    target.stdout!.setEncoding('utf8').on('data', (c: string) => (targetOut += c));
    for (let i = 0; i < 200 && !targetOut.includes('ready'); i++) await delay(10);
    serving = await startServe(['--pid', String(target.pid), '--interval', '200ms']);
    base = `http://127.0.0.1:${serving.port}`;
    bearer = ['-H', `Authorization: Bearer ${serving.token}`];
  });

  afterAll(() => {
    target?.kill('SIGKILL');
    serving?.child.kill();
  });

  test('listens on 127.0.0.1 only', () => {
    // 0100007F is 127.0.0.1 as /proc/net/tcp prints it; never 00000000 (every interface).
    expect(listenersOn(serving.port)).toEqual(['0100007F']);
  });

  test('answers its own host names and refuses any other Host (DNS rebinding)', () => {
    expect(curl([`${base}/`]).status).toBe(200);
    expect(curl(['-H', `Host: localhost:${serving.port}`, `${base}/`]).status).toBe(200);
    for (const host of [`rebind.example:${serving.port}`, `127.0.0.1:${serving.port + 1}`, '127.0.0.1', `localhost.evil.example:${serving.port}`]) {
      const answer = curl(['-H', `Host: ${host}`, ...bearer, `${base}/api/session`]);
      expect(answer.status, host).toBe(403);
      expect(answer.body).toMatch(/^Refused/);
      expectAppHeaders(answer);
    }
  });

  test('refuses requests from another origin or site, with or without the token', () => {
    for (const origin of [`http://127.0.0.1:${serving.port + 1}`, 'http://evil.example', 'null', `https://127.0.0.1:${serving.port}`]) {
      const answer = curl(['-H', `Origin: ${origin}`, ...bearer, `${base}/api/session`]);
      expect(answer.status, origin).toBe(403);
    }
    expect(curl(['-H', 'Sec-Fetch-Site: same-site', ...bearer, `${base}/api/session`]).status).toBe(403);
    // Its own origin is fine.
    expect(curl(['-H', `Origin: http://127.0.0.1:${serving.port}`, ...bearer, `${base}/api/session`]).status).toBe(200);
  });

  test('process data needs the token: 401 without, 403 wrong, and the answer says how to get the URL', () => {
    for (const path of ['/api/session', `/api/stream?pid=${target.pid}`, '/api/processes']) {
      const missing = curl([`${base}${path}`]);
      expect(missing.status, path).toBe(401);
      expect(missing.body).toContain('mapscope serve');
      const wrong = curl(['-H', `Authorization: Bearer ${serving.token.slice(0, -1)}x`, `${base}${path}`]);
      expect(wrong.status, path).toBe(403);
      expect(wrong.body).not.toContain(serving.token);
      expectAppHeaders(wrong);
    }
    // The token in the query string (the printed URL) is the page's to read, not a key to the data.
    expect(curl([`${base}/api/session?token=${serving.token}`]).status).toBe(401);
    const session = curl([...bearer, `${base}/api/session`]);
    expect(session.status).toBe(200);
    expect(JSON.parse(session.body)).toMatchObject({ pid: target.pid, file: 'maps', intervalMs: 200 });
  });

  test('is read-only and sends no CORS headers, even to a preflight', () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const answer = curl(['-X', method, '-H', `Origin: http://127.0.0.1:${serving.port}`, '-H', 'Access-Control-Request-Method: GET', ...bearer, `${base}/api/session`]);
      expect(answer.status, method).toBe(405);
      expectAppHeaders(answer);
    }
  });

  test('every response carries the CSP, nosniff and frame-ancestors, the workers included', () => {
    const index = curl([`${base}/`]);
    expectAppHeaders(index);
    const scripts = [...index.body.matchAll(/src="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    const worker = readdirSync(join(ROOT, 'dist/app/assets')).find((name) => name.startsWith('parse.worker'));
    expect(worker).toBeDefined();
    for (const path of [`/${scripts[0]}`, `/assets/${worker}`, '/samples/index.json', '/no-such-file', '/api/nothing']) {
      const answer = curl([...bearer, `${base}${path}`]);
      expectAppHeaders(answer);
    }
  });

  test('serves only the app: no path outside it', () => {
    for (const path of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fpackage.json', '/..%00/x']) {
      const answer = curl([`${base}${path}`]);
      expect(answer.status, path).toBe(404);
      expect(answer.body).not.toContain('root:');
    }
  });

  test('offers no picker and no other process with --pid', () => {
    expect(curl([...bearer, `${base}/api/processes`]).status).toBe(403);
    expect(curl([...bearer, `${base}/api/stream?pid=1`]).status).toBe(403);
  });

  test('streams the map, then a snapshot with the new region when the process maps a file, then its exit', async () => {
    const events: { event: string; data: Record<string, unknown> }[] = [];
    const controller = new AbortController();
    const response = await fetch(`${base}/api/stream?pid=${target.pid}`, { headers: { Authorization: `Bearer ${serving.token}` }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reading = (async () => {
      let buffer = '';
      const decoder = new TextDecoder();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
        }
      }
    })().catch(() => undefined);
    const until = async (what: () => boolean, label: string) => {
      for (let i = 0; i < 500 && !what(); i++) await delay(10);
      if (!what()) throw new Error(`no ${label}: ${JSON.stringify(events.map((e) => e.event))}`);
    };
    const textOf = (e: { data: Record<string, unknown> }) => Buffer.from(e.data.bytes as string, 'base64').toString('latin1');

    await until(() => events.length >= 1, 'first snapshot');
    expect(events[0].event).toBe('snapshot');
    expect(textOf(events[0])).toBe(readFileSync(`/proc/${target.pid}/maps`, 'latin1'));
    expect(textOf(events[0])).not.toContain('mapped-later.bin');
    // Unchanged maps are not sent again: several intervals pass with one snapshot.
    await delay(700);
    expect(events).toHaveLength(1);

    target.kill('SIGUSR1');
    await until(() => events.length >= 2, 'snapshot after the mmap');
    expect(events[1].data.seq).toBe(2);
    expect(textOf(events[1])).toContain('mapped-later.bin');
    expect(textOf(events[1])).toBe(readFileSync(`/proc/${target.pid}/maps`, 'latin1'));

    target.kill('SIGKILL');
    await until(() => events.some((e) => e.event === 'exit'), 'exit event');
    expect(events.at(-1)!.data).toMatchObject({ pid: target.pid });
    expect(await serving.exited).toBe(0);
    expect(serving.output()).toMatch(/process [0-9]+ ended .*; stopped\./);
    // The token was printed once, in the URL; nothing else repeats it.
    expect(serving.output().split(serving.token)).toHaveLength(2);
    controller.abort();
    await reading;
  });
});

describe('mapscope serve without --pid: the picker', () => {
  test('lists the processes this user may read, with their command lines', async () => {
    const sleeper = await startSleeper();
    const serving = await startServe([]);
    try {
      const answer = curl(['-H', `Authorization: Bearer ${serving.token}`, `http://127.0.0.1:${serving.port}/api/processes`]);
      expect(answer.status).toBe(200);
      const list = JSON.parse(answer.body) as { pid: number; name: string; commandLine: string }[];
      expect(list.find((p) => p.pid === sleeper.pid)).toEqual({ pid: sleeper.pid, name: 'sleep', commandLine: 'sleep 60' });
      // Every listed process's maps opens for this user (the kernel's check, not a guess).
      for (const { pid } of list.slice(0, 50)) {
        try {
          readFileSync(`/proc/${pid}/maps`);
        } catch (error) {
          // A process may exit between the list and this read; a refusal would be a wrong offer.
          expect((error as NodeJS.ErrnoException).code).not.toBe('EACCES');
        }
      }
      const stream = curl(['-H', `Authorization: Bearer ${serving.token}`, `http://127.0.0.1:${serving.port}/api/stream?pid=${sleeper.pid}`], 1);
      expect(stream.body).toContain('event: snapshot');
    } finally {
      sleeper.child.kill();
      serving.child.kill('SIGINT');
      expect(await serving.exited).toBe(0);
    }
  });
});

describe('mapscope serve refuses what it must', () => {
  test('another address than loopback without --allow-remote', async () => {
    const finished = await runBuilt(cli, ['serve', '--host', '0.0.0.0']);
    expect(finished.status).toBe(2);
    expect(finished.stderr).toMatch(/^mapscope: refusing to serve on 0\.0\.0\.0: .*--allow-remote/);
  });

  test('a process that does not exist', async () => {
    const finished = await runBuilt(cli, ['serve', '--pid', '999999999']);
    expect(finished.status).toBe(3);
    expect(finished.stderr).toMatch(/^mapscope: .*999999999/);
  });

  test('a bad interval', async () => {
    const finished = await runBuilt(cli, ['serve', '--interval', '10ms']);
    expect(finished.status).toBe(2);
    expect(finished.stderr).toContain('at least 100ms');
  });
});
