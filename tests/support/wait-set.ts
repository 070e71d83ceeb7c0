/** Promises that resolve when a condition becomes true, re-checked whenever `notify()` is called (no polling). */
export interface WaitSet {
  /** Re-checks every pending condition (call after each state change). */
  notify(): void;
  /** Resolves once `check()` is true; rejects naming `what` after `timeoutMs`. */
  waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<void>;
}

export function createWaitSet(): WaitSet {
  const waiters = new Set<() => void>();
  return {
    notify: () => {
      for (const waiter of [...waiters]) waiter();
    },
    waitFor: (what, check, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`timed out waiting for ${what}`));
        }, timeoutMs);
        const waiter = () => {
          if (!check()) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve();
        };
        waiters.add(waiter);
        waiter();
      }),
  };
}
