/**
 * Writes the stream's read-model snapshot in the background (SPEC §8): after every
 * `everyEvents` folded events, and when the page is hidden or goes away, at most once
 * per `minIntervalMs`. The work is bounded because the states are (caps, not the
 * journal's length), and it runs off the hot path: in an idle callback when the
 * browser has one, else on a timer; only a page that is going away writes at once
 * (idle callbacks do not run any more then). A failed write is logged, never fatal:
 * the next start just folds more. Erasure (SPEC §7) invalidates: the row is cleared
 * and nothing is written until the rebuilt states are (`writeNow`).
 */
import type { SnapshotStore, StoredSnapshot } from './snapshot-store';
import type { Timers } from './scheduler';

/** The page events the writer listens to (the window and document, or a test's stand-in). */
export interface PageLifecycle {
  /** Calls `listener` when the page is hidden (visibilitychange → hidden) or goes away (pagehide). */
  onLeave(listener: () => void): () => void;
}

export interface SnapshotWriterDeps {
  store: SnapshotStore;
  /** The snapshot to write now, or undefined when the stream has none to give (loading, rebuilding). */
  take(): StoredSnapshot | undefined;
  /** Milliseconds, for the interval between writes. */
  now(): number;
  timers?: Timers | undefined;
  /** Runs `task` when the main thread is idle (default: requestIdleCallback, else a timer). */
  idle?: ((task: () => void) => void) | undefined;
  /** Default: the browser's (browserPageLifecycle); tests pass a stand-in. */
  page?: PageLifecycle | undefined;
  /** Folded events that call for a write (default 2000). */
  everyEvents?: number;
  /** Shortest time between two writes (default 10 s). */
  minIntervalMs?: number;
  onError?(error: unknown): void;
}

export interface SnapshotWriter {
  /** Counts folded events; enough of them schedule a write. */
  folded(count: number): void;
  /** Writes at once, lifting `invalidate`'s hold. */
  writeNow(): Promise<void>;
  /** Lifts `invalidate`'s hold and writes as soon as the interval allows (the states were just rebuilt). */
  resume(): void;
  /** Clears the stored snapshot and holds writes until `writeNow`. */
  invalidate(): Promise<void>;
  /** Resolves when the writes and clears asked for so far are done. */
  idle(): Promise<void>;
  /** Snapshots written since start. */
  written(): number;
  dispose(): void;
}

/** The browser's page lifecycle: visibilitychange → hidden and pagehide. */
export function browserPageLifecycle(): PageLifecycle | undefined {
  if (typeof window === 'undefined' || typeof document === 'undefined') return undefined;
  return {
    onLeave(listener) {
      const onVisibility = () => {
        if (document.visibilityState === 'hidden') listener();
      };
      document.addEventListener('visibilitychange', onVisibility);
      window.addEventListener('pagehide', listener);
      return () => {
        document.removeEventListener('visibilitychange', onVisibility);
        window.removeEventListener('pagehide', listener);
      };
    },
  };
}

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
  clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof globalThis.setInterval>),
};

export function createSnapshotWriter(deps: SnapshotWriterDeps): SnapshotWriter {
  const timers = deps.timers ?? defaultTimers;
  const everyEvents = deps.everyEvents ?? 2000;
  const minInterval = deps.minIntervalMs ?? 10_000;
  const report = deps.onError ?? ((error: unknown) => console.warn('writing the read-model snapshot failed', error));
  const idle =
    deps.idle ??
    ((task: () => void) => {
      if (typeof requestIdleCallback === 'function') requestIdleCallback(() => task(), { timeout: 2000 });
      else timers.setTimeout(task, 0);
    });
  let since = 0;
  let lastWrite = Number.NEGATIVE_INFINITY;
  let held = false;
  let disposed = false;
  let scheduled = false;
  let timer: unknown;
  let written = 0;
  // Writes and clears run one after another, so a clear is never overtaken by an older write.
  let chain: Promise<void> = Promise.resolve();

  const write = () => {
    chain = chain.then(async () => {
      if (held || disposed) return;
      const snapshot = deps.take();
      if (snapshot === undefined) return;
      since = 0;
      lastWrite = deps.now();
      try {
        await deps.store.saveSnapshot(snapshot);
        written++;
      } catch (error) {
        report(error);
      }
    });
    return chain;
  };

  /** A write as soon as the interval allows: `urgent` (the page is leaving) skips the idle wait. */
  const request = (urgent: boolean) => {
    if (held || disposed || scheduled) return;
    const wait = lastWrite + minInterval - deps.now();
    if (wait > 0) {
      if (timer === undefined)
        timer = timers.setTimeout(() => {
          timer = undefined;
          request(false);
        }, wait);
      return;
    }
    if (urgent) {
      void write();
      return;
    }
    scheduled = true;
    idle(() => {
      scheduled = false;
      void write();
    });
  };

  const stopPage = (deps.page ?? browserPageLifecycle())?.onLeave(() => {
    if (since > 0) request(true);
  });

  return {
    folded(count) {
      since += count;
      if (since >= everyEvents) request(false);
    },
    writeNow() {
      held = false;
      return write();
    },
    resume() {
      held = false;
      since = Math.max(since, 1);
      request(false);
    },
    invalidate() {
      held = true;
      chain = chain.then(() => deps.store.clearSnapshot().catch(report));
      return chain;
    },
    idle: async () => {
      for (let current = chain; ; current = chain) {
        await current;
        if (current === chain) return;
      }
    },
    written: () => written,
    dispose() {
      disposed = true;
      stopPage?.();
      if (timer !== undefined) timers.clearTimeout(timer);
    },
  };
}
