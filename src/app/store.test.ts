import { describe, expect, test } from 'vitest';
import { createStore, when } from './store';

describe('store', () => {
  test('a change replaces the state and tells listeners; a change to equal values tells nobody', () => {
    const store = createStore({ count: 0, label: 'a' });
    const first = store.get();
    const heard: number[] = [];
    const stop = store.subscribe(() => heard.push(store.get().count));
    store.set({ count: 1 });
    store.set((s) => ({ count: s.count + 1 }));
    store.set({ label: 'a' });
    expect(heard).toEqual([1, 2]);
    expect(first).toEqual({ count: 0, label: 'a' }); // never mutated
    stop();
    store.set({ count: 9 });
    expect(heard).toEqual([1, 2]);
  });

  test('when resolves on the first state that passes, now or later', async () => {
    const store = createStore({ ready: false });
    const later = when(store, (s) => s.ready);
    store.set({ ready: true });
    expect(await later).toEqual({ ready: true });
    expect(await when(store, (s) => s.ready)).toEqual({ ready: true });
  });
});
