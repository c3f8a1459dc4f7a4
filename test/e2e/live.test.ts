/**
 * The live view in the browser: `mapscope serve` (the built dist/cli.cjs, with dist/app beside it
 * as in the package) on a live process (test/cli/live-target.c), its page following the stream.
 * The process maps a file when told (SIGUSR1): the new region shows up without a reload, the
 * series grows on the Timeline, Pause holds the shown snapshot, the recording saved is the snapshots' exact bytes,
 * and the process's end is said. A page of another origin (another port) can read nothing.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseRecording } from '../../src/internal';
import { closeApp, launchBrowser, loadedFileSection, openApp, screenshot } from './harness';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli.cjs');

let browser: Browser;
let work: string;
let targetBin: string;

beforeAll(async () => {
  browser = await launchBrowser();
  work = mkdtempSync(join(tmpdir(), 'mapscope-live-'));
  targetBin = join(work, 'live-target');
  execFileSync('gcc', ['-O1', '-Wall', '-o', targetBin, join(ROOT, 'test/cli/live-target.c')]);
});

afterAll(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Target {
  child: ChildProcess;
  pid: number;
  /** Sends SIGUSR1 and waits until the process says it mapped one more page. */
  mapOneMore(): Promise<void>;
}

async function startTarget(): Promise<Target> {
  const child = spawn(targetBin, [join(work, `mapped-later-${Date.now()}.bin`)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  for (let i = 0; i < 300 && !out.includes('ready'); i++) await delay(10);
  let mapped = 0;
  return {
    child,
    pid: child.pid!,
    async mapOneMore() {
      mapped++;
      child.kill('SIGUSR1');
      for (let i = 0; i < 300 && !out.includes(`mapped ${mapped}\n`); i++) await delay(10);
    },
  };
}

interface Serving {
  child: ChildProcess;
  url: string;
  port: number;
  output: () => string;
}

async function startServe(args: string[]): Promise<Serving> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  for (let i = 0; i < 500 && !/token=/.test(out); i++) await delay(20);
  const m = /(http:\/\/127\.0\.0\.1:([0-9]+)\/\?token=[A-Za-z0-9_-]+)/.exec(out);
  if (!m) throw new Error(`mapscope serve printed no URL: ${out}`);
  return { child, url: m[1], port: Number(m[2]), output: () => out };
}

const liveBar = (page: Page) => page.getByRole('region', { name: 'Live view' });

/** Waits until the header names snapshot `seq` of process `pid` as the loaded file. */
async function waitForSnapshot(page: Page, pid: number, seq: number): Promise<void> {
  await loadedFileSection(page).locator('[data-field="name"]', { hasText: `process ${pid} maps #${seq}` }).waitFor({ timeout: 30_000 });
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 30_000 });
}

