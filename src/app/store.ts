// The one observable store every app concern uses: a value replaced (never mutated) on each
// change, and listeners told synchronously. React reads it through `useStore` (src/ui/use-store.ts);
// tests read `get()` directly.

export interface Store<T> {
  get(): T;
  /** Replaces the state with `patch` merged in (or what `update` returns); listeners run if anything changed. */
  set(patch: Partial<T> | ((state: T) => Partial<T>)): void;
  subscribe(listener: () => void): () => void;
}

export type ReadonlyStore<T> = Pick<Store<T>, 'get' | 'subscribe'>;

export function createStore<T extends object>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(patch) {
      const changes = typeof patch === 'function' ? patch(state) : patch;
      if (Object.keys(changes).every((key) => Object.is(changes[key as keyof T], state[key as keyof T]))) return;
      state = { ...state, ...changes };
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Resolves on the first state `test` accepts (now, or after a change). */
export function when<T>(store: ReadonlyStore<T>, test: (state: T) => boolean): Promise<T> {
  if (test(store.get())) return Promise.resolve(store.get());
  return new Promise((resolve) => {
    const stop = store.subscribe(() => {
      if (!test(store.get())) return;
      stop();
      resolve(store.get());
    });
  });
}
