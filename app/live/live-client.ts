/**
 * The page's side of `mapscope serve` (src/node/live-server.ts): the token from the printed URL,
 * the session, the process picker's list, and the stream of snapshots, each kept in the live
 * store. The token is taken out of the address bar at once (history.replaceState) and kept in
 * sessionStorage, so a reload keeps working and the URL shown or shared carries no key; it goes
 * only in an `Authorization` header to this page's own server (CSP connect-src 'self').
 * Served by anything else (npm start, a static host), the page has no token and none of this runs.
 */
import { createStore, useStore } from '../state/create-store';

const TOKEN_KEY = 'mapscope-live-token';

/** One snapshot the server sent: the kernel's bytes as read. */
export interface LiveSnapshot {
  seq: number;
  /** When it was read, ms since the epoch. */
  time: number;
  pid: number;
  file: 'maps' | 'smaps';
  bytes: Uint8Array;
}

/** A process the picker offers. */
export interface LiveProcess {
  pid: number;
  name: string;
  commandLine: string;
}

export type LiveStatus =
  /** Not served by `mapscope serve`. */
  | 'off'
  | 'connecting'
  /** No process chosen yet (`serve` without --pid). */
  | 'picking'
  | 'following'
  /** The process exited; the snapshots stay. */
  | 'ended'
  /** The server refused the token, or went away: `message` says what to do. */
  | 'failed';

export interface LiveState {
  status: LiveStatus;
  pid: number | null;
  file: 'maps' | 'smaps';
  intervalMs: number;
  snapshots: readonly LiveSnapshot[];
  /** Snapshots the server dropped before this page saw them (its memory bound). */
  dropped: number;
  /** While paused, new snapshots are kept but the shown one stays. */
  paused: boolean;
  /** seq of the snapshot shown; 0 for none yet. */
  shownSeq: number;
  processes: readonly LiveProcess[] | null;
  /** Why the process ended, or what failed. */
  message: string | null;
}

export const liveStore = createStore<LiveState>({
  status: 'off',
  pid: null,
  file: 'maps',
  intervalMs: 1000,
  snapshots: [],
  dropped: 0,
  paused: false,
  shownSeq: 0,
  processes: null,
  message: null,
});

export function useLive<T>(select: (state: LiveState) => T): T {
  return useStore(liveStore, select);
}

/** What the page tells a user whose URL has no valid token. */
export const TOKEN_HELP =
  'This page needs the URL that `mapscope serve` printed when it started (http://127.0.0.1:PORT/?token=…): open that URL again, or start `mapscope serve` for a new one.';

