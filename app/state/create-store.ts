/**
 * The app's one store primitive: an immutable state, `set` that merges a patch, and listeners —
 * React reads it through useSyncExternalStore (useStore), code outside React through get and
 * subscribe (the map's frame loop, the URL writer). `sliceOf` gives one key of a store the same
 * interface, so view, find and panel state are slices of the app's one store (app-store.ts).
 * Chosen over zustand: this is all of it (~50 lines), no dependency, and slices keep the stores'
 * interfaces the paint and gesture code already take.
 */
import { useSyncExternalStore } from 'react';

/** A state, its changes and their listeners. A state object is never mutated: every change makes a new one. */
export interface Store<T> {
  get(): T;
  /** Merges `patch` into the state; nothing happens (no listener runs) when no value changes. */
  set(patch: Partial<T>): void;
  /** Calls `listener` after every change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

/** A store holding `initial`. */
export function createStore<T extends object>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(patch) {
      if (!(Object.keys(patch) as (keyof T)[]).some((k) => patch[k] !== state[k])) return;
      state = { ...state, ...patch };
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Key `key` of `store` as a store of its own; its listeners run only when that slice changes. */
export function sliceOf<T extends object, K extends keyof T>(store: Store<T>, key: K): Store<T[K] & object> {
  type S = T[K] & object;
  return {
    get: () => store.get()[key] as S,
    set(patch) {
      const slice = store.get()[key] as S;
      if (!(Object.keys(patch) as (keyof S)[]).some((k) => patch[k] !== slice[k])) return;
      store.set({ [key]: { ...slice, ...patch } } as unknown as Partial<T>);
    },
    subscribe(listener) {
      let last = store.get()[key];
      return store.subscribe(() => {
        const next = store.get()[key];
        if (next === last) return;
        last = next;
        listener();
      });
    },
  };
}

/** A slice of `store`'s state; the component re-renders only when the selected value changes (Object.is). */
export function useStore<T, S>(store: Store<T>, select: (state: T) => S): S {
  return useSyncExternalStore(
    store.subscribe,
    () => select(store.get()),
    () => select(store.get()),
  );
}
