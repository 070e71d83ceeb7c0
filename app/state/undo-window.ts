/**
 * Deletions with an Undo window: an item is pending for `ms`, then `commit` runs (the
 * tombstone is written); `undo` within the window cancels it and nothing is committed.
 * Holds no IO itself; the timers are injected so tests move time by hand.
 */
import { createSignal, type Accessor } from 'solid-js';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PendingDelete {
  id: string;
  title: string;
}

export interface UndoWindow {
  /** Items in their window, oldest first. */
  pending: Accessor<PendingDelete[]>;
  /** Starts the window for `item` (once: a second call while pending is ignored). */
  start(item: PendingDelete): void;
  /** False when `id` is not pending (never started, undone, or committed). */
  undo(id: string): boolean;
  /** Commits every pending item now (the page is closing). */
  flush(): Promise<void>;
}

export const browserTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as number),
};

/** `commit` must not throw (report failures itself); the item leaves `pending` once it settles. */
export function createUndoWindow(deps: { ms: number; timers: Timers; commit(id: string): Promise<void> }): UndoWindow {
  const [pending, setPending] = createSignal<PendingDelete[]>([]);
  const handles = new Map<string, unknown>();
  const drop = (id: string) => setPending((list) => list.filter((p) => p.id !== id));
  const commit = async (id: string) => {
    handles.delete(id);
    try {
      await deps.commit(id);
    } finally {
      // Committed: the tombstone hides it from now on (a failed write brings it back).
      drop(id);
    }
  };
  return {
    pending,
    start(item) {
      if (handles.has(item.id)) return;
      setPending((list) => [...list, item]);
      handles.set(
        item.id,
        deps.timers.setTimeout(() => void commit(item.id), deps.ms),
      );
    },
    undo(id) {
      const handle = handles.get(id);
      if (handle === undefined) return false;
      deps.timers.clearTimeout(handle);
      handles.delete(id);
      drop(id);
      return true;
    },
    async flush() {
      const ids = [...handles.keys()];
      for (const id of ids) deps.timers.clearTimeout(handles.get(id));
      await Promise.all(ids.map(commit));
    },
  };
}
