/**
 * One engine's concurrency slots (issue 5 item 3): at most `limit()` pieces of work run
 * at once, the rest wait first in, first out, and a wait can be aborted. The owner says
 * when slots may be granted at all (`ready()`: not while loading or reloading) and closes
 * the queue when its engine goes. Knows nothing about models or adapters.
 */
import { AppError } from '../../core/errors';

/** A signal the queue can listen to (a real AbortSignal in the worker). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface SlotQueueOptions {
  /** Names the engine in error messages. */
  name: string;
  /** Most slots held at once; read on every grant, so a raised limit applies at the next `pump`. */
  limit(): number;
  /** False holds every waiter (the engine is loading or due to reload). */
  ready(): boolean;
}

export interface SlotQueue {
  /**
   * Resolves with the slot's controller once a slot is free and nobody waits ahead.
   * Rejects `model-aborted` when `signal` aborts first, and with the close error once closed.
   */
  take(signal?: AbortSignalLike): Promise<AbortController>;
  /** Frees a slot taken by `take`, and grants it to the next waiter. */
  release(controller: AbortController): void;
  /** Grants waiting slots up to the limit (after the limit rose or the engine became ready). */
  pump(): void;
  /** Rejects every waiter and every later `take` with `error`; running work is left alone. */
  close(error: unknown): void;
  /** Aborts the signal of every running piece of work. */
  abortRunning(): void;
  /** Resolves once nothing runs. */
  whenIdle(): Promise<void>;
  readonly running: number;
  readonly waiting: number;
}

interface Waiter {
  grant(): void;
  fail(error: unknown): void;
}

export function createSlotQueue(options: SlotQueueOptions): SlotQueue {
  const running = new Set<AbortController>();
  const waiters: Waiter[] = [];
  const idle: (() => void)[] = [];
  let closed: { error: unknown } | undefined;

  const pump = () => {
    if (closed || !options.ready()) return;
    while (running.size < options.limit() && waiters.length > 0) waiters.shift()!.grant();
  };

  return {
    take: (signal) =>
      new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new AppError('model-aborted', 'stopped before it started'));
        if (closed) return reject(closed.error);
        let onAbort: (() => void) | undefined;
        const waiter: Waiter = {
          grant() {
            if (onAbort) signal?.removeEventListener('abort', onAbort);
            const controller = new AbortController();
            running.add(controller);
            resolve(controller);
          },
          fail(error) {
            if (onAbort) signal?.removeEventListener('abort', onAbort);
            reject(error);
          },
        };
        // FIFO: a free slot goes to whoever waits first, not to a newcomer.
        if (options.ready() && waiters.length === 0 && running.size < options.limit()) return waiter.grant();
        onAbort = () => {
          const index = waiters.indexOf(waiter);
          if (index >= 0) waiters.splice(index, 1);
          reject(new AppError('model-aborted', `stopped while waiting for a free slot on ${options.name}`));
        };
        signal?.addEventListener('abort', onAbort);
        waiters.push(waiter);
      }),

    release(controller) {
      if (!running.delete(controller)) return;
      if (running.size === 0) for (const resolve of idle.splice(0)) resolve();
      pump();
    },

    pump,

    close(error) {
      closed ??= { error };
      for (const waiter of waiters.splice(0)) waiter.fail(error);
    },

    abortRunning() {
      for (const controller of running) controller.abort();
    },

    whenIdle: () => (running.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve))),

    get running() {
      return running.size;
    },
    get waiting() {
      return waiters.length;
    },
  };
}
