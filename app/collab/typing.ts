/**
 * The "is typing" signal from the composer: on while the draft has unsent text and a key
 * was pressed in the last `idleMs`; off at once on send, on blur and on an empty draft.
 * Calls `set` only on changes. Timers are injected, so tests run on a fake clock.
 */

export const TYPING_IDLE_MS = 3_000;

export interface TypingTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface TypingTracker {
  input(draft: string): void;
  /** The message was sent, or the composer lost focus. */
  stop(): void;
  dispose(): void;
}

export function createTypingTracker(
  set: (typing: boolean) => void,
  timers: TypingTimers,
  idleMs = TYPING_IDLE_MS,
): TypingTracker {
  let typing = false;
  let timer: unknown;
  const clear = () => {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
  };
  const change = (next: boolean) => {
    if (next !== typing) set((typing = next));
  };
  const stop = () => (clear(), change(false));
  return {
    input(draft) {
      if (!draft.trim()) return stop();
      clear();
      change(true);
      timer = timers.setTimeout(() => ((timer = undefined), change(false)), idleMs);
    },
    stop,
    dispose: clear,
  };
}