/** Takes the token out of the address bar (keeping it for reloads); null when the page was not opened with one. */
export function takeToken(location: Location = window.location): string | null {
  const params = new URLSearchParams(location.search);
  const given = params.get('token');
  if (given !== null) {
    sessionStorage.setItem(TOKEN_KEY, given);
    params.delete('token');
    const search = params.toString();
    history.replaceState(history.state, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
    return given;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/** True when the page was opened from `mapscope serve`'s URL (now, or before a reload of this tab). */
export function hasLiveToken(location: Location = window.location): boolean {
  return new URLSearchParams(location.search).has('token') || sessionStorage.getItem(TOKEN_KEY) !== null;
}

/** The connection to the live server: its token, the stream followed, and where snapshots go. One per page. */
class LiveConnection {
  token: string | null = null;
  following: AbortController | null = null;
  /** Shows the snapshots not shown yet, oldest first; false when the page cannot take them now (a load runs): catchUp offers them again. */
  onSnapshots: (snapshots: LiveSnapshot[]) => boolean = () => false;
}
const connection = new LiveConnection();

function authorized(path: string, signal?: AbortSignal): Promise<Response> {
  return fetch(path, { headers: { Authorization: `Bearer ${connection.token}` }, cache: 'no-store', signal });
}

/** Why a response refused us, as the page says it. */
async function refusal(response: Response): Promise<string> {
  if (response.status === 401 || response.status === 403) {
    const said = (await response.text().catch(() => '')).trim();
    return /token/i.test(said) ? TOKEN_HELP : said.replace(/^\{"error":"(.*)"\}$/, '$1') || TOKEN_HELP;
  }
  return `The live server answered ${response.status} ${response.statusText}.`;
}

function fail(message: string): void {
  liveStore.set({ status: 'failed', message });
}

/** base64 to bytes (atob gives one char per byte). */
function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Handles one server-sent event block (`event: …` and `data: …` lines). */
function handleEvent(block: string): void {
  let event = 'message';
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data += line.slice(6);
  }
  if (data === '') return;
  const value = JSON.parse(data) as Record<string, unknown>;
  const state = liveStore.get();
  if (event === 'snapshot') {
    const snapshot: LiveSnapshot = {
      seq: value.seq as number,
      time: value.time as number,
      pid: value.pid as number,
      file: value.file as 'maps' | 'smaps',
      bytes: fromBase64(value.bytes as string),
    };
    if (state.snapshots.some((s) => s.seq === snapshot.seq)) return;
    liveStore.set({ snapshots: [...state.snapshots, snapshot], dropped: value.dropped as number });
    catchUp();
  } else if (event === 'exit') {
    liveStore.set({ status: 'ended', message: `Process ${value.pid} ended (${String(value.why)}). The snapshots taken so far stay here.` });
  } else if (event === 'problem') {
    liveStore.set({ message: String(value.message) });
  }
}

/** Offers the page every snapshot it has not shown yet (unless paused); they count as shown once it takes them. */
export function catchUp(): void {
  const { snapshots, shownSeq, paused } = liveStore.get();
  const missed = snapshots.filter((s) => s.seq > shownSeq);
  if (paused || missed.length === 0) return;
  if (connection.onSnapshots(missed)) liveStore.set({ shownSeq: missed[missed.length - 1].seq });
}

/** Follows process `pid`'s stream until it ends, the page stops it, or the server goes away. */
export async function follow(pid: number): Promise<void> {
  connection.following?.abort();
  const controller = new AbortController();
  connection.following = controller;
  liveStore.set({ status: 'following', pid, snapshots: [], dropped: 0, shownSeq: 0, paused: false, message: null });
  let response: Response;
  try {
    response = await authorized(`/api/stream?pid=${pid}`, controller.signal);
  } catch {
    if (!controller.signal.aborted) fail('The live server cannot be reached: `mapscope serve` has stopped. The snapshots taken so far stay here.');
    return;
  }
  if (!response.ok || response.body === null) return fail(await refusal(response));
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        handleEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch {
    // Aborted by the page (another process picked), or the connection dropped: said below.
  }
  if (controller.signal.aborted) return;
  if (liveStore.get().status === 'following') {
    fail('The live server closed the stream: `mapscope serve` has stopped. The snapshots taken so far stay here.');
  }
}

/** Pauses (the shown snapshot stays while new ones are kept) or resumes (shows the newest). */
export function setPaused(paused: boolean): void {
  liveStore.set({ paused });
  catchUp();
}

/** Loads the process list for the picker. */
export async function loadProcesses(): Promise<void> {
  const response = await authorized('/api/processes').catch(() => null);
  if (response === null) return fail('The live server cannot be reached: `mapscope serve` has stopped.');
  if (!response.ok) return fail(await refusal(response));
  liveStore.set({ processes: (await response.json()) as LiveProcess[] });
}

/**
 * Starts the live view when the page was opened from `mapscope serve`'s URL: `showSnapshots` is
 * called with the snapshots to add to the view, oldest first. Returns false (nothing started) for a page served otherwise.
 */
export async function startLive(showSnapshots: (snapshots: LiveSnapshot[]) => boolean): Promise<boolean> {
  connection.token = takeToken();
  if (connection.token === null) return false;
  connection.onSnapshots = showSnapshots;
  liveStore.set({ status: 'connecting' });
  const response = await authorized('/api/session').catch(() => null);
  if (response === null) {
    fail('The live server cannot be reached: `mapscope serve` has stopped. Start it again and open the URL it prints.');
    return true;
  }
  if (!response.ok) {
    fail(await refusal(response));
    return true;
  }
  const session = (await response.json()) as { pid: number | null; file: 'maps' | 'smaps'; intervalMs: number };
  liveStore.set({ file: session.file, intervalMs: session.intervalMs });
  if (session.pid === null) {
    liveStore.set({ status: 'picking' });
    await loadProcesses();
  } else {
    void follow(session.pid);
  }
  return true;
}
