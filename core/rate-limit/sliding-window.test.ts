/** The sliding-log limiter: exact against an oracle, retry math, bounded keys (heap test: sliding-window-memory.node.test.ts). */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createSlidingWindowLimiter, parseRateSpec } from './sliding-window';

function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms), set: (ms: number) => void (now = ms) };
}

describe('sliding window limiter', () => {
  test('N requests pass, request N+1 in the window is denied with a retry time; after the window slides requests pass again', () => {
    const clock = fakeClock();
    const limiter = createSlidingWindowLimiter({ limit: 3, windowMs: 60_000, clock });
    for (let i = 0; i < 3; i += 1) {
      expect(limiter.hit('k').allowed).toBe(true);
      clock.advance(10_000);
    }
    const denied = limiter.hit('k');
    expect(denied).toMatchObject({ allowed: false, remaining: 0, limit: 3 });
    // The first request (t=0) leaves the window at t=60 s; now is t=30 s.
    expect(denied.retryAfterMs).toBe(30_000);
    clock.advance(29_999);
    expect(limiter.hit('k').allowed).toBe(false);
    clock.advance(1);
    expect(limiter.hit('k').allowed).toBe(true);
  });

  test('a fixed-window boundary does not let twice the limit through', () => {
    const clock = fakeClock(0);
    const limiter = createSlidingWindowLimiter({ limit: 5, windowMs: 1000, clock });
    clock.set(999);
    for (let i = 0; i < 5; i += 1) expect(limiter.hit('k').allowed).toBe(true);
    clock.set(1001);
    expect(limiter.hit('k').allowed).toBe(false);
  });

  test('a cost above one (failed login) uses more of the budget', () => {
    const clock = fakeClock();
    const limiter = createSlidingWindowLimiter({ limit: 10, windowMs: 1000, clock });
    limiter.charge('ip', 8);
    expect(limiter.hit('ip', 2).allowed).toBe(true);
    expect(limiter.hit('ip').allowed).toBe(false);
  });

  test('property: never more than the limit admitted in any window, and exactly the oracle’s decisions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 500 }),
        fc.array(
          fc.record({
            gap: fc.integer({ min: 0, max: 300 }),
            key: fc.constantFrom('a', 'b'),
            cost: fc.integer({ min: 1, max: 3 }),
          }),
          { maxLength: 120 },
        ),
        (limit, windowMs, requests) => {
          const clock = fakeClock(0);
          const limiter = createSlidingWindowLimiter({ limit, windowMs, clock });
          const admitted: Record<string, { t: number; cost: number }[]> = { a: [], b: [] };
          for (const { gap, key, cost } of requests) {
            clock.advance(gap);
            const t = clock.now();
            // Oracle: the cost admitted in (t - window, t] plus this cost fits the limit.
            const inWindow = admitted[key]!.filter((r) => r.t > t - windowMs).reduce((sum, r) => sum + r.cost, 0);
            const expected = inWindow + cost <= limit;
            const decision = limiter.hit(key, cost);
            expect(decision.allowed).toBe(expected);
            if (decision.allowed) admitted[key]!.push({ t, cost });
          }
          // Any window of length windowMs, anchored at each admission, holds at most `limit`.
          for (const list of Object.values(admitted)) {
            for (const { t: end } of list) {
              const total = list.filter((r) => r.t > end - windowMs && r.t <= end).reduce((sum, r) => sum + r.cost, 0);
              expect(total).toBeLessThanOrEqual(limit);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a denied request is admitted exactly when its Retry-After has passed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 40 }),
        (limit, gaps) => {
          const clock = fakeClock(0);
          const limiter = createSlidingWindowLimiter({ limit, windowMs: 1000, clock });
          for (const gap of gaps) {
            clock.advance(gap);
            const decision = limiter.hit('k');
            if (!decision.allowed) {
              const probe = createSlidingWindowLimiter({ limit, windowMs: 1000, clock });
              expect(decision.retryAfterMs).toBeGreaterThan(0);
              expect(probe.hit('k').allowed).toBe(true);
            }
          }
        },
      ),
    );
  });

  test('memory is bounded: keys beyond maxKeys evict the least recently used, idle keys are swept', () => {
    const clock = fakeClock();
    const limiter = createSlidingWindowLimiter({ limit: 2, windowMs: 1000, clock, maxKeys: 3 });
    for (const key of ['a', 'b', 'c']) limiter.hit(key);
    limiter.hit('a');
    limiter.hit('d');
    expect(limiter.size()).toBe(3);
    limiter.hit('a');
    expect(limiter.hit('a').allowed).toBe(false); // 'a' was kept (recently used)
    clock.advance(5000);
    limiter.hit('e');
    expect(limiter.size()).toBe(1);
  });

  test('parseRateSpec reads <n>/<window_secs>', () => {
    expect(parseRateSpec('60/60')).toEqual({ limit: 60, windowMs: 60_000 });
    expect(parseRateSpec('0/60')).toBeUndefined();
    expect(parseRateSpec('sixty')).toBeUndefined();
  });
});
