/**
 * A minimal abort source for core, which has no DOM `AbortController` type. It
 * satisfies `AbortLike`, so the loop and the probe model accept it as well as a real
 * `AbortSignal`; tests in core use it to stop an episode.
 */
import type { AbortLike } from './model';

export interface AbortSource {
  readonly signal: AbortLike;
  /** Idempotent: listeners run once, on the first call. */
  abort(): void;
}

/** Returns a fresh, not yet aborted source. */
export function createAbortSource(): AbortSource {
  const listeners: Array<() => void> = [];
  const signal = {
    aborted: false,
    addEventListener(_type: 'abort', listener: () => void) {
      if (signal.aborted) return;
      listeners.push(listener);
    },
  };
  return {
    signal,
    abort() {
      if (signal.aborted) return;
      signal.aborted = true;
      for (const listener of listeners.splice(0)) listener();
    },
  };
}

/** A promise that resolves when `signal` aborts (never, without a signal). */
export function whenAborted(signal: AbortLike | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal === undefined) return;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve());
  });
}
