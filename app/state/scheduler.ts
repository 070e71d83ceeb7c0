/**
 * Named timers with injectable timer functions (tests pass fakes): `once` schedules
 * a callback unless one with that name is already pending, which is what bounds the
 * stream's UI latency (the first event of a burst starts the clock, later ones wait).
 */

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface Scheduler {
  once(name: string, ms: number, fn: () => void): void;
  every(name: string, ms: number, fn: () => void): void;
  cancel(name: string): void;
  cancelAll(): void;
}

const globalTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
  clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof globalThis.setInterval>),
};

export function createScheduler(timers: Timers = globalTimers): Scheduler {
  const handles = new Map<string, { handle: unknown; repeat: boolean }>();
  const cancel = (name: string) => {
    const entry = handles.get(name);
    if (!entry) return;
    if (entry.repeat) timers.clearInterval(entry.handle);
    else timers.clearTimeout(entry.handle);
    handles.delete(name);
  };
  return {
    once(name, ms, fn) {
      if (handles.has(name)) return;
      const handle = timers.setTimeout(() => {
        handles.delete(name);
        fn();
      }, ms);
      handles.set(name, { handle, repeat: false });
    },
    every(name, ms, fn) {
      cancel(name);
      handles.set(name, { handle: timers.setInterval(fn, ms), repeat: true });
    },
    cancel,
    cancelAll() {
      for (const name of [...handles.keys()]) cancel(name);
    },
  };
}
