/**
 * The loaded-file store: one small external store (React's useSyncExternalStore), holding the
 * file the app shows. The shell writes it (app/workers/parse-client.ts); the views read `table`
 * and `index` from it. A state object is never mutated: every change makes a new one.
 */
import { useSyncExternalStore } from 'react';
import type { Diagnostic, FormatName, LineStats, RegionIndex, RegionTable } from '../../src/internal';
import type { LoadErrorInfo, LoadProgress } from '../workers/protocol';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

/** How the file came in. */
export type LoadOrigin = 'sample' | 'drop' | 'picker' | 'paste';

export interface LoadedFile {
  status: LoadStatus;
  /** Increases with every load started, so that views can reset (zoom, selection) per file. */
  loadId: number;
  fileName: string | null;
  origin: LoadOrigin | null;
  /** Size of the input as given (compressed size for a .gz), in bytes. */
  sizeBytes: number | null;
  /** Size of the text that was parsed, in bytes. */
  textBytes: number | null;
  compressed: boolean;
  format: FormatName | 'unknown' | null;
  table: RegionTable | null;
  index: RegionIndex | null;
  /** Sum of the regions' sizes, exact. */
  mappedBytes: bigint | null;
  /** Errors (lines that could not be read) and warnings, in line order. */
  diagnostics: readonly Diagnostic[];
  stats: LineStats | null;
  /** Facts about the input that are not about one line (e.g. invalid UTF-8). */
  notices: readonly string[];
  /** While loading: what the worker is doing. */
  progress: LoadProgress | null;
  /** When failed: why. */
  error: LoadErrorInfo | null;
  /** Worker time per phase of the last load, in ms. */
  timingsMs: { read: number; parse: number; index: number } | null;
}

export const IDLE: LoadedFile = {
  status: 'idle',
  loadId: 0,
  fileName: null,
  origin: null,
  sizeBytes: null,
  textBytes: null,
  compressed: false,
  format: null,
  table: null,
  index: null,
  mappedBytes: null,
  diagnostics: [],
  stats: null,
  notices: [],
  progress: null,
  error: null,
  timingsMs: null,
};

let state: LoadedFile = IDLE;
const listeners = new Set<() => void>();

/** The current state. */
export function getLoadedFile(): LoadedFile {
  return state;
}

/** Replaces the state (the shell's loader calls this; views only read). */
export function setLoadedFile(next: LoadedFile): void {
  if (next === state) return;
  state = next;
  for (const listener of listeners) listener();
}

/** Calls `listener` after every change; returns the unsubscribe function. */
export function subscribeLoadedFile(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The loaded file, re-rendering the component when it changes. */
export function useLoadedFile(): LoadedFile {
  return useSyncExternalStore(subscribeLoadedFile, getLoadedFile, getLoadedFile);
}