describe('mapscope serve --pid in the browser', () => {
  test('shows the map, a new region without a reload, pause, the recording and the end', async () => {
    const target = await startTarget();
    const serving = await startServe(['--pid', String(target.pid), '--interval', '250ms']);
    const page = await openApp(browser, { url: serving.url });
    try {
      await waitForSnapshot(page, target.pid, 1);
      // The token left the address bar at once (a reload keeps it in this tab's sessionStorage).
      expect(page.url()).not.toContain('token');
      const regionsOf = async () => Number((await loadedFileSection(page).locator('[data-field="regions"]').innerText()).replace(/[^\d]/g, ''));
      const linesNow = () => readFileSync(`/proc/${target.pid}/maps`, 'latin1').split('\n').filter(Boolean).length;
      expect(await regionsOf()).toBe(linesNow());
      await expect.poll(() => liveBar(page).innerText()).toMatch(/Live · process [0-9]+ · \/proc\/[0-9]+\/maps every 250 ms · 1 snapshot/);
      await screenshot(page, 'live-following');

      const navigations: string[] = [];
      page.on('framenavigated', (frame) => navigations.push(frame.url()));
      await target.mapOneMore();
      await waitForSnapshot(page, target.pid, 2);
      expect(navigations).toEqual([]); // no reload
      expect(await regionsOf()).toBe(linesNow());
      await page.getByRole('searchbox', { name: /search/i }).first().fill('mapped-later');
      await expect.poll(() => page.getByRole('status').filter({ hasText: /match/ }).first().innerText()).toMatch(/^1 of [0-9]+ regions match/);
      await expect.poll(() => liveBar(page).innerText()).toMatch(/2 snapshots/);

      // Paused: a new snapshot is kept, the shown one stays; Resume shows the newest.
      await page.getByRole('button', { name: 'Pause live updates' }).click();
      await target.mapOneMore();
      await expect.poll(() => liveBar(page).innerText(), { timeout: 30_000 }).toMatch(/3 snapshots/);
      expect(await loadedFileSection(page).locator('[data-field="name"]').innerText()).toContain('#2');
      await page.getByRole('button', { name: 'Resume live updates' }).click();
      await waitForSnapshot(page, target.pid, 3);
      // The series: three snapshots held together, on the timeline, its scrubber at the newest.
      const timeline = page.getByRole('region', { name: 'Timeline' });
      await timeline.waitFor({ timeout: 30_000 });
      const scrubber = timeline.getByRole('slider', { name: 'Snapshot' });
      await expect.poll(() => scrubber.getAttribute('max')).toBe('2');
      expect(await scrubber.inputValue()).toBe('2');
      await screenshot(page, 'live-timeline');
      // The timeline grows with the next change, without a reload.
      await target.mapOneMore();
      await waitForSnapshot(page, target.pid, 4);
      await expect.poll(() => scrubber.getAttribute('max')).toBe('3');
      expect(navigations).toEqual([]);

      // The recording: a header, then each snapshot's exact bytes under its header line.
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Save recording' }).click();
      const path = await (await download).path();
      const recording = readFileSync(path!, 'latin1');
      expect(recording.startsWith('#mapscope recording v1\n')).toBe(true);
      const headers = recording.match(/^#mapscope snapshot .*$/gm)!;
      expect(headers).toHaveLength(4);
      expect(headers[3]).toContain(`pid=${target.pid} source=/proc/${target.pid}/maps`);
      expect(recording).toContain(readFileSync(`/proc/${target.pid}/maps`, 'latin1'));
      expect(recording).toMatch(/^#mapscope end .*snapshots=4 reason=saved$/m);
      // mapscope's own reader takes it whole: four snapshots, no diagnostic, the last one the map as it is now.
      const read = parseRecording(recording);
      expect(read.snapshots.map((x) => x.pid)).toEqual([target.pid, target.pid, target.pid, target.pid]);
      expect(read.diagnostics).toEqual([]);
      expect(read.snapshots[3].result.regions.length).toBe(linesNow());

      target.child.kill('SIGKILL');
      await expect.poll(() => liveBar(page).innerText(), { timeout: 30_000 }).toMatch(/Process [0-9]+ ended/);
      // The map stays.
      expect(await regionsOf()).toBeGreaterThan(0);
      await screenshot(page, 'live-ended');
    } finally {
      target.child.kill('SIGKILL');
      serving.child.kill('SIGINT');
      await closeApp(page);
    }
  });

  test('a wrong token: the page says how to get the right URL', async () => {
    const target = await startTarget();
    const serving = await startServe(['--pid', String(target.pid)]);
    const wrong = serving.url.replace(/token=.*/, 'token=wrong-token');
    const page = await openApp(browser, { url: wrong, allowErrors: [/status of 403/] });
    try {
      await expect.poll(() => page.getByRole('alert').first().innerText()).toContain('needs the URL that `mapscope serve` printed');
      expect(page.url()).not.toContain('wrong-token');
    } finally {
      target.child.kill('SIGKILL');
      serving.child.kill('SIGINT');
      await closeApp(page);
    }
  });
});

describe('mapscope serve without --pid: the picker', () => {
  test('lists the processes, searches them, and follows the one picked', async () => {
    const target = await startTarget();
    const serving = await startServe(['--interval', '250ms']);
    const page = await openApp(browser, { url: serving.url });
    try {
      await page.getByRole('heading', { name: 'Watch a running process' }).waitFor();
      await page.getByRole('searchbox', { name: 'Search processes' }).fill('live-target');
      const row = page.getByRole('button', { name: `Watch process ${target.pid} (live-target)` });
      await row.waitFor();
      await screenshot(page, 'live-picker');
      await row.click();
      await waitForSnapshot(page, target.pid, 1);
    } finally {
      target.child.kill('SIGKILL');
      serving.child.kill('SIGINT');
      await closeApp(page);
    }
  });
});

describe('a page of another origin', () => {
  let foreign: Server;
  let foreignPort: number;

  beforeAll(async () => {
    // A page on another port of 127.0.0.1: the same site, another origin. It tries every way to read.
    foreign = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>other origin</title><body></body>');
    });
    await new Promise<void>((ok) => foreign.listen(0, '127.0.0.1', ok));
    foreignPort = (foreign.address() as { port: number }).port;
  });

  afterAll(() => foreign?.close());

  test('cannot read the session, the list, the stream or the app, even holding the token', async () => {
    const target = await startTarget();
    const serving = await startServe(['--pid', String(target.pid)]);
    const token = /token=(.*)$/.exec(serving.url)![1];
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`http://127.0.0.1:${foreignPort}/`);
      const results = await page.evaluate(
        async ({ base, token, pid }) => {
          const attempt = async (what: string, run: () => Promise<string>) => {
            try {
              return `${what}: READ ${await run()}`;
            } catch (error) {
              return `${what}: refused (${(error as Error).name})`;
            }
          };
          const out: string[] = [];
          out.push(await attempt('session with token', async () => (await fetch(`${base}/api/session`, { headers: { Authorization: `Bearer ${token}` } })).text()));
          out.push(await attempt('stream with token', async () => (await fetch(`${base}/api/stream?pid=${pid}`, { headers: { Authorization: `Bearer ${token}` } })).text()));
          out.push(await attempt('session', async () => (await fetch(`${base}/api/session`)).text()));
          out.push(await attempt('the app', async () => (await fetch(`${base}/`)).text()));
          // no-cors: the response is opaque to the page whatever the server says.
          out.push(await attempt('no-cors', async () => {
            const r = await fetch(`${base}/api/session`, { mode: 'no-cors' });
            if (r.type !== 'opaque') return r.text();
            throw Object.assign(new Error('opaque'), { name: 'Opaque' });
          }));
          // A script or a frame of the server's: refused by CORP/nosniff and frame-ancestors.
          out.push(await attempt('script', () => new Promise((ok, fail) => {
            const s = document.createElement('script');
            s.src = `${base}/api/session`;
            s.onload = () => ok('loaded');
            s.onerror = () => fail(Object.assign(new Error('script error'), { name: 'ScriptError' }));
            document.body.append(s);
          })));
          return out;
        },
        { base: `http://127.0.0.1:${serving.port}`, token, pid: target.pid },
      );
      for (const line of results) expect(line, line).toMatch(/: refused/);
      // A frame of the app: frame-ancestors 'none' leaves it empty.
      await page.setContent(`<iframe src="http://127.0.0.1:${serving.port}/" width="400" height="300"></iframe>`);
      await delay(1500);
      const frame = page.frames().find((f) => f.url().includes(`:${serving.port}/`));
      const framed = frame ? await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '') : '';
      expect(framed).not.toContain('mapscope');
    } finally {
      target.child.kill('SIGKILL');
      serving.child.kill('SIGINT');
      await context.close();
    }
  });
});
