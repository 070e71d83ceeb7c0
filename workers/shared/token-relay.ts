/**
 * Tokens cross the worker boundary in batches: one Comlink call per token costs a
 * message each way, which at thousands of tokens per second is a fifth of the tiny
 * model's time. The first token goes at once (time to first token is not delayed);
 * later ones at most every `intervalMs` (a frame: the UI cannot show them faster), and
 * a timer sends what is left when the model pauses (a slow server never holds a token).
 */

export interface RelayTimers {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface TokenRelay {
  push(token: string): void;
  /** Sends whatever is pending now (call before the generation resolves). */
  flush(): void;
}

export const TOKEN_BATCH_INTERVAL_MS = 16;

/** The worker's own clock and timers. */
export const DEFAULT_RELAY_TIMERS: RelayTimers = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createTokenRelay(
  send: (tokens: string[]) => void,
  timers: RelayTimers,
  intervalMs = TOKEN_BATCH_INTERVAL_MS,
): TokenRelay {
  let pending: string[] = [];
  let lastSent: number | undefined;
  let timer: unknown;

  const flush = () => {
    if (timer !== undefined) {
      timers.clearTimeout(timer);
      timer = undefined;
    }
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    lastSent = timers.now();
    send(batch);
  };

  return {
    push(token) {
      pending.push(token);
      const now = timers.now();
      if (lastSent === undefined || now - lastSent >= intervalMs) {
        flush();
        return;
      }
      timer ??= timers.setTimeout(
        () => {
          timer = undefined;
          flush();
        },
        intervalMs - (now - lastSent),
      );
    },
    flush,
  };
}
