/**
 * `mapscope serve`'s HTTP server: the built app and a live process's snapshots, on the loopback
 * interface only, for the holder of a random token. live-guard.ts checks every request (Host,
 * Origin, method, token); every response carries the app's Content-Security-Policy and friends.
 *
 * Endpoints (all GET; `/api/*` need `Authorization: Bearer TOKEN`):
 *   /api/session         {"pid":N|null,"file":"maps"|"smaps","intervalMs":N,"version":"…"}
 *   /api/processes       [{"pid":N,"name":"…","commandLine":"…"},…]: the picker (only without --pid)
 *   /api/stream?pid=N    text/event-stream: `snapshot` events ({"seq","time","pid","file",
 *                        "dropped","bytes": base64 of the kernel's text}) for the snapshots kept so
 *                        far, then each new one; `exit` ({"pid","why","time"}) when the process
 *                        ends; `problem` ({"message"}) when a read fails
 *   anything else        a file of the built app (index.html for /)
 * docs/live.md documents them for the user.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { allowedHosts, newToken, refuseRequest } from './live-guard.js';
import { listReadableProcesses, mayReadMaps } from './live-processes.js';
import { SnapshotSeries, type SeriesEvent, type Snapshot } from './live-snapshots.js';
import { readStaticFile } from './live-static.js';
import { securityHeaders } from './security-headers.js';

/** The loopback addresses `serve` binds to without being told otherwise. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '::1']);

export interface LiveServerOptions {
  /** The process to watch; null offers a picker of every process this user may read. */
  pid: number | null;
  file: 'maps' | 'smaps';
  intervalMs: number;
  /** 0 picks a free port. */
  port: number;
  /** 127.0.0.1 unless told; another address only with allowRemote (cli-serve.ts checks). */
  host: string;
  appDir: string;
  version: string;
  /** The token; a new random one when not given (tests pass their own). */
  token?: string;
  /** Kept snapshot bytes per process (live-snapshots.ts SERIES_MAX_BYTES by default). */
  maxSeriesBytes?: number;
  procRoot?: string;
}

export interface LiveServer {
  /** The URL to open: `http://127.0.0.1:PORT/?token=TOKEN`. */
  url: string;
  port: number;
  token: string;
  /** The series of the watched process (with --pid), for the exit and tests. */
  series(pid: number): SnapshotSeries | undefined;
  /** Resolves when the watched process (--pid) has ended and every open stream was told. */
  watchedEnded: Promise<string> | null;
  close(): Promise<void>;
}

const HEARTBEAT_MS = 15_000;

/** Headers of every response: the app's policy, plus refusing to be embedded or read as a resource elsewhere. */
function baseHeaders(): Record<string, string> {
  return {
    ...securityHeaders('build'),
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer, head: boolean, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...baseHeaders(), 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)), ...extra });
  res.end(head ? undefined : body);
}

function sendJson(res: ServerResponse, status: number, value: unknown, head: boolean): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), head, { 'Cache-Control': 'no-store' });
}

