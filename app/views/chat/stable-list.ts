/**
 * A list whose items keep their identity across updates: each new array from the source
 * is reconciled by key into a store, so <For> keeps the DOM of items that are still there
 * and only the fields that changed update (a streaming reply re-renders its own message,
 * not the conversation). The source's objects are copied first: the store writes into
 * what it holds, and those must not be objects a memo still caches.
 */
import { createComputed } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';

export function createStableList<T extends object>(
  source: () => readonly T[],
  key: string & keyof T,
  copy: (item: T) => T = (item) => ({ ...item }),
): () => T[] {
  const [state, setState] = createStore<{ items: T[] }>({ items: [] });
  createComputed(() => {
    const next = source().map(copy);
    setState('items', reconcile(next, { key }));
  });
  return () => state.items;
}
