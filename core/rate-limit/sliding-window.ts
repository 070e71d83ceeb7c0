/**
 * An exact sliding-log rate limiter: a request of cost `c` is admitted at time `t`
 * only if the admitted cost in the window (t - window, t] plus `c` stays within the
 * limit, so no window of that length ever holds more than the limit. Pure: the clock
 * is passed in; memory is bounded by an LRU cap on keys and by pruning expired logs.
 */
import type { Clock } from '../lib/clock';

export interface SlidingWindowOptions {
  /** Most cost admitted in any window. */
  readonly limit: number;
  readonly windowMs: number;
  readonly clock: Clock;
  /** Keys kept at most; the least recently used key is evicted first (default 100 000). */
  readonly maxKeys?: number;
}

export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  /** Cost still admissible now, after this decision. */
  readonly remaining: number;
  /** Milliseconds until the oldest admitted entry leaves the window (0 when the log is empty). */
  readonly resetMs: number;
  /** When denied: milliseconds until this same request would be admitted. */
  readonly retryAfterMs: number;
}

export interface SlidingWindowLimiter {
  /** Admits (and records) or denies one request of `cost` (default 1) for `key`. */
  hit(key: string, cost?: number): RateDecision;
  /** Records `cost` for `key` without checking (e.g. a failed login charged after the fact). */
  charge(key: string, cost: number): void;
  /** Number of keys held. */
  size(): number;
}

/** Builds a limiter; `limit` ≥ 1 and `windowMs` ≥ 1. */
export function createSlidingWindowLimiter(options: SlidingWindowOptions): SlidingWindowLimiter {
  const { limit, windowMs, clock } = options;
  const maxKeys = options.maxKeys ?? 100_000;
  if (!(limit >= 1) || !(windowMs >= 1)) throw new RangeError('limit and windowMs must be at least 1');
  // Each log holds admitted timestamps in ascending order, one per unit of cost.
  const logs = new Map<string, number[]>();
  let sweepAt = 0;

  function logFor(key: string, now: number): number[] {
    if (now >= sweepAt) sweep(now);
    let log = logs.get(key);
    if (log === undefined) {
      log = [];
      if (logs.size >= maxKeys) evictOldest();
    } else {
      logs.delete(key); // re-insert below so Map order stays least-recently-used first
      prune(log, now);
    }
    logs.set(key, log);
    return log;
  }

  function prune(log: number[], now: number): void {
    let drop = 0;
    while (drop < log.length && log[drop]! <= now - windowMs) drop += 1;
    if (drop > 0) log.splice(0, drop);
  }

  function evictOldest(): void {
    const first = logs.keys().next();
    if (!first.done) logs.delete(first.value);
  }

  // Once per window, drop keys whose whole log has expired, so idle keys free memory.
  function sweep(now: number): void {
    sweepAt = now + windowMs;
    for (const [key, log] of logs) if (log.length === 0 || log[log.length - 1]! <= now - windowMs) logs.delete(key);
  }

  function decision(log: number[], now: number, allowed: boolean, cost: number): RateDecision {
    const resetMs = log.length === 0 ? 0 : log[0]! + windowMs - now;
    let retryAfterMs = 0;
    if (!allowed) {
      // Enough of the oldest entries must expire that `cost` more fits under the limit.
      const mustExpire = log.length - (limit - cost);
      retryAfterMs = cost > limit ? Number.POSITIVE_INFINITY : log[mustExpire - 1]! + windowMs - now;
    }
    return { allowed, limit, remaining: Math.max(0, limit - log.length), resetMs, retryAfterMs };
  }

  return {
    hit(key, cost = 1) {
      const now = clock.now();
      const log = logFor(key, now);
      const allowed = log.length + cost <= limit;
      if (allowed) for (let i = 0; i < cost; i += 1) log.push(now);
      return decision(log, now, allowed, cost);
    },
    charge(key, cost) {
      const now = clock.now();
      const log = logFor(key, now);
      for (let i = 0; i < cost && log.length < limit; i += 1) log.push(now);
    },
    size: () => logs.size,
  };
}

/** Parses `<n>/<window_secs>` (e.g. `60/60`) into a limit and a window in ms. */
export function parseRateSpec(spec: string): { limit: number; windowMs: number } | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(spec);
  if (!match) return undefined;
  const limit = Number(match[1]);
  const windowSecs = Number(match[2]);
  if (limit < 1 || windowSecs < 1) return undefined;
  return { limit, windowMs: windowSecs * 1000 };
}
