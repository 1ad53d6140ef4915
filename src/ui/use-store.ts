import { createContext, useContext, useRef, useSyncExternalStore } from 'react';
import type { App } from '../app/create-app';
import type { ReadonlyStore } from '../app/store';

// How React reads the app: the one App object from context, and any store's state through a
// selector, re-rendering only when what the selector picks changes.

export const AppContext = createContext<App | null>(null);

export function useApp(): App {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside <AppContext.Provider>');
  return app;
}

/** `selector(store state)`, kept current; computed once per state (and selector), so objects it builds are stable. */
export function useStore<T, S>(store: ReadonlyStore<T>, selector: (state: T) => S): S {
  const cache = useRef<{ state: T; selector: (state: T) => S; selected: S } | null>(null);
  const read = (): S => {
    const state = store.get();
    const hit = cache.current;
    if (hit && hit.state === state && hit.selector === selector) return hit.selected;
    const selected = selector(state);
    // A new state that selects an equal primitive keeps the old value: no re-render.
    cache.current = { state, selector, selected: hit && Object.is(hit.selected, selected) ? hit.selected : selected };
    return cache.current.selected;
  };
  return useSyncExternalStore(store.subscribe, read, read);
}
