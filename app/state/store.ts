/**
 * The loaded-file store: one small external store (React's useSyncExternalStore), holding the
 * file the app shows — its table, index, view model, analysis and module index in one object.
 * The shell writes it (app/workers/parse-client.ts); the views read slices of it. A state object
 * is never mutated: every change makes a new one.
 */
import { useSyncExternalStore } from 'react';
import type { Diagnostic, FormatName, LineStats, ModuleBases, RegionIndex, RegionTable } from '../../src/internal';
import type { LoadErrorInfo, LoadProgress } from '../workers/protocol';
import type { Analysis } from '../workers/analysis';
import type { ViewModel } from './view-model';

/** Where the module index of a file stands: it comes with the analysis, the job's last stage. */
export type ModuleIndexState = { status: 'ready'; modules: ModuleBases } | { status: 'pending' } | { status: 'failed'; message: string };

export const MODULES_PENDING: ModuleIndexState = { status: 'pending' };

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

/** How the file came in. */
export type LoadOrigin = 'sample' | 'drop' | 'picker' | 'paste';

export interface LoadedFile {
  status: LoadStatus;
  /** The parse worker's job that loaded the file (its analysis arrives under the same id); 0 for none. */
  jobId: number;
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
  /** The address-space view's model, over the worker's arrays. */
  view: ViewModel | null;
  /** Modules, summary and findings; null until the worker sends them (or when it failed: see moduleIndex). */
  analysis: Analysis | null;
  /** Address lookup's module index, adopted from the analysis; its `failed` state says why the analysis failed. */
  moduleIndex: ModuleIndexState;
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
  jobId: 0,
  loadId: 0,
  fileName: null,
  origin: null,
  sizeBytes: null,
  textBytes: null,
  compressed: false,
  format: null,
  table: null,
  index: null,
  view: null,
  analysis: null,
  moduleIndex: MODULES_PENDING,
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

/** A slice of the loaded file; the component re-renders only when the slice changes (compared with Object.is). */
export function useLoadedSlice<T>(select: (file: LoadedFile) => T): T {
  return useSyncExternalStore(
    subscribeLoadedFile,
    () => select(state),
    () => select(state),
  );
}
