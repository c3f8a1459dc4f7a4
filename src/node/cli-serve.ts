/**
 * `mapscope serve`: the live view. Serves the built app and a running process's snapshots on the
 * loopback interface (live-server.ts), prints one URL carrying a random token, and runs until
 * Ctrl-C (SIGINT, SIGTERM) or, with --pid, until the process exits.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { DEFAULT_MAX_SIZE, parseDuration, UsageError } from './cli-args.js';
import type { CliIo } from './cli-io.js';
import { CliFailure, EXIT_CANNOT_READ, EXIT_OK } from './cli-exit.js';
import { LOOPBACK_HOSTS, startLiveServer, type LiveServer } from './live-server.js';
import { findAppDir } from './live-static.js';
import { translateReadError } from './errors.js';
import { describeReadError } from './cli-read-error.js';

/** A checked `serve` command line. */
export interface ServeCommand {
  pid: number | null;
  port: number;
  intervalMs: number;
  smaps: boolean;
  open: boolean;
  host: string;
  allowRemote: boolean;
}

/** The shortest interval: reading a 65,530-region smaps takes ~100 ms of the kernel's time. */
export const MIN_INTERVAL_MS = 100;

/** Parses the arguments after `mapscope serve`; null when --help was asked. */
export function parseServeArgs(argv: readonly string[]): ServeCommand | null {
  const command: ServeCommand = { pid: null, port: 0, intervalMs: 1000, smaps: false, open: false, host: '127.0.0.1', allowRemote: false };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw new UsageError(`option ${name} needs a value`);
      return argv[++i];
    };
    const flag = (): true => {
      if (inline !== undefined) throw new UsageError(`option ${name} takes no value`);
      return true;
    };
    switch (name) {
      case '-h':
      case '--help':
        return null;
      case '--pid': {
        const text = value();
        if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(Number(text))) throw new UsageError(`invalid pid "${text}": expected a positive decimal number`);
        command.pid = Number(text);
        break;
      }
      case '--port': {
        const text = value();
        const port = /^[0-9]{1,5}$/.test(text) ? Number(text) : NaN;
        if (!(port >= 0 && port <= 65535)) throw new UsageError(`invalid port "${text}": expected 0 (any free port) to 65535`);
        command.port = port;
        break;
      }
      case '--interval': {
        const text = value();
        const ms = parseDuration(text);
        if (ms === undefined || ms < MIN_INTERVAL_MS) throw new UsageError(`invalid interval "${text}": expected a duration of at least ${MIN_INTERVAL_MS}ms, like 500ms, 1s or 2.5s`);
        command.intervalMs = ms;
        break;
      }
      case '--smaps':
        command.smaps = flag();
        break;
      case '--open':
        command.open = flag();
        break;
      case '--host':
        command.host = value();
        break;
      case '--allow-remote':
        command.allowRemote = flag();
        break;
      default:
        throw new UsageError(`unexpected argument "${argv[i]}" for serve (see mapscope serve --help)`);
    }
  }
  if (command.host === 'localhost') command.host = '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(command.host) && !command.allowRemote) {
    throw new UsageError(
      `refusing to serve on ${command.host}: anyone who can reach that address could ask for the map (with the token). Serve on 127.0.0.1 (the default), or add --allow-remote if you mean it`,
    );
  }
  return command;
}

export const SERVE_HELP = `mapscope serve — watch a running process's memory map in the browser.

Usage:
  mapscope serve [--pid N] [--smaps] [--interval 1s] [--port P] [--open]

Serves the app and the process's snapshots on 127.0.0.1 only, and prints one URL with a random
token (http://127.0.0.1:P/?token=…): open it in a browser on this machine. Without --pid the page
lists the processes whose memory map you may read, to pick one. /proc/N/maps (or smaps with
--smaps) is read every --interval (default 1s, at least ${MIN_INTERVAL_MS}ms) and sent to the page when it
changed; the page keeps the series (Timeline) and can save it as a recording. --port P (default
0: a free port). --open opens the URL in the default browser (xdg-open).

Stops on Ctrl-C, and with --pid when the process exits (the page keeps what it has).

Security: the server answers only requests whose Host is 127.0.0.1:P or localhost:P and that
come from its own page (no other origin, no CORS); process data needs the token; it only reads.
--host ADDR --allow-remote serves on another address (e.g. ::1, or a LAN address): anyone who can
reach it and holds the token can read the map. docs/live.md has the details.`;

/** Opens the URL in the default browser; says so when it cannot. */
function openInBrowser(url: string, io: CliIo): void {
  const child = spawn('xdg-open', [url], { stdio: 'ignore', detached: true });
  child.on('error', () => void io.stderr.write(`mapscope: could not open a browser (xdg-open); open the URL above yourself\n`));
  child.unref();
}

/** Runs `mapscope serve`; resolves with the exit status when it stops. */
export async function runServe(argv: readonly string[], io: CliIo, version: string): Promise<number> {
  const command = parseServeArgs(argv);
  if (command === null) {
    await io.stdout.write(SERVE_HELP + '\n');
    return EXIT_OK;
  }
  const appDir = findAppDir();
  if (appDir === undefined) throw new CliFailure(EXIT_CANNOT_READ, 'the built app is missing: run npm run build (the package ships it in dist/app)', 'dist/app');
  if (command.pid !== null) {
    // The kernel's own answer: no such process, or permission denied (ptrace rules), said as --pid says it.
    const path = `/proc/${command.pid}/maps`;
    try {
      closeSync(openSync(path, 'r'));
    } catch (error) {
      throw new CliFailure(EXIT_CANNOT_READ, describeReadError(translateReadError(error, { path, pid: command.pid }), DEFAULT_MAX_SIZE), path);
    }
  }
  const server: LiveServer = await startLiveServer({
    pid: command.pid,
    file: command.smaps ? 'smaps' : 'maps',
    intervalMs: command.intervalMs,
    port: command.port,
    host: command.host,
    appDir,
    version,
  });
  const what = command.pid === null ? 'the processes you may read' : `process ${command.pid}`;
  await io.stdout.write(`mapscope serve: ${what}, every ${command.intervalMs} ms. Open this URL in a browser on this machine:\n${server.url}\nCtrl-C stops.\n`);
  await io.stdout.flush();
  if (command.open) openInBrowser(server.url, io);

  const stopped = new Promise<string>((resolve) => {
    const onSignal = () => resolve('stopped');
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    server.watchedEnded?.then((why) => resolve(`process ${command.pid} ended (${why})`));
  });
  const why = await stopped;
  await server.close();
  await io.stdout.write(`mapscope serve: ${why}; stopped.\n`);
  return EXIT_OK;
}