function snapshotEvent(pid: number, file: string, series: SnapshotSeries, snapshot: Snapshot): string {
  const data = { seq: snapshot.seq, time: snapshot.time, pid, file, dropped: series.dropped, bytes: snapshot.bytes.toString('base64') };
  return `event: snapshot\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Starts the server; resolves once it listens. */
export async function startLiveServer(options: LiveServerOptions): Promise<LiveServer> {
  const token = options.token ?? newToken();
  const seriesByPid = new Map<number, SnapshotSeries>();
  const streams = new Set<ServerResponse>();
  let hosts: Set<string> = new Set();

  const seriesOf = (pid: number): SnapshotSeries => {
    let series = seriesByPid.get(pid);
    if (series === undefined) {
      series = new SnapshotSeries({ pid, file: options.file, intervalMs: options.intervalMs, maxBytes: options.maxSeriesBytes, procRoot: options.procRoot });
      seriesByPid.set(pid, series);
      series.start();
    }
    return series;
  };

  let watchedEnded: Promise<string> | null = null;
  if (options.pid !== null) {
    const series = seriesOf(options.pid);
    watchedEnded = new Promise((resolve) => {
      series.listen((event) => {
        // The exit event is written to every stream (listeners run in order) before this resolves.
        if (event.kind === 'exit') setImmediate(() => resolve(event.why));
      });
    });
  }

  const stream = (req: IncomingMessage, res: ServerResponse, pid: number): void => {
    const series = seriesOf(pid);
    res.writeHead(200, { ...baseHeaders(), 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' });
    streams.add(res);
    // Latest wins: while the page has not taken the last event, a newer snapshot replaces a waiting one.
    let waiting: string | null = null;
    const write = (text: string) => {
      if (res.writableNeedDrain) waiting = text;
      else res.write(text);
    };
    res.on('drain', () => {
      if (waiting !== null && !res.writableNeedDrain) {
        const text = waiting;
        waiting = null;
        res.write(text);
      }
    });
    for (const snapshot of series.snapshots) res.write(snapshotEvent(pid, options.file, series, snapshot));
    const onEvent = (event: SeriesEvent) => {
      if (event.kind === 'snapshot') write(snapshotEvent(pid, options.file, series, event.snapshot));
      else if (event.kind === 'exit') res.end(`event: exit\ndata: ${JSON.stringify({ pid, why: event.why, time: event.time })}\n\n`);
      else write(`event: problem\ndata: ${JSON.stringify({ message: event.message })}\n\n`);
    };
    if (series.ended) onEvent({ kind: 'exit', ...series.ended });
    const unlisten = series.listen(onEvent);
    const heartbeat = setInterval(() => res.write(': still here\n\n'), HEARTBEAT_MS);
    res.on('close', () => {
      unlisten();
      clearInterval(heartbeat);
      streams.delete(res);
    });
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isApi = url.pathname.startsWith('/api/');
    const refusal = refuseRequest(req, hosts, token, isApi);
    const head = req.method === 'HEAD';
    if (refusal) {
      const extra: Record<string, string> = refusal.status === 405 ? { Allow: 'GET, HEAD' } : {};
      send(res, refusal.status, 'text/plain; charset=utf-8', refusal.message + '\n', head, extra);
      return;
    }
    if (!isApi) {
      const file = readStaticFile(options.appDir, url.pathname);
      if (file) send(res, 200, file.contentType, file.body, head);
      else send(res, 404, 'text/plain; charset=utf-8', 'Not found.\n', head);
      return;
    }
    switch (url.pathname) {
      case '/api/session':
        sendJson(res, 200, { pid: options.pid, file: options.file, intervalMs: options.intervalMs, version: options.version }, head);
        return;
      case '/api/processes':
        if (options.pid !== null) sendJson(res, 403, { error: `This server watches process ${options.pid} only.` }, head);
        else sendJson(res, 200, listReadableProcesses(options.procRoot), head);
        return;
      case '/api/stream': {
        const text = url.searchParams.get('pid') ?? '';
        const pid = /^[1-9][0-9]{0,9}$/.test(text) ? Number(text) : NaN;
        if (!Number.isSafeInteger(pid)) return sendJson(res, 400, { error: 'Give the process as ?pid=N.' }, head);
        if (options.pid !== null && pid !== options.pid) return sendJson(res, 403, { error: `This server watches process ${options.pid} only.` }, head);
        if (!seriesByPid.has(pid) && !mayReadMaps(pid, options.procRoot)) {
          return sendJson(res, 403, { error: `Process ${pid} does not exist or you may not read its memory map.` }, head);
        }
        if (head) return send(res, 200, 'text/event-stream; charset=utf-8', '', true);
        stream(req, res, pid);
        return;
      }
      default:
        sendJson(res, 404, { error: 'No such endpoint.' }, head);
    }
  };

  const server: Server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { error: `mapscope serve failed: ${(error as Error).message}` }, false);
      else res.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(options.host, port);
  const shown = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    url: `http://${shown}:${port}/?token=${token}`,
    port,
    token,
    series: (pid) => seriesByPid.get(pid),
    watchedEnded,
    close: () =>
      new Promise<void>((resolve) => {
        for (const series of seriesByPid.values()) series.stop();
        for (const res of streams) res.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
