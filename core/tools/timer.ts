/**
 * Timers and abort sources for tool calls. Core has no DOM or Node types, so the host's
 * `setTimeout` is reached through a typed view of `globalThis`; tests pass their own.
 */
import type { ToolContext } from './types';

/** Calls `fn` after `ms`; the returned function cancels it. */
export type Timer = (ms: number, fn: () => void) => () => void;

interface HostTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The host's setTimeout (browser, worker or Node). */
export const hostTimer: Timer = (ms, fn) => {
  const host = globalThis as unknown as HostTimers;
  const handle = host.setTimeout(fn, ms);
  return () => host.clearTimeout(handle);
};

export type AbortLike = NonNullable<ToolContext['signal']>;

/** An abort signal core can create, with the reason it was aborted for. */
export interface Aborter {
  readonly signal: AbortLike;
  abort(reason: string): void;
  reason(): string | undefined;
}

/** A fresh source; `parent` aborting aborts it too (a call stopped with its episode). */
export function createAborter(parent?: AbortLike): Aborter {
  const listeners: Array<() => void> = [];
  let why: string | undefined;
  const signal = {
    aborted: false,
    addEventListener(_type: 'abort', listener: () => void) {
      if (!signal.aborted) listeners.push(listener);
    },
  };
  const abort = (reason: string) => {
    if (signal.aborted) return;
    why = reason;
    signal.aborted = true;
    for (const listener of listeners.splice(0)) listener();
  };
  if (parent?.aborted) abort('stopped');
  else parent?.addEventListener('abort', () => abort('stopped'));
  return { signal, abort, reason: () => why };
}

/** Human seconds: 15000 -> "15 s", 1500 -> "1.5 s". */
export const seconds = (ms: number): string => `${Math.round(ms / 10) / 100} s`;
